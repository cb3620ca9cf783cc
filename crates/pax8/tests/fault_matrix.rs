//! The fault matrix (issue 9): every fault of the shared vocabulary against a read
//! (`list_companies_page`), an idempotent write (`update_subscription`, a PUT) and a money
//! call (`create_order`) on the simulator, each cell checked for the outcome a user relies
//! on. A 401 refreshes the OAuth2 token and the call goes once more. `cargo xtask faults`
//! prints the table.

use std::time::Instant;

use paykit_core::testing::matrix::{
    ATTEMPT_TIMEOUT, BODY_LIMIT, CallKind, Cell, DEADLINE, Observed, print_rows,
};
use paykit_pax8::testing::{Pax8Simulator, SeedProduct};
use paykit_pax8::{
    Address, BillingTerm, Client, CompanyFilter, Error, NewCompany, NewLineItem, NewOrder,
    SubscriptionUpdate,
};

struct World {
    company: String,
    product: String,
    subscription: String,
}

fn operation(call: CallKind, world: &World) -> (&'static str, String) {
    match call {
        CallKind::Read => ("pax8.list_companies", "/v1/companies".to_owned()),
        CallKind::Keyed => (
            "pax8.update_subscription",
            format!("/v1/subscriptions/{}", world.subscription),
        ),
        CallKind::Money => ("pax8.create_order", "/v1/orders".to_owned()),
    }
}

async fn call(client: &Client, kind: CallKind, world: &World) -> Result<(), Error> {
    match kind {
        CallKind::Read => client
            .list_companies_page(&CompanyFilter::new())
            .await
            .map(drop),
        CallKind::Keyed => client
            .update_subscription(&world.subscription, &SubscriptionUpdate::new().quantity(7))
            .await
            .map(drop),
        CallKind::Money => client
            .create_order(&NewOrder::new(&world.company).line_item(NewLineItem::new(
                1,
                &world.product,
                1,
                BillingTerm::Monthly,
            )))
            .await
            .map(drop),
    }
}

async fn run(cell: Cell) -> Observed {
    let sim = Pax8Simulator::start().await;
    let company = sim.seed_active_company(NewCompany::new(
        "Matrix Dental",
        Address::new().city("Denver").country("US"),
        "+1 303 555 0100",
        "https://example.com",
    ));
    let product = sim.seed_product(SeedProduct::new("Seats", "Microsoft"));
    let company_id = company.id.clone().unwrap_or_default();
    let product_id = product.id.clone().unwrap_or_default();
    let subscription = sim.seed_subscription(&company_id, &product_id, 5);
    let world = World {
        company: company_id,
        product: product_id,
        subscription: subscription.id.clone().unwrap_or_default(),
    };
    let client = sim
        .client_builder()
        .attempt_timeout(Some(ATTEMPT_TIMEOUT))
        .deadline(Some(DEADLINE))
        .configure(|core| core.body_limit(BODY_LIMIT))
        .build()
        .unwrap();
    // Warm up: a token and a pooled connection.
    if let Some(warm_up) = cell.fault.warm_up() {
        sim.inject(warm_up);
    }
    call(&client, CallKind::Read, &world).await.unwrap();
    let (op, path) = operation(cell.call, &world);
    let before = count(&sim, &path).await;
    if let Some(fault) = cell.fault.fault(op) {
        sim.inject(fault);
    }
    let started = Instant::now();
    let result = call(&client, cell.call, &world).await;
    let elapsed = started.elapsed();
    let requests = count(&sim, &path).await - before;
    Observed::of(&result, requests, elapsed)
}

async fn count(sim: &Pax8Simulator, path: &str) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path == path)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_a_read_a_put_and_an_order() {
    let mut results = Vec::new();
    for cell in Cell::all(&[CallKind::Read, CallKind::Keyed, CallKind::Money], true) {
        let observed = run(cell).await;
        results.push((cell, cell.check(&observed)));
    }
    let failed = print_rows("pax8", &results);
    assert!(
        failed.is_empty(),
        "cells that did not hold:\n{}",
        failed.join("\n")
    );
}
