//! Decoding a 1,000-subscriber list: Spreedly's typed XML through this crate's codec, against
//! serde_json decoding the same data as JSON into the same `Subscriber` type. Group
//! `spreedly_decode`, functions `xml` and `json`, each with `Throughput::Bytes` of its text.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use paykit_core::Codec;
use paykit_spreedly::{Subscriber, Xml};

fn xml_list(count: usize) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<subscribers type=\"array\">\n");
    for i in 0..count {
        out.push_str(&format!(
            "  <subscriber>\n    <active-until type=\"datetime\">2026-06-30T00:00:00Z</active-until>\n    <billing-first-name>Zo&#235;</billing-first-name>\n    <billing-last-name>Lee</billing-last-name>\n    <card-expires-before-next-auto-renew type=\"boolean\">false</card-expires-before-next-auto-renew>\n    <created-at type=\"datetime\">2026-01-05T10:00:00Z</created-at>\n    <customer-id>{i}</customer-id>\n    <eligible-for-free-trial type=\"boolean\">false</eligible-for-free-trial>\n    <email>user{i}@example.com</email>\n    <lifetime-subscription type=\"boolean\">false</lifetime-subscription>\n    <on-trial type=\"boolean\">false</on-trial>\n    <ready-to-renew type=\"boolean\">false</ready-to-renew>\n    <recurring type=\"boolean\">true</recurring>\n    <screen-name>user &amp; {i}</screen-name>\n    <store-credit type=\"decimal\">12.50</store-credit>\n    <store-credit-currency-code>USD</store-credit-currency-code>\n    <token>6af9994a57e420345897b1abb4c27a9db27fa4d0</token>\n    <updated-at type=\"datetime\">2026-01-05T10:00:00Z</updated-at>\n    <grace-until type=\"datetime\" nil=\"true\"></grace-until>\n    <in_grace_period type=\"boolean\"></in_grace_period>\n    <active type=\"boolean\">true</active>\n    <feature-level type=\"string\">pro</feature-level>\n    <subscription-plan-name>Pro</subscription-plan-name>\n    <payment-account-on-file type=\"boolean\">true</payment-account-on-file>\n  </subscriber>\n"
        ));
    }
    out.push_str("</subscribers>\n");
    out
}

fn json_list(count: usize) -> String {
    let mut items = Vec::with_capacity(count);
    for i in 0..count {
        items.push(format!(
            "{{\"active-until\":\"2026-06-30T00:00:00Z\",\"billing-first-name\":\"Zoë\",\"billing-last-name\":\"Lee\",\"card-expires-before-next-auto-renew\":false,\"created-at\":\"2026-01-05T10:00:00Z\",\"customer-id\":\"{i}\",\"eligible-for-free-trial\":false,\"email\":\"user{i}@example.com\",\"lifetime-subscription\":false,\"on-trial\":false,\"ready-to-renew\":false,\"recurring\":true,\"screen-name\":\"user & {i}\",\"store-credit\":\"12.50\",\"store-credit-currency-code\":\"USD\",\"token\":\"6af9994a57e420345897b1abb4c27a9db27fa4d0\",\"updated-at\":\"2026-01-05T10:00:00Z\",\"grace-until\":null,\"in-grace-period\":null,\"active\":true,\"feature-level\":\"pro\",\"subscription-plan-name\":\"Pro\",\"payment-account-on-file\":true}}"
        ));
    }
    format!("[{}]", items.join(","))
}

fn decode(c: &mut Criterion) {
    let xml = xml_list(1_000);
    let json = json_list(1_000);
    let from_xml: Vec<Subscriber> = Xml::default()
        .decode(xml.as_bytes())
        .expect("the XML decodes");
    let from_json: Vec<Subscriber> = serde_json::from_str(&json).expect("the JSON decodes");
    assert_eq!(from_xml, from_json, "the two documents hold the same data");

    let mut group = c.benchmark_group("spreedly_decode");
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function("xml", |b| {
        b.iter(|| {
            let list: Vec<Subscriber> = Xml::default().decode(black_box(xml.as_bytes())).unwrap();
            black_box(list)
        })
    });
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.bench_function("json", |b| {
        b.iter(|| {
            let list: Vec<Subscriber> = serde_json::from_str(black_box(&json)).unwrap();
            black_box(list)
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
