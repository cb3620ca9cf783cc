//! Reader behaviour beyond the §11 vectors: leniency, strictness and error reporting.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_jsv::{Category, Value, from_reader, from_slice, from_str};

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Member {
    id: u32,
    name: String,
    active: bool,
    tags: Vec<String>,
    note: Option<String>,
}

fn member() -> Member {
    Member {
        id: 7,
        name: "Ann".into(),
        active: true,
        tags: vec!["a".into()],
        note: None,
    }
}

// jsv.md §3.3 step 4
#[test]
fn field_names_are_case_insensitive_with_rename_all() {
    assert_eq!(
        from_str::<Member>("{ID:7,NAME:Ann,active:True,tAgS:[a]}").unwrap(),
        member()
    );
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "snake_case")]
    struct Snake {
        first_name: String,
        last_name: String,
    }
    let v: Snake = from_str("{FirstName:A,last-name:B}").unwrap();
    assert_eq!(
        v,
        Snake {
            first_name: "A".into(),
            last_name: "B".into()
        }
    );
}

// jsv.md §3.3 steps 4-5, §8
#[test]
fn unknown_keys_and_type_are_ignored() {
    let text = r#"{__type:"My.Type, My.Assembly",Id:7,Unknown:{Deep:[1,{X:"}"}]},Name:Ann,Other:"a,b",Active:1,Tags:a}"#;
    assert_eq!(from_str::<Member>(text).unwrap(), member());
}

#[test]
fn deny_unknown_fields_still_works() {
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        a: i32,
    }
    let err = from_str::<Strict>("{a:1,b:2}").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("unknown field `b`, expected `a`"),
        "{err}"
    );
    // `__type` is skipped before serde sees it.
    assert!(from_str::<Strict>("{__type:X,a:1}").is_ok());
}

// jsv.md §6.2
#[test]
fn every_boolean_spelling() {
    let truthy = [
        "1", "t", "T", "y", "Y", "on", "true", "True", "TRUE", " true ", "\"True\"",
    ];
    let falsy = [
        "0", "f", "F", "n", "N", "off", "false", "False", "FALSE", "\"0\"",
    ];
    for t in truthy {
        assert!(from_str::<bool>(t).unwrap(), "{t}");
    }
    for f in falsy {
        assert!(!from_str::<bool>(f).unwrap(), "{f}");
    }
    for bad in ["yes", "2", "", "tru e"] {
        let err = from_str::<bool>(bad).unwrap_err();
        assert!(err.is_data(), "{bad}: {err}");
    }
}

// jsv.md §2.2, §6.2 (V8)
#[test]
fn quoted_scalars_are_unquoted_first() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        a: i32,
        b: f64,
        c: bool,
        d: char,
        e: u8,
    }
    let v: T = from_str(r#"{a:"-12",b:"1,234.5",c:"False",d:",",e:" 7 "}"#).unwrap();
    assert_eq!(
        v,
        T {
            a: -12,
            b: 1234.5,
            c: false,
            d: ',',
            e: 7
        }
    );
}

// jsv.md §4.2
#[test]
fn lists_with_and_without_brackets() {
    assert_eq!(from_str::<Vec<u8>>("[1,2,3]").unwrap(), [1, 2, 3]);
    assert_eq!(from_str::<Vec<u8>>("1,2,3").unwrap(), [1, 2, 3]);
    assert_eq!(from_str::<Vec<u8>>(" [1,2,3] \n").unwrap(), [1, 2, 3]);
    assert_eq!(from_str::<Vec<String>>("a").unwrap(), ["a"]);
    assert_eq!(
        from_str::<Vec<Vec<u8>>>("[[1],[],[2,3]]").unwrap(),
        vec![vec![1], vec![], vec![2, 3]]
    );
    // A single non-bracketed value inside an object is a one-element list (.NET parses the token).
    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        ids: Vec<u8>,
    }
    assert_eq!(from_str::<T>("{ids:5}").unwrap(), T { ids: vec![5] });
}

// jsv.md §4.1/§4.2 (V68)
#[test]
fn empty_slots_and_trailing_commas() {
    assert_eq!(
        from_str::<Vec<Option<u8>>>("[1,,3]").unwrap(),
        [Some(1), None, Some(3)]
    );
    assert_eq!(
        from_str::<Vec<Option<u8>>>("[1,]").unwrap(),
        [Some(1), None]
    );
    assert_eq!(from_str::<Vec<Option<u8>>>("[,]").unwrap(), [None, None]);
    assert_eq!(from_str::<Vec<Option<u8>>>("1,").unwrap(), [Some(1), None]);
    // An empty slot is not quietly turned into a default for a non-optional element.
    let err = from_str::<Vec<u8>>("[1,,3]").unwrap_err();
    assert_eq!(err.offset(), Some(3));
    assert_eq!(err.message(), "expected u8, found an empty value");
    let err = from_str::<Vec<String>>("[a,]").unwrap_err();
    assert_eq!(err.offset(), Some(3));
}

// jsv.md §3.4: empty value token → None; §2.2: "" → empty string
#[test]
fn empty_value_is_none_and_quotes_are_empty_string() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct T {
        a: Option<String>,
        b: Option<String>,
        c: Option<i32>,
    }
    assert_eq!(
        from_str::<T>(r#"{a:,b:"",c:}"#).unwrap(),
        T {
            a: None,
            b: Some(String::new()),
            c: None
        }
    );
    let m: HashMap<String, Option<String>> = from_str("{k:,j:x}").unwrap();
    assert_eq!(m["k"], None);
    assert_eq!(m["j"].as_deref(), Some("x"));
}

// jsv.md §5.1
#[test]
fn plain_values_end_only_at_comma_or_brace() {
    let m: BTreeMap<String, String> = from_str("{a:x:y]z,b:(1]}").unwrap();
    assert_eq!(m["a"], "x:y]z");
    assert_eq!(m["b"], "(1]");
    // In a list the closing `]` ends the last element.
    assert_eq!(
        from_str::<Vec<String>>("[a:b,c d]").unwrap(),
        ["a:b", "c d"]
    );
}

// jsv.md §2.2
#[test]
fn lone_zero_width_space_reads_as_empty_string() {
    assert_eq!(from_str::<String>("\u{200b}").unwrap(), "");
    assert_eq!(
        from_str::<Vec<String>>("[\u{200b},x\u{200b}]").unwrap(),
        ["", "x\u{200b}"]
    );
}

#[test]
fn type_mismatch_is_an_error_with_position() {
    let err = from_str::<Member>("{Id:7,\nName:Ann,\nActive:maybe,Tags:[]}").unwrap_err();
    assert_eq!(err.category(), Category::Data);
    assert_eq!(err.offset(), Some(24));
    assert_eq!((err.line(), err.column()), (3, 8));
    assert_eq!(
        err.to_string(),
        "expected a boolean (True/False/1/0/...), found `maybe` at line 3 column 8 (byte 24)"
    );

    let err = from_str::<Member>("{Id:300000000000,Name:A,Active:1,Tags:[]}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected u32, found `300000000000` at line 1 column 5 (byte 4)"
    );

    let err = from_str::<Member>("{Id:{X:1},Name:A,Active:1,Tags:[]}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected u32, found `{X:1}` at line 1 column 5 (byte 4)"
    );

    let err = from_str::<Member>("{Id:1.0,Name:A,Active:1,Tags:[]}").unwrap_err();
    assert_eq!(err.offset(), Some(4));

    // Errors raised by serde itself get the position of the value.
    let err = from_str::<Member>("{Id:1,Name:A,Active:1}").unwrap_err();
    assert_eq!(err.message(), "missing field `Tags`");
}

#[test]
fn syntax_errors_say_what_was_expected() {
    let cases = [
        ("{Id:1", "expected `,` or `}` after value", 5, Category::Eof),
        ("{Id", "expected `:` after key", 3, Category::Eof),
        ("{Id}", "expected `:` after key", 3, Category::Syntax),
        (
            "{Id:\"abc}",
            "unterminated quoted string: expected closing `\"`",
            4,
            Category::Eof,
        ),
        ("[1,2", "expected `,` or `]` in list", 4, Category::Eof),
        (
            "{Id:1} x",
            "trailing characters after the value",
            7,
            Category::Syntax,
        ),
        (
            "{Tags:[a]x}",
            "expected `,` or `}` after value",
            9,
            Category::Syntax,
        ),
    ];
    for (text, msg, offset, category) in cases {
        let err = from_str::<Value>(text).unwrap_err();
        assert_eq!(
            (err.message(), err.offset(), err.category()),
            (msg, Some(offset), category),
            "{text}"
        );
    }
    let err = from_str::<Member>("Id:1").unwrap_err();
    assert_eq!(
        (err.message(), err.offset()),
        ("expected `{` to start an object", Some(0))
    );
}

#[test]
fn whitespace_is_tolerated_around_structure_but_not_trimmed_from_strings() {
    let text = " { Id :7 , Name:Ann , Active: True , Tags: [a] }\n";
    let v: Member = from_str(text).unwrap();
    assert_eq!(v.name, "Ann ");
    assert!(v.active);
    let nested: BTreeMap<String, BTreeMap<String, u8>> = from_str("{A: {X:1}}").unwrap();
    assert_eq!(nested["A"]["X"], 1);
}

#[test]
fn byte_order_mark_is_skipped() {
    assert_eq!(from_str::<Vec<u8>>("\u{feff}[1]").unwrap(), [1]);
    assert_eq!(from_slice::<Vec<u8>>(b"\xef\xbb\xbf[1]").unwrap(), [1]);
}

#[test]
fn invalid_utf8_reports_its_offset() {
    let err = from_slice::<Value>(b"{A:\xff}").unwrap_err();
    assert_eq!((err.message(), err.offset()), ("invalid UTF-8", Some(3)));
}

#[test]
fn from_reader_reads_everything() {
    let v: Member = from_reader(std::io::Cursor::new(
        b"{Id:7,Name:Ann,Active:T,Tags:[a]}".to_vec(),
    ))
    .unwrap();
    assert_eq!(v, member());
}

#[test]
fn str_fields_borrow_when_no_unquoting_is_needed() {
    #[derive(Deserialize)]
    struct B<'a> {
        plain: &'a str,
        #[serde(borrow)]
        quoted: Cow<'a, str>,
        #[serde(borrow)]
        doubled: Cow<'a, str>,
        #[serde(borrow)]
        nested: Cow<'a, str>,
    }
    let text = r#"{plain:abc,quoted:"a,b",doubled:"a""b",nested:{X:1}}"#;
    let b: B<'_> = from_str(text).unwrap();
    assert_eq!(b.plain, "abc");
    assert!(matches!(b.quoted, Cow::Borrowed("a,b")));
    assert!(matches!(b.doubled, Cow::Owned(ref s) if s == "a\"b"));
    assert!(matches!(b.nested, Cow::Borrowed("{X:1}")));
    // A `&str` that needs unquoting cannot borrow: serde reports it.
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct S<'a> {
        s: &'a str,
    }
    assert!(from_str::<S<'_>>(r#"{s:"a""b"}"#).is_err());
}

#[test]
fn enums_unit_and_data_carrying() {
    #[derive(Deserialize, Debug, PartialEq)]
    enum E {
        Plain,
        New(u8),
        Tup(u8, String),
        Rec { a: u8 },
    }
    assert_eq!(from_str::<E>("plain").unwrap(), E::Plain);
    assert_eq!(from_str::<E>("{Plain:}").unwrap(), E::Plain);
    assert_eq!(from_str::<E>("{New:5}").unwrap(), E::New(5));
    assert_eq!(from_str::<E>("{tup:[5,x]}").unwrap(), E::Tup(5, "x".into()));
    assert_eq!(from_str::<E>("{Rec:{A:5}}").unwrap(), E::Rec { a: 5 });
    assert_eq!(
        from_str::<Vec<E>>("[Plain,{New:1}]").unwrap(),
        [E::Plain, E::New(1)]
    );
    let err = from_str::<E>("Nope").unwrap_err();
    assert!(err.message().starts_with("unknown variant `Nope`"), "{err}");
    assert!(from_str::<E>("New").is_err());
}

#[test]
fn tuples_check_their_length() {
    assert_eq!(
        from_str::<(u8, String, bool)>("[1,a,True]").unwrap(),
        (1, "a".into(), true)
    );
    assert!(from_str::<(u8, u8)>("[1,2,3]").is_err());
    assert!(from_str::<(u8, u8)>("[1]").is_err());
}

#[test]
fn maps_with_typed_and_complex_keys() {
    let m: BTreeMap<u32, String> = from_str("{1:one,20:twenty}").unwrap();
    assert_eq!(m[&20], "twenty");
    assert!(from_str::<BTreeMap<u32, String>>("{x:1}").is_err());
    let m: BTreeMap<bool, u8> = from_str("{True:1,False:0}").unwrap();
    assert_eq!(m[&true], 1);
    #[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    struct K {
        a: u8,
    }
    let m: BTreeMap<K, u8> = from_str("{{a:1}:10,{a:2}:20}").unwrap();
    assert_eq!(m[&K { a: 2 }], 20);
    // Entries with an empty key are skipped (§3.4); a quoted empty key is a real key.
    let m: BTreeMap<String, u8> = from_str(r#"{:1,"":2,a:3}"#).unwrap();
    assert_eq!(m, BTreeMap::from([(String::new(), 2), ("a".to_owned(), 3)]));
}

#[test]
fn value_infers_shapes() {
    let v: Value = from_str(r#"{A:1,B:[x,"y,z",],C:{D:},E:""}"#).unwrap();
    assert_eq!(
        v,
        Value::Map(vec![
            ("A".into(), "1".into()),
            (
                "B".into(),
                Value::List(vec!["x".into(), "y,z".into(), Value::Null])
            ),
            ("C".into(), Value::Map(vec![("D".into(), Value::Null)])),
            ("E".into(), "".into()),
        ])
    );
    assert_eq!(v["b"][1].as_str(), Some("y,z"));
    assert_eq!(from_str::<Value>("a,b").unwrap(), Value::from("a,b"));
    let n: u8 = v["A"].deserialize_into().unwrap();
    assert_eq!(n, 1);
}

#[test]
fn integers_follow_the_dotnet_syntax() {
    assert_eq!(from_str::<i32>(" 0042 ").unwrap(), 42);
    assert_eq!(from_str::<i64>("-9223372036854775808").unwrap(), i64::MIN);
    assert_eq!(
        from_str::<u128>("340282366920938463463374607431768211455").unwrap(),
        u128::MAX
    );
    for bad in ["+1", "1e3", "0x10", "1_000", "", "-"] {
        assert!(from_str::<i32>(bad).is_err(), "{bad}");
    }
    assert!(from_str::<u8>("256").is_err());
    assert!(from_str::<u8>("-1").is_err());
}

#[test]
fn floats_follow_the_dotnet_syntax() {
    assert_eq!(from_str::<f64>("1E+15").unwrap(), 1e15);
    assert_eq!(from_str::<f64>("-1.5e-7").unwrap(), -1.5e-7);
    assert_eq!(from_str::<f64>("Infinity").unwrap(), f64::INFINITY);
    assert!(from_str::<f64>("NaN").unwrap().is_nan());
    assert_eq!(from_str::<f32>("1.1").unwrap(), 1.1f32);
    for bad in ["inf", "nan", "1.2.3", "abc", "1,2.5,3"] {
        assert!(from_str::<f64>(bad).is_err(), "{bad}");
    }
}

// jsv.md §3.3 step 3: keys are trimmed before they are matched, so a field whose own name
// starts with whitespace is never matched, even when the input spells it exactly where the
// next field is expected (the reader's exact-spelling fast path must not change that).
#[test]
fn keys_are_trimmed_before_matching_even_when_spelled_exactly() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Odd {
        #[serde(rename = "A")]
        a: u8,
        #[serde(rename = " B")]
        b: Option<u8>,
    }
    assert_eq!(
        from_str::<Odd>("{A:1, B:2}").unwrap(),
        Odd { a: 1, b: None }
    );
    assert_eq!(
        from_str::<Odd>("{A:1,\tB:2}").unwrap(),
        Odd { a: 1, b: None }
    );
}

// The scalar fast paths (plain integers, decimals, `True`/`False`, quoted strings) end at
// exactly the bytes the general path ends at, and report the same errors.
#[test]
fn scalar_fast_paths_keep_terminators_and_errors() {
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Row {
        n: u32,
        x: f64,
        on: bool,
        s: String,
    }
    let want = Row {
        n: 12,
        x: 12.5,
        on: false,
        s: "a:b".into(),
    };
    assert_eq!(
        from_str::<Row>(r#"{N:12,X:12.5,On:False,S:"a:b"}"#).unwrap(),
        want
    );
    // Whitespace after a quoted token is allowed before its terminator.
    assert_eq!(
        from_str::<Row>("{N:12,X:12.5,On:False,S:\"a:b\" }").unwrap(),
        want
    );
    let err = |text: &str| {
        let e = from_str::<Row>(text).unwrap_err();
        (e.to_string(), e.offset())
    };
    assert_eq!(
        err(r#"{N:12x,X:1,On:True,S:a}"#),
        (
            "expected u32, found `12x` at line 1 column 4 (byte 3)".into(),
            Some(3)
        )
    );
    assert_eq!(
        err(r#"{N:1,X:1.5.5,On:True,S:a}"#),
        (
            "expected f64, found `1.5.5` at line 1 column 8 (byte 7)".into(),
            Some(7)
        )
    );
    assert_eq!(
        err(r#"{N:1,X:1,On:Truex,S:a}"#),
        (
            "expected a boolean (True/False/1/0/...), found `Truex` at line 1 column 13 (byte 12)"
                .into(),
            Some(12)
        )
    );
    assert_eq!(
        err(r#"{N:1,X:1,On:True,S:"a"b}"#),
        (
            "expected `,` or `}` after value at line 1 column 23 (byte 22)".into(),
            Some(22)
        )
    );
    // 20 digits: past the fast path, still read (and range-checked) by the general one.
    assert_eq!(from_str::<u64>("00000000000000000012").unwrap(), 12);
    assert!(from_str::<u32>("4294967296").is_err());
    assert_eq!(from_str::<Vec<u8>>("[1,2,255]").unwrap(), vec![1, 2, 255]);
}
