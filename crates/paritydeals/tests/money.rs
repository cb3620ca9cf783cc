//! Money safety: what may be resent after a failure and what never is (../shared/vendors/paritydeals.md §1.4
//! "Report usage", "Create checkout", "Update/Cancel subscription"; §1.2: the SDK itself
//! never retries).

mod common;

use common::fixture_json;
use paykit_core::testing::faults::{Fault, Faulty};
use paykit_core::testing::raw::{Behavior, RawServer};
use paykit_paritydeals::{
    Cancellation, ChargePeriod, Client, Error, EventReport, NewCheckout, NewCustomer,
    SubscriptionUpdate, UsageReport,
};
use wiremock::matchers::any;
use wiremock::{MockServer, ResponseTemplate};

/// A server that answers 503 once, then `body`; and a client with fast retries.
async fn flaky(body: &str) -> (MockServer, Faulty<ResponseTemplate>, Client) {
    let server = MockServer::start().await;
    let responder = Faulty::new(ResponseTemplate::new(200).set_body_json(fixture_json(body)))
        .then(Fault::status(503));
    wiremock::Mock::given(any())
        .respond_with(responder.clone())
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    (server, responder, client)
}

/// Asserts a `Never` call: one 503, no resend, an error that says it may have been sent.
fn never_resent(result: Result<impl std::fmt::Debug, Error>, served: usize) {
    let err = result.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(err.maybe_sent());
    assert_eq!(served, 1, "sent exactly once");
}

#[tokio::test]
async fn a_delta_report_is_never_resent_after_a_503() {
    let (_s, faulty, client) = flaky("usage_response.json").await;
    let result = client
        .report_usage(&UsageReport::delta("cus_42", "api_calls", 5))
        .await;
    never_resent(result, faulty.served());
}

#[tokio::test]
async fn a_set_report_is_retried_after_a_503() {
    let (_s, faulty, client) = flaky("usage_response.json").await;
    client
        .report_usage(&UsageReport::set("cus_42", "api_calls", 120))
        .await
        .unwrap();
    assert_eq!(faulty.served(), 2);
}

#[tokio::test]
async fn an_event_with_its_key_is_retried_with_the_same_key() {
    let (server, faulty, client) = flaky("usage_response.json").await;
    let event = EventReport::new("cus_42", "file.uploaded");
    client.report_event(&event).await.unwrap();
    assert_eq!(faulty.served(), 2);
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        sent[0].body, sent[1].body,
        "the same key and timestamp both times"
    );
    let body: serde_json::Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(body["idempotencyKey"], event.idempotency_key.as_str());
}

#[tokio::test]
async fn a_checkout_session_is_never_resent() {
    let (_s, faulty, client) = flaky("checkout_response.json").await;
    let result = client
        .create_checkout_session(&NewCheckout::new("pro", ChargePeriod::Monthly))
        .await;
    never_resent(result, faulty.served());
}

#[tokio::test]
async fn a_subscription_update_is_never_resent() {
    let (_s, faulty, client) = flaky("subscription_update_response.json").await;
    let result = client
        .update_subscription(
            "sub_1",
            &SubscriptionUpdate::new("scale", ChargePeriod::Yearly),
        )
        .await;
    never_resent(result, faulty.served());
}

#[tokio::test]
async fn a_subscription_cancel_is_never_resent() {
    let (_s, faulty, client) = flaky("cancel_response.json").await;
    let result = client
        .cancel_subscription("sub_1", &Cancellation::Immediate)
        .await;
    never_resent(result, faulty.served());
}

#[tokio::test]
async fn a_customer_create_is_never_resent() {
    let (_s, faulty, client) = flaky("customer_response.json").await;
    let result = client.create_customer(&NewCustomer::new("cus_42")).await;
    never_resent(result, faulty.served());
}

#[tokio::test]
async fn reads_and_partial_updates_are_retried() {
    let (_s, faulty, client) = flaky("customer_response.json").await;
    client.get_customer("cus_42").await.unwrap();
    assert_eq!(faulty.served(), 2);
    faulty.push(Fault::status(503));
    client
        .update_customer(
            "cus_42",
            &paykit_paritydeals::CustomerUpdate::new().name("Ada"),
        )
        .await
        .unwrap();
    assert_eq!(faulty.served(), 4);
}

#[tokio::test]
async fn a_delta_report_on_a_dropped_connection_is_sent_once() {
    let server = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let client = common::client(&server.uri());
    let err = client
        .report_usage(&UsageReport::delta("cus_42", "api_calls", 5))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Core(paykit_core::Error::Transport {
                maybe_sent: true,
                ..
            })
        ),
        "{err:?}"
    );
    assert!(err.maybe_sent());
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "sent exactly once");
    assert!(
        seen[0]
            .head
            .starts_with("POST /api/v1/report/usage/ HTTP/1.1")
    );
    assert_eq!(
        seen[0].body,
        br#"{"behaviour":"DELTA","customerId":"cus_42","featureId":"api_calls","value":5}"#
    );

    // A SET on the same broken server is retried: 3 attempts in all.
    client
        .report_usage(&UsageReport::set("cus_42", "api_calls", 5))
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 4);
}
