//! The Pax8 leg of the demo.

use std::error::Error;
use std::future::poll_fn;
use std::pin::Pin;

use paykit::pax8::paykit_core::Stream;
use paykit::pax8::testing::Pax8Simulator;
use paykit::pax8::{
    self, Address, BillingTerm, CompanyStatus, NewCompany, NewContact, NewLineItem, NewOrder,
    OrderedBy, PageRequest, ProductFilter, SubscriptionFilter,
};

use crate::step;

/// The next item of a stream.
async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// The Pax8 Partner API: one OAuth2 token for every call, a company activated by its
/// primary contact, products across pages, a mock order then a real one, subscriptions
/// streamed, and an invoice's items.
pub async fn run() -> Result<(), Box<dyn Error>> {
    println!("== pax8 partner api ==");
    let sim = Pax8Simulator::start().await;
    sim.seed_products("Microsoft", 230);
    sim.seed_products("Acronis", 12);
    println!(
        "  simulator at {} (token URL {})",
        sim.base_url(),
        sim.token_url()
    );
    let client = sim.client_builder().build()?;

    step("client credentials: one token");
    let expires = client.authenticate().await?;
    let left = expires
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default();
    println!("     token valid for about {} h", left.as_secs() / 3600);

    step("a company and its primary contact");
    let company = client
        .create_company(&NewCompany {
            name: "Acme Dental".into(),
            address: Address {
                street: Some("1 Main St".into()),
                city: Some("Denver".into()),
                state_or_province: Some("CO".into()),
                postal_code: Some("80202".into()),
                country: Some("US".into()),
                ..Default::default()
            },
            phone: "+1 303 555 0100".into(),
            website: "https://acme-dental.example".into(),
            ..Default::default()
        })
        .await?;
    let company_id = company.id.clone().ok_or("the company has no id")?;
    println!("     created {company_id} with status {:?}", company.status);
    for contact in [
        NewContact::primary_for_all("Ada", "Lovelace", "ada@acme.example", "+1 303 555 0101"),
        NewContact {
            types: Vec::new(),
            ..NewContact::primary_for_all("Bob", "Ross", "bob@acme.example", "+1 303 555 0102")
        },
    ] {
        let made = client.create_contact(&company_id, &contact).await?;
        println!(
            "     contact {} {} ({} roles)",
            made.first_name.unwrap_or_default(),
            made.last_name.unwrap_or_default(),
            made.types.len()
        );
    }
    let company = client.get_company(&company_id).await?;
    if company.status != Some(CompanyStatus::Active) {
        return Err(format!("expected an Active company, got {:?}", company.status).into());
    }
    println!("     status now {:?}", company.status);

    step("products across pages (200 a page)");
    let mut products = client.products(&ProductFilter::default()).items();
    let mut count = 0;
    let mut first = None;
    while let Some(product) = next(&mut products).await {
        let product = product?;
        first.get_or_insert(product);
        count += 1;
    }
    let first = first.ok_or("no products")?;
    let first_id = first.id.clone().ok_or("the product has no id")?;
    println!(
        "     {count} products; first {:?} by {:?}",
        first.name.unwrap_or_default(),
        first.vendor_name.unwrap_or_default()
    );
    for price in client.product_pricing(&first_id, Some(&company_id)).await? {
        let rate = price.rates.first().and_then(|r| r.partner_buy_rate);
        println!(
            "     price: {:?} {:?}, partner buy rate {rate:?}",
            price.billing_term, price.kind
        );
    }

    step("a mock order (validated, nothing placed), then the order");
    let order = NewOrder {
        company_id: company_id.clone(),
        line_items: vec![
            NewLineItem::new(1, first_id.clone(), 5, BillingTerm::Monthly),
            NewLineItem::new(2, first_id, 1, BillingTerm::OneTime),
        ],
        ordered_by: Some(OrderedBy::Pax8Partner),
    };
    let mock = client.create_mock_order(&order).await?;
    println!(
        "     mock: {} line items, id {:?}, orders stored {}",
        mock.line_items.len(),
        mock.id,
        sim.orders().len()
    );
    let placed = client.create_order(&order).await?;
    println!(
        "     placed {} (ordered by {:?}, read back as the wire's \"Pax8Partner\")",
        placed.id.unwrap_or_default(),
        placed.ordered_by
    );

    step("subscriptions, streamed");
    let filter = SubscriptionFilter {
        company_id: Some(company_id.clone()),
        ..Default::default()
    };
    let mut subscriptions = client.subscriptions(&filter).items();
    while let Some(subscription) = next(&mut subscriptions).await {
        let subscription = subscription?;
        println!(
            "     {} x{} {:?} {:?}",
            subscription.id.unwrap_or_default(),
            subscription.quantity.unwrap_or_default(),
            subscription.billing_term,
            subscription.status
        );
    }

    step("an invoice's items");
    let invoice = sim.seed_invoice(&company_id, 3);
    let header = client.get_invoice(&invoice).await?;
    println!(
        "     invoice {invoice} total {:?} status {:?}",
        header.total, header.status
    );
    let items = client
        .invoice_items(&invoice, &PageRequest::new().size(2))
        .all_items()
        .await?;
    for item in &items {
        println!(
            "     {} {:?} rate {:?} total {:?}",
            item.description.clone().unwrap_or_default(),
            item.kind,
            item.rate_type,
            item.total
        );
    }

    step("errors are typed");
    match client.get_company("no-such-company").await {
        Err(error @ pax8::Error::Api(_)) if error.is_not_found() => {
            let api = error.api().ok_or("no api error")?;
            println!("     404 {:?}: {:?}", api.kind, api.message);
        }
        other => return Err(format!("expected a 404, got {other:?}").into()),
    }
    println!(
        "     tokens issued by the simulator: {} (for {} requests)",
        sim.tokens_issued(),
        sim.received_requests().await.len()
    );
    Ok(())
}
