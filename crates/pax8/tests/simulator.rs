//! Flows against the stateful simulator (../shared/vendors/pax8.md §1.1, §1.3, §1.5, §1.7),
//! and the guarantees of the money calls against its injected faults.

use std::time::{Duration, Instant};

use paykit_pax8::prelude::*;
use paykit_pax8::testing::{CLIENT_ID, Fault, Pax8Simulator, SeedProduct};
use paykit_pax8::time::macros::date;
use paykit_pax8::*;
use serde_json::json;

async fn started() -> (Pax8Simulator, Client) {
    let sim = Pax8Simulator::start().await;
    let client = sim.client();
    (sim, client)
}

fn acme() -> NewCompany {
    NewCompany::new(
        "Acme Dental",
        Address::new().city("Denver").country("US"),
        "+1 303 555 0100",
        "https://acme.example",
    )
}

fn named(name: &str) -> NewCompany {
    NewCompany::new(
        name,
        Address::new().city("Denver").country("US"),
        "+1 303 555 0100",
        "https://example.com",
    )
}

#[tokio::test]
async fn a_company_is_active_once_it_has_primary_contacts() {
    // pax8.md §1.5: Inactive until primary Admin, Billing and Technical contacts exist.
    let (sim, pax8) = started().await;
    let company = pax8.create_company(&acme()).await.unwrap();
    let id = company.id.clone().unwrap();
    assert_eq!(company.status, Some(CompanyStatus::Inactive));
    let billing_only = NewContact::new("Bob", "Ross", "bob@acme.example", "+1 303 555 0102")
        .primary(ContactRole::Billing);
    pax8.create_contact(&id, &billing_only).await.unwrap();
    assert_eq!(
        pax8.get_company(&id).await.unwrap().status,
        Some(CompanyStatus::Inactive)
    );
    let ada =
        NewContact::new("Ada", "Lovelace", "ada@acme.example", "+1 303 555 0101").primary_for_all();
    let contact = pax8.create_contact(&id, &ada).await.unwrap();
    assert_eq!(contact.phone_number.as_deref(), Some("+1 303 555 0101"));
    assert!(contact.created_date.is_some());
    assert_eq!(
        pax8.get_company(&id).await.unwrap().status,
        Some(CompanyStatus::Active)
    );
    // Newest first (pax8.md §1.5).
    let contacts = pax8
        .list_contacts_page(&id, &ContactFilter::new())
        .await
        .unwrap();
    assert_eq!(contacts.items[0].first_name.as_deref(), Some("Ada"));
    assert_eq!(contacts.number, Some(0));
    pax8.delete_contact(&id, contact.id.as_deref().unwrap())
        .await
        .unwrap();
    let stored = sim.companies();
    assert_eq!(stored[0].status, Some(CompanyStatus::Inactive));
    let missing = pax8
        .get_contact(&id, contact.id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert!(missing.is_not_found());
    assert!(matches!(missing, Error::NotFound(_)));
    assert!(!missing.maybe_sent());
    assert_eq!(sim.tokens_issued(), 1);
}

#[tokio::test]
async fn products_stream_across_pages() {
    // pax8.md §1.3: pages of at most 200; LW/DK fetch all with size=200.
    let (sim, pax8) = started().await;
    sim.seed_products("Microsoft", 450);
    sim.seed_products("Acronis", 3);
    let all: Vec<Product> = pax8
        .list_products(&ProductFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 453);
    let pages = sim
        .requests()
        .await
        .into_iter()
        .filter(|r| r.path == "/v1/products")
        .count();
    assert_eq!(pages, 3); // 200 + 200 + 53
    let filter = ProductFilter::new()
        .page_size(2)
        .vendor_name("Acronis")
        .sort(ProductSort::Name);
    let acronis: Vec<Product> = pax8.list_products(&filter).try_collect().await.unwrap();
    assert_eq!(acronis.len(), 3);
    assert_eq!(acronis[0].name.as_deref(), Some("Acronis product 001"));
    let page = pax8
        .list_products_page(&filter.clone().page(1))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.number, Some(1));
    assert_eq!(page.total_pages, Some(2));
    assert_eq!(page.total_items, Some(3));
    assert!(!page.has_next());
    let past = pax8.list_products_page(&filter.page(99)).await.unwrap();
    assert!(past.items.is_empty());
    // Whole pages of the stream, with their positions.
    let numbers: Vec<Option<u64>> = pax8
        .list_products(&ProductFilter::new().vendor_name("Acronis").page_size(2))
        .pages()
        .map_ok(|p| p.number)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers, vec![Some(0), Some(1)]);
}

#[tokio::test]
async fn a_page_size_over_200_is_refused_before_sending() {
    let (sim, pax8) = started().await;
    let filter = CompanyFilter::new().page_size(201);
    let err = pax8.list_companies_page(&filter).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "page_size",
                ..
            }
        ),
        "{err:?}"
    );
    let mut stream = pax8.list_companies(&filter);
    assert!(matches!(
        stream.next().await,
        Some(Err(Error::InvalidInput { .. }))
    ));
    assert!(stream.next().await.is_none());
    assert!(sim.requests().await.is_empty());
}

#[tokio::test]
async fn seeded_products_are_typed() {
    let (sim, pax8) = started().await;
    let product = sim.seed_product(
        SeedProduct::new("Backup", "Acronis")
            .sku("ACR-1")
            .monthly_price(Decimal::new(450, 2), Decimal::new(599, 2))
            .provisioning_detail("tenant", "Tenant"),
    );
    let id = product.id.clone().unwrap();
    assert_eq!(sim.products(), vec![product.clone()]);
    assert_eq!(pax8.get_product(&id).await.unwrap(), product);
    let pricing = pax8.product_pricing(&id, None).await.unwrap();
    assert_eq!(
        pricing[0].rates[0].partner_buy_rate,
        Some(Decimal::new(450, 2))
    );
    let details = pax8.product_provisioning_details(&id).await.unwrap();
    assert_eq!(details[0].key.as_deref(), Some("tenant"));
}

#[tokio::test]
async fn mock_orders_create_nothing_and_real_orders_create_subscriptions() {
    // pax8.md §1.5 (isMock), §1.7.2 (Pax8Partner), §1.6 (1-Time vs One-Time).
    let (sim, pax8) = started().await;
    let company = sim.seed_active_company(named("Acme")).id.unwrap();
    let products = sim.seed_products("Microsoft", 2);
    let order = NewOrder::new(&company)
        .line_item(NewLineItem::new(
            1,
            products[0].id.clone().unwrap(),
            5,
            BillingTerm::Monthly,
        ))
        .line_item(NewLineItem::new(
            2,
            products[1].id.clone().unwrap(),
            1,
            BillingTerm::OneTime,
        ))
        .ordered_by(OrderedBy::Pax8Partner);
    let mock = pax8.create_mock_order(&order).await.unwrap();
    assert_eq!(mock.id, None);
    assert!(sim.orders().is_empty() && sim.subscriptions().is_empty());

    let placed = pax8.create_order(&order).await.unwrap();
    assert_eq!(placed.ordered_by, Some(OrderedBy::Pax8Partner));
    assert!(placed.created_date.is_some());
    assert_eq!(sim.orders()[0].ordered_by, Some(OrderedBy::Pax8Partner));
    assert_eq!(sim.subscriptions().len(), 2);
    let filter = SubscriptionFilter::new().company_id(&company);
    let subs: Vec<Subscription> = pax8
        .list_subscriptions(&filter)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].quantity, Some(5));
    assert_eq!(subs[1].billing_term, Some(BillingTerm::OneTime));
    let one_time = filter.billing_term(BillingTerm::OneTime);
    assert_eq!(
        pax8.list_subscriptions_page(&one_time)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let orders = pax8
        .list_orders_page(&OrderFilter::new().company_id(company))
        .await
        .unwrap();
    assert_eq!(orders.items.len(), 1);
    assert_eq!(
        pax8.get_order(placed.id.as_deref().unwrap()).await.unwrap(),
        placed
    );
}

#[tokio::test]
async fn an_order_for_an_inactive_company_is_a_validation_error() {
    // pax8.md §1.5: a company must be Active to be ordered for; 422.
    let (sim, pax8) = started().await;
    let company = pax8.create_company(&acme()).await.unwrap();
    let product = sim.seed_products("Microsoft", 1).remove(0);
    let order = NewOrder::new(company.id.unwrap()).line_item(NewLineItem::new(
        1,
        product.id.unwrap(),
        1,
        BillingTerm::Monthly,
    ));
    let err = pax8.create_order(&order).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(!err.maybe_sent());
    let api = err.api_error().unwrap();
    assert_eq!(api.kind.as_deref(), Some("UNPROCESSABLE_ENTITY"));
    assert_eq!(api.status.as_u16(), 422);
    assert!(err.to_string().contains("HTTP 422 Unprocessable Entity: "));
}

#[tokio::test]
async fn subscription_update_cancel_and_history() {
    // pax8.md §1.5, §1.7.1 (commitment).
    let (sim, pax8) = started().await;
    let company = sim.seed_active_company(named("Acme")).id.unwrap();
    let product = sim.seed_products("Microsoft", 1).remove(0).id.unwrap();
    let id = sim.seed_subscription(&company, &product, 3).id.unwrap();
    let sub = pax8.get_subscription(&id).await.unwrap();
    let commitment = sub.commitment.unwrap();
    assert_eq!(commitment.term.as_deref(), Some("1-Year"));
    assert_eq!(commitment.end_date, Some(date!(2099 - 12 - 31)));
    let start = sub.start_date.unwrap();
    let update = SubscriptionUpdate::new()
        .quantity(9)
        .start_date(start)
        .billing_term(BillingTerm::Monthly)
        .price("12.50".parse().unwrap());
    let updated = pax8.update_subscription(&id, &update).await.unwrap();
    assert_eq!(updated.quantity, Some(9));
    assert_eq!(updated.price, Some("12.50".parse().unwrap()));
    let sent = sim
        .requests()
        .await
        .into_iter()
        .rfind(|r| r.method == "PUT")
        .unwrap();
    assert!(
        sent.body_text().contains(r#""price":12.50"#),
        "{}",
        sent.body_text()
    );
    let empty = pax8
        .update_subscription(&id, &SubscriptionUpdate::new())
        .await
        .unwrap_err();
    assert!(matches!(empty, Error::InvalidInput { .. }));
    pax8.cancel_subscription(&id, Some(date!(2099 - 01 - 31)))
        .await
        .unwrap();
    let cancelled = pax8.get_subscription(&id).await.unwrap();
    assert_eq!(cancelled.status, Some(SubscriptionStatus::PendingCancel));
    assert_eq!(cancelled.end_date, Some(date!(2099 - 01 - 31)));
    let history = pax8.subscription_history(&id).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].quantity, Some(9));
}

#[tokio::test]
async fn invoices_and_usage() {
    // pax8.md §1.5: invoices, items, usage summaries and lines (usageDate required).
    let (sim, pax8) = started().await;
    let company = sim.seed_active_company(named("Acme")).id.unwrap();
    let invoice = sim.seed_invoice(&company, 7).id.unwrap();
    let invoices = pax8
        .list_invoices_page(&InvoiceFilter::new().status(InvoiceStatus::Unpaid))
        .await
        .unwrap();
    assert_eq!(invoices.items.len(), 1);
    assert_eq!(invoices.items[0].total, Some("87.5".parse().unwrap()));
    assert!(invoices.items[0].due_date.is_some());
    let items: Vec<InvoiceItem> = pax8
        .list_invoice_items(&invoice, &InvoiceItemFilter::new().page_size(3))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[0].rate_type, Some(RateType::Flat));
    let total: Decimal = items.iter().filter_map(|i| i.total).sum();
    assert_eq!(total, "87.50".parse().unwrap());

    let product = sim.seed_products("Microsoft", 1).remove(0).id.unwrap();
    let sub = sim.seed_subscription(&company, &product, 1).id.unwrap();
    let summary = sim
        .seed_usage_summary(&sub, &[date!(2024 - 05 - 01), date!(2024 - 05 - 02)])
        .id
        .unwrap();
    let summaries = pax8
        .list_usage_summaries_page(&sub, &UsageSummaryFilter::new())
        .await
        .unwrap();
    assert_eq!(summaries.items[0].id.as_deref(), Some(summary.as_str()));
    let lines: Vec<UsageLine> = pax8
        .list_usage_lines(&summary, &UsageLineFilter::new(date!(2024 - 05 - 02)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].usage_date, Some(date!(2024 - 05 - 02)));
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
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 2);
}

#[tokio::test]
async fn a_revoked_token_is_replaced_after_a_401() {
    // pax8.md §1.3: 401 means no valid API key.
    let (sim, pax8) = started().await;
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    sim.revoke_tokens();
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 2);
    let calls = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path == "/v1/companies")
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
            tokio::spawn(async move { pax8.list_products_page(&ProductFilter::new()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(sim.tokens_issued(), 1);
    assert_eq!(sim.token_requests(), 1);
}

#[tokio::test]
async fn unknown_credentials_are_unauthorized() {
    // pax8.md §1.1: token errors 400/401.
    let sim = Pax8Simulator::start().await;
    let pax8 = Client::builder("who", "nope")
        .base_url(sim.base_url())
        .build()
        .unwrap();
    let err = pax8
        .list_companies_page(&CompanyFilter::new())
        .await
        .unwrap_err();
    let Error::Unauthorized(api) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(api.kind.as_deref(), Some("access_denied"));
    assert_eq!(api.message.as_deref(), Some("Unauthorized"));
    assert!(!err.maybe_sent());
    assert_eq!(sim.token_requests(), 1);
    assert_eq!(sim.tokens_issued(), 0);
    sim.add_credentials("who", "nope");
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_client_pointed_at_the_simulator_by_base_url_alone_sends_its_secret_only_there() {
    // The bug this shape fixes: the token URL follows the base URL.
    let sim = Pax8Simulator::start().await;
    let pax8 = Client::builder(CLIENT_ID, "sim-client-secret")
        .base_url(sim.base_url())
        .rate_limit(None)
        .build()
        .unwrap();
    assert_eq!(pax8.token_url(), sim.token_url());
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 1);
    let token_calls: Vec<_> = sim
        .requests()
        .await
        .into_iter()
        .filter(|r| r.path == "/v1/token")
        .collect();
    assert_eq!(token_calls.len(), 1);
    assert!(token_calls[0].body_text().contains("sim-client-secret"));
    // Without a base URL, production stays the default.
    let production = Client::builder("id", "secret").build().unwrap();
    assert_eq!(production.token_url(), "https://api.pax8.com/v1/token");
    // An explicit token URL wins over the derived one.
    let login = Client::builder("id", "secret")
        .base_url(sim.base_url())
        .token_config(TokenConfig::login_pax8())
        .build()
        .unwrap();
    assert_eq!(login.token_url(), "https://login.pax8.com/oauth/token");
}

#[tokio::test]
async fn error_text_never_holds_a_credential_even_when_the_server_echoes_it() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let secret = "echoed-secret-value-42";
    let token = "echoed-token-value-43";
    // The token endpoint refuses, quoting the secret.
    let refusing = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": "access_denied", "error_description": format!("bad secret {secret}")}),
        ))
        .mount(&refusing)
        .await;
    let pax8 = Client::builder("id", secret)
        .base_url(format!("{}/v1", refusing.uri()))
        .build()
        .unwrap();
    let err = pax8.authenticate().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(secret), "{err:?}");
    // The API refuses, quoting the secret and the token.
    let echoing = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": token, "expires_in": 3600})),
        )
        .mount(&echoing)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/companies"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"message": format!("you sent {token} for {secret}"), "errors": [secret]}),
        ))
        .mount(&echoing)
        .await;
    let pax8 = Client::builder("id", secret)
        .base_url(format!("{}/v1", echoing.uri()))
        .build()
        .unwrap();
    let err = pax8
        .list_companies_page(&CompanyFilter::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(secret) && !text.contains(token), "{text}");
    assert!(text.contains("[REDACTED]"));
}

#[tokio::test]
async fn a_read_is_retried_after_a_503() {
    let (sim, pax8) = started().await;
    sim.seed_active_company(named("Acme"));
    sim.inject(Fault::status(503).times(2).on("pax8.list_companies"));
    let page = pax8
        .list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let calls = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path == "/v1/companies")
        .count();
    assert_eq!(calls, 3);
}

#[tokio::test]
async fn a_429_with_retry_after_is_honoured() {
    // pax8.md §1.3: 429; Retry-After (IMP).
    let (sim, pax8) = started().await;
    sim.inject(Fault::rate_limited(Duration::from_secs(1)).on("pax8.list_companies"));
    let started = Instant::now();
    pax8.list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900));
    let calls = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path == "/v1/companies")
        .count();
    assert_eq!(calls, 2);
}

#[tokio::test]
async fn a_429_that_persists_is_rate_limited_with_its_retry_after() {
    let sim = Pax8Simulator::start().await;
    let pax8 = sim
        .client_builder()
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    sim.inject(Fault::rate_limited(Duration::from_secs(7)).on("pax8.list_orders"));
    let err = pax8
        .list_orders_page(&OrderFilter::new())
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(
        err.api_error().unwrap().retry_after,
        Some(Duration::from_secs(7))
    );
    assert!(!err.maybe_sent());
}

async fn order_ready(sim: &Pax8Simulator) -> NewOrder {
    let company = sim.seed_active_company(named("Acme")).id.unwrap();
    let product = sim.seed_products("Microsoft", 1).remove(0).id.unwrap();
    NewOrder::new(company).line_item(NewLineItem::new(1, product, 1, BillingTerm::Monthly))
}

async fn order_posts(sim: &Pax8Simulator) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/orders")
        .count()
}

#[tokio::test]
async fn an_order_answered_503_is_sent_once_and_maybe_sent() {
    let (sim, pax8) = started().await;
    let order = order_ready(&sim).await;
    sim.inject(Fault::status(503).on("pax8.create_order"));
    let err = pax8.create_order(&order).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(matches!(err, Error::Api(_)));
    assert!(err.maybe_sent());
    assert_eq!(order_posts(&sim).await, 1);
    assert!(sim.orders().is_empty());
}

#[tokio::test]
async fn an_order_whose_connection_drops_is_sent_once_and_maybe_sent() {
    let (sim, pax8) = started().await;
    let order = order_ready(&sim).await;
    sim.inject(Fault::drop_connection().on("pax8.create_order"));
    let err = pax8.create_order(&order).await.unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
    assert_eq!(order_posts(&sim).await, 1);
    assert!(sim.orders().is_empty());
}

#[tokio::test]
async fn an_order_that_times_out_is_sent_once_and_maybe_sent() {
    let sim = Pax8Simulator::start().await;
    let pax8 = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let order = order_ready(&sim).await;
    pax8.authenticate().await.unwrap();
    sim.inject(Fault::delay(Duration::from_secs(1)).on("pax8.create_order"));
    let err = pax8.create_order(&order).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.maybe_sent());
    assert_eq!(order_posts(&sim).await, 1);
    // The slow answer still placed it, once.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(sim.orders().len(), 1);
}

#[tokio::test]
async fn a_seeded_company_filters_and_sorts() {
    // pax8.md §1.5: company filters and sort fields.
    let (sim, pax8) = started().await;
    let oslo = sim.seed_company(NewCompany::new(
        "Z",
        Address::new().city("Oslo"),
        "+47 1",
        "https://z.example",
    ));
    sim.seed_active_company(named("A"));
    let inactive = pax8
        .list_companies_page(&CompanyFilter::new().status(CompanyStatus::Inactive))
        .await
        .unwrap();
    assert_eq!(inactive.items.len(), 1);
    assert_eq!(inactive.items[0].id, oslo.id);
    let in_oslo = pax8
        .list_companies_page(&CompanyFilter::new().city("Oslo"))
        .await
        .unwrap();
    assert_eq!(in_oslo.items.len(), 1);
    let sorted: Vec<Company> = pax8
        .list_companies(&CompanyFilter::new().sort(CompanySort::Name))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sorted[0].name.as_deref(), Some("A"));
    assert!(sorted[0].updated_date.is_some());
}

#[tokio::test]
async fn an_order_whose_answer_is_cut_short_is_sent_once_and_maybe_sent() {
    let (sim, pax8) = started().await;
    let order = order_ready(&sim).await;
    sim.inject(Fault::truncated_body().on("pax8.create_order"));
    let err = pax8.create_order(&order).await.unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
    assert_eq!(order_posts(&sim).await, 1);
    // The order was processed before the answer was cut: it exists, once.
    assert_eq!(sim.orders().len(), 1);
}

#[tokio::test]
async fn a_token_endpoint_answering_503_is_retried() {
    let (sim, pax8) = started().await;
    sim.inject(Fault::status(503).on("pax8.token"));
    pax8.authenticate().await.unwrap();
    assert_eq!(sim.token_requests(), 1); // the 503 was a fault: never reached the handler
    let token_calls = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path == "/v1/token")
        .count();
    assert_eq!(token_calls, 2);
}

#[test]
fn from_env_names_the_missing_variable() {
    // The environment is not changed here (that needs `unsafe`); the check runs where the
    // variable is absent, as in CI.
    if std::env::var_os("PAYKIT_PAX8_CLIENT_ID").is_some() {
        return;
    }
    let err = Client::from_env().unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_PAX8_CLIENT_ID",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_client_uses_one_connection_for_its_token_and_its_calls() {
    // Issue 13: the Pax8 client opened a second connection pool for its token endpoint.
    let sim = Pax8Simulator::start().await;
    let client = sim.client();
    for _ in 0..10 {
        client
            .list_companies_page(&CompanyFilter::new())
            .await
            .unwrap();
    }
    assert_eq!(sim.tokens_issued(), 1);
    assert_eq!(
        sim.connections(),
        1,
        "one pool: the token and 10 calls on one connection"
    );
}
