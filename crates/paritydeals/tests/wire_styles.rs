//! The docs' wire form, selectable with `WireStyle::Docs` and `edge_api_prefix(false)`
//! (../shared/vendors/paritydeals.md §1.4 D1, D2, D3), and responses in either casing.

mod common;

use common::{fixture_json, reply};
use paykit_paritydeals::{
    Cancellation, ChargePeriod, Entitlements, FeatureQuantity, FeatureType, NewCustomer,
    SubscriptionUpdate, WireStyle,
};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn docs_style_uses_camel_case_bodies() {
    // D3: the docs show camelCase everywhere.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/customers/"))
        .and(body_json(fixture_json("customer_create_request_docs.json")))
        .respond_with(reply(201, "customer_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/subscriptions/sub_9f8e7d/update/"))
        .and(body_json(fixture_json(
            "subscription_update_request_docs.json",
        )))
        .respond_with(reply(200, "subscription_update_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/subscriptions/sub_9f8e7d/cancel/"))
        .and(body_json(fixture_json("cancel_request_docs.json")))
        .respond_with(reply(200, "cancel_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::builder(&server.uri(), &server.uri())
        .wire_style(WireStyle::Docs)
        .build()
        .unwrap();
    client
        .create_customer(
            &NewCustomer::new("cus_42")
                .email("ada@example.com")
                .name("Ada Lovelace")
                .metadata_entry("source", "website"),
        )
        .await
        .unwrap();
    client
        .update_subscription(
            "sub_9f8e7d",
            &SubscriptionUpdate::new("scale", ChargePeriod::Yearly)
                .pricing_table(
                    "0b7e9a52-3c1d-4f60-8a2b-9d4e6f1c3a70",
                    "5c2d8e1f-7a3b-4c9d-b0e6-1f2a3b4c5d6e",
                )
                .ip_address("203.0.113.7")
                .feature(FeatureQuantity::new("seats", 10))
                .probation_behaviour("allow"),
        )
        .await
        .unwrap();
    client
        .cancel_subscription(
            "sub_9f8e7d",
            &Cancellation::SpecificDate(time::macros::date!(2026 - 06 - 30)),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn docs_style_entitlements_use_trailing_slash_and_camel_params() {
    // D1 + D2, docs form, with the /api/v1 prefix kept (the default).
    let edge = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/entitlements/"))
        .and(query_param("customerId", "cus_42"))
        .and(query_param("featureId", "api_calls"))
        .and(query_param_is_missing("customer_id"))
        .respond_with(reply(200, "entitlements_response.json"))
        .expect(1)
        .mount(&edge)
        .await;
    let client = common::builder("http://127.0.0.1:9", &edge.uri())
        .wire_style(WireStyle::Docs)
        .build()
        .unwrap();
    assert!(!client.has_access("cus_42", "api_calls").await.unwrap());
}

#[tokio::test]
async fn docs_curl_form_drops_the_prefix_on_the_edge_host() {
    // D1: PD-docs curl: https://edge.api.<domain>/entitlements/ (no /api/v1).
    let edge = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entitlements/"))
        .and(query_param("customerId", "cus_42"))
        .and(query_param_is_missing("featureId"))
        .respond_with(reply(200, "entitlements_response.json"))
        .expect(1)
        .mount(&edge)
        .await;
    let client = common::builder("http://127.0.0.1:9", &edge.uri())
        .wire_style(WireStyle::Docs)
        // The docs' curl form: the edge root without the version path.
        .edge_url(edge.uri())
        .build()
        .unwrap();
    assert_eq!(client.edge_url(), edge.uri());
    // The API host keeps its prefix.
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api/v1");
    let all = client.get_all_entitlements("cus_42").await.unwrap();
    assert_eq!(all.entitlements.len(), 7);
}

#[tokio::test]
async fn sdk_style_without_prefix_still_uses_snake_params() {
    // The two options are independent.
    let edge = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/entitlements"))
        .and(query_param("customer_id", "cus_42"))
        .respond_with(reply(200, "entitlements_response_snake.json"))
        .expect(1)
        .mount(&edge)
        .await;
    let client = common::builder("http://127.0.0.1:9", &edge.uri())
        // The docs' curl form: the edge root without the version path.
        .edge_url(edge.uri())
        .build()
        .unwrap();
    let all = client.get_all_entitlements("cus_42").await.unwrap();
    assert_eq!(all.customer_id, "cus_42");
}

#[test]
fn snake_case_entitlements_read_the_same() {
    // "Responses accept both casings"; a float limit and an unknown type are tolerated.
    let all: Entitlements =
        serde_json::from_value(fixture_json("entitlements_response_snake.json")).unwrap();
    let calls = all.get("api_calls").unwrap();
    assert_eq!(calls.usage_limit, Some(1000));
    assert_eq!(calls.current_usage, Some(10));
    assert_eq!(calls.remaining, Some(990));
    assert!(calls.has_access && calls.allows_access());
    let new = all.get("priority").unwrap();
    assert_eq!(
        new.feature_type,
        FeatureType::Other("TIERED_SOMETHING_NEW".into())
    );
    assert!(all.has_access("priority"));
}
