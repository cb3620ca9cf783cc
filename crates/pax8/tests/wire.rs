//! The exact requests on the wire and typed results, resource by resource (pax8.md §1.5).

mod common;

use common::{TOKEN, builder, fixture_json, mount_token, reply, requests_to};
use paykit_pax8::prelude::*;
use paykit_pax8::time::macros::date;
use paykit_pax8::*;
use rust_decimal::Decimal;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mocked() -> (MockServer, Client) {
    let server = MockServer::start().await;
    mount_token(&server).await;
    let client = builder(&server).build().unwrap();
    (server, client)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// The query string of the only request to `at`.
async fn query_of(server: &MockServer, at: &str) -> String {
    let requests = requests_to(server, at).await;
    assert_eq!(requests.len(), 1, "requests to {at}");
    requests[0].url.query().unwrap_or("").to_owned()
}

#[tokio::test]
async fn list_companies_sends_every_filter() {
    // pax8.md §1.5: GET /companies filters and sort fields.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/companies"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            concat!("paykit-pax8/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(reply("companies_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    let filter = CompanyFilter::new()
        .page(2)
        .page_size(200)
        .sort(CompanySort::StateOrProvince)
        .city("Denver")
        .country("US")
        .state_or_province("CO")
        .postal_code("80202")
        .self_service_allowed(false)
        .bill_on_behalf_of_enabled(true)
        .order_approval_required(false)
        .status(CompanyStatus::Active);
    let page = client.list_companies_page(&filter).await.unwrap();
    assert_eq!(
        query_of(&server, "/v1/companies").await,
        "page=2&size=200&sort=stateOrProvince&city=Denver&country=US&stateOrProvince=CO&postalCode=80202&selfServiceAllowed=false&billOnBehalfOfEnabled=true&orderApprovalRequired=false&status=Active"
    );
    assert_eq!(page.items.len(), 2);
    // The page as the server numbered it (from 0).
    assert_eq!(
        (page.size, page.total_items, page.total_pages, page.number),
        (Some(2), Some(5), Some(3), Some(0))
    );
    assert!(page.has_next());
    let acme = &page.items[0];
    assert_eq!(acme.status, Some(CompanyStatus::Active));
    assert_eq!(
        acme.address.as_ref().unwrap().street2.as_deref(),
        Some("Suite 2")
    );
    assert_eq!(acme.bill_on_behalf_of_enabled, Some(true));
    // An unknown status is kept, not a decode failure (pax8.md §1.6).
    assert_eq!(
        page.items[1].status,
        Some(CompanyStatus::Other("Suspended".into()))
    );
}

#[tokio::test]
async fn a_page_size_over_200_is_refused_before_sending() {
    // pax8.md §1.3: at most 200.
    let (server, client) = mocked().await;
    for size in [0, 201, 1000] {
        let filter = CompanyFilter::new().page_size(size);
        let err = client.list_companies_page(&filter).await.unwrap_err();
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
        assert!(err.is_invalid_input());
        let stream = client.list_invoices(&InvoiceFilter::new().page_size(size));
        let err = stream.try_collect::<Vec<_>>().await.unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "page_size",
                ..
            }
        ));
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_and_create_company() {
    // pax8.md §1.5: POST /companies answers 200 with the Company.
    let (server, client) = mocked().await;
    let created = fixture_json("companies_page.json")["content"][0].clone();
    Mock::given(method("POST"))
        .and(path("/v1/companies"))
        .and(header("content-type", "application/json"))
        .and(body_json(fixture_json("company_request.json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(created.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/id%2Fwith%3Fodd"))
        .respond_with(ResponseTemplate::new(200).set_body_json(created))
        .expect(1)
        .mount(&server)
        .await;
    let company = client
        .create_company(&NewCompany::new(
            "Acme Dental",
            Address::new()
                .street("1 Main St")
                .city("Denver")
                .state_or_province("CO")
                .postal_code("80202")
                .country("US"),
            "+1 303 555 0100",
            "https://acme-dental.example",
        ))
        .await
        .unwrap();
    assert_eq!(company.name.as_deref(), Some("Acme Dental"));
    // An id cannot change the path.
    client.get_company("id/with?odd").await.unwrap();
}

#[tokio::test]
async fn contacts_crud() {
    // pax8.md §1.5: contacts table; DELETE answers 204.
    let (server, client) = mocked().await;
    let contact = fixture_json("contact_live.json");
    let base = "/v1/companies/c-1/contacts";
    Mock::given(method("GET")).and(path(base)).and(query_param("size", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": [contact], "page": {"size": 5, "totalElements": 1, "totalPages": 1, "number": 0}})))
        .expect(1).mount(&server).await;
    let body = json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@acme-dental.example", "phone": "+1 303 555 0101",
        "types": [{"type": "Admin", "primary": true}, {"type": "Billing", "primary": true}, {"type": "Technical", "primary": true}]});
    Mock::given(method("POST"))
        .and(path(base))
        .and(body_json(body.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("{base}/k-1")))
        .and(body_json(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{base}/k-1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(contact.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{base}/k-1")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let page = client
        .list_contacts_page("c-1", &ContactFilter::new().page_size(5))
        .await
        .unwrap();
    let read = &page.items[0];
    // The undocumented phone fields, with the README's lowercase spelling (pax8.md §1.7.3).
    assert_eq!(read.phone_number.as_deref(), Some("3035550101"));
    assert_eq!(read.phone_country_code.as_deref(), Some("US"));
    assert_eq!(read.phone_country_calling_code.as_deref(), Some("1"));
    assert_eq!(read.types[0], ContactType::primary(ContactRole::Admin));
    assert_eq!(read.types[3].kind, ContactRole::Other("Executive".into()));
    let new = NewContact::new(
        "Ada",
        "Lovelace",
        "ada@acme-dental.example",
        "+1 303 555 0101",
    )
    .primary_for_all();
    client.create_contact("c-1", &new).await.unwrap();
    client.update_contact("c-1", "k-1", &new).await.unwrap();
    client.get_contact("c-1", "k-1").await.unwrap();
    client.delete_contact("c-1", "k-1").await.unwrap();
}

#[tokio::test]
async fn product_endpoints() {
    // pax8.md §1.5: products; §1.3: {content}-only bodies.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/products"))
        .respond_with(reply("products_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture_json("products_page.json")["content"][0].clone()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1/provision-details"))
        .respond_with(reply("provision_details.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1/dependencies"))
        .respond_with(reply("dependencies.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1/pricing"))
        .and(query_param("companyId", "c-1"))
        .respond_with(reply("pricing.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1/pricing"))
        .and(query_param_is_missing("companyId"))
        .respond_with(reply("pricing.json"))
        .expect(1)
        .mount(&server)
        .await;

    let filter = ProductFilter::new()
        .sort(ProductSort::Vendor)
        .vendor_name("Microsoft");
    let all: Vec<Product> = client.list_products(&filter).try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        query_of(&server, "/v1/products").await,
        "page=0&size=200&sort=vendor&vendorName=Microsoft"
    );
    assert_eq!(all[1].requires_commitment, Some(false));
    client.get_product("p-1").await.unwrap();

    let details = client.product_provisioning_details("p-1").await.unwrap();
    assert_eq!(details[0].value_type, Some(ValueType::Input));
    assert_eq!(details[0].possible_values, None);
    assert_eq!(details[1].value_type, Some(ValueType::SingleValue));
    assert_eq!(
        details[2].value_type,
        Some(ValueType::Other("Multi-Choice".into()))
    );

    let deps = client.product_dependencies("p-1").await.unwrap();
    assert_eq!(
        deps.commitment_dependencies[0].term.as_deref(),
        Some("3-Year")
    );
    assert_eq!(
        deps.commitment_dependencies[0].renewal_window_days_before_term_end,
        Some(30)
    );
    assert_eq!(
        deps.product_dependencies[0].products[0].id.as_deref(),
        Some("p-9")
    );

    let pricing = client.product_pricing("p-1", Some("c-1")).await.unwrap();
    assert_eq!(pricing.len(), 3);
    assert_eq!(pricing[0].commitment_term_in_months, Some(12));
    assert_eq!(pricing[0].rates[0].partner_buy_rate, Some(dec("5.4")));
    assert_eq!(
        pricing[0].rates[0].suggested_retail_price,
        Some(dec("6.00"))
    );
    assert_eq!(pricing[0].rates[0].charge_type, Some(ChargeType::PerUnit));
    assert_eq!(pricing[1].billing_term, Some(BillingTerm::OneTime));
    assert_eq!(pricing[1].kind, Some(PricingType::Volume));
    // PY's spelling of GEN's values (pax8.md §1.6).
    assert_eq!(pricing[1].rates[0].charge_type, Some(ChargeType::PerUnit));
    assert_eq!(pricing[1].rates[0].partner_buy_rate, Some(dec("19.99")));
    assert_eq!(pricing[1].rates[0].end_quantity_range, Some(dec("100")));
    assert_eq!(pricing[2].rates[0].charge_type, Some(ChargeType::FlatRate));
    assert_eq!(
        pricing[2].billing_term,
        Some(BillingTerm::Other("Quarterly".into()))
    );
    assert_eq!(pricing[2].kind, Some(PricingType::MarkUp));
    client.product_pricing("p-1", None).await.unwrap();
}

#[tokio::test]
async fn orders_list_get_create_and_mock() {
    // pax8.md §1.5: orders, isMock as a query parameter.
    let (server, client) = mocked().await;
    let live = fixture_json("order_response_live.json");
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .and(query_param_is_missing("isMock"))
        .and(body_json(fixture_json("order_request.json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(live.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .and(query_param("isMock", "true"))
        .and(body_json(fixture_json("order_request.json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(live.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/v1/orders")).and(query_param("companyId", "c-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": [live.clone()], "page": {"size": 10, "totalElements": 1, "totalPages": 1, "number": 0}})))
        .expect(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/orders/o-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(live))
        .expect(1)
        .mount(&server)
        .await;

    let order = NewOrder::new("1b0e8e2c-7d7a-4a4c-9f0a-1c2d3e4f5a6b")
        .line_item(
            NewLineItem::new(1, "p-1", 5, BillingTerm::Monthly)
                .provisioning_detail(ProvisioningValue::new("domain", "acme-dental.example")),
        )
        .line_item(NewLineItem::new(2, "p-2", 1, BillingTerm::OneTime).parent_line_item_number(1))
        .ordered_by(OrderedBy::Pax8Partner);
    let placed = client.create_order(&order).await.unwrap();
    // Read back as "Pax8Partner", the same value (pax8.md §1.7.2).
    assert_eq!(placed.ordered_by, Some(OrderedBy::Pax8Partner));
    assert_eq!(
        placed.line_items[1].billing_term,
        Some(BillingTerm::OneTime)
    );
    assert_eq!(placed.line_items[0].subscription_id.as_deref(), Some("s-1"));
    client.create_mock_order(&order).await.unwrap();
    let filter = OrderFilter::new().company_id("c-1");
    assert_eq!(
        client.list_orders_page(&filter).await.unwrap().items.len(),
        1
    );
    client.get_order("o-1").await.unwrap();
    let empty = NewOrder::new("c");
    assert!(
        client
            .create_order(&empty)
            .await
            .unwrap_err()
            .is_invalid_input()
    );
}

#[tokio::test]
async fn subscriptions_endpoints() {
    // pax8.md §1.5: subscriptions; cancelDate yyyy-MM-dd (DK).
    let (server, client) = mocked().await;
    let live = fixture_json("subscription_live.json");
    Mock::given(method("GET")).and(path("/v1/subscriptions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": [live.clone()], "page": {"size": 50, "totalElements": 1, "totalPages": 1, "number": 0}})))
        .expect(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions/s-1"))
        .respond_with(reply("subscription_docs.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).and(path("/v1/subscriptions/s-1"))
        .and(body_json(json!({"quantity": 7, "startDate": "2024-05-12", "billingTerm": "1-Time", "price": 6.5})))
        .respond_with(ResponseTemplate::new(200).set_body_json(live.clone())).expect(1).mount(&server).await;
    Mock::given(method("DELETE"))
        .and(path("/v1/subscriptions/s-1"))
        .and(query_param("cancelDate", "2024-06-30"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/subscriptions/s-2"))
        .and(query_param_is_missing("cancelDate"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions/s-1/history"))
        .respond_with(reply("subscription_history.json"))
        .expect(1)
        .mount(&server)
        .await;

    let filter = SubscriptionFilter::new()
        .page_size(50)
        .sort(SubscriptionSort::BillingStart)
        .status(SubscriptionStatus::PendingCancel)
        .billing_term(BillingTerm::OneTime)
        .company_id("c-1")
        .product_id("p-1");
    let page = client.list_subscriptions_page(&filter).await.unwrap();
    assert_eq!(
        query_of(&server, "/v1/subscriptions").await,
        "size=50&sort=billingStart&status=PendingCancel&billingTerm=One-Time&companyId=c-1&productId=p-1"
    );
    let sub = &page.items[0];
    // The live API's `commitment` (pax8.md §1.7.1), `1-Time`, money as numbers or strings.
    assert_eq!(
        sub.commitment.as_ref().unwrap().term.as_deref(),
        Some("1-Year")
    );
    assert_eq!(sub.billing_term, Some(BillingTerm::OneTime));
    assert_eq!(sub.partner_cost, Some(dec("5.40")));
    assert_eq!(sub.price, Some(dec("6")));
    // The documented `commitmentTerm` reads the same.
    let docs = client.get_subscription("s-1").await.unwrap();
    assert_eq!(docs.commitment, sub.commitment);
    assert_eq!(
        docs.status,
        Some(SubscriptionStatus::Other("AwaitingVendor".into()))
    );

    // Dates: lenient on read (a date, or a date-time with an offset).
    assert_eq!(sub.start_date, Some(date!(2024 - 05 - 12)));
    let update = SubscriptionUpdate::new()
        .quantity(7)
        .start_date(date!(2024 - 05 - 12))
        .billing_term(BillingTerm::OneTime)
        .price(dec("6.50"));
    client.update_subscription("s-1", &update).await.unwrap();
    // The price goes out with the decimal's own digits, never through f64.
    let put = requests_to(&server, "/v1/subscriptions/s-1")
        .await
        .into_iter()
        .find(|r| r.method.as_str() == "PUT")
        .unwrap();
    assert_eq!(
        String::from_utf8(put.body).unwrap(),
        r#"{"quantity":7,"startDate":"2024-05-12","billingTerm":"1-Time","price":6.50}"#
    );
    client
        .cancel_subscription("s-1", Some(date!(2024 - 06 - 30)))
        .await
        .unwrap();
    client.cancel_subscription("s-2", None).await.unwrap();
    let history = client.subscription_history("s-1").await.unwrap();
    assert_eq!(
        history.iter().map(|s| s.quantity).collect::<Vec<_>>(),
        [Some(5), Some(7)]
    );
}

#[tokio::test]
async fn usage_summaries_and_lines() {
    // pax8.md §1.5: usage-summaries (hyphenated), usage lines.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions/s-1/usage-summaries"))
        .respond_with(reply("usage_summaries_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/usage-summaries/us-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture_json("usage_summaries_page.json")["content"][0].clone()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/usage-summaries/us-1/usage-lines"))
        .respond_with(reply("usage_lines_page.json"))
        .expect(1)
        .mount(&server)
        .await;

    let filter = UsageSummaryFilter::new()
        .sort(UsageSummarySort::PartnerTotal)
        .resource_group("rg-main")
        .company_id("c-1");
    let summaries = client
        .list_usage_summaries_page("s-1", &filter)
        .await
        .unwrap();
    assert_eq!(
        query_of(&server, "/v1/subscriptions/s-1/usage-summaries").await,
        "sort=partnerTotal&resourceGroup=rg-main&companyId=c-1"
    );
    assert_eq!(summaries.items[0].current_charges, Some(dec("42.1")));
    assert_eq!(summaries.items[0].partner_total, Some(dec("40.00")));
    client.get_usage_summary("us-1").await.unwrap();
    let lines = UsageLineFilter::new(date!(2024 - 05 - 01))
        .product_id("azure")
        .page_size(25);
    let page = client.list_usage_lines_page("us-1", &lines).await.unwrap();
    assert_eq!(
        query_of(&server, "/v1/usage-summaries/us-1/usage-lines").await,
        "size=25&usageDate=2024-05-01&productId=azure"
    );
    assert_eq!(page.items[0].unit_price, Some(dec("0.05")));
    assert_eq!(page.items[0].usage_date, Some(date!(2024 - 05 - 01)));
    // The usage date is required (pax8.md §1.5): `UsageLineFilter::new` takes it.
}

#[tokio::test]
async fn invoices_and_items() {
    // pax8.md §1.5: invoice filters and sort fields.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices"))
        .respond_with(reply("invoices_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices/inv-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture_json("invoices_page.json")["content"][0].clone()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/invoices/inv-1/items"))
        .respond_with(reply("invoice_items_page.json"))
        .expect(1)
        .mount(&server)
        .await;

    let filter = InvoiceFilter::new()
        .sort(InvoiceSort::CarriedBalance)
        .status(InvoiceStatus::NothingDue)
        .invoice_date(date!(2024 - 05 - 01))
        .invoice_date_range_start(date!(2024 - 01 - 01))
        .invoice_date_range_end(date!(2024 - 12 - 31))
        .due_date(date!(2024 - 05 - 31))
        .total(dec("1234.56"))
        .balance(dec("0"))
        .carried_balance(dec("0.00"))
        .company_id("c-1");
    let invoices = client.list_invoices_page(&filter).await.unwrap();
    assert_eq!(
        query_of(&server, "/v1/invoices").await,
        "sort=carriedBalance&status=Nothing+Due&invoiceDate=2024-05-01&invoiceDateRangeStart=2024-01-01&invoiceDateRangeEnd=2024-12-31&dueDate=2024-05-31&total=1234.56&balance=0&carriedBalance=0.00&companyId=c-1"
    );
    assert_eq!(invoices.items[0].status, Some(InvoiceStatus::NothingDue));
    assert_eq!(invoices.items[0].total, Some(dec("1234.56")));
    assert_eq!(invoices.items[1].balance, Some(dec("99.99")));
    assert_eq!(invoices.items[0].invoice_date, Some(date!(2024 - 05 - 01)));
    client.get_invoice("inv-1").await.unwrap();

    let items = client
        .list_invoice_items_page("inv-1", &InvoiceItemFilter::new())
        .await
        .unwrap()
        .items;
    // rateType in any case (pax8.md §1.7.4); GEN and PY spellings (§1.6); unknowns kept.
    assert_eq!(items[0].rate_type, Some(RateType::Flat));
    assert_eq!(items[0].sub_total, Some(dec("30.00")));
    assert_eq!(items[0].charge_type, Some(ItemChargeType::Per));
    assert_eq!(items[1].kind, Some(InvoiceItemType::PaymentCredit));
    assert_eq!(items[1].term, Some(InvoiceTerm::OneTime));
    assert_eq!(items[1].rate_type, Some(RateType::Markup));
    assert_eq!(items[1].total, Some(dec("-10.00")));
    assert_eq!(items[2].kind, Some(InvoiceItemType::OneTime));
    assert_eq!(items[2].term, Some(InvoiceTerm::OneTime));
    assert_eq!(items[2].rate_type, Some(RateType::Tiered));
    assert_eq!(
        items[3].kind,
        Some(InvoiceItemType::Other("loyalty-bonus".into()))
    );
    assert_eq!(items[3].term, Some(InvoiceTerm::Other("Biennial".into())));
    assert_eq!(items[3].rate_type, Some(RateType::Other("Stepped".into())));
    assert_eq!(
        items[3].charge_type,
        Some(ItemChargeType::Other("usage".into()))
    );
}

#[tokio::test]
async fn streams_fetch_pages_lazily_until_the_last() {
    // pax8.md §1.3: zero-based pages, totalPages.
    let (server, client) = mocked().await;
    for number in 0..3u64 {
        let items: Vec<_> = (0..if number < 2 { 2 } else { 1 })
            .map(|i| json!({"id": format!("i-{number}-{i}")}))
            .collect();
        Mock::given(method("GET")).and(path("/v1/invoices/inv-1/items"))
            .and(query_param("page", number.to_string().as_str()))
            .and(query_param("size", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": items, "page": {"size": 2, "totalElements": 5, "totalPages": 3, "number": number}})))
            .expect(1).mount(&server).await;
    }
    let mut stream = client
        .list_invoice_items("inv-1", &InvoiceItemFilter::new().page_size(2))
        .items();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.id.as_deref(), Some("i-0-0"));
    // Only the first page has been fetched so far.
    assert_eq!(
        requests_to(&server, "/v1/invoices/inv-1/items").await.len(),
        1
    );
    let mut ids = vec![first.id.unwrap()];
    while let Some(item) = stream.next().await {
        ids.push(item.unwrap().id.unwrap());
    }
    assert_eq!(ids, ["i-0-0", "i-0-1", "i-1-0", "i-1-1", "i-2-0"]);
}

#[tokio::test]
async fn every_error_body_shape_parses() {
    // pax8.md §1.3: DEVX, GEN and IMP shapes, the raw body kept.
    let (server, client) = mocked().await;
    for (at, status, file) in [
        ("/v1/companies/missing", 404, "error_devx_404.json"),
        ("/v1/orders/o-9", 422, "error_gen_422.json"),
        ("/v1/invoices/bad", 400, "error_imp_400.json"),
    ] {
        Mock::given(method("GET"))
            .and(path(at))
            .respond_with(ResponseTemplate::new(status).set_body_json(fixture_json(file)))
            .mount(&server)
            .await;
    }
    let devx = client.get_company("missing").await.unwrap_err();
    assert!(devx.is_not_found());
    assert!(matches!(devx, Error::NotFound(_)));
    let api = devx.api_error().unwrap();
    assert_eq!(api.kind.as_deref(), Some("NOT_FOUND"));
    assert_eq!(api.message.as_deref(), Some("Company not found"));
    assert_eq!(
        api.instance.as_deref(),
        Some("/public/v1/companies/00000000-0000-0000-0000-000000000000")
    );
    assert_eq!(api.details.len(), 2);
    assert_eq!(api.details[0].status, Some(404));
    assert_eq!(api.details[1].message, "Check the id");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&api.body).unwrap(),
        fixture_json("error_devx_404.json")
    );

    let generated = client.get_order("o-9").await.unwrap_err();
    assert!(matches!(generated, Error::Validation(_)));
    let api = generated.api_error().unwrap();
    assert_eq!(api.kind, None);
    assert_eq!(
        api.message.as_deref(),
        Some("lineItems[0].productId is required")
    );
    assert_eq!(api.details.len(), 2);

    let imp = client.get_invoice("bad").await.unwrap_err();
    assert!(matches!(imp, Error::Validation(_)));
    let api = imp.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.kind.as_deref(), Some("INVALID_PARAMETER"));
    assert_eq!(api.message.as_deref(), Some("size must be at most 200"));
    assert_eq!(api.details[0].message, "too large");
    assert!(
        imp.to_string()
            .contains("HTTP 400 Bad Request: size must be at most 200"),
        "{imp}"
    );

    let plain = ApiError::parse(
        paykit_core::reqwest::StatusCode::BAD_GATEWAY,
        b"<html>oops</html>",
    );
    assert_eq!((plain.kind, plain.message), (None, None));
    assert_eq!(plain.body, "<html>oops</html>");
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after() {
    // pax8.md §1.3: 429; Retry-After (IMP).
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p-1"})))
        .with_priority(2)
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    client.get_product("p-1").await.unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
    assert_eq!(requests_to(&server, "/v1/products/p-1").await.len(), 2);
}

#[tokio::test]
async fn the_rate_limit_is_on_by_default_and_can_be_turned_off() {
    // pax8.md §1.3: about 1000 requests a minute (secondary sources).
    let server = MockServer::start().await;
    let on = Client::builder("id", "s")
        .base_url(server.uri())
        .build()
        .unwrap();
    assert!(format!("{on:?}").contains("RateLimiter"), "{on:?}");
    let off = Client::builder("id", "s")
        .base_url(server.uri())
        .rate_limit(None)
        .build()
        .unwrap();
    assert!(format!("{off:?}").contains("rate_limiter: None"), "{off:?}");
    assert_eq!(DEFAULT_RATE_LIMIT_PER_MINUTE, 1000);
}

#[tokio::test]
async fn a_server_that_ignores_page_ends_the_stream_with_a_typed_error_not_a_loop() {
    // Issue 9 (7): a page-number server that ignores `page` (the same full page again, no
    // totals) made `list_companies` run forever.
    let server = MockServer::start().await;
    mount_token(&server).await;
    let company = fixture_json("companies_page.json")["content"][0].clone();
    Mock::given(method("GET"))
        .and(path("/v1/companies"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"content": vec![company; 200]})),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let result: Result<Vec<Company>, Error> = client
        .list_companies(&CompanyFilter::new())
        .try_collect()
        .await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Core(paykit_core::Error::Pagination { pages: 2, .. })
        ),
        "{err:?}"
    );
    assert_eq!(requests_to(&server, "/v1/companies").await.len(), 2);
}

#[tokio::test]
async fn a_rate_without_start_quantity_is_zero_and_numeric_value_types_read() {
    // Issue 9 (8): `startQuantityRange` read as None when absent (the facts say 0), and a
    // numeric `valueType` (py-pax8's enum values, ../shared/vendors/pax8.md) failed the
    // whole provisioning-details call.
    let server = MockServer::start().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1/pricing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": [
            {"billingTerm": "Monthly", "rates": [
                {"partnerBuyRate": 1.5, "suggestedRetailPrice": "2.00"},
                {"partnerBuyRate": 1.0, "startQuantityRange": null},
                {"partnerBuyRate": 0.5, "startQuantityRange": 100}
            ]}
        ]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/products/p-1/provision-details"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": [
            {"label": "Domain", "key": "domain", "valueType": 2},
            {"label": "Plan", "key": "plan", "valueType": 1, "possibleValues": ["a", "b"]},
            {"label": "Seats", "key": "seats", "valueType": "Single-Value"}
        ]})))
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let pricing = client.product_pricing("p-1", None).await.unwrap();
    let starts: Vec<Decimal> = pricing[0]
        .rates
        .iter()
        .map(|r| r.start_quantity_range)
        .collect();
    assert_eq!(starts, [Decimal::ZERO, Decimal::ZERO, Decimal::from(100)]);
    let details = client.product_provisioning_details("p-1").await.unwrap();
    let kinds: Vec<Option<ValueType>> = details.iter().map(|d| d.value_type.clone()).collect();
    assert_eq!(
        kinds,
        [
            Some(ValueType::Input),
            Some(ValueType::Other("1".into())),
            Some(ValueType::SingleValue)
        ]
    );
}

#[tokio::test]
async fn a_stream_follows_total_pages_when_the_server_serves_smaller_pages_than_asked() {
    // Issue 9 (8): asking 200 a page, a stream stopped at any shorter page even when the
    // answer said `totalPages: 3`, losing items silently.
    let server = MockServer::start().await;
    mount_token(&server).await;
    let company = fixture_json("companies_page.json")["content"][0].clone();
    for page in 0..3u64 {
        Mock::given(method("GET"))
            .and(path("/v1/companies"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "content": [company.clone(), company.clone()],
                "page": {"size": 2, "totalElements": 6, "totalPages": 3, "number": page}
            })))
            .mount(&server)
            .await;
    }
    let client = builder(&server).build().unwrap();
    let all: Vec<Company> = client
        .list_companies(&CompanyFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 6);
    let asked: Vec<String> = requests_to(&server, "/v1/companies")
        .await
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        asked,
        ["page=0&size=200", "page=1&size=200", "page=2&size=200"]
    );
}

/// Asserts that `server` received exactly `count` times `GET /v1/companies/acme` with the
/// bearer token, the JSON accept header, the user agent, no query and no body.
async fn assert_company_reads(server: &MockServer, count: usize) {
    let sent = requests_to(server, "/v1/companies/acme").await;
    assert_eq!(sent.len(), count, "{sent:?}");
    for request in &sent {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.query(), None);
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(
            header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(header("accept"), Some("application/json"));
        assert_eq!(
            header("user-agent"),
            Some(concat!("paykit-pax8/", env!("CARGO_PKG_VERSION")))
        );
        assert!(request.body.is_empty(), "{request:?}");
    }
}

#[tokio::test]
async fn maybe_sent_remembers_an_earlier_attempt_that_may_have_reached_the_server() {
    use paykit_core::testing::faults::{Fault, Faulty};
    let not_found =
        || ResponseTemplate::new(404).set_body_json(fixture_json("error_devx_404.json"));

    // A read answered 503 (maybe processed), retried, then 404 (pax8.md §1.3): the call
    // may have had its effect although its last answer is a refusal.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/acme"))
        .respond_with(Faulty::new(not_found()).then(Fault::status(503)))
        .mount(&server)
        .await;
    let err = client.get_company("acme").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.api_error().unwrap().kind.as_deref(), Some("NOT_FOUND"));
    assert!(err.maybe_sent(), "{err:?}");
    assert!(err.api_error().unwrap().maybe_sent());
    assert_company_reads(&server, 2).await;

    // The same 404 alone is a refusal: nothing happened.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/acme"))
        .respond_with(not_found())
        .mount(&server)
        .await;
    let err = client.get_company("acme").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(!err.api_error().unwrap().maybe_sent());
    assert_company_reads(&server, 1).await;

    // A 3xx that was not followed (no Location) reached the server: not a refusal.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/acme"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let err = client.get_company("acme").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 302),
        "{err:?}"
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert_company_reads(&server, 1).await;

    // 503, then 401; the fresh token is refused by the token endpoint: the refusal is the
    // token endpoint's, but the first attempt of the call may have had its effect.
    let (server, err) = a_read_answered_503_then_401_whose_fresh_token_gets(
        ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client"})),
    )
    .await;
    assert!(
        matches!(&err, Error::Unauthorized(api) if api.status == 401),
        "{err:?}"
    );
    assert_eq!(
        err.api_error().unwrap().kind.as_deref(),
        Some("invalid_client")
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert_company_reads(&server, 2).await;
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

/// `get_company` on a server whose first token works, whose API answers 503 then 401, and
/// whose token endpoint then answers `second_token`: the server and the call's error.
async fn a_read_answered_503_then_401_whose_fresh_token_gets(
    second_token: ResponseTemplate,
) -> (MockServer, Error) {
    use paykit_core::testing::faults::{Fault, Faulty};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(common::token_reply(TOKEN, 86_400))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(second_token)
        .mount(&server)
        .await;
    let unauthorized = ResponseTemplate::new(401).set_body_json(json!({"message": "expired"}));
    Mock::given(method("GET"))
        .and(path("/v1/companies/acme"))
        .respond_with(Faulty::new(unauthorized).then(Fault::status(503)))
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client.get_company("acme").await.unwrap_err();
    (server, err)
}

#[tokio::test]
async fn a_token_failure_after_an_attempt_that_may_have_reached_the_server_is_maybe_sent() {
    // 503 (maybe processed), then 401; the fresh token's answer is not a token: no answer of
    // Pax8 (`Error::Token`), but the first attempt of the call may have had its effect.
    let (server, err) = a_read_answered_503_then_401_whose_fresh_token_gets(
        ResponseTemplate::new(200).set_body_json(json!({"access_token": 42})),
    )
    .await;
    assert!(
        matches!(
            &err,
            Error::Token {
                source: TokenError::InvalidResponse { .. },
                earlier_attempt_maybe_sent: true,
            }
        ),
        "{err:?}"
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert_company_reads(&server, 2).await;

    // The same unusable token answer before any attempt: nothing was sent.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": 42})))
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client.get_company("acme").await.unwrap_err();
    assert!(matches!(&err, Error::Token { .. }), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert_company_reads(&server, 0).await;
}

#[tokio::test]
async fn a_token_endpoint_5xx_is_its_answer_and_the_call_was_never_sent() {
    // The token endpoint answers 503 on every try: the error keeps that answer, mapped like
    // the API's, but says it is the token endpoint's and that the call was not sent.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "down"})))
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let order = NewOrder::new("c-1").line_item(NewLineItem::new(1, "p-1", 1, BillingTerm::Monthly));
    let err = client.create_order(&order).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 503),
        "{err:?}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let api = err.api_error().unwrap();
    assert!(api.is_from_token_endpoint());
    assert!(!api.maybe_sent());
    assert!(!err.maybe_sent(), "the order was never sent: {err:?}");
    assert!(requests_to(&server, "/v1/orders").await.is_empty());
    assert!(requests_to(&server, "/v1/token").await.len() > 1, "retried");

    // An answer of the API itself is not the token endpoint's.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/acme"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let err = client.get_company("acme").await.unwrap_err();
    assert!(!err.api_error().unwrap().is_from_token_endpoint());
    assert!(err.maybe_sent());
}
