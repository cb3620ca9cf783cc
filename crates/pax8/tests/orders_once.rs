//! Placing an order buys things: it is never sent twice once it may have reached Pax8.

mod common;

use common::{builder, builder_at, mount_token, requests_to};
use paykit_core::testing::faults::{Fault, Faulty};
use paykit_core::testing::raw::{Behavior, RawServer};
use paykit_pax8::{BillingTerm, Error, NewLineItem, NewOrder};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn order() -> NewOrder {
    NewOrder::new("c-1").line_item(NewLineItem::new(1, "p-1", 1, BillingTerm::Monthly))
}

#[tokio::test]
async fn a_503_is_not_retried() {
    // pax8.md §1.5: POST /orders places an order.
    let server = MockServer::start().await;
    mount_token(&server).await;
    let responder = Faulty::new(ResponseTemplate::new(200).set_body_json(json!({"id": "o-1"})))
        .then(Fault::status(503));
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client.create_order(&order()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.maybe_sent());
    assert_eq!(requests_to(&server, "/v1/orders").await.len(), 1);
}

#[tokio::test]
async fn a_429_on_an_order_is_a_refusal_so_it_is_sent_again_after_retry_after() {
    // pax8.md §1.3: 429 too many requests. A refusal stores nothing (CONVENTIONS.md, Errors:
    // a 4xx is not maybe_sent), so the order is sent again once the server allows it.
    let server = MockServer::start().await;
    mount_token(&server).await;
    let responder = Faulty::new(ResponseTemplate::new(200).set_body_json(json!({"id": "o-1"})))
        .then(Fault::status(429).retry_after("0"));
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let order_id = client.create_order(&order()).await.unwrap().id;
    assert_eq!(order_id.as_deref(), Some("o-1"));
    assert_eq!(requests_to(&server, "/v1/orders").await.len(), 2);
}

#[tokio::test]
async fn a_429_that_persists_is_rate_limited_and_not_maybe_sent() {
    let server = MockServer::start().await;
    mount_token(&server).await;
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.create_order(&order()).await.unwrap_err();
    assert!(err.is_rate_limited());
    assert!(!err.maybe_sent(), "a refusal took no effect");
    assert_eq!(requests_to(&server, "/v1/orders").await.len(), 1);
}

#[tokio::test]
async fn a_connection_dropped_after_the_request_is_not_resent() {
    // pax8.md §1.5: POST /orders places an order.
    let tokens = MockServer::start().await;
    mount_token(&tokens).await;
    let api = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let client = builder_at(&format!("{}/v1", api.uri()), &tokens.uri())
        .build()
        .unwrap();
    let err = client.create_order(&order()).await.unwrap_err();
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
    let requests = api.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].head.starts_with("POST /v1/orders HTTP/1.1"));
}

#[tokio::test]
async fn a_dropped_read_is_retried() {
    // The contrast: a GET is safe to send again.
    let tokens = MockServer::start().await;
    mount_token(&tokens).await;
    let api = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let client = builder_at(&format!("{}/v1", api.uri()), &tokens.uri())
        .build()
        .unwrap();
    client.get_order("o-1").await.unwrap_err();
    assert_eq!(api.requests().len(), 3);
}
