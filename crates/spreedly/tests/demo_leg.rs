//! Runs the Spreedly leg of the workspace demo (`crates/paykit/examples/demo/spreedly.rs`)
//! against this crate, with stand-ins for the demo's printing helpers, so that the leg is
//! checked here until the facade wires it in.

#![allow(missing_docs)]

use std::fmt::Display;

// The demo names the facade `paykit` and reaches this crate as `paykit::spreedly`.
extern crate self as paykit;
pub use paykit_spreedly as spreedly;

pub fn section(title: &str, detail: impl Display) {
    println!("\n{title}");
    println!("  {detail}");
}

pub fn step(what: &str, outcome: impl Display) {
    println!("  {what:<48} {outcome}");
}

pub fn fault_step(what: &str, _retries: usize, outcome: impl Display) {
    step(what, outcome);
}

pub fn requests_received(count: usize) {
    println!("  {count} requests");
}

pub fn or_dash<T: Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

#[path = "../../paykit/examples/demo/spreedly.rs"]
mod leg;

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_leg_runs_and_its_guarantees_hold() {
    leg::run().await.unwrap();
}
