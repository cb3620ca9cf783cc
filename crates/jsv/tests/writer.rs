//! Writer behaviour beyond the §11 vectors: exact quoting, omission and scalar forms.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_jsv::{Serializer, Value, to_string, to_vec, to_writer};

fn s<T: Serialize + ?Sized>(v: &T) -> String {
    to_string(v).unwrap()
}

// jsv.md §2.1: exactly nine characters force quoting
#[test]
fn quoting_on_exactly_the_nine_characters() {
    for c in ['"', ':', ',', '{', '}', '[', ']', '\r', '\n'] {
        let text = format!("a{c}b");
        let expected = if c == '"' {
            "\"a\"\"b\"".to_owned()
        } else {
            format!("\"a{c}b\"")
        };
        assert_eq!(s(&text), expected, "{c:?}");
    }
    for c in [
        '\t', ' ', '\'', '%', '&', '=', '\\', '/', '\u{0}', '\u{7f}', 'é', '€', '😀', '\u{200b}',
    ] {
        let text = format!("a{c}b");
        assert_eq!(s(&text), text, "{c:?} must not be quoted");
    }
    assert_eq!(s(" lead and trail "), " lead and trail ");
}

// jsv.md §2.1
#[test]
fn empty_string_and_quote_doubling() {
    assert_eq!(s(""), "\"\"");
    assert_eq!(s("\""), "\"\"\"\"");
    assert_eq!(s("\"\""), "\"\"\"\"\"\"");
    assert_eq!(s("say \"hi\", ok"), "\"say \"\"hi\"\", ok\"");
    assert_eq!(s(&'"'), "\"\"\"\"");
    assert_eq!(s(&','), "\",\"");
    assert_eq!(s(&'x'), "x");
}

// jsv.md §3.1, §3.2, §4.1, §7.6
#[test]
fn none_is_omitted_or_an_empty_slot() {
    #[derive(Serialize)]
    struct T {
        a: Option<u8>,
        b: Option<Option<u8>>,
        c: u8,
        d: Option<u8>,
    }
    assert_eq!(
        s(&T {
            a: None,
            b: Some(None),
            c: 1,
            d: None
        }),
        "{c:1}"
    );
    assert_eq!(
        s(&T {
            a: Some(0),
            b: Some(Some(2)),
            c: 1,
            d: Some(3)
        }),
        "{a:0,b:2,c:1,d:3}"
    );
    let m: BTreeMap<&str, Option<u8>> = [("x", None), ("y", Some(1)), ("z", None)].into();
    assert_eq!(s(&m), "{y:1}");
    assert_eq!(s(&[None, Some(1), None]), "[,1,]");
    assert_eq!(s(&None::<u8>), "");
    assert_eq!(s(&Some("")), "\"\"");
}

// jsv.md §6.1
#[test]
fn booleans_and_integers() {
    assert_eq!(s(&[true, false]), "[True,False]");
    assert_eq!(
        s(&(i8::MIN, i16::MIN, i32::MIN, i64::MIN)),
        "[-128,-32768,-2147483648,-9223372036854775808]"
    );
    assert_eq!(
        s(&(u8::MAX, u16::MAX, u32::MAX, u64::MAX)),
        "[255,65535,4294967295,18446744073709551615]"
    );
    assert_eq!(
        s(&(i128::MIN, u128::MAX)),
        "[-170141183460469231731687303715884105728,340282366920938463463374607431768211455]"
    );
    assert_eq!(s(&0u8), "0");
}

// jsv.md §6.1 (shortest round-trip, .NET exponent style)
#[test]
fn floats() {
    let cases: [(f64, &str); 10] = [
        (2.2, "2.2"),
        (1.0, "1"),
        (-0.0, "-0"),
        (123456789012345.6, "123456789012345.6"),
        (1e15, "1E+15"),
        (1.5e-7, "1.5E-07"),
        (0.0001, "0.0001"),
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::MIN_POSITIVE, "2.2250738585072014E-308"),
    ];
    for (v, text) in cases {
        assert_eq!(s(&v), text);
    }
    assert_eq!(s(&1.1f32), "1.1");
    assert_eq!(s(&16777216f32), "1.6777216E+07");
}

#[test]
fn property_names_are_never_quoted() {
    #[derive(Serialize)]
    struct T {
        #[serde(rename = "Odd Name")]
        a: u8,
        #[serde(rename = "url:x")]
        b: u8,
    }
    assert_eq!(s(&T { a: 1, b: 2 }), "{Odd Name:1,url:x:2}");
}

// jsv.md §3.2
#[test]
fn map_keys() {
    let m: BTreeMap<&str, u8> = [("", 1), ("a,b", 2), ("plain", 3), (" pad ", 4)].into();
    assert_eq!(s(&m), "{\"\":1,\" pad \":4,\"a,b\":2,plain:3}");
    let ints: BTreeMap<i32, &str> = [(-1, "x"), (2, "y")].into();
    assert_eq!(s(&ints), "{-1:x,2:y}");
    let bools: BTreeMap<bool, u8> = [(false, 0), (true, 1)].into();
    assert_eq!(s(&bools), "{False:0,True:1}");
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct K {
        a: u8,
    }
    let complex: BTreeMap<K, u8> = [(K { a: 1 }, 2)].into();
    assert_eq!(s(&complex), "{{a:1}:2}");
}

// jsv.md §14: enums
#[test]
fn enum_variants() {
    #[derive(Serialize)]
    enum E {
        Unit,
        #[serde(rename = "a:b")]
        Odd,
        New(u8),
        Tup(u8, &'static str),
        Rec {
            a: u8,
            b: Option<u8>,
        },
    }
    assert_eq!(s(&E::Unit), "Unit");
    assert_eq!(s(&E::Odd), "\"a:b\"");
    assert_eq!(s(&E::New(1)), "{New:1}");
    assert_eq!(s(&E::Tup(1, "x,y")), "{Tup:[1,\"x,y\"]}");
    assert_eq!(s(&E::Rec { a: 1, b: None }), "{Rec:{a:1}}");
    assert_eq!(s(&vec![E::Unit, E::New(2)]), "[Unit,{New:2}]");
}

#[test]
fn unit_tuple_and_newtype_structs() {
    #[derive(Serialize)]
    struct Unit;
    #[derive(Serialize)]
    struct New(&'static str);
    #[derive(Serialize)]
    struct Pair(u8, &'static str);
    assert_eq!(s(&Unit), "");
    assert_eq!(s(&New("a:b")), "\"a:b\"");
    assert_eq!(s(&Pair(1, "b")), "[1,b]");
    assert_eq!(s(&()), "");
}

#[test]
fn no_whitespace_and_no_trailing_newline() {
    #[derive(Serialize)]
    struct T {
        a: Vec<u8>,
        b: BTreeMap<&'static str, Vec<&'static str>>,
    }
    let text = s(&T {
        a: vec![1, 2],
        b: [("k", vec!["v", "w"])].into(),
    });
    assert_eq!(text, "{a:[1,2],b:{k:[v,w]}}");
}

#[test]
fn to_vec_to_writer_and_serializer_reuse() {
    assert_eq!(to_vec(&[1, 2]).unwrap(), b"[1,2]");
    let mut out = Vec::new();
    to_writer(&mut out, &"a,b").unwrap();
    assert_eq!(out, b"\"a,b\"");
    let mut ser = Serializer::with_buffer(b"prefix:".to_vec());
    "x".serialize(&mut ser).unwrap();
    assert_eq!(ser.into_inner(), b"prefix:x");
}

#[test]
fn value_display_writes_jsv() {
    let v = Value::Map(vec![
        (
            "A".into(),
            Value::List(vec!["x".into(), Value::Null, "y,z".into()]),
        ),
        ("B".into(), Value::Null),
        ("C".into(), "".into()),
    ]);
    assert_eq!(v.to_string(), "{A:[x,,\"y,z\"],C:\"\"}");
    assert_eq!(
        serde_jsv::to_value(&vec![1, 2]).unwrap(),
        Value::List(vec!["1".into(), "2".into()])
    );
}

#[test]
fn bytes_are_base64() {
    struct Bytes(&'static [u8]);
    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            ser.serialize_bytes(self.0)
        }
    }
    assert_eq!(s(&Bytes(b"")), "");
    assert_eq!(s(&Bytes(b"f")), "Zg==");
    assert_eq!(s(&Bytes(b"fo")), "Zm8=");
    assert_eq!(s(&Bytes(b"foo")), "Zm9v");
    assert_eq!(s(&Bytes(&[0xfb, 0xff])), "+/8=");
}

/// Found by `cargo xtask fuzz`: a string that starts with a byte-order mark is quoted, since
/// readers skip a BOM at the start of the input and a raw one would be lost.
#[test]
fn a_leading_bom_is_quoted_so_that_it_survives_a_round_trip() {
    let text = "\u{feff} \u{feff} Z";
    let jsv = serde_jsv::to_string(&text).unwrap();
    assert_eq!(jsv, "\"\u{feff} \u{feff} Z\"");
    assert_eq!(serde_jsv::from_str::<String>(&jsv).unwrap(), text);
    let value: serde_jsv::Value = serde_jsv::from_str(&jsv).unwrap();
    assert_eq!(value.to_string(), jsv);
    // Elsewhere than at the start, a BOM needs no quotes.
    assert_eq!(serde_jsv::to_string(&"a\u{feff}").unwrap(), "a\u{feff}");
}
