//! Feeds arbitrary bytes to the JSV reader (as a `Value` and as a typed struct) and checks
//! that whatever reads successfully writes out as JSV that reads back and writes the same.
//! (The first write may normalize what JSV cannot express, e.g. `[" "]` is written `[ ]`,
//! which reads as an empty list exactly as on .NET; from then on the text must be stable.)
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};
use serde_jsv::Value;

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Payment {
    kind: Option<String>,
    amount: Option<f64>,
    is_default: Option<bool>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Sale {
    id: Option<u64>,
    name: Option<String>,
    tags: Option<Vec<Option<String>>>,
    payments: Option<Vec<Payment>>,
    extra: Option<BTreeMap<String, String>>,
    #[serde(default, with = "serde_jsv::dotnet::timespan::option")]
    length: Option<std::time::Duration>,
    #[serde(default, with = "serde_jsv::dotnet::datetime::option")]
    at: Option<time::OffsetDateTime>,
}

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = serde_jsv::from_slice::<Value>(data) {
        let first: Value = serde_jsv::from_str(&v.to_string()).expect("re-reading written JSV");
        let text = first.to_string();
        let again: Value = serde_jsv::from_str(&text).expect("re-reading written JSV");
        assert_eq!(again.to_string(), text, "Value write/read is not stable");
    }
    if let Ok(sale) = serde_jsv::from_slice::<Sale>(data) {
        let text = serde_jsv::to_string(&sale).expect("writing a read struct");
        let first: Sale = serde_jsv::from_str(&text).expect("re-reading written JSV");
        let text = serde_jsv::to_string(&first).expect("writing a read struct");
        let again: Sale = serde_jsv::from_str(&text).expect("re-reading written JSV");
        // Floats may print NaN, which is not equal to itself: compare the texts.
        assert_eq!(
            serde_jsv::to_string(&again).unwrap(),
            text,
            "Sale write/read is not stable"
        );
        let _ = serde_jsv::to_query_string(&sale);
    }
    let _ = serde_jsv::from_slice::<Vec<Option<i64>>>(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = serde_jsv::from_query_string::<Sale>(s);
    }
});
