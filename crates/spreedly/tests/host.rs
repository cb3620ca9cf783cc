//! The simulator as a host of several simulators (`paykit-sim`) drives it: `start_on` a
//! server the host started, `connection()` values a client can use, `reset()`, and the
//! state as JSON out and in (the `paykit_core::testing::Simulator` trait).

use paykit_core::testing::{Fault, SimServer, Simulator};
use paykit_spreedly::prelude::*;
use paykit_spreedly::testing::{SeedPlan, SpreedlySimulator};
use paykit_spreedly::*;
use serde_json::{Value, json};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

async fn hosted() -> SpreedlySimulator {
    let server = SimServer::builder().try_start().await.unwrap();
    SpreedlySimulator::start_on(server).await
}

/// A client built only from what `connection()` says, as a user of the host would.
fn client_from_connection(sim: &SpreedlySimulator) -> Client {
    let connection = sim.connection();
    let value = |label: &str| {
        connection
            .iter()
            .find(|c| c.label == label)
            .unwrap_or_else(|| panic!("no {label:?} in {connection:?}"))
            .value
            .clone()
    };
    assert_eq!(connection[0].label, "base URL");
    Client::builder(value("site"), value("API token"))
        .base_url(value("base URL"))
        .build()
        .unwrap()
}

/// A simulator with a little of everything: plans, subscribers (one with a pending fee and
/// credit), an open and a paid invoice, transactions.
async fn populated() -> SpreedlySimulator {
    let sim = hosted().await;
    let pro = sim.seed_plan(SeedPlan::regular(
        "Pro",
        "pro",
        dec("24.00"),
        1,
        DurationUnits::Months,
    ));
    sim.seed_plan(SeedPlan::free_trial(
        "Trial",
        "pro",
        14,
        DurationUnits::Days,
    ));
    let client = sim.client();
    client
        .create_subscriber(&NewSubscriber::new("42", "Zoë <&>\"'").email("zoe@example.com"))
        .await
        .unwrap();
    let invoice = client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("42", "zoe")))
        .await
        .unwrap();
    let card = CreditCard::new("4111111111111111", CardType::Visa, "1", 1, 2030, "Z", "L");
    client
        .pay_invoice(&invoice.token, &Payment::credit_card(card))
        .await
        .unwrap();
    client.add_store_credit("42", dec("5.50")).await.unwrap();
    client
        .add_fee("42", &NewFee::new("Setup", "onboarding", dec("49.00")))
        .await
        .unwrap();
    client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("7", "ann")))
        .await
        .unwrap();
    sim
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_on_a_host_server_and_connect_with_the_connection_values() {
    let sim = hosted().await;
    assert_eq!(sim.vendor(), "spreedly");
    assert_eq!(
        sim.server().uri(),
        sim.base_url().replace("/api/v4/sim-test", "")
    );
    let labels: Vec<String> = sim.connection().into_iter().map(|c| c.label).collect();
    assert_eq!(labels, ["base URL", "site", "API token"]);
    let plan = sim.seed_plan(SeedPlan::regular(
        "Pro",
        "pro",
        dec("24.00"),
        1,
        DurationUnits::Months,
    ));
    let client = client_from_connection(&sim);
    let plans = client.list_plans_page(&PlanFilter::new()).await.unwrap();
    assert_eq!(plans.items, vec![plan]);
    let request = &sim.requests().await[0];
    assert_eq!(request.path, "/api/v4/sim-test/subscription_plans.xml");
    assert_eq!(
        request.header("authorization"),
        Some("Basic c2ltLWFwaS10b2tlbjpY") // base64("sim-api-token:X")
    );
}

#[tokio::test]
async fn reset_forgets_data_and_faults() {
    let sim = populated().await;
    sim.inject(Fault::status(503).on("spreedly.list_plans"));
    assert!(!sim.requests().await.is_empty());
    sim.reset();
    assert!(
        !sim.requests().await.is_empty(),
        "requests are the host's to forget"
    );
    sim.server().clear_requests().await;
    assert_eq!(
        sim.state(),
        json!({"plans": [], "subscribers": [], "invoices": [], "transactions": []})
    );
    // The fault is gone: the first call succeeds at once.
    let client = client_from_connection(&sim);
    let plans = client.list_plans_page(&PlanFilter::new()).await.unwrap();
    assert!(plans.items.is_empty());
    assert_eq!(sim.requests().await.len(), 1);
    // Ids start over as after start.
    let fresh = hosted().await;
    assert_eq!(
        sim.seed_plan(SeedPlan::regular(
            "A",
            "a",
            dec("1.00"),
            1,
            DurationUnits::Days
        ))
        .id,
        fresh
            .seed_plan(SeedPlan::regular(
                "A",
                "a",
                dec("1.00"),
                1,
                DurationUnits::Days
            ))
            .id
    );
}

#[test]
fn reset_works_outside_a_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sim = rt.block_on(populated());
    sim.reset();
    assert_eq!(
        sim.state(),
        json!({"plans": [], "subscribers": [], "invoices": [], "transactions": []})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_has_every_collection_in_its_json_form() {
    let sim = populated().await;
    let state = sim.state();
    let keys: Vec<&String> = state.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["invoices", "plans", "subscribers", "transactions"]);
    let plans = state["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 2);
    assert!(plans[0]["id"].as_u64() < plans[1]["id"].as_u64());
    assert_eq!(plans[0]["amount"], "24.00");
    assert_eq!(plans[0]["duration_units"], "months");
    assert_eq!(plans[1]["plan_type"], "free_trial");
    let subscribers = state["subscribers"].as_array().unwrap();
    assert_eq!(
        subscribers
            .iter()
            .map(|s| s["customer_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["42", "7"]
    );
    let zoe = &subscribers[0];
    assert_eq!(zoe["screen_name"], "Zoë <&>\"'");
    assert_eq!(zoe["store_credit"], "5.50");
    assert_eq!(zoe["active"], true);
    assert_eq!(zoe["payment_account_display"], "XXXX-XXXX-XXXX-1111");
    assert_eq!(
        zoe["fees"],
        json!([{"name": "Setup", "group": "onboarding", "amount": "49.00"}])
    );
    let until = zoe["active_until"].as_str().unwrap();
    assert!(
        time::OffsetDateTime::parse(until, &time::format_description::well_known::Rfc3339).is_ok(),
        "{until}"
    );
    let invoices = state["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 2);
    let paid = invoices.iter().find(|i| i["closed"] == true).unwrap();
    assert_eq!(paid["customer_id"], "42");
    assert_eq!(paid["amount"], "24.00");
    assert_eq!(paid["price"], "$24.00");
    assert_eq!(paid["plan_id"], plans[0]["id"]);
    assert_eq!(paid["line_items"][0]["amount"], "24.00");
    let transactions = state["transactions"].as_array().unwrap();
    assert_eq!(transactions.len(), 1);
    assert_eq!(transactions[0]["description"], "Payment");
    assert_eq!(transactions[0]["detail"]["recurring"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_of_a_state_gives_the_same_state() {
    let a = populated().await;
    let b = hosted().await;
    b.seed(&a.state()).unwrap();
    assert_eq!(a.state(), b.state());
    // And the seeded records behave: the open invoice can be paid on file, the fee lands on
    // Zoë's next invoice, the ids given out next do not collide.
    let client = client_from_connection(&b);
    let open = b.invoices().into_iter().find(|i| !i.closed).unwrap();
    assert_eq!(open.customer_id.as_deref(), Some("7"));
    let zoe = client.get_subscriber("42").await.unwrap();
    assert_eq!(zoe.invoices.len(), 1);
    assert_eq!(zoe.store_credit, Some(dec("5.50")));
    let plan = b.plans()[0].id;
    let next = client
        .create_invoice(&NewInvoice::new(plan, NewSubscriber::new("42", "zoe")))
        .await
        .unwrap();
    assert_eq!(next.amount, Some(dec("73.00")));
    client
        .pay_invoice(&next.token, &Payment::on_file())
        .await
        .unwrap();
    let ids: Vec<u64> = b.transactions().iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2]);
    let new_plan = b.seed_plan(SeedPlan::regular(
        "B",
        "b",
        dec("1.00"),
        1,
        DurationUnits::Days,
    ));
    assert!(b.plans().iter().filter(|p| p.id == new_plan.id).count() == 1);

    // A fresh simulator's state round-trips too.
    let c = hosted().await;
    let d = hosted().await;
    d.seed(&c.state()).unwrap();
    assert_eq!(c.state(), d.state());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_adds_minimal_records_with_defaults() {
    let sim = hosted().await;
    sim.seed(&json!({
        "plans": [{"name": "Gold", "amount": "10.00", "feature_level": "gold"}],
        "subscribers": [{"customer_id": "9", "store_credit": "2.00", "fees": [{"name": "Fee", "amount": "3.00"}]}],
        "transactions": [{"amount": "1.00", "subscriber_customer_id": "9"}]
    }))
    .unwrap();
    let plan = &sim.plans()[0];
    assert_eq!(plan.name, "Gold");
    assert!(plan.id > 0 && plan.enabled);
    sim.seed(&json!({"invoices": [{"customer_id": "9", "plan_id": plan.id}]}))
        .unwrap();
    let invoice = &sim.invoices()[0];
    assert_eq!(invoice.amount, Some(dec("10.00")));
    assert_eq!(invoice.token.len(), 40);
    let client = sim.client();
    let nine = client.get_subscriber("9").await.unwrap();
    assert!(!nine.active && nine.eligible_for_free_trial);
    assert_eq!(nine.store_credit, Some(dec("2.00")));
    assert_eq!(sim.fees()[0].amount, dec("3.00"));
    assert_eq!(sim.transactions()[0].id, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_errors_name_the_field_and_add_nothing() {
    let sim = hosted().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!([]), "spreedly: the seed must be a JSON object"),
        (json!({"plan": []}), "spreedly: unknown section \"plan\""),
        (json!({"plans": {}}), "spreedly: plans: expected a list"),
        (
            json!({"plans": [{"name": "A"}, 3]}),
            "spreedly: plans[1]: expected an object",
        ),
        (
            json!({"plans": [{"amount": "1.00"}]}),
            "spreedly: plans[0].name: required",
        ),
        (
            json!({"plans": [{"name": "A", "amount": "lots"}]}),
            "spreedly: plans[0].amount: expected an amount as a string",
        ),
        (
            json!({"plans": [{"name": "A", "duration_units": "weeks"}]}),
            "spreedly: plans[0].duration_units: expected \"days\" or \"months\"",
        ),
        (
            json!({"plans": [{"name": "A", "id": 5}, {"name": "B", "id": 5}]}),
            "spreedly: plans[1].id: plan 5 already exists",
        ),
        (
            json!({"subscribers": [{"customer_id": "1"}, {"customer_id": "2", "colour": "red"}]}),
            "spreedly: subscribers[1].colour: unknown field",
        ),
        (
            json!({"subscribers": [{"customer_id": "1", "active_until": "tomorrow"}]}),
            "spreedly: subscribers[0].active_until: expected an RFC 3339 instant",
        ),
        (
            json!({"subscribers": [{"customer_id": "1", "store_credit": "-1.00"}]}),
            "spreedly: subscribers[0].store_credit: must not be below zero",
        ),
        (
            json!({"subscribers": [{"customer_id": "1", "fees": [{"name": "F"}]}]}),
            "spreedly: subscribers[0].fees[0].amount: required",
        ),
        (
            json!({"subscribers": [{"customer_id": "1"}], "invoices": [{"customer_id": "1", "plan_id": 77}]}),
            "spreedly: invoices[0].plan_id: no plan 77",
        ),
        (
            json!({"plans": [{"name": "A", "id": 5}], "invoices": [{"customer_id": "2", "plan_id": 5}]}),
            "spreedly: invoices[0].customer_id: no subscriber 2",
        ),
        (
            json!({"transactions": [{"id": 3}, {"id": 3}]}),
            "spreedly: transactions[1].id: transaction 3 already exists",
        ),
        (
            json!({"transactions": [{"detail": {"recurring": "yes"}}]}),
            "spreedly: transactions[0].detail: expected an object",
        ),
    ];
    for (seed, expected) in cases {
        let err = sim.seed(&seed).unwrap_err();
        assert!(err.starts_with(expected), "{seed}: {err}");
        assert_eq!(
            sim.state(),
            json!({"plans": [], "subscribers": [], "invoices": [], "transactions": []}),
            "{seed} added something"
        );
    }
    // A taken customer id is refused against what is already there, too.
    sim.seed(&json!({"subscribers": [{"customer_id": "1"}]}))
        .unwrap();
    let err = sim
        .seed(&json!({"plans": [{"name": "A"}], "subscribers": [{"customer_id": "1"}]}))
        .unwrap_err();
    assert_eq!(
        err,
        "spreedly: subscribers[0].customer_id: subscriber 1 already exists"
    );
    assert!(
        sim.plans().is_empty(),
        "the plan before the error was added"
    );
}

/// The seed example in the `testing` module's docs parses and seeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_seed_example_seeds() {
    let source = include_str!("../src/testing/mod.rs");
    let start = source.find("//! ```json\n").unwrap() + "//! ```json\n".len();
    let end = start + source[start..].find("//! ```\n").unwrap();
    let example: String = source[start..end]
        .lines()
        .map(|l| l.strip_prefix("//!").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let seed: Value = serde_json::from_str(&example).unwrap();
    let sim = hosted().await;
    sim.seed(&seed).unwrap();
    let client = sim.client();
    let zoe = client.get_subscriber("42").await.unwrap();
    assert!(zoe.active && zoe.recurring);
    assert_eq!(zoe.invoices.len(), 1);
    assert_eq!(zoe.invoices[0].amount, Some(dec("24.00")));
    let plans = client.list_plans_page(&PlanFilter::new()).await.unwrap();
    assert_eq!(
        plans.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        [101, 102]
    );
    assert!(plans.items[1].is_free_trial());
    // Zoë is active and recurring: a fee is accepted, and the seeded one is waiting.
    client
        .add_fee("42", &NewFee::new("Support", "support", dec("10.00")))
        .await
        .unwrap();
    assert_eq!(sim.fees().len(), 2);
}
