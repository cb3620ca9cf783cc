//! Shared helpers for paykit-pax8's tests.
#![allow(dead_code)]

use std::time::Duration;

use paykit_core::RetryPolicy;
use paykit_pax8::{Client, ClientBuilder};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const CLIENT_ID: &str = "client-123";
pub const SECRET: &str = "s3cr3t-value-never-shown";
pub const TOKEN: &str = "tok-abc-123";

/// A fixture file's text (`fixtures/pax8/NAME`).
pub fn fixture(name: &str) -> String {
    let path = format!("{}/../../fixtures/pax8/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A fixture file as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// A 200 JSON answer with a fixture.
pub fn reply(fixture: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(fixture_json(fixture))
}

/// Fast back-offs, so retries do not slow the tests down.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// A token answer with `token` living `expires_in` seconds.
pub fn token_reply(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"access_token": token, "expires_in": expires_in, "token_type": "Bearer"}),
    )
}

/// Mounts `POST /v1/token` answering [`TOKEN`] for a day.
pub async fn mount_token(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply(TOKEN, 86_400))
        .mount(server)
        .await;
}

/// A builder for `server` (API at `/v1`, token at `/v1/token`), no client-side rate limit.
pub fn builder(server: &MockServer) -> ClientBuilder {
    builder_at(&format!("{}/v1", server.uri()), &server.uri())
}

/// A builder with the API at `api` and the token endpoint at `token_root + /v1/token`.
pub fn builder_at(api: &str, token_root: &str) -> ClientBuilder {
    Client::builder(CLIENT_ID, SECRET)
        .base_url(api)
        .token_url(format!("{token_root}/v1/token"))
        .rate_limit(None)
        .retry(fast_retry())
}

/// Requests the server received at `path` (any method).
pub async fn requests_to(server: &MockServer, at: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == at)
        .collect()
}
