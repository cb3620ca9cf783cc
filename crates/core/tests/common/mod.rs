//! Shared helpers for paykit-core's integration tests (all servers on loopback).
#![allow(dead_code)]

use std::time::Duration;

use paykit_core::{Client, ClientBuilder, RetryPolicy};

/// A builder with fast back-offs, for tests.
pub fn builder(uri: &str) -> ClientBuilder {
    Client::builder("test", uri)
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

/// A client with fast back-offs.
pub fn client(uri: &str) -> Client {
    builder(uri).build().unwrap()
}
