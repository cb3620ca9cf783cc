//! The direct path (`de::from_bytes`) against the reference path (`decode_via_value`:
//! element tree → `serde_json::Value` → serde) on every fixture, on mutated fixtures and on
//! generated documents: whenever the direct path succeeds, it reads exactly what the
//! reference path reads; on documents without repeated names it succeeds exactly when the
//! reference path does.

use std::fmt::Debug;

use paykit_core::Codec;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{NilText, Xml, de, decode_via_value};
use crate::{Invoice, Plan, Subscriber, Transaction};

const READINGS: [NilText; 2] = [NilText::Null, NilText::Text];

/// What one type read both ways: `Some(true)` when both read it (and agree), `Some(false)`
/// when both refuse it, `None` when only the reference path reads it.
fn compare<T: DeserializeOwned + PartialEq + Debug>(doc: &[u8], nil_text: NilText) -> Option<bool> {
    let direct = de::from_bytes::<T>(doc, nil_text);
    let reference = decode_via_value::<T>(doc, nil_text);
    match (direct, reference) {
        (Ok(d), Ok(r)) => {
            assert_eq!(d, r, "{}", String::from_utf8_lossy(doc));
            Some(true)
        }
        (Ok(d), Err(e)) => panic!(
            "the direct path read {d:?} where the reference path fails ({e}): {}",
            String::from_utf8_lossy(doc)
        ),
        (Err(_), Ok(_)) => None,
        (Err(_), Err(_)) => Some(false),
    }
}

/// Every answer type; returns how many (type, reading) pairs decoded, and how many only the
/// reference path read.
fn compare_all(doc: &[u8]) -> (usize, usize) {
    let mut read = 0;
    let mut reference_only = 0;
    for nil_text in READINGS {
        for outcome in [
            compare::<Subscriber>(doc, nil_text),
            compare::<Vec<Subscriber>>(doc, nil_text),
            compare::<Vec<Plan>>(doc, nil_text),
            compare::<Invoice>(doc, nil_text),
            compare::<Vec<Transaction>>(doc, nil_text),
            compare::<Value>(doc, nil_text),
        ] {
            match outcome {
                Some(true) => read += 1,
                Some(false) => {}
                None => reference_only += 1,
            }
        }
    }
    (read, reference_only)
}

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/spreedly");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_reads_the_same_both_ways() {
    let files = fixtures();
    assert!(files.len() >= 9);
    let mut read = 0;
    for (name, bytes) in &files {
        let (ok, reference_only) = compare_all(bytes);
        // Every fixture is at least a `Value`, in both readings.
        assert!(ok >= 2, "{name}");
        assert_eq!(reference_only, 0, "{name}: the direct path gave up");
        read += ok;
    }
    // The typed reads the fixtures hold (subscriber, lists, invoice, errors as Value, ...).
    assert!(read >= 30, "{read}");
}

#[test]
fn mutated_fixtures_read_the_same_both_ways() {
    for (_, bytes) in fixtures() {
        for cut in (0..bytes.len()).step_by(11) {
            compare_all(&bytes[..cut]);
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64 ^ bytes.len() as u64;
        for _ in 0..100 {
            let mut copy = bytes.clone();
            let at = (next(&mut state) as usize) % copy.len().max(1);
            if let Some(b) = copy.get_mut(at) {
                *b = (next(&mut state) >> 32) as u8;
            }
            compare_all(&copy);
        }
    }
}

/// A tiny xorshift generator.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn pick<'a>(state: &mut u64, from: &[&'a str]) -> &'a str {
    from[(next(state) as usize) % from.len()]
}

const NAMES: &[&str] = &[
    "customer-id",
    "customer_id",
    "screen-name",
    "email",
    "active",
    "active-until",
    "in_grace_period",
    "on-trial",
    "store-credit",
    "id",
    "name",
    "price",
    "amount",
    "duration-quantity",
    "plan-type",
    "enabled",
    "version",
    "created-at",
    "token",
    "closed",
    "invoices",
    "line-items",
    "detail",
    "recurring",
    "unknown-thing",
    "nil-classes",
];

const TYPES: &[&str] = &[
    "",
    "",
    "",
    " type=\"boolean\"",
    " type=\"integer\"",
    " type=\"decimal\"",
    " type=\"datetime\"",
    " type=\"string\"",
    " type=\"array\"",
    " type=\"float\"",
    " type=\"symbol\"",
    " type=\"yaml\"",
];

const NILS: &[&str] = &["", "", "", " nil=\"true\"", " nil=\"false\""];

const TEXTS: &[&str] = &[
    "",
    " ",
    "true",
    "false",
    "1",
    "0",
    "maybe",
    "42",
    "-7",
    "18446744073709551616",
    "12.50",
    " 0.0 ",
    "1e1",
    "$-49.96",
    "2010-02-21T19:04:28Z",
    "2010-02-21",
    "pro",
    "free_trial",
    "days",
    "Zo&#235; &amp; co",
    "&lt;&gt;",
    "<![CDATA[x&y]]>",
    "a\r\nb",
];

/// A random element named `name` (children with distinct names, so no field repeats).
fn element(state: &mut u64, out: &mut String, name: &str, depth: usize) {
    let kind = pick(state, TYPES);
    out.push('<');
    out.push_str(name);
    out.push_str(kind);
    out.push_str(pick(state, NILS));
    let children = if depth < 3 && next(state).is_multiple_of(3) {
        (next(state) % 5) as usize
    } else {
        0
    };
    if children == 0 && next(state).is_multiple_of(5) {
        out.push_str("/>");
        return;
    }
    out.push('>');
    if children == 0 {
        out.push_str(pick(state, TEXTS));
    } else {
        let list = kind.contains("array");
        let mut used: Vec<String> = Vec::new();
        for _ in 0..children {
            out.push_str("\n  ");
            let child = if list {
                pick(
                    state,
                    &[
                        "subscriber",
                        "subscription-plan",
                        "transaction",
                        "line-item",
                    ],
                )
            } else {
                let mut child = pick(state, NAMES);
                while used.contains(&child.replace('_', "-")) {
                    child = pick(state, NAMES);
                }
                used.push(child.replace('_', "-"));
                child
            };
            element(state, out, child, depth + 1);
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

#[test]
fn generated_documents_read_the_same_both_ways() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let (mut read, mut typed) = (0, 0);
    for _ in 0..4_000 {
        let mut doc = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let root = pick(&mut state, &["subscriber", "subscribers", "invoice", "x"]);
        element(&mut state, &mut doc, root, 0);
        let (ok, reference_only) = compare_all(doc.as_bytes());
        assert_eq!(reference_only, 0, "the direct path gave up on {doc}");
        read += ok;
        // More than the `Value` reads: some documents were models.
        typed += usize::from(ok > 2);
    }
    assert!(read > 4_000, "{read}");
    assert!(typed > 50, "{typed}");
}

#[test]
fn a_repeated_field_reads_as_its_last_value() {
    let doc = b"<subscriber><customer-id>1</customer-id><email>a@x</email><customer_id>2</customer_id></subscriber>";
    // The direct path refuses a repeated field; the codec then reads the last one, as the
    // reference path does.
    assert!(de::from_bytes::<Subscriber>(doc, NilText::Null).is_err());
    let s: Subscriber = Xml::default().decode(doc).unwrap();
    assert_eq!(s.customer_id, "2");
    assert_eq!(s.email.as_deref(), Some("a@x"));
}

#[test]
fn an_ignored_field_is_still_checked() {
    let doc = b"<subscriber><customer-id>1</customer-id><unknown type=\"integer\">x</unknown></subscriber>";
    assert!(de::from_bytes::<Subscriber>(doc, NilText::Null).is_err());
    let err = Xml::default().decode::<Subscriber>(doc).unwrap_err();
    assert_eq!(err.to_string(), "XML: <unknown>: not an integer: \"x\"");
}

#[test]
fn nil_with_text_both_readings_directly() {
    let doc = br#"<subscriber><customer-id type="integer">7</customer-id><active-until type="datetime" nil="true">2010-02-21T19:04:28Z</active-until></subscriber>"#;
    let null: Subscriber = de::from_bytes(doc, NilText::Null).unwrap();
    assert_eq!(null.active_until, None);
    assert_eq!(null.customer_id, "7");
    let text: Subscriber = de::from_bytes(doc, NilText::Text).unwrap();
    assert_eq!(
        text.active_until,
        Some(time::macros::datetime!(2010-02-21 19:04:28 UTC))
    );
}
