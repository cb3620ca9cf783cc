//! # paykit-pax8
//!
//! A typed async client for the Pax8 Partner API (`https://api.pax8.com/v1`): companies,
//! contacts, products, orders, subscriptions, usage and invoices, with OAuth2 client
//! credentials and a real token cache.
//!
//! ```no_run
//! use paykit_pax8::prelude::*;
//! use paykit_pax8::{CompanyFilter, CompanyStatus};
//!
//! # async fn demo() -> Result<(), paykit_pax8::Error> {
//! let pax8 = Client::builder("my-client-id", "my-secret").build()?;
//! let filter = CompanyFilter::new().status(CompanyStatus::Active).page_size(200);
//! // One page, as the filter names it:
//! let first = pax8.list_companies_page(&filter).await?;
//! println!("{} companies on page {}", first.items.len(), first.number.unwrap_or(0));
//! // Every company, page after page, fetched as the stream is consumed:
//! let all: Vec<_> = pax8.list_companies(&filter).try_collect().await?;
//! println!("{} active companies", all.len());
//! # Ok(()) }
//! ```
//!
//! - **Building**: [`Client::builder`]`(client_id, client_secret)`, or [`Client::from_env`]
//!   (`PAYKIT_PAX8_CLIENT_ID`, `PAYKIT_PAX8_CLIENT_SECRET`, optional `PAYKIT_PAX8_BASE_URL`
//!   and `PAYKIT_PAX8_TOKEN_URL`). The transport knobs are those of every paykit client
//!   (`user_agent`, `connect_timeout`, `attempt_timeout`, `deadline`, `retry`,
//!   `rate_limit`, `http_client`, `configure`).
//! - **Auth** ([`auth`]): one token per identity, fetched once for any number of concurrent
//!   calls, refreshed ahead of expiry with jitter, dropped and refetched when the API
//!   answers 401 (the call is retried once), never cached when the fetch fails. Tokens live
//!   in memory by default; [`FileTokenCache`] keeps them in a 0600 file (encrypted with a key
//!   of yours with the `encryption` feature); `RedisTokenCache` (feature `redis`) shares one
//!   token among a fleet of processes, only one of which fetches it when the cache is cold;
//!   [`TokenCache`] is the trait for other stores. The token endpoint's default is the
//!   current documented form; the older `login.pax8.com` form is
//!   [`TokenConfig::login_pax8`].
//! - **Lists**: `list_<things>(&filter)` is the lazy stream of every item ([`Pages`]);
//!   `list_<things>_page(&filter)` the one [`Page`] the filter names. Pax8 counts pages from
//!   0 and [`Page::number`] reports them so. A page holds at most [`MAX_PAGE_SIZE`] (200)
//!   items; a larger size is refused with [`Error::InvalidInput`] before anything is sent.
//! - **Models** are lenient where Pax8's documents and live API disagree: `commitment` and
//!   `commitmentTerm`, `Pax8Partner` and `Pax8 Partner`, `1-Time` and `One-Time`,
//!   `rateType` in any case, dates sent as dates or date-times; unknown enum values are kept
//!   in `Other(String)`. Money is [`Decimal`] (read from JSON numbers or strings), dates
//!   [`time::Date`], instants [`time::OffsetDateTime`], counts `u64`.
//! - **Errors** ([`Error`]): by status, [`Error::Unauthorized`], [`Error::Forbidden`],
//!   [`Error::NotFound`], [`Error::Validation`], [`Error::RateLimited`], [`Error::Api`], each
//!   with the parsed [`ApiError`] (every known body shape); [`Error::maybe_sent`] tells
//!   whether a failed call may still have had its effect. No error text holds the client
//!   secret or the access token, even when the server echoes them.
//! - **Rate limit**: a client-side limit of 1000 requests a minute by default; 429 answers
//!   are retried after `Retry-After`. Pax8 counts the limit per partner, not per process:
//!   with the `redis` feature, `ClientBuilder::shared_rate_limit` makes it one budget for
//!   every process with the same client id.
//! - **Orders**: [`Client::create_order`] is never resent by a retry once it may have
//!   reached the server.
//!
//! Features: `rustls` (default), `native-tls`, `blocking` (`blocking::Client`), `testing`
//! (`testing::Pax8Simulator`, a stateful in-process Pax8 with fault injection),
//! `encryption` (encrypted token caches: `CacheEncryptionKey`, `TokenSealer`), `redis`
//! (`RedisTokenCache`, `ClientBuilder::shared_rate_limit`).
//!
//! ## Where this crate differs from the shared shape
//!
//! - **A token endpoint.** Pax8 authenticates with OAuth2 client credentials, so the
//!   builder has a second host, [`ClientBuilder::token_url`], plus the token knobs
//!   ([`ClientBuilder::audience`], [`ClientBuilder::token_request_style`],
//!   [`ClientBuilder::token_config`]) and token caches. When only `base_url` is set, the
//!   token URL is derived from it (`{base_url}/token`).
//! - **[`Error::Token`]**: a vendor-only variant for a token that could not be obtained
//!   for a reason that is not an answer of Pax8 (token endpoint unreachable or timing out,
//!   an answer that is not a token, a failing token cache). A refusal by the token endpoint
//!   is not this: it is [`Error::Unauthorized`] (400 or 401, the OAuth2 `error` in
//!   [`ApiError::kind`] and `error_description` in [`ApiError::message`]), and its other
//!   answers map by status like the API's; [`ApiError::is_from_token_endpoint`] tells
//!   them apart, and [`Error::maybe_sent`] counts only the attempts that reached the API.
//! - **Sub-resource reads that are not paged** (`product_pricing`,
//!   `product_provisioning_details`, `product_dependencies`, `subscription_history`)
//!   return everything in one answer, as Pax8 does, so they return a `Vec` (or one value)
//!   rather than a list/page pair.
//! - **Usage quantities** ([`UsageLine::quantity`], [`InvoiceItem::quantity`]) are
//!   [`Decimal`], not `u64`: metered usage is fractional (hours, gigabytes). Seat counts
//!   (subscriptions, line items, subscription updates) are `u64`.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod client;
mod companies;
mod contacts;
mod dates;
pub mod error;
mod invoices;
mod orders;
mod paging;
mod products;
mod subscriptions;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod usage;
mod values;

#[cfg(feature = "encryption")]
#[cfg_attr(docsrs, doc(cfg(feature = "encryption")))]
pub use auth::{CacheEncryptionKey, InvalidCacheKey, SealedToken, TokenSealer};
pub use auth::{
    CacheKey, CachedToken, Credentials, FileTokenCache, MemoryTokenCache, RefreshLock, TokenCache,
    TokenConfig, TokenError, TokenRequestStyle,
};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use auth::{DEFAULT_REDIS_PREFIX, RedisTokenCache};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_RATE_LIMIT_PER_MINUTE};
pub use companies::{Address, Company, CompanyFilter, CompanySort, CompanyStatus, NewCompany};
pub use contacts::{Contact, ContactFilter, ContactRole, ContactType, NewContact};
pub use error::{ApiError, Error, ErrorDetail};
pub use invoices::{
    Invoice, InvoiceFilter, InvoiceItem, InvoiceItemFilter, InvoiceItemType, InvoiceSort,
    InvoiceStatus, InvoiceTerm, ItemChargeType, RateType,
};
pub use orders::{
    LineItem, NewLineItem, NewOrder, Order, OrderFilter, OrderedBy, ProvisioningValue,
};
pub use paging::MAX_PAGE_SIZE;
pub use products::{
    ChargeType, Commitment, Dependencies, Pricing, PricingType, Product, ProductDependency,
    ProductFilter, ProductSort, ProvisioningDetail, Rate, ValueType,
};
pub use subscriptions::{
    Subscription, SubscriptionCommitment, SubscriptionFilter, SubscriptionSort, SubscriptionStatus,
    SubscriptionUpdate,
};
pub use usage::{UsageLine, UsageLineFilter, UsageSummary, UsageSummaryFilter, UsageSummarySort};
pub use values::BillingTerm;

/// paykit-core, re-exported so that users name the same versions as this crate
/// (`paykit_pax8::core::RetryPolicy`).
pub use paykit_core as core;
pub use paykit_core::{Page, Pages};
/// The `redis` crate, re-exported for [`RedisTokenCache::from_client`] (feature `redis`).
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use redis;
pub use rust_decimal::Decimal;
pub use secrecy::SecretString;
/// The `time` crate, re-exported for its [`time::Date`] and [`time::OffsetDateTime`].
pub use time;

/// What most programs need: `use paykit_pax8::prelude::*;` brings the client, its error and
/// the stream traits that give [`Pages`] its `.next().await` and `.try_collect().await`.
pub mod prelude {
    pub use crate::{Client, Error};
    pub use paykit_core::futures_util::{StreamExt, TryStreamExt};
}

/// The crate README's examples, compiled and run as doctests. Its last example needs the
/// `redis` and `encryption` features, so the README is tested with both on (as
/// `--all-features` does).
#[doc = include_str!("../README.md")]
#[cfg(all(doctest, feature = "redis", feature = "encryption"))]
pub struct ReadmeDoctests;
