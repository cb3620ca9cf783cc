//! The paykit demo: every vendor client through its real flows against the built-in
//! simulators, including the faults the guarantees are about. No network, no credentials.
//! Run it with `cargo xtask demo`.

use std::error::Error;
use std::fmt::Display;
use std::sync::atomic::{AtomicUsize, Ordering};

mod clubready;
mod paritydeals;
mod pax8;
mod spreedly;
mod wallet;

static REQUESTS: AtomicUsize = AtomicUsize::new(0);
static RETRIES: AtomicUsize = AtomicUsize::new(0);
static FAULTS: AtomicUsize = AtomicUsize::new(0);
static STEPS: AtomicUsize = AtomicUsize::new(0);

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    println!("paykit demo: every client against its in-process simulator (loopback only)");
    wallet::run().await?;
    paritydeals::run().await?;
    pax8::run().await?;
    spreedly::run().await?;
    clubready::run().await?;
    println!();
    println!("Summary");
    println!("  {:<48} {}", "steps run", STEPS.load(Ordering::SeqCst));
    println!(
        "  {:<48} {}",
        "HTTP requests the simulators received",
        REQUESTS.load(Ordering::SeqCst)
    );
    println!(
        "  {:<48} {}",
        "automatic retries",
        RETRIES.load(Ordering::SeqCst)
    );
    println!(
        "  {:<48} {}",
        "injected faults survived",
        FAULTS.load(Ordering::SeqCst)
    );
    println!("\nAll flows ran as expected.");
    Ok(())
}

/// Starts a vendor's section.
pub fn section(title: &str, detail: impl Display) {
    println!("\n{title}");
    println!("  {detail}");
}

/// Prints one step on one line: what was done, then what came of it.
pub fn step(what: &str, outcome: impl Display) {
    STEPS.fetch_add(1, Ordering::SeqCst);
    println!("  {what:<48} {outcome}");
}

/// Prints one step that ran against an injected fault, and counts the fault and the
/// automatic retries it took.
pub fn fault_step(what: &str, retries: usize, outcome: impl Display) {
    FAULTS.fetch_add(1, Ordering::SeqCst);
    RETRIES.fetch_add(retries, Ordering::SeqCst);
    step(what, outcome);
}

/// Adds the requests a simulator received to the summary.
pub fn requests_received(count: usize) {
    REQUESTS.fetch_add(count, Ordering::SeqCst);
}

/// `value`, or `-` when absent (never `Some(..)`).
pub fn or_dash<T: Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}
