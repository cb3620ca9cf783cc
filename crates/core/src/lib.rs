//! # paykit-core
//!
//! The transport every paykit vendor client stands on: a [`Client`] (reqwest + tokio) that
//! sends a described [`Request`] with auth ([`AuthHook`]), a client-side [`RateLimiter`],
//! per-attempt timeouts and a total deadline, retries by a classifier chain and full-jitter
//! back-off that honour each request's [`Idempotency`], a response body cap, lazy
//! [`Pages`] streams, pluggable body [`Codec`]s (JSON built in) and one [`Error`] type.
//!
//! Vendor crates (`paykit-wallet`, ...) are what applications use; this crate is what they
//! share. A call, end to end:
//!
//! ```no_run
//! use paykit_core::{Client, Json, Request, Idempotency, RetryPolicy};
//!
//! # async fn demo() -> Result<(), paykit_core::Error> {
//! let client = Client::builder("example", "https://api.example.com/v1")
//!     .user_agent("my-app/1.0")
//!     .retry(RetryPolicy::default().max_attempts(4))
//!     .build()?;
//! let req = Request::get("example.get_thing", "/things/{}").arg("id 42");
//! let thing: serde_json::Value = client.send(req, &Json).await?;
//! # Ok(()) }
//! ```
//!
//! Features: `rustls` (default; TLS with the ring provider), `native-tls` (opt-in),
//! `blocking` (`blocking::BlockingRuntime` and `blocking::Iter`), `testing` (the simulator
//! server every vendor simulator runs on, and the shared fault vocabulary), `redis`
//! (`RateLimiter::shared`: one rate limit for a fleet of processes, kept in Redis, with the
//! local limit as a fallback while Redis does not answer).

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
pub mod client;
pub mod codec;
pub mod error;
pub mod paginate;
pub mod rate_limit;
pub mod request;
pub mod response;
pub mod retry;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
pub mod transport;
pub mod wire_enum;

pub use auth::{AuthHook, Credential, HeaderAuth};
pub use client::{Client, ClientBuilder};
pub use codec::{Codec, Json};
pub use error::{BoxError, Error, HttpError, TimeoutKind, VendorError};
pub use paginate::{Cursor, Page, Pages};
pub use rate_limit::RateLimiter;
pub use request::{Idempotency, Request};
pub use response::Response;
pub use retry::{RetryAction, RetryBudget, RetryClassifier, RetryPolicy};
pub use transport::Transport;

/// Re-exports for vendor crates, so that they never name these crates' versions themselves.
pub use async_trait::async_trait;
pub use bytes;
pub use futures_core::Stream;
/// `StreamExt` and `TryStreamExt` for [`Pages`] (`.next()`, `.try_collect()`); vendor
/// crates' preludes re-export them.
pub use futures_util;
pub use reqwest;
pub use secrecy;
pub use url;

/// What the exported macros need, not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
