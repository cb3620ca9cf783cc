//! The fault matrix (issue 9, grown with ClubReady): every fault of the shared vocabulary
//! against a read (`get_user`) and a money call (`create_guest_pass`) on the simulator.
//! ClubReady has no idempotency keys, so there is no keyed write. `cargo xtask faults`
//! prints the table.

use std::time::Instant;

use paykit_clubready::testing::ClubReadySimulator;
use paykit_clubready::{Client, Error, NewGuestPass, NewProspect};
use paykit_core::testing::matrix::{
    ATTEMPT_TIMEOUT, BODY_LIMIT, CallKind, Cell, DEADLINE, Observed, print_rows,
};

fn operation(call: CallKind, user: u64) -> (&'static str, String) {
    match call {
        CallKind::Money => (
            "clubready.create_guest_pass",
            "/api/current/club/guest-pass/create".to_owned(),
        ),
        _ => ("clubready.get_user", format!("/api/current/users/{user}")),
    }
}

async fn call(client: &Client, kind: CallKind, user: u64) -> Result<(), Error> {
    match kind {
        CallKind::Money => client
            .create_guest_pass(&NewGuestPass::new(user, 1))
            .await
            .map(drop),
        _ => client.get_user(user).await.map(drop),
    }
}

async fn run(cell: Cell) -> Observed {
    let sim = ClubReadySimulator::start().await;
    let user = sim
        .seed_member(NewProspect::new(
            "Ada",
            "Lovelace",
            "ada@example.com",
            false,
        ))
        .user_id;
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
    call(&client, CallKind::Read, user).await.unwrap();
    let (op, path) = operation(cell.call, user);
    let before = count(&sim, &path).await;
    if let Some(fault) = cell.fault.fault(op) {
        sim.inject(fault);
    }
    let started = Instant::now();
    let result = call(&client, cell.call, user).await;
    let elapsed = started.elapsed();
    let requests = count(&sim, &path).await - before;
    Observed::of(&result, requests, elapsed)
}

async fn count(sim: &ClubReadySimulator, path: &str) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path == path)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_against_a_read_and_a_guest_pass() {
    let mut results = Vec::new();
    for cell in Cell::all(&[CallKind::Read, CallKind::Money], false) {
        let observed = run(cell).await;
        results.push((cell, cell.check(&observed)));
    }
    let failed = print_rows("clubready", &results);
    assert!(
        failed.is_empty(),
        "cells that did not hold:\n{}",
        failed.join("\n")
    );
}
