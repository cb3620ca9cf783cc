//! Flows against the stateful simulator (../shared/vendors/paritydeals.md §1.3-§1.5).

mod common;

use paykit_paritydeals::prelude::TryStreamExt;
use paykit_paritydeals::testing::{ParityDealsSimulator, PlanFeature};
use paykit_paritydeals::time::OffsetDateTime;
use paykit_paritydeals::{
    Cancellation, ChargePeriod, Client, CustomerFilter, CustomerUpdate, Error, EventReport,
    NewCheckout, NewCustomer, SubscriptionFilter, SubscriptionUpdate, UsageReport, WireStyle,
};
use serde_json::json;

async fn started(style: WireStyle) -> (ParityDealsSimulator, Client) {
    let sim = ParityDealsSimulator::start().await;
    sim.seed_plan(
        "pro",
        [
            PlanFeature::meter("api_calls", 10, true),
            PlanFeature::meter("exports", 2, false),
            PlanFeature::flag("sso"),
        ],
    );
    sim.seed_plan("scale", [PlanFeature::meter("api_calls", 100, true)]);
    let client = sim
        .client_builder()
        .wire_style(style)
        .retry(common::fast_retries())
        .build()
        .unwrap();
    (sim, client)
}

async fn full_flow(style: WireStyle) {
    let (sim, client) = started(style).await;
    // Customer.
    let customer = client
        .create_customer(&NewCustomer::new("cus_1").email("ada@example.com"))
        .await
        .unwrap();
    assert_eq!(customer.customer_id, "cus_1");
    // Checkout → subscription and features.
    let session = client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::Monthly)
                .customer_id("cus_1")
                .success_url("https://example.com/ok"),
        )
        .await
        .unwrap();
    assert!(
        session
            .checkout_url
            .starts_with("https://checkout.stripe.com/")
    );
    assert!(client.has_access("cus_1", "api_calls").await.unwrap());
    assert!(client.has_access("cus_1", "sso").await.unwrap());
    // Usage up to the hard limit: SET then DELTAs.
    client
        .report_usage(&UsageReport::set("cus_1", "api_calls", 7))
        .await
        .unwrap();
    client
        .report_usage(&UsageReport::delta("cus_1", "api_calls", 2))
        .await
        .unwrap();
    assert!(client.has_access("cus_1", "api_calls").await.unwrap());
    let e = client.get_entitlement("cus_1", "api_calls").await.unwrap();
    assert_eq!(e.entitlements.len(), 1);
    assert_eq!(e.entitlements[0].remaining, Some(1));
    client
        .report_usage(&UsageReport::delta("cus_1", "api_calls", 1))
        .await
        .unwrap();
    assert_eq!(sim.usage("cus_1", "api_calls"), Some(10));
    assert!(
        !client.has_access("cus_1", "api_calls").await.unwrap(),
        "hard limit reached"
    );
    // A soft limit over its limit still allows access (the SDK rule).
    client
        .report_usage(&UsageReport::set("cus_1", "exports", 5))
        .await
        .unwrap();
    let exports = client.get_entitlement("cus_1", "exports").await.unwrap();
    assert!(!exports.entitlements[0].has_access);
    assert!(exports.has_access("exports"));
    // Upgrade: the new plan's higher limit restores access, usage kept.
    let sub = sim.subscription_of("cus_1").unwrap();
    client
        .update_subscription(
            &sub,
            &SubscriptionUpdate::new("scale", ChargePeriod::Yearly),
        )
        .await
        .unwrap();
    assert!(client.has_access("cus_1", "api_calls").await.unwrap());
    assert_eq!(sim.usage("cus_1", "api_calls"), Some(10));
    assert!(
        !client.has_access("cus_1", "sso").await.unwrap(),
        "not in the new plan"
    );
    // Cancel at a date.
    let cancellation = Cancellation::days_after(OffsetDateTime::now_utc().date(), 30).unwrap();
    let date = cancellation.date().unwrap();
    client
        .cancel_subscription(&sub, &cancellation)
        .await
        .unwrap();
    let subs: Vec<_> = client
        .list_subscriptions(&SubscriptionFilter::new().customer_id("cus_1"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].plan_identifier.as_deref(), Some("scale"));
    assert_eq!(subs[0].fields["cancelAt"], json!(date.to_string()));
    assert_eq!(subs[0].fields["cancellationType"], json!("SPECIFIC_DATE"));
}

#[tokio::test]
async fn the_full_flow_in_the_sdk_style() {
    full_flow(WireStyle::Sdk).await;
}

#[tokio::test]
async fn the_full_flow_in_the_docs_style() {
    full_flow(WireStyle::Docs).await;
}

#[tokio::test]
async fn the_docs_curl_edge_path_is_served_too() {
    let (sim, _) = started(WireStyle::Sdk).await;
    sim.grant_feature("cus_9", PlanFeature::meter("api_calls", 1, true));
    let edge_root = sim.edge_url().trim_end_matches("/api/v1").to_owned();
    let client = sim
        .client_builder()
        .wire_style(WireStyle::Docs)
        .edge_url(edge_root)
        .build()
        .unwrap();
    assert!(client.has_access("cus_9", "api_calls").await.unwrap());
    client
        .report_usage(&UsageReport::delta("cus_9", "api_calls", 1))
        .await
        .unwrap();
    assert!(!client.has_access("cus_9", "api_calls").await.unwrap());
}

#[tokio::test]
async fn customers_page_archive_and_refuse_duplicates() {
    let (sim, client) = started(WireStyle::Sdk).await;
    for i in 0..5 {
        client
            .create_customer(&NewCustomer::new(format!("cus_{i}")))
            .await
            .unwrap();
    }
    let err = client
        .create_customer(&NewCustomer::new("cus_0"))
        .await
        .unwrap_err();
    let Error::Validation(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        api.field_errors("customerId"),
        ["customer with this customerId already exists."]
    );
    let err = client
        .create_customer(&NewCustomer::new("cus_x").email("nope"))
        .await
        .unwrap_err();
    assert_eq!(
        err.api_error().unwrap().field_errors("email"),
        ["Enter a valid email address."]
    );

    let all: Vec<_> = client
        .list_customers(&CustomerFilter::new().page_size(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    let page = client
        .list_customers_page(&CustomerFilter::new().page(2).page_size(2))
        .await
        .unwrap();
    assert_eq!(page.total_items, Some(5));
    assert_eq!(page.number, Some(2));
    let Some(paykit_paritydeals::core::Cursor::Marker(next)) = &page.next else {
        panic!("{:?}", page.next)
    };
    assert!(
        next.starts_with(&sim.base_url()),
        "{next} vs {}",
        sim.base_url()
    );
    // A stream from page 2 reads pages 2 and 3.
    let rest: Vec<_> = client
        .list_customers(&CustomerFilter::new().page(2).page_size(2))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 3);
    // Pages are requested with page/page_size only (3 pages of 2, then 1, then 2).
    let gets = sim
        .requests()
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!(gets, 6);

    let updated = client
        .update_customer("cus_1", &CustomerUpdate::new().name("One"))
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("One"));
    client.archive_customer("cus_1").await.unwrap();
    let err = client.get_customer("cus_1").await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert_eq!(sim.customers().len(), 4);
    let err = client
        .list_customers_page(&CustomerFilter::new().page(9).page_size(2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn cancel_rules_are_enforced_by_the_server() {
    let (sim, client) = started(WireStyle::Docs).await;
    client
        .create_checkout_session(&NewCheckout::new("pro", ChargePeriod::Monthly).customer_id("c"))
        .await
        .unwrap();
    let sub = sim.subscription_of("c").unwrap();
    // A raw request the typed client cannot express: SPECIFIC_DATE without a date.
    let raw = paykit_core::Client::builder("raw", sim.base_url())
        .auth(paykit_core::HeaderAuth::bearer(sim.api_key().into()))
        .build()
        .unwrap();
    for body in [
        json!({"cancellationType": "SPECIFIC_DATE"}),
        json!({"cancellation_type": "IMMEDIATE", "cancellation_date": "2099-01-01"}),
        json!({"cancellationType": "SPECIFIC_DATE", "cancellationDate": "01/01/2099"}),
    ] {
        let request = paykit_core::Request::post("raw.cancel", "/subscriptions/{}/cancel/")
            .arg(sub.clone())
            .body(&paykit_core::Json, &body);
        let err = raw.execute(request).await.unwrap_err();
        let http = err.http().unwrap();
        assert_eq!(http.status.as_u16(), 400, "{body}");
        let error: serde_json::Value = serde_json::from_slice(&http.body).unwrap();
        assert!(error["cancellationDate"].is_array(), "{error}");
    }
    // Immediate cancel ends the features.
    client
        .cancel_subscription(&sub, &Cancellation::Immediate)
        .await
        .unwrap();
    assert!(!client.has_access("c", "sso").await.unwrap());
    let err = client
        .cancel_subscription(&sub, &Cancellation::CurrentPeriodEnds)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
}

#[tokio::test]
async fn a_wrong_key_is_401_with_detail() {
    let sim = ParityDealsSimulator::start().await;
    let client = Client::builder("sk_wrong")
        .base_url(sim.base_url())
        .edge_url(sim.edge_url())
        .build()
        .unwrap();
    let err = client.get_customer("x").await.unwrap_err();
    let Error::Unauthorized(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        api.body,
        paykit_paritydeals::ErrorBody::Detail("Invalid token.".into())
    );
    let err = client.has_access("x", "y").await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
}

#[tokio::test]
async fn events_are_stored_once_per_key_and_unknown_things_are_refused() {
    let (sim, client) = started(WireStyle::Sdk).await;
    let seeded = sim.seed_customer(NewCustomer::new("c").email("c@example.com"));
    assert_eq!(seeded.email.as_deref(), Some("c@example.com"));
    assert_eq!(sim.customers(), [seeded]);
    let event = EventReport::new("c", "login").property("ip", "203.0.113.9");
    client.report_event(&event).await.unwrap();
    let again = client.report_event(&event).await.unwrap();
    assert_eq!(
        again.idempotency_key.as_deref(),
        Some(event.idempotency_key.as_str())
    );
    assert_eq!(sim.events().len(), 1);
    let err = client
        .report_usage(&UsageReport::delta("c", "not_granted", 1))
        .await
        .unwrap_err();
    assert_eq!(
        err.api_error().unwrap().field_errors("featureId"),
        ["Feature not found for this customer."]
    );
    let err = client
        .create_checkout_session(&NewCheckout::new("gold", ChargePeriod::Monthly))
        .await
        .unwrap_err();
    assert!(
        !err.api_error()
            .unwrap()
            .field_errors("planIdentifier")
            .is_empty()
    );
    let err = client.get_all_entitlements("nobody").await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}
