//! # paykit-paritydeals
//!
//! A typed async (and blocking) client for the [ParityDeals API](https://docs.paritydeals.com)
//! (the service also sold as Kelviq): customers, checkout sessions, entitlements with the
//! official SDK's client-side `has_access` rule, usage and event reporting, and subscription
//! changes.
//!
//! ```no_run
//! use paykit_paritydeals::prelude::*;
//! use paykit_paritydeals::time::OffsetDateTime;
//! use paykit_paritydeals::{
//!     Cancellation, ChargePeriod, CustomerFilter, NewCheckout, NewCustomer, UsageReport,
//! };
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("sk_live_...").build()?;
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
//! let mut customers = client.list_customers(&CustomerFilter::new().page_size(50));
//! while let Some(customer) = customers.next().await {
//!     println!("{}", customer?.customer_id);
//! }
//! let in_thirty_days = Cancellation::days_after(OffsetDateTime::now_utc().date(), 30)?;
//! client.cancel_subscription("sub_1", &in_thirty_days).await?;
//! # Ok(()) }
//! ```
//!
//! - Building: [`Client::builder`] with the server API key, [`Client::from_env`]
//!   (`PAYKIT_PARITYDEALS_API_KEY`, optional `PAYKIT_PARITYDEALS_ENVIRONMENT`,
//!   `PAYKIT_PARITYDEALS_BASE_URL`, `PAYKIT_PARITYDEALS_EDGE_URL`); [`Environment`]
//!   (production, sandbox, staging); [`ClientBuilder::base_url`] is the API root with its
//!   version path, `https://api.paritydeals.com/api/v1`.
//! - Lists: `list_customers` / `list_subscriptions` are lazy streams of every item
//!   ([`Pages`]); `list_customers_page` / `list_subscriptions_page` return the one [`Page`]
//!   the filter names.
//! - Errors: [`Error`] maps 400/422, 401, 403, 404, 429 and the rest, parsing the API's
//!   Django REST Framework bodies ([`ErrorBody`]). [`Error::maybe_sent`] tells you when to
//!   check before trying again.
//! - Money safety: a `DELTA` usage report, a checkout session, a customer creation and
//!   subscription changes are never resent by a retry once they may have reached the
//!   server; `SET` reports, reads and archives are retried; events carry an idempotency key
//!   (a random UUID) and are retried, the server storing them once.
//! - Features: `rustls` (default), `native-tls`, `blocking` (`blocking::Client`), `testing`
//!   (`testing::ParityDealsSimulator`, a stateful ParityDeals on loopback with fault
//!   injection).
//!
//! The API key is a [`SecretString`]; no `Debug` output, error or log line shows it, even
//! when the server echoes it back.
//!
//! ## Where this crate differs from the shared shape
//!
//! - **Two URLs.** Entitlements are served by an edge host
//!   (`https://edge.api.paritydeals.com/api/v1`), everything else by the API host, so the
//!   builder has [`ClientBuilder::edge_url`] beside `base_url`. When only `base_url` is set,
//!   the edge URL is that same root (`{base_url}/entitlements`): the key never goes to a
//!   production host after you pointed the client elsewhere. The two URLs share one
//!   connection pool, but each has its own settings: `configure` applies to the API URL and
//!   [`ClientBuilder::configure_edge`] to the edge URL, and `rate_limit` limits the API URL
//!   only (the edge host serves the cheap, frequent entitlement checks).
//! - **Two wire forms.** The official SDK and the public docs disagree on some key casings
//!   and on the entitlements path; [`WireStyle`] and [`ClientBuilder::edge_api_prefix`]
//!   choose. Responses are read in either form.
//! - **No money amounts.** The API exchanges plan identifiers, quantities and usage
//!   counts, never prices, so there is no `Decimal` here; counts are `i64` in requests and
//!   responses alike (a `DELTA` may be negative).
//! - **`has_access` is computed client-side**, as the official SDK does
//!   ([`Entitlement::allows_access`]); there is no such endpoint.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
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
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod wire_time;

pub use checkout::{CheckoutSession, FeatureQuantity, NewCheckout, PriceSource};
pub use client::{Client, ClientBuilder, Environment, USER_AGENT, WireStyle};
pub use customers::{Customer, CustomerFilter, CustomerUpdate, NewCustomer};
pub use entitlements::{Entitlement, Entitlements};
pub use enums::{CancellationType, ChargePeriod, FeatureType, UsageBehaviour};
pub use error::{ApiError, Error, ErrorBody};
pub use reporting::{EventRecord, EventReport, UsageRecord, UsageReport};
pub use subscriptions::{
    Cancellation, CancelledSubscription, Subscription, SubscriptionFilter, SubscriptionUpdate,
    UpdatedSubscription,
};

/// paykit-core, for its [`RetryPolicy`](paykit_core::RetryPolicy),
/// [`RateLimiter`](paykit_core::RateLimiter) and the rest of the transport.
pub use paykit_core as core;
/// One page of a list, and the lazy stream of every item the list operations return.
pub use paykit_core::{Page, Pages};
/// The secret type for the API key.
pub use secrecy::SecretString;
/// The `time` crate, for [`time::Date`] (cancellation dates) and [`time::OffsetDateTime`]
/// (event and record times).
pub use time;

/// What most code needs: `use paykit_paritydeals::prelude::*;` brings the client, the error,
/// and `StreamExt` / `TryStreamExt` for `.next().await` and `.try_collect().await` on the
/// list streams.
pub mod prelude {
    pub use crate::{Client, Error};
    pub use paykit_core::futures_util::{StreamExt, TryStreamExt};
}

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
