//! # paykit-paritydeals
//!
//! A typed async (and blocking) client for the ParityDeals API (the service also sold as
//! Kelviq): customers, checkout sessions, entitlements with the reference SDK's client-side
//! `has_access` rule, usage and event reporting, and subscription changes.
//!
//! ```no_run
//! use paykit_paritydeals::{Cancellation, ChargePeriod, Client, Date, NewCheckout, NewCustomer, UsageReport};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new("sk_live_...".into())?;
//! client.create_customer(&NewCustomer::new("cus_42").email("ada@example.com")).await?;
//! let session = client
//!     .create_checkout_session(
//!         &NewCheckout::new("pro", ChargePeriod::Monthly)
//!             .customer_id("cus_42")
//!             .success_url("https://example.com/thanks"),
//!     )
//!     .await?;
//! println!("pay at {}", session.checkout_url);
//! client.report_usage(&UsageReport::delta("cus_42", "api_calls", 1)).await?;
//! if !client.has_access("cus_42", "api_calls").await? {
//!     println!("limit reached");
//! }
//! client
//!     .cancel_subscription("sub_1", &Cancellation::SpecificDate(Date::new(2026, 6, 30)?))
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! - Hosts: [`Environment`] (production, sandbox, staging), each host overridable; requests
//!   go to `{host}/api/v1{path}`; entitlements go to the edge host.
//! - Wire forms: [`WireStyle::Sdk`] (default) or [`WireStyle::Docs`] where the reference SDK
//!   and the docs disagree; responses are read in either casing.
//! - Errors: [`Error`] maps 400/401/403/404/5xx and parses DRF bodies ([`ErrorBody`]).
//! - Money safety: a `DELTA` usage report, a checkout session, a customer creation and
//!   subscription changes are never resent by a retry once they may have reached the
//!   server; `SET` reports, reads and archives are retried; events are retried with their
//!   idempotency key. [`Error::maybe_sent`] tells you when to check before trying again.
//! - Features: `rustls` (default), `native-tls`, `blocking` ([`blocking::Client`]), `testing`
//!   ([`testing::ParityDealsSimulator`], a stateful ParityDeals on loopback).
//!
//! The API key is a [`SecretString`]; no `Debug` output, error or log line shows it.

#![warn(missing_docs)]

#[cfg(feature = "blocking")]
pub mod blocking;
mod checkout;
mod client;
mod customers;
mod entitlements;
mod enums;
pub mod error;
mod pages;
mod reporting;
mod subscriptions;
#[cfg(feature = "testing")]
pub mod testing;
mod time;

pub use checkout::{CheckoutSession, FeatureQuantity, NewCheckout, PriceSource};
pub use client::{API_PREFIX, Client, ClientBuilder, Environment, USER_AGENT, WireStyle};
pub use customers::{Customer, CustomerUpdate, NewCustomer};
pub use entitlements::{Entitlement, Entitlements};
pub use enums::{CancellationType, ChargePeriod, FeatureType, UsageBehaviour};
pub use error::{ApiError, Error, ErrorBody};
pub use pages::ListPage;
pub use reporting::{EventRecord, EventReport, UsageRecord, UsageReport};
pub use subscriptions::{
    Cancellation, CancelledSubscription, Subscription, SubscriptionUpdate, UpdatedSubscription,
};
pub use time::{Date, DateError, format_timestamp, new_idempotency_key};

/// The lazy page stream the list operations return (from paykit-core).
pub use paykit_core::{Page, Pages};
/// The secret type for the API key.
pub use secrecy::SecretString;

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
