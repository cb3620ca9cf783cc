//! serde_jsv vs serde_json on the same values: `ser/<case>` and `de/<case>` groups, each
//! with a `jsv` and a `json` function and `Throughput::Bytes` of that format's text.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Address {
    street: String,
    city: String,
    state: String,
    zip: String,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct PaymentMethod {
    kind: String,
    name_on_card: String,
    last_four: String,
    expiration: String,
    amount: f64,
    is_default: bool,
    billing_zip: String,
    token: Option<String>,
}

/// A ClubReady-like contract sale request.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct ContractSale {
    api_key: String,
    store_id: u32,
    chain_id: u32,
    user_id: u64,
    package_id: u32,
    prospect_id: Option<u64>,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    address: Address,
    start_date: String,
    installments: u32,
    down_payment: f64,
    total: f64,
    notes: Option<String>,
    payment_methods: Vec<PaymentMethod>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct ClassRow {
    class_id: u32,
    name: String,
    instructor: String,
    start_time: String,
    duration_minutes: u32,
    capacity: u32,
    booked: u32,
    room: String,
    is_cancelled: bool,
    price: f64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Member {
    id: u64,
    full_name: String,
    email: String,
    bio: String,
    notes: String,
}

fn contract_sale() -> ContractSale {
    ContractSale {
        api_key: "a1b2c3d4e5f60718293a4b5c6d7e8f90".into(),
        store_id: 1234,
        chain_id: 77,
        user_id: 9_876_543_210,
        package_id: 42,
        prospect_id: None,
        first_name: "Jane".into(),
        last_name: "O'Neil-Smith".into(),
        email: "jane.oneil@example.com".into(),
        phone: "(555) 010-4477".into(),
        address: Address {
            street: "1200 Main St, Suite 4".into(),
            city: "Springfield".into(),
            state: "IL".into(),
            zip: "62701".into(),
        },
        start_date: "2025-01-15".into(),
        installments: 12,
        down_payment: 49.99,
        total: 599.88,
        notes: Some("Prefers morning classes; referred by \"Coach K\"".into()),
        payment_methods: (0..3)
            .map(|i| PaymentMethod {
                kind: if i == 2 {
                    "Ach".into()
                } else {
                    "CreditCard".into()
                },
                name_on_card: format!("Jane O'Neil {i}"),
                last_four: format!("{:04}", 4242 + i),
                expiration: format!("{:02}/2{}", i + 1, 7 + i),
                amount: 49.99 + f64::from(i),
                is_default: i == 0,
                billing_zip: "62701".into(),
                token: (i != 1).then(|| format!("tok_{i}_9f8e7d6c5b4a")),
            })
            .collect(),
    }
}

fn schedule() -> Vec<ClassRow> {
    let names = [
        "Yoga Flow",
        "Spin 45",
        "HIIT",
        "Pilates, Mat",
        "Boxing Basics",
        "Zumba",
    ];
    (0..1000u32)
        .map(|i| ClassRow {
            class_id: 100_000 + i,
            name: names[i as usize % names.len()].into(),
            instructor: format!("Coach {}", i % 37),
            start_time: format!(
                "2025-03-{:02}T{:02}:{:02}:00",
                1 + i % 28,
                5 + i % 15,
                (i * 15) % 60
            ),
            duration_minutes: 30 + (i % 4) * 15,
            capacity: 20 + i % 10,
            booked: i % 25,
            room: format!("Studio {}", (b'A' + (i % 5) as u8) as char),
            is_cancelled: i % 17 == 0,
            price: 12.5 + f64::from(i % 8),
        })
        .collect()
}

fn roster() -> Vec<Member> {
    let para = "Member since the spring opening; trains three to four times a week and is working \
                towards a first half marathon. Prefers early sessions before work and has asked \
                to be told about new strength classes as soon as they are on the schedule. ";
    (0..200u64)
        .map(|i| Member {
            id: i,
            full_name: format!("Member Number {i}"),
            email: format!("member{i}@example.org"),
            bio: para.repeat(4 + (i % 4) as usize),
            notes: format!(
                "{} Last visit: 2025-02-{:02}, \"great form\".",
                para.repeat(2),
                1 + i % 28
            ),
        })
        .collect()
}

fn bench_case<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    c: &mut Criterion,
    name: &str,
    value: &T,
) {
    let jsv = serde_jsv::to_string(value).unwrap();
    let json = serde_json::to_string(value).unwrap();
    // Both formats must read back what they wrote before their speed means anything.
    assert_eq!(&serde_jsv::from_str::<T>(&jsv).unwrap(), value);
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value);

    let mut ser = c.benchmark_group(format!("ser/{name}"));
    ser.throughput(Throughput::Bytes(jsv.len() as u64));
    ser.bench_function("jsv", |b| {
        b.iter(|| serde_jsv::to_vec(black_box(value)).unwrap())
    });
    ser.throughput(Throughput::Bytes(json.len() as u64));
    ser.bench_function("json", |b| {
        b.iter(|| serde_json::to_vec(black_box(value)).unwrap())
    });
    ser.finish();

    let mut de = c.benchmark_group(format!("de/{name}"));
    de.throughput(Throughput::Bytes(jsv.len() as u64));
    de.bench_function("jsv", |b| {
        b.iter(|| serde_jsv::from_str::<T>(black_box(&jsv)).unwrap())
    });
    de.throughput(Throughput::Bytes(json.len() as u64));
    de.bench_function("json", |b| {
        b.iter(|| serde_json::from_str::<T>(black_box(&json)).unwrap())
    });
    de.finish();
}

fn benches(c: &mut Criterion) {
    bench_case(c, "contract_sale", &contract_sale());
    bench_case(c, "class_schedule", &schedule());
    bench_case(c, "roster", &roster());
}

criterion_group! {
    name = jsv_vs_json;
    config = Criterion::default()
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(30);
    targets = benches
}
criterion_main!(jsv_vs_json);
