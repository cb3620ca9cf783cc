//! The fault matrix (issue 9): every fault of the shared vocabulary against a read
//! (`get_customer`), a keyed write (`report_event`, deduped by its idempotency key) and a
//! money call (`report_usage` with `DELTA`) on the simulator, each cell checked for the
//! outcome a user relies on. `cargo xtask faults` prints the table.

use std::time::Instant;

use paykit_core::testing::matrix::{
    ATTEMPT_TIMEOUT, BODY_LIMIT, CallKind, Cell, DEADLINE, Observed, print_rows,
};
use paykit_paritydeals::testing::{ParityDealsSimulator, PlanFeature};
use paykit_paritydeals::{Client, Error, EventReport, NewCustomer, UsageReport};

fn operation(call: CallKind) -> (&'static str, &'static str) {
    match call {
        CallKind::Read => ("paritydeals.get_customer", "/api/v1/customers/cus_m/"),
        CallKind::Keyed => ("paritydeals.report_event", "/api/v1/report/event/"),
        CallKind::Money => ("paritydeals.report_usage", "/api/v1/report/usage/"),
    }
}

async fn call(client: &Client, kind: CallKind) -> Result<(), Error> {
    match kind {
        CallKind::Read => client.get_customer("cus_m").await.map(drop),
        CallKind::Keyed => client
            .report_event(&EventReport::new("cus_m", "matrix"))
            .await
            .map(drop),
        CallKind::Money => client
            .report_usage(&UsageReport::delta("cus_m", "api_calls", 1))
            .await
            .map(drop),
    }
}

async fn run(cell: Cell) -> Observed {
    let sim = ParityDealsSimulator::start().await;
    sim.seed_customer(NewCustomer::new("cus_m"));
    sim.grant_feature("cus_m", PlanFeature::meter("api_calls", 1_000, true));
    let client = sim
        .client_builder()
        .attempt_timeout(Some(ATTEMPT_TIMEOUT))
        .deadline(Some(DEADLINE))
        .configure(|core| core.body_limit(BODY_LIMIT))
        .build()
        .unwrap();
    if let Some(warm_up) = cell.fault.warm_up() {
        sim.inject(warm_up);
    }
    call(&client, CallKind::Read).await.unwrap();
    let (op, path) = operation(cell.call);
    let before = count(&sim, path).await;
    if let Some(fault) = cell.fault.fault(op) {
        sim.inject(fault);
    }
    let started = Instant::now();
    let result = call(&client, cell.call).await;
    let elapsed = started.elapsed();
    let requests = count(&sim, path).await - before;
    Observed::of(&result, requests, elapsed)
}

async fn count(sim: &ParityDealsSimulator, path: &str) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path == path)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_a_read_a_keyed_write_and_a_money_call() {
    let mut results = Vec::new();
    for cell in Cell::all(&[CallKind::Read, CallKind::Keyed, CallKind::Money], false) {
        let observed = run(cell).await;
        results.push((cell, cell.check(&observed)));
    }
    let failed = print_rows("paritydeals", &results);
    assert!(
        failed.is_empty(),
        "cells that did not hold:\n{}",
        failed.join("\n")
    );
}
