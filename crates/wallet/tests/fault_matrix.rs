//! The fault matrix (issue 9): every fault of the shared vocabulary against a read
//! (`list_wallets`) and a money call (`create_entry`) on the simulator, each cell checked for
//! the outcome a user relies on. The wallet API has no keyed write. `cargo xtask faults`
//! prints the table.

use std::time::Instant;

use paykit_core::testing::matrix::{
    ATTEMPT_TIMEOUT, BODY_LIMIT, CallKind, Cell, DEADLINE, Observed, print_rows,
};
use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{Client, Error, NewEntry, WalletFilter};

fn operation(call: CallKind) -> &'static str {
    match call {
        CallKind::Money => "wallet.create_entry",
        _ => "wallet.list_wallets",
    }
}

async fn call(client: &Client, kind: CallKind) -> Result<(), Error> {
    match kind {
        CallKind::Money => client
            .create_entry(&NewEntry::new("alice", 5, "matrix"))
            .await
            .map(drop),
        _ => client
            .list_wallets_page(&WalletFilter::new())
            .await
            .map(drop),
    }
}

async fn run(cell: Cell) -> Observed {
    let sim = WalletSimulator::start().await;
    let client = sim
        .client_builder()
        .attempt_timeout(Some(ATTEMPT_TIMEOUT))
        .deadline(Some(DEADLINE))
        .configure(|core| core.body_limit(BODY_LIMIT))
        .build()
        .unwrap();
    // Warm up: the health check and a pooled connection.
    if let Some(warm_up) = cell.fault.warm_up() {
        sim.inject(warm_up);
    }
    call(&client, CallKind::Read).await.unwrap();
    let op = operation(cell.call);
    let before = count(&sim, op).await;
    if let Some(fault) = cell.fault.fault(op) {
        sim.inject(fault);
    }
    let started = Instant::now();
    let result = call(&client, cell.call).await;
    let elapsed = started.elapsed();
    let requests = count(&sim, op).await - before;
    Observed::of(&result, requests, elapsed)
}

/// Requests of `operation` the simulator read so far.
async fn count(sim: &WalletSimulator, operation: &str) -> usize {
    let path = match operation {
        "wallet.create_entry" => "/api/v1/entry",
        _ => "/api/v1/wallet",
    };
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path == path)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_a_read_and_a_money_call() {
    let mut results = Vec::new();
    for cell in Cell::all(&[CallKind::Read, CallKind::Money], false) {
        let observed = run(cell).await;
        results.push((cell, cell.check(&observed)));
    }
    let failed = print_rows("wallet", &results);
    assert!(
        failed.is_empty(),
        "cells that did not hold:\n{}",
        failed.join("\n")
    );
}
