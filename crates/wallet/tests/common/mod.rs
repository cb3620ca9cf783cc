//! Shared helpers for paykit-wallet's tests.
#![allow(dead_code)]

use std::time::Duration;

use paykit_core::RetryPolicy;
use paykit_wallet::testing::{SimAuthority, WalletSimulator};
use paykit_wallet::{AuthorityConfig, Client, ClientBuilder};

/// A fixture file's text (`fixtures/wallet/NAME`).
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../fixtures/wallet/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A builder for `authority` against `base`, with fast back-offs.
pub fn builder(base: &str, authority: &SimAuthority) -> ClientBuilder {
    let config = AuthorityConfig::from_json(&authority.config_json(base)).unwrap();
    ClientBuilder::from_config(config)
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

/// A simulator with one authority, and a client for it.
pub async fn simulated() -> (WalletSimulator, SimAuthority, Client) {
    let sim = WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let client = builder(&sim.api_base_url(), &shop).build().unwrap();
    (sim, shop, client)
}
