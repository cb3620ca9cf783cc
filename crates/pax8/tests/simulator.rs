//! Flows against the stateful simulator (pax8.md §1.1, §1.3, §1.5, §1.7).

use std::time::Duration;

use paykit_pax8::testing::{CLIENT_ID, Pax8Simulator};
use paykit_pax8::*;
use serde_json::json;

async fn started() -> (Pax8Simulator, Client) {
    let sim = Pax8Simulator::start().await;
    let client = sim.client_builder().build().unwrap();
    (sim, client)
}

fn acme() -> NewCompany {
    NewCompany {
        name: "Acme Dental".into(),
        address: Address {
            city: Some("Denver".into()),
            country: Some("US".into()),
            ..Default::default()
        },
        phone: "+1 303 555 0100".into(),
        website: "https://acme.example".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_company_is_active_once_it_has_primary_contacts() {
    // pax8.md §1.5: Inactive until primary Admin, Billing and Technical contacts exist.
    let (sim, pax8) = started().await;
    let company = pax8.create_company(&acme()).await.unwrap();
    let id = company.id.clone().unwrap();
    assert_eq!(company.status, Some(CompanyStatus::Inactive));
    let billing_only = NewContact {
        types: vec![ContactType::primary(ContactRole::Billing)],
        ..NewContact::primary_for_all("Bob", "Ross", "bob@acme.example", "+1 303 555 0102")
    };
    pax8.create_contact(&id, &billing_only).await.unwrap();
    assert_eq!(
        pax8.get_company(&id).await.unwrap().status,
        Some(CompanyStatus::Inactive)
    );
    let ada = NewContact::primary_for_all("Ada", "Lovelace", "ada@acme.example", "+1 303 555 0101");
    let contact = pax8.create_contact(&id, &ada).await.unwrap();
    assert_eq!(contact.phone_number.as_deref(), Some("+1 303 555 0101"));
    assert_eq!(
        pax8.get_company(&id).await.unwrap().status,
        Some(CompanyStatus::Active)
    );
    // Newest first (pax8.md §1.5).
    let contacts = pax8.list_contacts(&id, &PageRequest::new()).await.unwrap();
    assert_eq!(contacts.items[0].first_name.as_deref(), Some("Ada"));
    pax8.delete_contact(&id, contact.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(sim.company(&id).unwrap()["status"], "Inactive");
    let missing = pax8
        .get_contact(&id, contact.id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert!(missing.is_not_found());
    assert_eq!(sim.tokens_issued(), 1);
}

#[tokio::test]
async fn products_stream_across_pages() {
    // pax8.md §1.3: pages of at most 200; LW/DK fetch all with size=200.
    let (sim, pax8) = started().await;
    sim.seed_products("Microsoft", 450);
    sim.seed_products("Acronis", 3);
    let all = pax8
        .products(&ProductFilter::default())
        .all_items()
        .await
        .unwrap();
    assert_eq!(all.len(), 453);
    let pages = sim
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/v1/products")
        .count();
    assert_eq!(pages, 3); // 200 + 200 + 53
    let filter = ProductFilter {
        size: Some(2),
        vendor_name: Some("Acronis".into()),
        sort: Some(ProductSort::Name),
        ..Default::default()
    };
    let acronis = pax8.products(&filter).all_items().await.unwrap();
    assert_eq!(acronis.len(), 3);
    assert_eq!(acronis[0].name.as_deref(), Some("Acronis product 001"));
    let page = pax8
        .list_products(&ProductFilter {
            page: Some(99),
            ..filter
        })
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn mock_orders_create_nothing_and_real_orders_create_subscriptions() {
    // pax8.md §1.5 (isMock), §1.7.2 (Pax8Partner), §1.6 (1-Time vs One-Time).
    let (sim, pax8) = started().await;
    let company = sim.seed_active_company("Acme");
    let products = sim.seed_products("Microsoft", 2);
    let order = NewOrder {
        company_id: company.clone(),
        line_items: vec![
            NewLineItem::new(1, &products[0], 5, BillingTerm::Monthly),
            NewLineItem::new(2, &products[1], 1, BillingTerm::OneTime),
        ],
        ordered_by: Some(OrderedBy::Pax8Partner),
    };
    let mock = pax8.create_mock_order(&order).await.unwrap();
    assert_eq!(mock.id, None);
    assert!(sim.orders().is_empty() && sim.subscriptions().is_empty());

    let placed = pax8.create_order(&order).await.unwrap();
    assert_eq!(placed.ordered_by, Some(OrderedBy::Pax8Partner));
    assert_eq!(sim.orders()[0]["orderedBy"], "Pax8Partner");
    assert_eq!(sim.subscriptions().len(), 2);
    let filter = SubscriptionFilter {
        company_id: Some(company.clone()),
        ..Default::default()
    };
    let subs = pax8.subscriptions(&filter).all_items().await.unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[1].billing_term, Some(BillingTerm::OneTime));
    let one_time = SubscriptionFilter {
        billing_term: Some(BillingTerm::OneTime),
        ..filter
    };
    assert_eq!(
        pax8.list_subscriptions(&one_time)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let orders = pax8
        .list_orders(&OrderFilter {
            company_id: Some(company),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(orders.items.len(), 1);
    assert_eq!(
        pax8.get_order(placed.id.as_deref().unwrap()).await.unwrap(),
        placed
    );
}

#[tokio::test]
async fn an_order_for_an_inactive_company_is_unprocessable() {
    // pax8.md §1.5: a company must be Active to be ordered for; 422.
    let (sim, pax8) = started().await;
    let company = pax8.create_company(&acme()).await.unwrap();
    let product = sim.seed_products("Microsoft", 1).remove(0);
    let order = NewOrder {
        company_id: company.id.unwrap(),
        line_items: vec![NewLineItem::new(1, product, 1, BillingTerm::Monthly)],
        ordered_by: None,
    };
    let err = pax8.create_order(&order).await.unwrap_err();
    assert!(err.is_unprocessable(), "{err:?}");
    assert_eq!(
        err.api().unwrap().kind.as_deref(),
        Some("UNPROCESSABLE_ENTITY")
    );
}

#[tokio::test]
async fn subscription_update_cancel_and_history() {
    // pax8.md §1.5, §1.7.1 (commitment).
    let (sim, pax8) = started().await;
    let company = sim.seed_active_company("Acme");
    let product = sim.seed_products("Microsoft", 1).remove(0);
    let id = sim.seed_subscription(&company, &product, 3);
    let sub = pax8.get_subscription(&id).await.unwrap();
    assert_eq!(sub.commitment.unwrap().term.as_deref(), Some("1-Year"));
    let start = sub.start_date.unwrap();
    let updated = pax8
        .update_subscription(
            &id,
            &SubscriptionUpdate::new(9, &start, BillingTerm::Monthly),
        )
        .await
        .unwrap();
    assert_eq!(updated.quantity, Some(9));
    pax8.cancel_subscription(&id, Some("2099-01-31"))
        .await
        .unwrap();
    let cancelled = pax8.get_subscription(&id).await.unwrap();
    assert_eq!(cancelled.status, Some(SubscriptionStatus::PendingCancel));
    let history = pax8.subscription_history(&id).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].quantity, Some(9));
}

#[tokio::test]
async fn invoices_and_usage() {
    // pax8.md §1.5: invoices, items, usage summaries and lines (usageDate required).
    let (sim, pax8) = started().await;
    let company = sim.seed_active_company("Acme");
    let invoice = sim.seed_invoice(&company, 7);
    let invoices = pax8
        .list_invoices(&InvoiceFilter {
            status: Some(InvoiceStatus::Unpaid),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(invoices.items.len(), 1);
    assert_eq!(invoices.items[0].total, Some("87.5".parse().unwrap()));
    let items = pax8
        .invoice_items(&invoice, &PageRequest::new().size(3))
        .all_items()
        .await
        .unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[0].rate_type, Some(RateType::Flat));
    let total: Decimal = items.iter().filter_map(|i| i.total).sum();
    assert_eq!(total, "87.50".parse().unwrap());

    let product = sim.seed_products("Microsoft", 1).remove(0);
    let sub = sim.seed_subscription(&company, &product, 1);
    let summary = sim.seed_usage_summary(&sub, &["2024-05-01", "2024-05-02"]);
    let summaries = pax8
        .list_usage_summaries(&sub, &UsageSummaryFilter::default())
        .await
        .unwrap();
    assert_eq!(summaries.items[0].id.as_deref(), Some(summary.as_str()));
    let lines = pax8
        .usage_lines(&summary, &UsageLineFilter::new("2024-05-02"))
        .all_items()
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].usage_date.as_deref(), Some("2024-05-02"));
    assert_eq!(
        pax8.get_usage_summary(&summary)
            .await
            .unwrap()
            .vendor_name
            .as_deref(),
        Some("Microsoft")
    );
}

#[tokio::test]
async fn a_page_size_over_200_is_a_400_from_the_simulator() {
    // pax8.md §1.3: maximum size 200 (the 400 is the simulator's choice).
    let sim = Pax8Simulator::start().await;
    let http = paykit_core::client::http_client_builder().build().unwrap();
    let token: serde_json::Value = http
        .post(sim.token_url())
        .header("content-type", "application/json")
        .body(json!({"client_id": CLIENT_ID, "client_secret": "sim-client-secret", "audience": "https://api.pax8.com", "grant_type": "client_credentials"}).to_string())
        .send().await.unwrap()
        .bytes().await.map(|b| serde_json::from_slice(&b).unwrap()).unwrap();
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let answer = http
        .get(format!("{}/companies?size=201", sim.base_url()))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    let ok = http
        .get(format!("{}/companies?size=200", sim.base_url()))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
}

#[tokio::test]
async fn tokens_expire_and_are_fetched_again() {
    // pax8.md §1.1: tokens expire.
    let (sim, pax8) = started().await;
    sim.set_token_lifetime(Duration::from_secs(1));
    pax8.list_companies(&CompanyFilter::default())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    pax8.list_companies(&CompanyFilter::default())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 2);
}

#[tokio::test]
async fn a_revoked_token_is_replaced_after_a_401() {
    // pax8.md §1.3: 401 means no valid API key.
    let (sim, pax8) = started().await;
    pax8.list_companies(&CompanyFilter::default())
        .await
        .unwrap();
    sim.revoke_tokens();
    pax8.list_companies(&CompanyFilter::default())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 2);
    let calls = sim
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/v1/companies")
        .count();
    assert_eq!(calls, 3); // ok, 401 with the revoked token, ok with the new one
}

#[tokio::test]
async fn concurrent_calls_share_one_token_from_the_simulator() {
    // pax8.md §1.1: one token, not one per request.
    let (sim, pax8) = started().await;
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let pax8 = pax8.clone();
            tokio::spawn(async move { pax8.list_products(&ProductFilter::default()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(sim.tokens_issued(), 1);
    assert_eq!(sim.token_requests(), 1);
}

#[tokio::test]
async fn unknown_credentials_are_refused() {
    // pax8.md §1.1: token errors 400/401.
    let sim = Pax8Simulator::start().await;
    let pax8 = ClientBuilder::new("who", SecretString::from("nope"))
        .base_url(sim.base_url())
        .token_url(sim.token_url())
        .build()
        .unwrap();
    let err = pax8
        .list_companies(&CompanyFilter::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Auth { ref error, .. } if error.as_deref() == Some("access_denied"))
    );
    assert_eq!(sim.token_requests(), 1);
    assert_eq!(sim.tokens_issued(), 0);
    sim.add_credentials("who", "nope");
    pax8.list_companies(&CompanyFilter::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn past_the_rate_a_429_with_retry_after_is_waited_out() {
    // pax8.md §1.3: 429; Retry-After (IMP).
    let (sim, pax8) = started().await;
    sim.set_rate_limit(Some((2, Duration::from_secs(1))));
    for _ in 0..3 {
        pax8.list_companies(&CompanyFilter::default())
            .await
            .unwrap();
    }
    let limited = sim
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/v1/companies")
        .count();
    assert_eq!(limited, 4); // the third call was refused once, then served
}

#[tokio::test]
async fn a_seeded_company_with_json() {
    // pax8.md §1.5: company filters and sort fields.
    let (sim, pax8) = started().await;
    let id =
        sim.seed_company(json!({"name": "Z", "status": "Deleted", "address": {"city": "Oslo"}}));
    sim.seed_active_company("A");
    let deleted = pax8
        .list_companies(&CompanyFilter {
            status: Some(CompanyStatus::Deleted),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(deleted.items.len(), 1);
    assert_eq!(deleted.items[0].id.as_deref(), Some(id.as_str()));
    let oslo = pax8
        .list_companies(&CompanyFilter {
            city: Some("Oslo".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(oslo.items.len(), 1);
    let sorted = pax8
        .companies(&CompanyFilter {
            sort: Some(CompanySort::Name),
            ..Default::default()
        })
        .all_items()
        .await
        .unwrap();
    assert_eq!(sorted[0].name.as_deref(), Some("A"));
}
