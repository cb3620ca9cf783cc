//! Helpers shared by the vendor simulators and by tests (feature `testing`).
//!
//! - [`faults`]: a wiremock responder that injects a scripted sequence of failures (statuses,
//!   `Retry-After`, delays) before the real answer, and counts what it served;
//! - [`raw`]: a bare TCP server for what wiremock cannot do: drop the connection after reading
//!   the request, or send a truncated body;
//! - [`json`]: a JSON response template.

pub mod faults;
pub mod raw;

pub use wiremock;

use wiremock::ResponseTemplate;

/// A response with `status` and `body` as JSON (`Content-Type: application/json`).
pub fn json(status: u16, body: &impl serde::Serialize) -> ResponseTemplate {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    ResponseTemplate::new(status).set_body_raw(bytes, "application/json")
}
