//! Helpers shared by the wiremock tests: the key, fixtures, a client and the query of the
//! one request received.

#![allow(dead_code)]

use paykit_clubready::Client;
use paykit_core::RetryPolicy;
use wiremock::{MockServer, ResponseTemplate};

pub const KEY: &str = "KEY-abc+/=123";

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../fixtures/clubready/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn jsv(name: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(fixture(name), "application/jsv")
}

pub fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .store_id(100)
        .base_url(format!("{}/api/current", server.uri()))
        .retry(RetryPolicy::default().backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        ))
        .build()
        .unwrap()
}

/// The query of the one request received, in order.
pub async fn only_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
