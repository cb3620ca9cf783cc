//! # paykit-spreedly
//!
//! A typed async client for the Spreedly Subscriptions API (the legacy v4 XML API at
//! `https://spreedly.com/api/v4/{site}`, later also served as Pin Payments Subscriptions):
//! plans, subscribers, free trials, plan changes, complimentary subscriptions and time,
//! store credit, fees, invoices and payments, transactions, and the hosted-page URLs.
//!
//! ```no_run
//! use paykit_spreedly::prelude::*;
//! use paykit_spreedly::{NewSubscriber, PlanFilter};
//!
//! # async fn demo() -> Result<(), paykit_spreedly::Error> {
//! let spreedly = Client::builder("acme-test", "site-api-token").build()?;
//! let plans: Vec<_> = spreedly.list_plans(&PlanFilter::new()).try_collect().await?;
//! let alice = spreedly
//!     .get_or_create_subscriber(&NewSubscriber::new("42", "alice").email("alice@example.com"))
//!     .await?;
//! if let Some(trial) = plans.iter().find(|p| p.is_free_trial()) {
//!     spreedly.subscribe_to_free_trial(&alice.customer_id, trial.id).await?;
//! }
//! # Ok(()) }
//! ```
//!
//! - **Building**: [`Client::builder`]`(site, api_token)` or [`Client::from_env`]
//!   (`PAYKIT_SPREEDLY_SITE`, `PAYKIT_SPREEDLY_API_TOKEN`, optional
//!   `PAYKIT_SPREEDLY_BASE_URL`). The token goes in HTTP Basic as the user with `X` as the
//!   password; it never appears in `Debug` output or error text. The transport knobs are
//!   those of every paykit client (`user_agent`, `connect_timeout`, `attempt_timeout`,
//!   `deadline`, `retry`, `rate_limit`, `http_client`, `configure`).
//! - **Test sites**: [`Client::delete_subscriber`] and [`Client::delete_all_subscribers`]
//!   work on Spreedly test sites only, and this client refuses them with
//!   [`Error::InvalidInput`] unless it was built with [`ClientBuilder::test_site`]`(true)`.
//! - **XML** ([`Xml`]): Rails-typed elements (`type="boolean|integer|decimal|datetime|array"`,
//!   `nil="true"`, empty typed elements, `<nil-classes type="array"/>` for an empty list,
//!   `-` or `_` in names) are read in one place. An element marked `nil="true"` that still
//!   has text is read as absent by default; [`ClientBuilder::nil_text`]`(`[`NilText::Text`]`)`
//!   reads its text instead. Documents are bounded in depth ([`xml::MAX_DEPTH`]) and size
//!   (the client's body cap); no input makes the decoder panic. Requests are written with
//!   hyphenated element names, escaped text, and never a read-only field.
//! - **Money** is [`Decimal`], instants [`time::OffsetDateTime`].
//! - **Errors** ([`Error`]): [`Error::Unauthorized`] (401), [`Error::Forbidden`] (403, with
//!   Spreedly's reason as the message: "already exists", "not eligible for a free trial",
//!   "already been closed"), [`Error::NotFound`], [`Error::Validation`] (422 with every
//!   `<error>` message), [`Error::RateLimited`], [`Error::Api`]; `<errors>` lists and
//!   plain-text bodies both become an [`ApiError`].
//! - **Money safety**: fees, store credit, complimentary subscriptions, invoice creation and
//!   invoice payment are never resent once they may have reached Spreedly;
//!   [`Error::maybe_sent`] tells whether a failed call may still have had its effect.
//!
//! Features: `rustls` (default), `native-tls`, `blocking` (`blocking::Client`), `testing`
//! (`testing::SpreedlySimulator`, a stateful in-process Spreedly with fault injection).
//!
//! ## Where this crate differs from the shared shape
//!
//! - **A site name** is a required argument of [`Client::builder`] beside the token: every
//!   path lives under the site.
//! - **Hosted pages** are browser URLs on a second host, [`ClientBuilder::hosted_url`],
//!   derived from the base URL (`…/api/v4/{site}` → `…/{site}`); nothing is ever sent there.
//!   A base URL of another form needs `hosted_url` set, or `build()` refuses.
//! - **Lists with no paging**: plans and subscribers come back whole in one answer, so
//!   `list_plans` / `list_subscribers` are one-page streams; plan filters apply
//!   client-side, and [`Client::find_plan`] returns an `Option` because Spreedly has no
//!   single-plan read.
//! - **Undocumented answer bodies**: [`Client::update_subscriber`], [`Client::change_plan`],
//!   [`Client::stop_auto_renew`] and [`Client::add_store_credit`] return
//!   `Option<Subscriber>`: the subscriber when Spreedly's answer holds one.
//! - **Vendor verbs**: `add_fee`, `add_store_credit`, `subscribe_to_free_trial`,
//!   `allow_free_trial`, `change_plan`, `stop_auto_renew`, `pay_invoice`.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod billing;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod client;
pub mod error;
mod hosted;
mod invoices;
mod models;
mod plans;
mod subscribers;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod transactions;
mod values;
pub mod xml;

pub use billing::{NewComplimentarySubscription, NewComplimentaryTimeExtension, NewFee};
pub use client::{Client, ClientBuilder, DEFAULT_HOST, TimeExtensionPath};
pub use error::{ApiError, Error};
pub use hosted::HostedPageOptions;
pub use invoices::{CreditCard, NewInvoice, Payment};
pub use models::{Invoice, LineItem, Plan, Subscriber, Transaction, TransactionDetail};
pub use plans::PlanFilter;
pub use subscribers::{NewSubscriber, SubscriberFilter, SubscriberUpdate};
pub use transactions::{TRANSACTIONS_PAGE_SIZE, TransactionFilter};
pub use values::{CardType, DurationUnits, PlanType};
pub use xml::{NilText, Xml};

/// paykit-core, re-exported so that users name the same versions as this crate
/// (`paykit_spreedly::core::RetryPolicy`).
pub use paykit_core as core;
pub use paykit_core::{Page, Pages};
pub use rust_decimal::Decimal;
pub use secrecy::SecretString;
/// The `time` crate, re-exported for [`time::OffsetDateTime`].
pub use time;

/// What most programs need: `use paykit_spreedly::prelude::*;` brings the client, its error
/// and the stream traits that give [`Pages`] its `.next().await` and `.try_collect().await`.
pub mod prelude {
    pub use crate::{Client, Error};
    pub use paykit_core::futures_util::{StreamExt, TryStreamExt};
}

/// The crate README's examples, compiled and run as doctests. Its simulator example needs
/// the `testing` feature, so the README is tested with it on (as `--all-features` does).
#[doc = include_str!("../README.md")]
#[cfg(all(doctest, feature = "testing"))]
pub struct ReadmeDoctests;
