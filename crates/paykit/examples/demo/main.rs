//! The paykit demo: every vendor client through its real flows against the built-in
//! simulators. No network, no credentials. Run it with `cargo xtask demo`.

use std::error::Error;

mod paritydeals;
mod pax8;
mod wallet;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    println!("paykit demo: every client against its in-process simulator (loopback only)\n");
    wallet::run().await?;
    println!();
    paritydeals::run().await?;
    println!();
    pax8::run().await?;
    println!("\ndemo finished: all flows ran as expected");
    Ok(())
}

/// Prints one step of a flow.
pub fn step(title: &str) {
    println!("  -> {title}");
}
