//! The ParityDeals simulator as paykit-sim hosts it (issue 12): two servers the host chose,
//! connection lines, reset, state and seed as JSON.

use paykit_core::testing::{Fault, SimServer, Simulator};
use paykit_paritydeals::testing::{DEFAULT_API_KEY, ParityDealsSimulator, PlanFeature};
use paykit_paritydeals::{Client, NewCustomer};
use serde_json::json;

async fn hosted() -> ParityDealsSimulator {
    let api = SimServer::builder().try_start().await.unwrap();
    let edge = SimServer::builder()
        .faults(api.faults().clone())
        .try_start()
        .await
        .unwrap();
    ParityDealsSimulator::start_on(api, edge, DEFAULT_API_KEY).await
}

#[tokio::test]
async fn a_client_built_from_the_connection_lines_reaches_both_hosts() {
    let sim = hosted().await;
    let lines: Vec<(String, String)> = sim
        .connection()
        .into_iter()
        .map(|c| (c.label, c.value))
        .collect();
    assert_eq!(lines[0], ("base URL".to_owned(), sim.base_url()));
    assert_eq!(lines[1], ("edge URL".to_owned(), sim.edge_url()));
    assert_eq!(lines[2], ("API key".to_owned(), DEFAULT_API_KEY.to_owned()));
    sim.seed(&json!({
        "grants": [{"customer_id": "cus_1", "feature_id": "sso", "feature_type": "FLAG"}],
        "customers": [{"customer_id": "cus_1"}],
    }))
    .unwrap();
    let client = Client::builder(lines[2].1.clone())
        .base_url(lines[0].1.clone())
        .edge_url(lines[1].1.clone())
        .retry(paykit_core::testing::fast_retry())
        .build()
        .unwrap();
    assert!(client.has_access("cus_1", "sso").await.unwrap());
    assert_eq!(sim.extra_servers().len(), 1);
    assert_eq!(
        sim.extra_servers()[0].uri(),
        sim.edge_url().trim_end_matches("/api/v1")
    );
    // A fault injected once reaches the edge host too (one shared list).
    sim.server()
        .inject(Fault::status(503).on("paritydeals.get_entitlement"));
    assert_eq!(sim.extra_servers()[0].faults().pending().len(), 1);
}

#[tokio::test]
async fn reset_forgets_everything_but_the_key() {
    let sim = hosted().await;
    sim.seed_plan("pro", [PlanFeature::flag("sso")]);
    sim.seed_customer(NewCustomer::new("cus_1"));
    sim.inject(Fault::status(500).times(3));
    sim.reset();
    assert_eq!(
        sim.state(),
        json!({"plans": [], "customers": [], "grants": [], "subscriptions": [], "events": []})
    );
    assert!(sim.faults().pending().is_empty());
    assert_eq!(sim.api_key(), DEFAULT_API_KEY);
    sim.client()
        .create_customer(&NewCustomer::new("cus_2"))
        .await
        .unwrap();
}

#[tokio::test]
async fn state_seeds_another_simulator_into_the_same_state() {
    let first = hosted().await;
    first.seed_plan(
        "pro",
        [
            PlanFeature::meter("api-calls", 100, true),
            PlanFeature::flag("sso"),
        ],
    );
    first.seed_customer(NewCustomer::new("cus_1"));
    first.grant_feature("cus_1", PlanFeature::meter("api-calls", 100, true));
    first.grant_feature("cus_2", PlanFeature::flag("sso"));
    let dump = first.state();
    assert_eq!(
        dump["plans"][0]["features"][0],
        json!({"feature_id": "api-calls", "feature_type": "METER", "hard_limit": true, "usage_limit": 100})
    );
    let second = hosted().await;
    second.seed(&dump).unwrap();
    assert_eq!(second.state(), dump);
}

#[tokio::test]
async fn a_bad_seed_names_the_field_and_adds_nothing() {
    let sim = hosted().await;
    sim.seed_customer(NewCustomer::new("cus_1"));
    let before = sim.state();
    let cases = [
        (
            json!({"coupons": []}),
            "paritydeals: unknown section \"coupons\" (expected plans, customers, grants, subscriptions, events)",
        ),
        (
            json!({"plans": [{"identifier": "pro", "features": [{"feature_id": "x", "feature_type": "SPARKLE"}]}]}),
            "paritydeals: plans[0].features[0].feature_type (\"SPARKLE\" is not a feature type)",
        ),
        (
            json!({"plans": [{"identifier": "ok", "features": []}], "customers": [{"customer_id": "cus_1"}]}),
            "paritydeals: customers[0].customer_id is taken",
        ),
        (
            json!({"grants": [{"customer_id": "cus_1", "feature_id": "x", "feature_type": "METER", "usage": "3"}]}),
            "paritydeals: grants[0].usage (an integer)",
        ),
        (
            json!({"subscriptions": [{"customer_id": "cus_1", "plan_identifier": "pro", "status": "PAUSED"}]}),
            "paritydeals: subscriptions[0].status (ACTIVE or CANCELLED)",
        ),
    ];
    for (seed, message) in cases {
        assert_eq!(sim.seed(&seed).unwrap_err(), message);
        assert_eq!(sim.state(), before, "nothing added by {seed}");
    }
}
