//! The exact requests on the wire in the default (SDK) style and the typed results
//! (plain wiremock; ../shared/vendors/paritydeals.md §1.2-§1.4 and "The reference SDK
//! itself").

mod common;

use common::{KEY, fixture_json, reply};
use paykit_paritydeals::prelude::{StreamExt, TryStreamExt};
use paykit_paritydeals::{
    Cancellation, CancellationType, ChargePeriod, Client, CustomerFilter, CustomerUpdate,
    Environment, EventReport, FeatureQuantity, FeatureType, NewCheckout, NewCustomer,
    SubscriptionFilter, SubscriptionUpdate, USER_AGENT, UsageBehaviour, UsageReport, WireStyle,
};
use serde_json::json;
use time::macros::{date, datetime};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every authenticated JSON call carries these (§1.3).
fn standard(mock: wiremock::MockBuilder) -> wiremock::MockBuilder {
    mock.and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("user-agent", USER_AGENT))
}

#[test]
fn environments_have_the_sdk_hosts() {
    // The reference SDK 1.0.1 constants (paritydeals.md, "The reference SDK itself").
    let hosts = |e: Environment| (e.base_url(), e.edge_url());
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        hosts(Environment::Production),
        pair(
            "https://api.paritydeals.com/api/v1",
            "https://edge.api.paritydeals.com/api/v1"
        )
    );
    assert_eq!(
        hosts(Environment::Sandbox),
        pair(
            "https://sandboxapi.paritydeals.com/api/v1",
            "https://edge.sandboxapi.paritydeals.com/api/v1"
        )
    );
    assert_eq!(
        hosts(Environment::Staging),
        pair(
            "https://stagingapi.paritydeals.com/api/v1",
            "https://edge.stagingapi.paritydeals.com/api/v1"
        )
    );
    let client = Client::builder("k")
        .environment(Environment::Sandbox)
        .build()
        .unwrap();
    assert_eq!(
        client.base_url(),
        "https://sandboxapi.paritydeals.com/api/v1"
    );
    assert_eq!(
        client.edge_url(),
        "https://edge.sandboxapi.paritydeals.com/api/v1"
    );
    assert_eq!(client.wire_style(), WireStyle::Sdk);
    // Overrides, trailing slashes stripped (§1.2).
    let kelviq = Client::builder("k")
        .base_url("https://api.kelviq.com/api/v1/")
        .edge_url("https://edge.api.kelviq.com/api/v1//")
        .build()
        .unwrap();
    assert_eq!(kelviq.base_url(), "https://api.kelviq.com/api/v1");
    assert_eq!(kelviq.edge_url(), "https://edge.api.kelviq.com/api/v1");
    // Only a base URL: the edge follows it, never a production host.
    let proxied = Client::builder("k")
        .base_url("https://proxy.example/pd/api/v1")
        .build()
        .unwrap();
    assert_eq!(proxied.edge_url(), "https://proxy.example/pd/api/v1");
    // The docs' curl form for the environment's edge host.
    let docs = Client::builder("k").edge_api_prefix(false).build().unwrap();
    assert_eq!(docs.edge_url(), "https://edge.api.paritydeals.com");
    // A URL that does not parse names its setter.
    let err = Client::builder("k")
        .base_url("not a url")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            paykit_paritydeals::Error::InvalidInput {
                field: "base_url",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn create_customer_sends_customer_id_snake_case() {
    // §1.4 D3: the SDK's customer create uses `customer_id`.
    let server = MockServer::start().await;
    standard(Mock::given(method("POST")).and(path("/api/v1/customers/")))
        .and(header("content-type", "application/json"))
        .and(body_json(fixture_json("customer_create_request_sdk.json")))
        .respond_with(reply(201, "customer_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let customer = common::client(&server.uri())
        .create_customer(
            &NewCustomer::new("cus_42")
                .email("ada@example.com")
                .name("Ada Lovelace")
                .metadata_entry("source", "website"),
        )
        .await
        .unwrap();
    assert_eq!(customer.customer_id, "cus_42");
    assert_eq!(
        customer.id.as_deref(),
        Some("3f8e2a4c-9b1d-4c6e-8f7a-2d5b9c0e1a34")
    );
    assert_eq!(
        customer.created_on,
        Some(datetime!(2025-06-01 12:30:45.123456 UTC))
    );
    assert_eq!(customer.metadata, Some(json!({"source": "website"})));
}

#[tokio::test]
async fn update_customer_patches_only_the_fields_set() {
    // §1.4: PATCH /customers/{customerId}/, only the fields sent change.
    let server = MockServer::start().await;
    standard(Mock::given(method("PATCH")).and(path("/api/v1/customers/cus%2042/")))
        .and(body_json(fixture_json("customer_update_request.json")))
        .respond_with(reply(200, "customer_response_snake.json"))
        .expect(1)
        .mount(&server)
        .await;
    let customer = common::client(&server.uri())
        .update_customer(
            "cus 42",
            &CustomerUpdate::new()
                .email("ada@analytical.example")
                .clear_name(),
        )
        .await
        .unwrap();
    // Snake-case responses read the same.
    assert_eq!(customer.customer_id, "cus_42");
    assert_eq!(
        customer.modified_on,
        Some(datetime!(2025-06-01 12:30:45.123456 UTC))
    );
}

#[tokio::test]
async fn get_and_archive_customer() {
    let server = MockServer::start().await;
    standard(Mock::given(method("GET")).and(path("/api/v1/customers/a%2Fb%3Fc/")))
        .respond_with(reply(200, "customer_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    standard(Mock::given(method("DELETE")).and(path("/api/v1/customers/cus_42/")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    // An id with `/` and `?` stays one path segment.
    assert_eq!(
        client.get_customer("a/b?c").await.unwrap().customer_id,
        "cus_42"
    );
    client.archive_customer("cus_42").await.unwrap();
}

#[tokio::test]
async fn list_customers_follows_next_links_by_query_only() {
    // §1.4: DRF count/next/previous/results; the fixture's next link names the production
    // host: only its query is used, the request stays on this server.
    let server = MockServer::start().await;
    standard(Mock::given(method("GET")).and(path("/api/v1/customers/")))
        .and(query_param("page_size", "2"))
        .and(query_param_is_missing("page"))
        .respond_with(reply(200, "customers_page_1.json"))
        .expect(1)
        .mount(&server)
        .await;
    standard(Mock::given(method("GET")).and(path("/api/v1/customers/")))
        .and(query_param("page_size", "2"))
        .and(query_param("page", "2"))
        .respond_with(reply(200, "customers_page_2.json"))
        .expect(2)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let all: Vec<_> = client
        .list_customers(&CustomerFilter::new().page_size(2))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|c| c.customer_id.as_str()).collect();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3"]);

    let page = client
        .list_customers_page(&CustomerFilter::new().page(2).page_size(2))
        .await
        .unwrap();
    assert_eq!(page.total_items, Some(3));
    assert_eq!(page.number, Some(2));
    assert_eq!(page.size, Some(2));
    assert_eq!(page.next, None);
    assert_eq!(page.items.len(), 1);

    // Page 0 and page size 0 are refused before anything is sent.
    for filter in [
        CustomerFilter::new().page(0),
        CustomerFilter::new().page_size(0),
    ] {
        let err = client.list_customers_page(&filter).await.unwrap_err();
        assert!(
            matches!(err, paykit_paritydeals::Error::InvalidInput { .. }),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn list_customers_is_lazy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers/"))
        .respond_with(reply(200, "customers_page_1.json"))
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let mut pages = client
        .list_customers(&CustomerFilter::new().page_size(2))
        .pages();
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing fetched before asked"
    );
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.total_items, Some(3));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn checkout_sends_the_camel_case_body() {
    // §1.4 "Create checkout": camelCase in both sources.
    let server = MockServer::start().await;
    standard(Mock::given(method("POST")).and(path("/api/v1/checkout/")))
        .and(body_json(fixture_json("checkout_request.json")))
        .respond_with(reply(201, "checkout_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    standard(Mock::given(method("POST")).and(path("/api/v1/checkout/")))
        .and(body_json(fixture_json(
            "checkout_request_pricing_table.json",
        )))
        .respond_with(reply(201, "checkout_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let session = client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::Monthly)
                .success_url("https://example.com/thanks")
                .offering_id("7d1f6c2e-0a4b-4e8d-9c3f-5b2a1e0d9c87")
                .customer_id("cus_42")
                .feature(FeatureQuantity::new("seats", 5))
                .ip_address("203.0.113.7"),
        )
        .await
        .unwrap();
    assert_eq!(session.checkout_session_id, "cs_test_a1B2c3D4");
    assert_eq!(
        session.checkout_url,
        "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4"
    );
    client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::SixMonths).pricing_table(
                "0b7e9a52-3c1d-4f60-8a2b-9d4e6f1c3a70",
                "5c2d8e1f-7a3b-4c9d-b0e6-1f2a3b4c5d6e",
            ),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn entitlements_go_to_the_edge_host_in_the_sdk_form() {
    // §1.4 D1/D2, SDK form: {edge}/api/v1/entitlements (no trailing slash), snake params.
    let api = MockServer::start().await;
    let edge = MockServer::start().await;
    standard(Mock::given(method("GET")).and(path("/api/v1/entitlements")))
        .and(query_param("customer_id", "cus_42"))
        .and(query_param("feature_id", "api_calls"))
        .respond_with(reply(200, "entitlements_response.json"))
        .expect(2)
        .mount(&edge)
        .await;
    standard(Mock::given(method("GET")).and(path("/api/v1/entitlements")))
        .and(query_param("customer_id", "cus_42"))
        .and(query_param_is_missing("feature_id"))
        .respond_with(reply(200, "entitlements_response.json"))
        .expect(1)
        .mount(&edge)
        .await;
    let client = common::builder(&api.uri(), &edge.uri()).build().unwrap();
    assert!(!client.has_access("cus_42", "api_calls").await.unwrap());
    let one = client.get_entitlement("cus_42", "api_calls").await.unwrap();
    assert_eq!(one.customer_id, "cus_42");
    let all = client.get_all_entitlements("cus_42").await.unwrap();
    assert_eq!(all.entitlements.len(), 7);
    let calls = all.get("api_calls").unwrap();
    assert_eq!(calls.feature_type, FeatureType::Meter);
    assert_eq!(calls.hard_limit, Some(true));
    assert_eq!(calls.usage_limit, Some(1000));
    assert_eq!(calls.current_usage, Some(1000));
    assert_eq!(calls.remaining, Some(0));
    assert_eq!(calls.reset_at, Some(datetime!(2025-07-01 00:00:00 UTC)));
    assert!(
        api.received_requests().await.unwrap().is_empty(),
        "nothing to the API host"
    );
}

#[tokio::test]
async fn has_access_follows_the_sdk_rule_exactly() {
    // §1.4 "has_access is computed client-side".
    let all: paykit_paritydeals::Entitlements =
        serde_json::from_value(fixture_json("entitlements_response.json")).unwrap();
    // METER, hard limit, remaining 0 → false.
    assert!(!all.has_access("api_calls"));
    // METER, soft limit, remaining 0, hasAccess false → true.
    assert!(all.has_access("exports"));
    // METER, hard limit, remaining null → false even though hasAccess is true.
    assert!(!all.has_access("storage_gb"));
    // METER, hard limit, remaining > 0 → true.
    assert!(all.has_access("tokens"));
    // Other types → hasAccess.
    assert!(all.has_access("sso"));
    assert!(!all.has_access("beta"));
    assert!(all.has_access("seats"));
    // Absent → false.
    assert!(!all.has_access("nope"));
}

#[tokio::test]
async fn report_usage_sends_behaviour_and_resource_id() {
    // §1.4 "Report usage": camelCase, British `behaviour`.
    let server = MockServer::start().await;
    standard(Mock::given(method("POST")).and(path("/api/v1/report/usage/")))
        .and(body_json(fixture_json("usage_request_delta.json")))
        .respond_with(reply(200, "usage_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    standard(Mock::given(method("POST")).and(path("/api/v1/report/usage/")))
        .and(body_json(fixture_json("usage_request_set.json")))
        .respond_with(reply(200, "usage_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let record = client
        .report_usage(&UsageReport::delta("cus_42", "api_calls", 5).resource_id("project-7"))
        .await
        .unwrap();
    assert_eq!(record.behaviour, Some(UsageBehaviour::Delta));
    assert_eq!(record.event_name.as_deref(), Some("aggregated.usage"));
    assert_eq!(
        record.idempotency_key.as_deref(),
        Some("4b9f0c7e2a6d4e1f8b3c5a7d9e0f1a2b")
    );
    assert_eq!(
        record.timestamp,
        Some(datetime!(2025-06-01 12:30:45.123456 UTC))
    );
    assert_eq!(record.org_id.as_deref(), Some("org_8c1d"));
    client
        .report_usage(&UsageReport::set("cus_42", "api_calls", 120))
        .await
        .unwrap();
}

#[tokio::test]
async fn report_event_sends_key_and_timestamp() {
    // §1.4 "Report event" (KQ-sdk): camelCase, %Y-%m-%d %H:%M:%S.%f.
    let server = MockServer::start().await;
    standard(Mock::given(method("POST")).and(path("/api/v1/report/event/")))
        .and(body_json(fixture_json("event_request.json")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    // Any offset; sent in UTC.
    let at = datetime!(2025-06-01 14:30:45.000001 +02:00);
    let record = client
        .report_event(
            &EventReport::new("cus_42", "file.uploaded")
                .idempotency_key("0123456789abcdef0123456789abcdef")
                .at(at)
                .resource_id("bucket-1")
                .property("bytes", 2048),
        )
        .await
        .unwrap();
    // An empty body reads as {} (as the SDK does).
    assert_eq!(record.idempotency_key, None);
    assert!(record.fields.is_empty());

    // A generated key and timestamp have the SDK's shapes.
    let generated = EventReport::new("cus_42", "x");
    assert_eq!(generated.idempotency_key.len(), 32);
    assert!(
        generated
            .idempotency_key
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
    );
    let age = time::OffsetDateTime::now_utc() - generated.timestamp;
    assert!(age.whole_seconds().abs() < 60, "now");

    // A timestamp that cannot be written as YYYY-... is refused before sending.
    let far = EventReport::new("cus_42", "x").at(time::OffsetDateTime::new_utc(
        time::Date::MIN,
        time::Time::MIDNIGHT,
    ));
    let err = client.report_event(&far).await.unwrap_err();
    assert!(
        matches!(
            err,
            paykit_paritydeals::Error::InvalidInput {
                field: "timestamp",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn update_subscription_mixes_snake_and_camel_like_the_sdk() {
    // §1.4 D3: plan_identifier/charge_period/pricing_table_id/rule_id/probation_behaviour
    // snake, ipAddress/features camel; POST (not PATCH) to .../update/.
    let server = MockServer::start().await;
    standard(Mock::given(method("POST")).and(path("/api/v1/subscriptions/sub_9f8e7d/update/")))
        .and(body_json(fixture_json(
            "subscription_update_request_sdk.json",
        )))
        .respond_with(reply(200, "subscription_update_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let updated = common::client(&server.uri())
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
    assert_eq!(updated.subscription_id.as_deref(), Some("sub_9f8e7d"));
}

#[tokio::test]
async fn cancel_subscription_sends_the_date_only_for_specific_date() {
    // §1.4 "Cancel subscription", D3 (snake in the SDK).
    let server = MockServer::start().await;
    standard(Mock::given(method("POST")).and(path("/api/v1/subscriptions/sub_1/cancel/")))
        .and(body_json(fixture_json("cancel_request_sdk.json")))
        .respond_with(reply(200, "cancel_response.json"))
        .expect(2)
        .mount(&server)
        .await;
    standard(Mock::given(method("POST")).and(path("/api/v1/subscriptions/sub_1/cancel/")))
        .and(body_json(json!({"cancellation_type": "IMMEDIATE"})))
        .respond_with(reply(200, "cancel_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    standard(Mock::given(method("POST")).and(path("/api/v1/subscriptions/sub_1/cancel/")))
        .and(body_json(
            json!({"cancellation_type": "CURRENT_PERIOD_ENDS"}),
        ))
        .respond_with(reply(200, "cancel_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let date = date!(2026 - 06 - 30);
    let answer = client
        .cancel_subscription("sub_1", &Cancellation::SpecificDate(date))
        .await
        .unwrap();
    assert_eq!(
        answer.message.as_deref(),
        Some("Subscription cancellation scheduled.")
    );
    client
        .cancel_subscription_with("sub_1", CancellationType::SpecificDate, Some("2026-06-30"))
        .await
        .unwrap();
    client
        .cancel_subscription("sub_1", &Cancellation::Immediate)
        .await
        .unwrap();
    client
        .cancel_subscription("sub_1", &Cancellation::CurrentPeriodEnds)
        .await
        .unwrap();
}

#[tokio::test]
async fn list_subscriptions_filters_by_customer() {
    // §1.4 "list subscriptions": GET /subscriptions/?customer_id=&page_size=.
    let server = MockServer::start().await;
    standard(Mock::given(method("GET")).and(path("/api/v1/subscriptions/")))
        .and(query_param("customer_id", "cus_42"))
        .and(query_param("page_size", "50"))
        .respond_with(reply(200, "subscriptions_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    let subs = common::client(&server.uri())
        .list_subscriptions(
            &SubscriptionFilter::new()
                .customer_id("cus_42")
                .page_size(50),
        )
        .try_collect::<Vec<_>>()
        .await
        .unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].id(), Some("sub_9f8e7d"));
    assert_eq!(subs[0].charge_period, Some(ChargePeriod::Monthly));
    assert_eq!(subs[0].status.as_deref(), Some("ACTIVE"));
    assert!(subs[0].fields.contains_key("features"));
}

#[test]
fn enums_keep_unknown_values_and_serialize_exact_strings() {
    // §1.4: new server values never break decoding.
    assert_eq!(
        ChargePeriod::from("TWENTY_EIGHT_DAYS"),
        ChargePeriod::TwentyEightDays
    );
    assert_eq!(
        serde_json::to_value(ChargePeriod::ThreeMonths).unwrap(),
        json!("THREE_MONTHS")
    );
    let other: FeatureType = serde_json::from_value(json!("TIERED")).unwrap();
    assert_eq!(other, FeatureType::Other("TIERED".into()));
    assert_eq!(serde_json::to_value(&other).unwrap(), json!("TIERED"));
    assert_eq!(UsageBehaviour::Delta.as_str(), "DELTA");
    assert_eq!(
        CancellationType::CurrentPeriodEnds.to_string(),
        "CURRENT_PERIOD_ENDS"
    );
}

#[tokio::test]
async fn a_user_agent_of_the_users_reaches_both_hosts() {
    // The edge client is derived from the API client: the user's User-Agent applies there too.
    let api = MockServer::start().await;
    let edge = MockServer::start().await;
    for server in [&api, &edge] {
        Mock::given(header("user-agent", "shop/2.0"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "customerId": "cus_1", "entitlements": [],
                "data": [], "count": 0, "next": null, "previous": null
            })))
            .mount(server)
            .await;
    }
    let client = common::builder(&api.uri(), &edge.uri())
        .user_agent("shop/2.0")
        .build()
        .unwrap();
    client.get_all_entitlements("cus_1").await.unwrap();
    let edge_seen = edge.received_requests().await.unwrap();
    assert_eq!(edge_seen.len(), 1);
    assert_eq!(edge_seen[0].headers["user-agent"], "shop/2.0");
    client
        .list_customers_page(&CustomerFilter::new())
        .await
        .unwrap();
    assert_eq!(
        api.received_requests().await.unwrap()[0].headers["user-agent"],
        "shop/2.0"
    );
}
