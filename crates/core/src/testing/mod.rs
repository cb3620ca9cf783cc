//! What every vendor simulator shares, and tools for tests (feature `testing`).
//!
//! - [`Fault`] and [`Faults`]: one fault vocabulary for every simulator (`sim.inject(
//!   Fault::status(503).times(2).on("pax8.create_order"))`), and [`Faulty`], a wiremock
//!   responder that serves faults before its real answer;
//! - [`SimServer`]: wiremock behind a loopback front that can also drop a connection or
//!   truncate a body, with [`SimServer::requests`] returning [`RecordedRequest`]s;
//! - [`matrix`]: the fault matrix every vendor crate's tests run (fault × kind of call →
//!   the outcome a user relies on);
//! - [`Simulator`]: what a host of several simulators (`paykit-sim`) needs from each;
//! - [`raw`]: a bare TCP server that misbehaves on every connection;
//! - [`json`]: a JSON response template;
//! - [`RedisServer`]: a throwaway `redis-server` for tests of what a fleet shares.

pub mod faults;
mod front;
pub mod matrix;
pub mod raw;
pub mod redis_server;
mod sim;
pub mod simulator;

pub use faults::{Fault, FaultKind, Faults, Faulty};
pub use redis_server::RedisServer;
pub use sim::{RecordedRequest, SimServer, SimServerBuilder};
pub use simulator::{ConfigFile, Connection, Simulator};
pub use wiremock;

use wiremock::ResponseTemplate;

/// The retry policy simulators give their clients: the default chain with back-offs of 1 to
/// 10 ms, so that tests of retries run fast.
pub fn fast_retry() -> crate::RetryPolicy {
    crate::RetryPolicy::default().backoff(
        std::time::Duration::from_millis(1),
        std::time::Duration::from_millis(10),
    )
}

/// Locks a simulator's state even when a panic in another responder poisoned the lock (a
/// panicking route must not wedge the simulator).
pub fn lock<T>(state: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A response with `status` and `body` as JSON (`Content-Type: application/json`).
pub fn json(status: u16, body: &impl serde::Serialize) -> ResponseTemplate {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    ResponseTemplate::new(status).set_body_raw(bytes, "application/json")
}
