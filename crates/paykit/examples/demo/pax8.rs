//! The Pax8 leg of the demo.

use std::error::Error;
use std::time::{Duration, Instant, SystemTime};

use paykit::pax8::prelude::*;
use paykit::pax8::testing::{Fault, Pax8Simulator};
use paykit::pax8::{
    Address, BillingTerm, CompanyFilter, CompanyStatus, ContactRole, Decimal, InvoiceItemFilter,
    NewCompany, NewContact, NewLineItem, NewOrder, OrderFilter, OrderedBy, ProductFilter,
    SubscriptionFilter, UsageLineFilter,
};

use crate::{fault_step, or_dash, requests_received, section, step};

/// `1 seat`, `5 seats`, `2 companies`.
fn count(n: u64, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

/// An amount as money: `10.00 USD`.
fn money(amount: Option<Decimal>, currency: Option<&str>) -> String {
    match amount {
        Some(amount) => format!("{amount:.2} {}", currency.unwrap_or("USD")),
        None => "-".to_owned(),
    }
}

/// The Pax8 Partner API: one OAuth2 token for every call, a company activated by its
/// primary contacts, products across pages, a mock order then a real one, subscriptions,
/// usage and an invoice; then the guarantees against injected faults, and the blocking
/// client.
pub async fn run() -> Result<(), Box<dyn Error>> {
    let sim = Pax8Simulator::start().await;
    sim.seed_products("Microsoft", 230);
    sim.seed_products("Acronis", 12);
    section(
        "Pax8 Partner API",
        format!(
            "simulator at {}, tokens from {}",
            sim.base_url(),
            sim.token_url()
        ),
    );
    let client = sim.client();

    let expires = client.authenticate().await?;
    let hours = expires
        .duration_since(SystemTime::now())
        .unwrap_or_default()
        .as_secs()
        / 3600;
    step(
        "client credentials",
        format!("one access token, valid for about {hours} hours"),
    );

    let address = Address::new()
        .street("1 Main St")
        .city("Denver")
        .state_or_province("CO")
        .postal_code("80202")
        .country("US");
    let company = client
        .create_company(&NewCompany::new(
            "Acme Dental",
            address,
            "+1 303 555 0100",
            "https://acme-dental.example",
        ))
        .await?;
    let company_id = company.id.clone().ok_or("the company has no id")?;
    step(
        "a company",
        format!(
            "{} created, status {}",
            company.name.as_deref().unwrap_or("-"),
            or_dash(company.status.as_ref().map(|s| s.as_str()))
        ),
    );
    let ada =
        NewContact::new("Ada", "Lovelace", "ada@acme.example", "+1 303 555 0101").primary_for_all();
    let bob = NewContact::new("Bob", "Ross", "bob@acme.example", "+1 303 555 0102")
        .contact_type(ContactRole::Technical, false);
    for contact in [ada, bob] {
        client.create_contact(&company_id, &contact).await?;
    }
    let company = client.get_company(&company_id).await?;
    if company.status != Some(CompanyStatus::Active) {
        return Err("the company did not become Active with its primary contacts".into());
    }
    step(
        "its primary contacts",
        "Ada Lovelace is primary Admin, Billing and Technical: the company is now Active",
    );

    let products: Vec<_> = client
        .list_products(&ProductFilter::new())
        .try_collect()
        .await?;
    let first = products.first().ok_or("no products")?;
    let product_id = first.id.clone().ok_or("the product has no id")?;
    step(
        "products, 200 a page",
        format!(
            "{} products streamed; the first is {} by {}",
            products.len(),
            first.name.as_deref().unwrap_or("-"),
            first.vendor_name.as_deref().unwrap_or("-")
        ),
    );
    for price in client
        .product_pricing(&product_id, Some(&company_id))
        .await?
    {
        let rate = price.rates.first();
        step(
            "its price",
            format!(
                "{} {}: partner buys at {}, suggested retail {}",
                or_dash(price.billing_term.as_ref().map(|t| t.as_str())),
                or_dash(price.kind.as_ref().map(|k| k.as_str())),
                money(rate.and_then(|r| r.partner_buy_rate), None),
                money(rate.and_then(|r| r.suggested_retail_price), None),
            ),
        );
    }

    let order = NewOrder::new(&company_id)
        .line_item(NewLineItem::new(
            1,
            product_id.clone(),
            5,
            BillingTerm::Monthly,
        ))
        .line_item(NewLineItem::new(2, product_id, 1, BillingTerm::OneTime))
        .ordered_by(OrderedBy::Pax8Partner);
    let mock = client.create_mock_order(&order).await?;
    step(
        "a mock order",
        format!(
            "{} line items validated, nothing placed ({} orders stored)",
            mock.line_items.len(),
            sim.orders().len()
        ),
    );
    let placed = client.create_order(&order).await?;
    step(
        "the order",
        format!(
            "placed on {} by {}",
            or_dash(placed.created_date),
            or_dash(placed.ordered_by.as_ref().map(|b| b.as_str()))
        ),
    );

    let subscriptions: Vec<_> = client
        .list_subscriptions(&SubscriptionFilter::new().company_id(&company_id))
        .try_collect()
        .await?;
    for subscription in &subscriptions {
        step(
            "a subscription",
            format!(
                "{}, {}, {} from {}, {}",
                count(subscription.quantity.unwrap_or(0), "seat"),
                or_dash(subscription.billing_term.as_ref().map(|t| t.as_str())),
                money(subscription.price, subscription.currency_code.as_deref()),
                or_dash(subscription.start_date),
                or_dash(subscription.status.as_ref().map(|s| s.as_str())),
            ),
        );
    }
    let subscription_id = subscriptions
        .first()
        .and_then(|s| s.id.clone())
        .ok_or("no subscription")?;

    let today = paykit::pax8::time::OffsetDateTime::now_utc().date();
    let summary = sim.seed_usage_summary(&subscription_id, &[today]);
    let summary_id = summary.id.clone().ok_or("the summary has no id")?;
    let lines: Vec<_> = client
        .list_usage_lines(&summary_id, &UsageLineFilter::new(today))
        .try_collect()
        .await?;
    for line in &lines {
        step(
            "usage",
            format!(
                "{} {} of {} on {}, {}",
                or_dash(line.quantity),
                line.unit_of_measure.as_deref().unwrap_or("units"),
                line.product_name.as_deref().unwrap_or("-"),
                or_dash(line.usage_date),
                money(line.partner_total, line.currency_code.as_deref())
            ),
        );
    }

    let invoice = sim.seed_invoice(&company_id, 3);
    let invoice_id = invoice.id.clone().ok_or("the invoice has no id")?;
    let header = client.get_invoice(&invoice_id).await?;
    let items: Vec<_> = client
        .list_invoice_items(&invoice_id, &InvoiceItemFilter::new().page_size(2))
        .try_collect()
        .await?;
    let sum: Decimal = items.iter().filter_map(|i| i.total).sum();
    step(
        "an invoice",
        format!(
            "{}, {} due {}, {} items adding up to {}",
            or_dash(header.status.as_ref().map(|s| s.as_str())),
            money(header.total, Some("USD")),
            or_dash(header.due_date),
            items.len(),
            money(Some(sum), Some("USD"))
        ),
    );

    match client.get_company("no-such-company").await {
        Err(error) if error.is_not_found() => step(
            "a company that does not exist",
            format!(
                "not found ({})",
                error
                    .api_error()
                    .and_then(|a| a.message.as_deref())
                    .unwrap_or("no message")
            ),
        ),
        Err(other) => return Err(format!("expected not found, got: {other}").into()),
        Ok(_) => return Err("expected not found, got a company".into()),
    }

    // The guarantees, each against an injected fault.
    let before = company_calls(&sim).await;
    sim.inject(Fault::status(503).times(2).on("pax8.list_companies"));
    let page = client.list_companies_page(&CompanyFilter::new()).await?;
    let calls = company_calls(&sim).await - before;
    if calls != 3 || page.items.is_empty() {
        return Err(format!("a read after two 503s took {calls} requests").into());
    }
    fault_step(
        "a read answered 503 twice",
        2,
        format!(
            "retried by itself: {} on the third attempt",
            count(page.items.len() as u64, "company")
        ),
    );

    let before = company_calls(&sim).await;
    sim.inject(Fault::rate_limited(Duration::from_secs(1)).on("pax8.list_companies"));
    let started = Instant::now();
    client.list_companies_page(&CompanyFilter::new()).await?;
    let waited = started.elapsed();
    let calls = company_calls(&sim).await - before;
    if calls != 2 || waited < Duration::from_millis(900) {
        return Err(format!("a 429 was not honoured ({calls} requests, {waited:?})").into());
    }
    fault_step(
        "a 429 with Retry-After: 1",
        1,
        format!(
            "waited {:.1} s as asked, then the call went through",
            waited.as_secs_f64()
        ),
    );

    let issued = sim.tokens_issued();
    sim.revoke_tokens();
    client.get_company(&company_id).await?;
    if sim.tokens_issued() != issued + 1 {
        return Err("a revoked token was not replaced exactly once".into());
    }
    fault_step(
        "a token revoked by the server",
        1,
        "the 401 dropped it, one new token was fetched and the call retried",
    );

    let impatient = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()?;
    impatient.authenticate().await?;
    let orders_before = sim.orders().len();
    let posts_before = order_posts(&sim).await;
    sim.inject(Fault::delay(Duration::from_millis(600)).on("pax8.create_order"));
    let small = NewOrder::new(&company_id).line_item(NewLineItem::new(
        1,
        products[1].id.clone().unwrap_or_default(),
        1,
        BillingTerm::Monthly,
    ));
    match impatient.create_order(&small).await {
        Err(error) if error.is_timeout() && error.maybe_sent() => {}
        Err(other) => return Err(format!("expected a timeout, got: {other}").into()),
        Ok(_) => return Err("expected a timeout, got an order".into()),
    }
    let posts = order_posts(&sim).await - posts_before;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let placed_late = sim.orders().len() - orders_before;
    if posts != 1 || placed_late != 1 {
        return Err(format!("a timed-out order was sent {posts} times").into());
    }
    let listed: Vec<_> = client
        .list_orders(&OrderFilter::new().company_id(&company_id))
        .try_collect()
        .await?;
    fault_step(
        "an order that timed out",
        0,
        format!(
            "unknown outcome, sent once, not retried; the listing shows {}",
            count(listed.len() as u64, "order")
        ),
    );

    // A blocking call refuses to run inside an async runtime: a plain thread it is.
    let builder = sim.client_builder();
    let (blocking_products, blocking_company) = std::thread::spawn(move || {
        let pax8 = builder.build_blocking()?;
        let count = pax8
            .list_products(&ProductFilter::new().vendor_name("Acronis"))
            .count();
        let first = pax8.list_companies_page(&CompanyFilter::new())?;
        let name = first
            .items
            .first()
            .and_then(|c| c.name.clone())
            .unwrap_or_default();
        Ok::<_, paykit::pax8::Error>((count, name))
    })
    .join()
    .map_err(|_| "the blocking thread panicked")??;
    step(
        "the blocking client",
        format!("{blocking_products} Acronis products and {blocking_company}, from plain threads"),
    );

    step(
        "tokens",
        format!(
            "{} issued for {} requests (one per client, one more after the revocation)",
            sim.tokens_issued(),
            sim.requests().await.len()
        ),
    );
    requests_received(sim.requests().await.len());
    Ok(())
}

async fn company_calls(sim: &Pax8Simulator) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path == "/v1/companies" && r.method == "GET")
        .count()
}

async fn order_posts(sim: &Pax8Simulator) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path == "/v1/orders" && r.method == "POST")
        .count()
}
