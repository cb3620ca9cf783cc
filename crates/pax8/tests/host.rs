//! The Pax8 simulator as paykit-sim hosts it (issue 12): a server the host chose,
//! connection lines, reset, state and seed as JSON.

use paykit_core::testing::{Fault, SimServer, Simulator};
use paykit_pax8::prelude::*;
use paykit_pax8::testing::{CLIENT_ID, CLIENT_SECRET, Pax8Simulator};
use paykit_pax8::{Address, CompanyFilter, NewCompany};
use serde_json::json;

async fn hosted() -> Pax8Simulator {
    Pax8Simulator::start_on(SimServer::builder().try_start().await.unwrap()).await
}

fn company(name: &str) -> NewCompany {
    NewCompany::new(
        name,
        Address::new().city("Denver").country("US"),
        "+1 303 555 0100",
        "https://example.com",
    )
}

#[tokio::test]
async fn a_client_built_from_the_connection_lines_lists_seeded_companies() {
    let sim = hosted().await;
    let lines: Vec<(String, String)> = sim
        .connection()
        .into_iter()
        .map(|c| (c.label, c.value))
        .collect();
    assert_eq!(
        lines,
        [
            ("base URL".to_owned(), sim.base_url()),
            ("token URL".to_owned(), sim.token_url()),
            ("client id".to_owned(), CLIENT_ID.to_owned()),
            ("client secret".to_owned(), CLIENT_SECRET.to_owned()),
        ]
    );
    sim.seed(&json!({"companies": [{"name": "Acme Dental", "status": "Active"}]}))
        .unwrap();
    let client = paykit_pax8::Client::builder(lines[2].1.clone(), lines[3].1.clone())
        .base_url(lines[0].1.clone())
        .token_url(lines[1].1.clone())
        .retry(paykit_core::testing::fast_retry())
        .build()
        .unwrap();
    let companies: Vec<_> = client
        .list_companies(&CompanyFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(companies.len(), 1);
    assert_eq!(companies[0].name.as_deref(), Some("Acme Dental"));
    assert_eq!(
        companies[0].id.as_deref(),
        sim.state()["companies"][0]["id"].as_str()
    );
}

#[tokio::test]
async fn reset_forgets_data_faults_and_added_credentials() {
    let sim = hosted().await;
    sim.seed_company(company("Acme"));
    sim.seed_products("Microsoft", 3);
    sim.add_credentials("other", "secret");
    sim.inject(Fault::status(503).times(4));
    sim.reset();
    let state = sim.state();
    assert_eq!(state["companies"], json!([]));
    assert_eq!(state["products"], json!([]));
    assert_eq!(state["pricing"], json!({}));
    assert_eq!(
        state["credentials"],
        json!([{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}])
    );
    assert!(sim.faults().pending().is_empty());
}

#[tokio::test]
async fn state_seeds_another_simulator_into_the_same_state() {
    let first = hosted().await;
    first.seed_active_company(company("Acme"));
    first.seed_products("Microsoft", 2);
    let dump = first.state();
    assert_eq!(dump["products"].as_array().unwrap().len(), 2);
    let second = hosted().await;
    second.seed(&dump).unwrap();
    assert_eq!(second.state(), dump);
    assert_eq!(second.companies(), first.companies());
}

#[tokio::test]
async fn a_bad_seed_names_the_field_and_adds_nothing() {
    let sim = hosted().await;
    let before = sim.state();
    let cases = [
        (
            json!({"partners": []}),
            "pax8: unknown section \"partners\"",
        ),
        (
            json!({"companies": [{"name": "A"}, {"phone": "1"}]}),
            "pax8: companies[1].name is missing or not a string",
        ),
        (
            json!({"companies": [{"name": "A"}], "orders": [3]}),
            "pax8: orders[0] must be an object",
        ),
        (
            json!({"contacts": {"c-1": [1]}}),
            "pax8: contacts[\"c-1\"] must be an array of objects",
        ),
        (
            json!({"credentials": [{"client_id": "x"}]}),
            "pax8: credentials[0].client_secret is missing or not a string",
        ),
    ];
    for (seed, message) in cases {
        assert_eq!(sim.seed(&seed).unwrap_err(), message);
        assert_eq!(sim.state(), before, "nothing added by {seed}");
    }
}
