//! The fault matrix (issue 9, grown with Spreedly): every fault of the shared vocabulary
//! against a read (`get_subscriber`), an idempotent write (`allow_free_trial`) and a money
//! call (`create_invoice`) on the simulator. `cargo xtask faults` prints the table.

use std::time::Instant;

use paykit_core::testing::matrix::{
    ATTEMPT_TIMEOUT, BODY_LIMIT, CallKind, Cell, DEADLINE, Observed, print_rows,
};
use paykit_spreedly::testing::{SeedPlan, SpreedlySimulator};
use paykit_spreedly::{Client, Decimal, DurationUnits, Error, NewInvoice, NewSubscriber};

fn operation(call: CallKind) -> (&'static str, &'static str) {
    match call {
        CallKind::Read => ("spreedly.get_subscriber", "/subscribers/m-1.xml"),
        CallKind::Keyed => (
            "spreedly.allow_free_trial",
            "/subscribers/m-1/allow_free_trial.xml",
        ),
        CallKind::Money => ("spreedly.create_invoice", "/invoices.xml"),
    }
}

async fn call(client: &Client, kind: CallKind, plan: u64) -> Result<(), Error> {
    match kind {
        CallKind::Read => client.get_subscriber("m-1").await.map(drop),
        CallKind::Keyed => client.allow_free_trial("m-1").await.map(drop),
        CallKind::Money => client
            .create_invoice(&NewInvoice::new(plan, NewSubscriber::new("m-1", "matrix")))
            .await
            .map(drop),
    }
}

async fn run(cell: Cell) -> Observed {
    let sim = SpreedlySimulator::start().await;
    sim.seed_subscriber(NewSubscriber::new("m-1", "matrix"));
    let plan = sim
        .seed_plan(SeedPlan::regular(
            "Pro",
            "pro",
            Decimal::new(2400, 2),
            1,
            DurationUnits::Months,
        ))
        .id;
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
    call(&client, CallKind::Read, plan).await.unwrap();
    let (op, path) = operation(cell.call);
    let before = count(&sim, path).await;
    if let Some(fault) = cell.fault.fault(op) {
        sim.inject(fault);
    }
    let started = Instant::now();
    let result = call(&client, cell.call, plan).await;
    let elapsed = started.elapsed();
    let requests = count(&sim, path).await - before;
    Observed::of(&result, requests, elapsed)
}

async fn count(sim: &SpreedlySimulator, suffix: &str) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path.ends_with(suffix))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_a_read_an_idempotent_write_and_a_credit() {
    let mut results = Vec::new();
    for cell in Cell::all(&[CallKind::Read, CallKind::Keyed, CallKind::Money], false) {
        let observed = run(cell).await;
        results.push((cell, cell.check(&observed)));
    }
    let failed = print_rows("spreedly", &results);
    assert!(
        failed.is_empty(),
        "cells that did not hold:\n{}",
        failed.join("\n")
    );
}
