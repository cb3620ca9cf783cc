//! Shared helpers for paykit-wallet's tests.
#![allow(dead_code)]

use std::time::Duration;

use paykit_wallet::core::RetryPolicy;
use paykit_wallet::testing::SimAuthority;
use paykit_wallet::{Client, ClientBuilder};

/// A fixture file's text (`fixtures/wallet/NAME`).
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../fixtures/wallet/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A builder for `authority` against `base` (a server root or an API root), with fast
/// back-offs.
pub fn builder(base: &str, authority: &SimAuthority) -> ClientBuilder {
    Client::builder(authority.id.clone(), authority.private_key_pem())
        .base_url(base)
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}
