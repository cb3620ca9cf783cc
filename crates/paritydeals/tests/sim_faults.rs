//! The money calls against the simulator's injected faults: what is sent once, what is
//! retried, and what `maybe_sent()` says (../shared/vendors/paritydeals.md §1.4; the
//! official SDK never retries, this client retries only what is safe).

use std::time::Duration;

use paykit_paritydeals::testing::{Fault, ParityDealsSimulator, PlanFeature, RecordedRequest};
use paykit_paritydeals::{
    Cancellation, ChargePeriod, Client, Error, EventReport, NewCheckout, NewCustomer,
    SubscriptionUpdate, UsageReport,
};

/// A simulator with a customer subscribed to `pro` (api_calls limit 10), and its client.
async fn subscribed() -> (ParityDealsSimulator, Client, String) {
    let sim = ParityDealsSimulator::start().await;
    sim.seed_plan("pro", [PlanFeature::meter("api_calls", 10, true)]);
    sim.seed_plan("scale", [PlanFeature::meter("api_calls", 100, true)]);
    sim.seed_customer(NewCustomer::new("cus_1"));
    let client = sim.client();
    client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::Monthly).customer_id("cus_1"),
        )
        .await
        .unwrap();
    let sub = sim.subscription_of("cus_1").unwrap();
    (sim, client, sub)
}

/// The requests the simulator received for `path`.
async fn to(sim: &ParityDealsSimulator, path: &str) -> Vec<RecordedRequest> {
    sim.requests()
        .await
        .into_iter()
        .filter(|r| r.path == path)
        .collect()
}

#[tokio::test]
async fn a_delta_report_answered_503_is_sent_once_and_may_have_been_sent() {
    let (sim, client, _) = subscribed().await;
    sim.inject(Fault::status(503).on("paritydeals.report_usage"));
    let err = client
        .report_usage(&UsageReport::delta("cus_1", "api_calls", 3))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.maybe_sent());
    assert_eq!(to(&sim, "/api/v1/report/usage/").await.len(), 1);
    // A SET is retried through the same fault.
    sim.inject(Fault::status(503).on("paritydeals.report_usage"));
    client
        .report_usage(&UsageReport::set("cus_1", "api_calls", 4))
        .await
        .unwrap();
    assert_eq!(to(&sim, "/api/v1/report/usage/").await.len(), 3);
    assert_eq!(sim.usage("cus_1", "api_calls"), Some(4));
}

#[tokio::test]
async fn a_checkout_on_a_dropped_connection_is_sent_once() {
    let (sim, client, _) = subscribed().await;
    let before = sim.subscriptions().len();
    sim.inject(Fault::drop_connection().on("paritydeals.create_checkout_session"));
    let err = client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::Monthly).customer_id("cus_1"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Core(_)), "{err:?}");
    assert!(err.maybe_sent(), "{err:?}");
    // Two checkouts in all: the seeding one and this one, never a resend.
    assert_eq!(to(&sim, "/api/v1/checkout/").await.len(), 2);
    assert_eq!(sim.subscriptions().len(), before);
}

#[tokio::test]
async fn a_slow_subscription_update_times_out_once_and_took_effect() {
    let (sim, _, sub) = subscribed().await;
    let client = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(100)))
        .build()
        .unwrap();
    sim.inject(Fault::delay(Duration::from_millis(500)).on("paritydeals.update_subscription"));
    let err = client
        .update_subscription(
            &sub,
            &SubscriptionUpdate::new("scale", ChargePeriod::Yearly),
        )
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.maybe_sent(), "unknown outcome: check before retrying");
    let path = format!("/api/v1/subscriptions/{sub}/update/");
    assert_eq!(to(&sim, &path).await.len(), 1, "sent once");
    // The server did carry it out: exactly why `maybe_sent()` says to check first.
    let now = sim.subscriptions();
    assert_eq!(now[0].plan_identifier.as_deref(), Some("scale"));
}

#[tokio::test]
async fn a_cancel_answered_503_is_sent_once() {
    let (sim, client, sub) = subscribed().await;
    sim.inject(
        Fault::status(503)
            .times(3)
            .on("paritydeals.cancel_subscription"),
    );
    let err = client
        .cancel_subscription(&sub, &Cancellation::Immediate)
        .await
        .unwrap_err();
    assert!(err.maybe_sent());
    let path = format!("/api/v1/subscriptions/{sub}/cancel/");
    assert_eq!(to(&sim, &path).await.len(), 1);
    assert_eq!(sim.subscriptions()[0].status.as_deref(), Some("ACTIVE"));
}

#[tokio::test]
async fn an_event_is_retried_after_a_dropped_connection_and_stored_once() {
    let (sim, client, _) = subscribed().await;
    sim.inject(Fault::drop_connection().on("paritydeals.report_event"));
    let event = EventReport::new("cus_1", "file.uploaded").property("bytes", 2048);
    let record = client.report_event(&event).await.unwrap();
    assert_eq!(
        record.idempotency_key.as_deref(),
        Some(event.idempotency_key.as_str())
    );
    let sent = to(&sim, "/api/v1/report/event/").await;
    assert_eq!(sent.len(), 2, "the dropped attempt and the retry");
    let keys: Vec<_> = sent
        .iter()
        .map(|r| r.body_json().unwrap()["idempotencyKey"].clone())
        .collect();
    assert_eq!(keys[0], keys[1], "the same key both times");
    assert_eq!(keys[0], event.idempotency_key.as_str());
    assert_eq!(sim.events().len(), 1, "stored once");
}

#[tokio::test]
async fn an_event_whose_answer_was_lost_is_retried_and_still_stored_once() {
    let (sim, _, _) = subscribed().await;
    let client = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(100)))
        .build()
        .unwrap();
    // The first attempt is processed (stored) but answered too late.
    sim.inject(Fault::delay(Duration::from_millis(400)).on("paritydeals.report_event"));
    let event = EventReport::new("cus_1", "file.uploaded");
    client.report_event(&event).await.unwrap();
    assert_eq!(to(&sim, "/api/v1/report/event/").await.len(), 2);
    assert_eq!(sim.events().len(), 1, "the server dropped the duplicate");
}

#[tokio::test]
async fn a_429_is_honoured_with_its_retry_after() {
    let (sim, client, _) = subscribed().await;
    sim.inject(Fault::rate_limited(Duration::from_secs(1)).on("paritydeals.get_customer"));
    let started = std::time::Instant::now();
    let customer = client.get_customer("cus_1").await.unwrap();
    assert_eq!(customer.customer_id, "cus_1");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(to(&sim, "/api/v1/customers/cus_1/").await.len(), 2);
}

#[tokio::test]
async fn a_client_with_only_a_base_url_sends_nothing_anywhere_else() {
    let (sim, _, sub) = subscribed().await;
    // No edge URL: entitlements go to `{base_url}/entitlements` on the same server, never
    // to the production edge host (which this sandbox could not reach anyway: a call there
    // would fail).
    let client = Client::builder(sim.api_key())
        .base_url(sim.base_url())
        .build()
        .unwrap();
    assert_eq!(client.edge_url(), sim.base_url());
    assert!(client.has_access("cus_1", "api_calls").await.unwrap());
    client.get_all_entitlements("cus_1").await.unwrap();
    client
        .report_usage(&UsageReport::set("cus_1", "api_calls", 1))
        .await
        .unwrap();
    client
        .cancel_subscription(&sub, &Cancellation::CurrentPeriodEnds)
        .await
        .unwrap();
    assert_eq!(to(&sim, "/api/v1/entitlements").await.len(), 2);
    let origin = sim.base_url().trim_end_matches("/api/v1").to_owned();
    for request in sim.requests().await {
        let host = request.header("host").unwrap_or_default().to_owned();
        assert!(origin.ends_with(&host), "{host} vs {origin}");
    }
}

#[tokio::test]
async fn one_pool_serves_the_api_and_the_edge_url() {
    // Issue 13: ParityDeals built separate transports for its API and edge hosts. With the
    // edge URL derived from the base URL, both are one server: one connection.
    let sim = ParityDealsSimulator::start().await;
    sim.seed_customer(NewCustomer::new("cus_pool"));
    let client = Client::builder(paykit_paritydeals::testing::DEFAULT_API_KEY)
        .base_url(sim.base_url())
        .build()
        .unwrap();
    for _ in 0..5 {
        client.get_customer("cus_pool").await.unwrap();
        client.get_all_entitlements("cus_pool").await.unwrap();
    }
    assert_eq!(sim.connections(), 1);
}
