//! # paykit-pax8
//!
//! A typed async client for the Pax8 Partner API (`https://api.pax8.com/v1`): companies,
//! contacts, products, orders, subscriptions, usage and invoices, with OAuth2 client
//! credentials and a real token cache.
//!
//! ```no_run
//! use paykit_pax8::{Client, CompanyFilter, CompanyStatus, SecretString};
//! use paykit_pax8::paykit_core::Stream;
//!
//! # async fn demo() -> Result<(), paykit_pax8::Error> {
//! let pax8 = Client::builder("my-client-id", SecretString::from("my-secret")).build()?;
//! let filter = CompanyFilter { status: Some(CompanyStatus::Active), ..Default::default() };
//! let first = pax8.list_companies(&filter).await?;
//! println!("{} companies on the first page", first.items.len());
//! // Every page, fetched as it is consumed:
//! let all = pax8.companies(&filter).all_items().await?;
//! println!("{} active companies", all.len());
//! # Ok(()) }
//! ```
//!
//! - **Auth** ([`auth`]): one token per identity, fetched once for any number of concurrent
//!   calls, refreshed ahead of expiry with jitter, dropped and refetched when the API
//!   answers 401 (the call is retried once), never cached when the fetch fails. Tokens live
//!   in memory by default; [`FileTokenCache`] keeps them in a 0600 file, encrypted with a
//!   key of yours with the `encryption` feature (`CacheEncryptionKey`); `RedisTokenCache`
//!   (feature `redis`) shares one token among a fleet of processes, only one of which
//!   fetches it when the cache is cold; [`TokenCache`] is the trait for other stores. The token endpoint's default is the current documented
//!   form; the older `login.pax8.com` form is [`TokenConfig::login_pax8`].
//! - **Lists**: `list_*` returns one [`ListPage`]; the plural methods (`companies`,
//!   `products`, ...) return a lazy [`paykit_core::Pages`] stream (`.items()`,
//!   `.all_items()`). A page holds at most [`MAX_PAGE_SIZE`] (200) items; a larger size is
//!   refused with [`Error::InvalidInput`] before anything is sent.
//! - **Models** are lenient where Pax8's documents and live API disagree (pax8.md §1.7):
//!   `commitment` and `commitmentTerm`, `Pax8Partner` and `Pax8 Partner`, `1-Time` and
//!   `One-Time`, `rateType` in any case; unknown enum values are kept in `Other(String)`.
//!   Money is [`rust_decimal::Decimal`] (read from JSON numbers or strings).
//! - **Errors** ([`Error`]): every recorded error body shape parses into one [`ApiError`].
//! - **Rate limit**: a client-side limit of 1000 requests a minute by default; 429 answers
//!   are retried after `Retry-After`.
//! - **Orders**: [`Client::create_order`] is never resent by a retry once it may have reached
//!   the server.
//!
//! Features: `rustls` (default), `native-tls`, `blocking` ([`blocking::Client`]), `testing`
//! ([`testing::Pax8Simulator`], a stateful in-process Pax8), `encryption` (encrypted token
//! caches: `CacheEncryptionKey`, `TokenSealer`), `redis` (`RedisTokenCache`).

#![warn(missing_docs)]

pub mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod companies;
mod contacts;
pub mod error;
mod invoices;
mod orders;
mod paging;
mod products;
mod subscriptions;
#[cfg(feature = "testing")]
pub mod testing;
mod usage;
mod values;

#[cfg(feature = "encryption")]
pub use auth::{CacheEncryptionKey, InvalidCacheKey, SealedToken, TokenSealer};
pub use auth::{
    CacheKey, CachedToken, Credentials, FileTokenCache, MemoryTokenCache, RefreshLock, TokenCache,
    TokenConfig, TokenError, TokenRequestStyle,
};
#[cfg(feature = "redis")]
pub use auth::{DEFAULT_REDIS_PREFIX, RedisTokenCache};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_RATE_LIMIT_PER_MINUTE};
pub use companies::{Address, Company, CompanyFilter, CompanySort, CompanyStatus, NewCompany};
pub use contacts::{Contact, ContactRole, ContactType, NewContact};
pub use error::{ApiError, Error, ErrorDetail};
pub use invoices::{
    Invoice, InvoiceFilter, InvoiceItem, InvoiceItemType, InvoiceSort, InvoiceStatus, InvoiceTerm,
    ItemChargeType, RateType,
};
pub use orders::{
    LineItem, NewLineItem, NewOrder, Order, OrderFilter, OrderedBy, ProvisioningValue,
};
pub use paging::{ListPage, MAX_PAGE_SIZE, PageInfo, PageRequest};
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

/// Re-exported so that users name the same versions as this crate.
pub use paykit_core;
/// The `redis` crate, re-exported for [`RedisTokenCache::from_client`] (feature `redis`).
#[cfg(feature = "redis")]
pub use redis;
pub use rust_decimal::Decimal;
pub use secrecy::SecretString;

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
