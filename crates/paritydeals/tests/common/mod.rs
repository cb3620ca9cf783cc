//! Shared helpers for paykit-paritydeals' tests.
#![allow(dead_code)]

use std::time::Duration;

use paykit_core::RetryPolicy;
use paykit_paritydeals::{Client, ClientBuilder};
use serde_json::Value;
use wiremock::ResponseTemplate;

/// The key tests use against plain wiremock.
pub const KEY: &str = "sk_test_0123456789";

/// A fixture file's text (`fixtures/paritydeals/NAME`).
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../fixtures/paritydeals/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture file as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// A response with `status` and the fixture's body.
pub fn reply(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(fixture_json(name))
}

/// Fast back-offs, so that retry tests do not wait.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// A builder against the `api` and `edge` servers' roots (`/api/v1` added) with [`KEY`]
/// and fast back-offs.
pub fn builder(api: &str, edge: &str) -> ClientBuilder {
    Client::builder(KEY)
        .base_url(format!("{api}/api/v1"))
        .edge_url(format!("{edge}/api/v1"))
        .retry(fast_retries())
}

/// A client whose two URLs are the same server.
pub fn client(uri: &str) -> Client {
    builder(uri, uri).build().unwrap()
}
