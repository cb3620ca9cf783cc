//! Property tests: arbitrary values round-trip, arbitrary bytes never panic the reader, deep
//! nesting is an error rather than a stack overflow, and big inputs stay linear.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_jsv::{Value, from_query_string, from_slice, from_str, to_query_string, to_string};

/// Strings dense in JSV's special characters, plus arbitrary unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\"':,{}\\[\\]\r\n \t_a-zé€😀\u{200b}]{0,16}",
        any::<String>(),
        Just(String::new()),
    ]
    // A lone U+200B is .NET's internal "empty string" marker and reads back as "" (§2.2).
    .prop_filter("lone ZWSP", |s| s != "\u{200b}")
}

/// Map keys: the writer quotes keys with edge whitespace, which unquoted keys would lose.
fn key() -> impl Strategy<Value = String> {
    text()
}

/// Unquoted whitespace-only text (CR and LF force quoting, so they are not blank here).
fn blank(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| matches!(b, b' ' | b'\t' | 0x0b | 0x0c))
}

/// JSV cannot tell `[None]` or `[" "]` from `[]` (§4.2: "empty or all-whitespace → empty list").
fn norm_list<T>(v: Vec<T>, lost: impl Fn(&T) -> bool) -> Vec<T> {
    if v.len() == 1 && lost(&v[0]) {
        Vec::new()
    } else {
        v
    }
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "PascalCase")]
struct Inner {
    label: String,
    maybe: Option<String>,
    count: u16,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "PascalCase")]
struct Doc {
    name: String,
    tags: Vec<String>,
    slots: Vec<Option<String>>,
    note: Option<String>,
    map: BTreeMap<String, String>,
    nums: Vec<i64>,
    flag: bool,
    ratio: f64,
    small: f32,
    big: u128,
    ch: char,
    inner: Option<Inner>,
    inners: Vec<Inner>,
    grid: Vec<Vec<String>>,
    nested: Option<Vec<Option<Vec<i8>>>>,
}

fn inner() -> impl Strategy<Value = Inner> {
    (text(), proptest::option::of(text()), any::<u16>()).prop_map(|(label, maybe, count)| Inner {
        label,
        maybe,
        count,
    })
}

fn doc() -> impl Strategy<Value = Doc> {
    let a = (
        text(),
        proptest::collection::vec(text(), 0..5),
        proptest::collection::vec(proptest::option::of(text()), 0..5),
        proptest::option::of(text()),
        proptest::collection::btree_map(key(), text(), 0..4),
        proptest::collection::vec(any::<i64>(), 0..4),
        any::<bool>(),
    );
    let b = (
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        any::<f32>().prop_filter("finite", |f| f.is_finite()),
        any::<u128>(),
        any::<char>(),
        proptest::option::of(inner()),
        proptest::collection::vec(inner(), 0..3),
        proptest::collection::vec(proptest::collection::vec(text(), 0..3), 0..3),
        proptest::option::of(proptest::collection::vec(
            proptest::option::of(proptest::collection::vec(any::<i8>(), 0..3)),
            0..3,
        )),
    );
    (a, b).prop_map(
        |(
            (name, tags, slots, note, map, nums, flag),
            (ratio, small, big, ch, inner, inners, grid, nested),
        )| Doc {
            name,
            tags,
            slots,
            note,
            map,
            nums,
            flag,
            ratio,
            small,
            big,
            ch,
            inner,
            inners,
            grid,
            nested,
        },
    )
}

/// What the reader gives back for a `Doc` (only the documented ambiguities differ).
fn expected(mut d: Doc) -> Doc {
    d.tags = norm_list(d.tags, |s| blank(s));
    d.slots = norm_list(d.slots, |s| s.as_deref().is_none_or(blank));
    d.grid = d
        .grid
        .into_iter()
        .map(|row| norm_list(row, |s| blank(s)))
        .collect();
    d.nested = d.nested.map(|v| norm_list(v, Option::is_none));
    d
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(Value::Null), text().prop_map(Value::String)];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            proptest::collection::vec((key(), inner), 0..4).prop_map(Value::Map),
        ]
    })
}

/// What a `Value` reads back as: null map entries are omitted, lists that print as `[]` are empty.
fn norm_value(v: Value) -> Value {
    match v {
        Value::List(l) => {
            let l: Vec<Value> = l.into_iter().map(norm_value).collect();
            Value::List(norm_list(l, |e| {
                e.is_null() || e.as_str().is_some_and(blank)
            }))
        }
        Value::Map(m) => Value::Map(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, norm_value(v)))
                .collect(),
        ),
        other => other,
    }
}

proptest! {
    // 256 cases per property by default; set PROPTEST_CASES for longer runs.

    #[test]
    fn typed_values_round_trip(d in doc()) {
        let text = to_string(&d).unwrap();
        let back: Doc = from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, expected(d));
    }

    #[test]
    fn strings_round_trip_everywhere(s in text()) {
        // top level
        prop_assert_eq!(from_str::<String>(&to_string(&s).unwrap()).unwrap(), s.clone());
        // as a property, a list element and a map key/value
        let inner = Inner { label: s.clone(), maybe: Some(s.clone()), count: 1 };
        prop_assert_eq!(from_str::<Inner>(&to_string(&inner).unwrap()).unwrap(), inner);
        let list = vec![s.clone(), s.clone()];
        prop_assert_eq!(from_str::<Vec<String>>(&to_string(&list).unwrap()).unwrap(), list);
        let map: BTreeMap<String, String> = [(s.clone(), s.clone())].into();
        prop_assert_eq!(from_str::<BTreeMap<String, String>>(&to_string(&map).unwrap()).unwrap(), map);
    }

    #[test]
    fn borrowed_str_when_unquoted(s in "[a-zA-Z0-9 .:/-]{1,20}") {
        #[derive(Deserialize)]
        struct B<'a> { #[serde(borrow)] v: std::borrow::Cow<'a, str> }
        let text = format!("{{v:{s}}}");
        let b: B<'_> = from_str(&text).unwrap();
        prop_assert!(matches!(b.v, std::borrow::Cow::Borrowed(_)));
        prop_assert_eq!(&*b.v, s.as_str());
    }

    #[test]
    fn values_round_trip(v in value()) {
        let text = v.to_string();
        let back: Value = from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(back, norm_value(v));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = from_slice::<Value>(&bytes);
        let _ = from_slice::<Doc>(&bytes);
        let _ = from_slice::<Vec<Option<i32>>>(&bytes);
        let _ = from_slice::<BTreeMap<String, Vec<String>>>(&bytes);
    }

    #[test]
    fn jsv_shaped_input_never_panics(s in "[{}\\[\\]:,\" a1T\\n\u{e9}_-]{0,96}") {
        let _ = from_str::<Value>(&s);
        let _ = from_str::<Doc>(&s);
        let _ = from_str::<Inner>(&s);
        let _ = from_str::<Vec<Vec<String>>>(&s);
        let _ = from_str::<BTreeMap<i32, Inner>>(&s);
        let _ = from_str::<(bool, String, Option<u8>)>(&s);
        let _ = from_query_string::<Inner>(&s);
        if let Ok(v) = from_str::<Value>(&s) {
            // Whatever was read writes out as JSV that reads back the same.
            let again: Value = from_str(&v.to_string()).unwrap();
            prop_assert_eq!(again, norm_value(v));
        }
    }

    #[test]
    fn dotnet_parsers_never_panic(s in prop_oneof![any::<String>(), "[-+PTDHMS0-9.:/ Z()eE,x{}]{0,30}"]) {
        let _ = serde_jsv::dotnet::timespan::parse(&s);
        let _ = serde_jsv::dotnet::timespan::parse_nanos(&s);
        let _ = serde_jsv::dotnet::guid::parse(&s);
        let _ = serde_jsv::dotnet::base64::decode(&s);
        #[cfg(feature = "time")]
        {
            let _ = serde_jsv::dotnet::datetime::parse(&s);
            #[derive(Deserialize)]
            #[allow(dead_code)]
            struct T(#[serde(with = "serde_jsv::dotnet::timespan::signed")] time::Duration);
            let _ = from_str::<T>(&s);
        }
        #[cfg(feature = "rust_decimal")]
        let _ = serde_jsv::dotnet::decimal::parse(&s);
    }

    #[test]
    fn query_strings_round_trip(q in proptest::option::of(text()), list in proptest::collection::vec(text(), 1..4), n in any::<i32>()) {
        #[derive(Serialize, Deserialize, Debug, PartialEq)]
        struct Q { q: Option<String>, #[serde(default)] list: Vec<String>, n: i32 }
        let v = Q { q, list, n };
        let qs = to_query_string(&v).unwrap();
        let back: Q = from_query_string(&qs).map_err(|e| TestCaseError::fail(format!("{e}\n{qs}")))?;
        // The server ignores empty values: an empty top-level string is not sent.
        let want = Q { q: v.q.clone().filter(|s| !s.is_empty()), ..v };
        prop_assert_eq!(back, want);
    }
}

/// One value of each scalar type the reader has a fast path for.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Scalars {
    signed: i64,
    unsigned: u64,
    small: u8,
    float: f64,
    single: f32,
    flag: bool,
    text: String,
}

/// Reads `text` as a `T` in every position: top level, property value, list element.
/// Quoting the token sends the reader down its general path, which the fast paths must
/// agree with (value and success alike).
fn read_everywhere<T>(token: &str) -> Vec<(String, Result<T, String>)>
where
    T: for<'de> Deserialize<'de>,
{
    #[derive(Deserialize)]
    struct W<T> {
        #[serde(rename = "V")]
        v: T,
    }
    let quoted = format!("\"{}\"", token.replace('"', "\"\""));
    let mut out = Vec::new();
    for t in [token, quoted.as_str()] {
        out.push((t.to_string(), from_str::<T>(t).map_err(|e| e.to_string())));
        let obj = format!("{{V:{t},X:1}}");
        let r = from_str::<W<T>>(&obj)
            .map(|w| w.v)
            .map_err(|e| e.to_string());
        out.push((obj, r));
        let list = format!("[{t},{t}]");
        let r = from_str::<Vec<T>>(&list)
            .map(|mut v| v.remove(0))
            .map_err(|e| e.to_string());
        out.push((list, r));
    }
    out
}

/// Asserts that the plain and quoted spellings of a token read alike in each position.
fn assert_paths_agree<T, K: PartialEq + std::fmt::Debug>(
    token: &str,
    key: impl Fn(&T) -> K,
) -> Result<(), TestCaseError>
where
    T: for<'de> Deserialize<'de>,
{
    let r = read_everywhere::<T>(token);
    let k = |x: &Result<T, String>| x.as_ref().map(&key).map_err(|_| ());
    for i in 0..3 {
        let (plain, quoted) = (&r[i], &r[i + 3]);
        prop_assert_eq!(k(&plain.1), k(&quoted.1), "{} vs {}", plain.0, quoted.0);
    }
    Ok(())
}

proptest! {
    #[test]
    fn fast_scalar_paths_agree_with_the_general_path(
        s in prop_oneof![
            "-?[0-9]{0,21}(\\.[0-9]{0,21})?",
            "-?[0-9]{1,3}(\\.[0-9]{1,3})?[ x.e5-]?",
            "(True|False|true|false|TRUE|T|F|1|0|on|off|Tru|Falsey| True)",
            "[0-9]{15,20}",
        ]
    ) {
        assert_paths_agree::<f64, _>(&s, |v| v.to_bits())?;
        assert_paths_agree::<f32, _>(&s, |v| v.to_bits())?;
        assert_paths_agree::<i64, _>(&s, |v| *v)?;
        assert_paths_agree::<u64, _>(&s, |v| *v)?;
        assert_paths_agree::<u32, _>(&s, |v| *v)?;
        assert_paths_agree::<i8, _>(&s, |v| *v)?;
        assert_paths_agree::<bool, _>(&s, |v| *v)?;
        // (An empty plain token is null, an empty quoted one the empty string, by design.)
        if !s.is_empty() {
            assert_paths_agree::<String, _>(&s, |v| v.clone())?;
        }
        // A plain decimal reads as `str::parse` reads it.
        if let Ok(want) = s.parse::<f64>() && !s.contains(['x', 'e', ' ']) && !s.ends_with('-') {
            prop_assert_eq!(from_str::<f64>(&s).unwrap().to_bits(), want.to_bits(), "{}", s);
            let list: Vec<f64> = from_str(&format!("[{s},{s}]")).unwrap();
            prop_assert_eq!(list[1].to_bits(), want.to_bits(), "{}", s);
        }
    }

    #[test]
    fn scalars_round_trip(
        signed in any::<i64>(),
        unsigned in any::<u64>(),
        small in any::<u8>(),
        float in prop_oneof![any::<f64>(), (-1_000_000i64..1_000_000, 0..5u32).prop_map(|(n, k)| n as f64 / 10f64.powi(k as i32))],
        single in prop_oneof![any::<f32>(), (-100_000i32..100_000, 0..4u32).prop_map(|(n, k)| n as f32 / 10f32.powi(k as i32))],
        flag in any::<bool>(),
        text in text(),
    ) {
        prop_assume!(float.is_finite() && single.is_finite());
        let v = Scalars { signed, unsigned, small, float, single, flag, text };
        let jsv = to_string(&v).unwrap();
        let back: Scalars = from_str(&jsv).map_err(|e| TestCaseError::fail(format!("{e}\n{jsv}")))?;
        prop_assert_eq!(&back, &v);
        let list = vec![v.unsigned, v.signed.unsigned_abs(), u64::from(v.small)];
        prop_assert_eq!(from_str::<Vec<u64>>(&to_string(&list).unwrap()).unwrap(), list);
        prop_assert_eq!(from_str::<f64>(&to_string(&v.float).unwrap()).unwrap().to_bits(), v.float.to_bits());
        prop_assert_eq!(from_str::<i64>(&to_string(&v.signed).unwrap()).unwrap(), v.signed);
    }

    #[test]
    fn field_names_read_alike_in_any_spelling(
        v in (any::<i64>(), any::<u64>(), any::<u8>(), -1e6f64..1e6, any::<bool>(), text()),
        case in 0..3u8,
        ws in any::<bool>(),
        reorder in any::<bool>(),
    ) {
        let v = Scalars { signed: v.0, unsigned: v.1, small: v.2, float: v.3, single: 0.5, flag: v.4, text: v.5 };
        let jsv = to_string(&v).unwrap();
        // Split `{K:v,K:v}` back into entries (values with `,` are quoted, so split carefully
        // by reading the value back).
        let back: BTreeMap<String, Value> = from_str(&jsv).unwrap();
        let mut entries: Vec<(String, String)> = back
            .into_iter()
            .map(|(k, val)| {
                let k = match case {
                    0 => k,
                    1 => k.to_lowercase(),
                    _ => k.to_uppercase(),
                };
                (k, val.to_string())
            })
            .collect();
        if reorder {
            entries.reverse();
        }
        let sep = if ws { " " } else { "" };
        let body: Vec<String> = entries.iter().map(|(k, val)| format!("{sep}{k}:{val}")).collect();
        let text = format!("{{{}}}", body.join(","));
        let read: Scalars = from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(read, v);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for open in ["[", "{A:", "{A:["] {
        let text = open.repeat(100_000);
        let err = from_str::<Value>(&text).unwrap_err();
        assert!(
            err.to_string()
                .contains("nesting deeper than the limit of 128"),
            "{err}"
        );
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Rec {
            #[serde(rename = "A")]
            a: Option<Box<Rec>>,
        }
        assert!(from_str::<Rec>(&text).is_err());
    }
    // Exactly at the limit is fine.
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(from_str::<Value>(&ok).is_ok());
    let too_deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert!(from_str::<Value>(&too_deep).is_err());
}

#[test]
fn max_depth_is_configurable() {
    let text = "[[[1]]]";
    let mut de = serde_jsv::Deserializer::from_str(text);
    de.set_max_depth(2);
    assert!(Value::deserialize(&mut de).is_err());
    let mut de = serde_jsv::Deserializer::from_str(text);
    de.set_max_depth(3);
    assert_eq!(Value::deserialize(&mut de).unwrap().to_string(), "[[[1]]]");
}

#[test]
fn large_inputs_are_linear() {
    // Skipping unknown deep values, quoted strings full of doubled quotes and long plain
    // tokens: each is scanned once. 4 MB would take minutes if any of them were quadratic.
    let deep = format!("{}x{}", "{A:".repeat(100), "}".repeat(100));
    let mut text = String::from("{Label:a,");
    for i in 0..20_000 {
        text.push_str(&format!("U{i}:{deep},"));
    }
    text.push_str("Count:1}");
    let inner: Inner = from_str(&text).unwrap();
    assert_eq!(inner.count, 1);

    let quotes = format!("\"{}\"", "\"\"".repeat(1_000_000));
    assert_eq!(from_str::<String>(&quotes).unwrap().len(), 1_000_000);

    let commas = ",".repeat(1_000_000);
    assert_eq!(
        from_str::<Vec<Option<u8>>>(&commas).unwrap().len(),
        1_000_001
    );
}
