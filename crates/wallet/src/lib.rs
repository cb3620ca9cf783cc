//! # paykit-wallet
//!
//! A typed async client for the self-hosted wallet service
//! ([`Noah-Huppert/wallet-service`](https://github.com/Noah-Huppert/wallet-service), API
//! 1.1): an authority signs ES256 JWTs with the key from its configuration file, records
//! entries that add to or take from users' wallets (optionally giving items), reads totals
//! across authorities, and lists and uses items.
//!
//! ```no_run
//! use paykit_wallet::prelude::*;
//! use paykit_wallet::{InventoryFilter, NewEntry, NewItem};
//!
//! # async fn demo(private_key_pem: String) -> Result<(), Error> {
//! let wallet = Client::builder("5f1e6b2c9d3a4e0012ab34cd", private_key_pem)
//!     .base_url("https://wallet.example.com/api/v1")
//!     .build()?;
//! // or: Client::from_config_file("authority.json")?, Client::from_env()?
//! wallet.create_entry(&NewEntry::new("alice", 500, "top-up")).await?;
//! let sword = wallet
//!     .create_entry(&NewEntry::new("alice", -120, "shop").item(NewItem::new("sword")))
//!     .await?;
//! match wallet.create_entry(&NewEntry::new("alice", -10_000, "castle")).await {
//!     Err(Error::NotEnoughFunds(refusal)) => println!("refused: {refusal}"),
//!     Err(e) if e.maybe_sent() => println!("unknown outcome, check before retrying: {e}"),
//!     other => println!("recorded: {}", other.is_ok()),
//! }
//! let items: Vec<_> = wallet
//!     .list_inventory(&InventoryFilter::new().user_ids(["alice"]))
//!     .try_collect()
//!     .await?;
//! wallet.use_item(&sword.entry_id).await?;
//! println!("{} items, total {}", items.len(), wallet.total("alice").await?);
//! # Ok(()) }
//! ```
//!
//! Features: `rustls` (default), `native-tls`, `blocking` (`blocking::Client`), `testing`
//! (`testing::WalletSimulator`, a stateful in-process wallet service with fault injection).
//!
//! Money safety: [`Client::create_entry`] and [`Client::use_item`] are never sent twice by an
//! automatic retry once they may have reached the server; such a failure says so with
//! [`Error::maybe_sent`]: check (`list_wallets`, `list_inventory`) before trying again.
//! Reads are retried after a 5xx, a 429 or a broken connection.
//!
//! ## Where this crate differs from the shared shape
//!
//! - **Amounts are `i64`, not `Decimal`.** The service stores and sums whole numbers
//!   (its request schema requires an integer amount); a fraction could not be sent.
//!   [`Client::total`] adds rows with checked arithmetic: a server total beyond `i64` is a
//!   decode error, never a wrapped number.
//! - **No default host; `base_url` is required.** The service is self-hosted.
//!   [`ClientBuilder::base_url`] takes the API root (`https://wallet.example.com/api/v1`) and
//!   also accepts the server root that the authority configuration file holds (its
//!   `api_base_url` has no version path), adding `/api/v1`.
//! - **Extra constructors**: [`Client::from_config_file`] reads the configuration file the
//!   service's `create-authority` command prints ([`AuthorityConfig`]); its problems are the
//!   typed [`Error::Config`]. [`Client::from_env`] reads that file from the path in
//!   `PAYKIT_WALLET_CONFIG`.
//! - **A health check before the first call** (as the service's own SDK does):
//!   [`Client::get_health`] refuses a service that is not API 1.x (x >= 1) or not ok with
//!   [`Error::IncompatibleService`]; [`ClientBuilder::check_health`] turns it off.
//! - **Vendor-only errors**: [`Error::NotEnoughFunds`] (402: a withdrawal the user's total
//!   across all authorities cannot cover; nothing recorded), [`Error::IncompatibleService`],
//!   [`Error::Config`]. A 400 is [`Error::Validation`] with the server's Joi error object in
//!   [`ApiError::error`] ([`Error::validation_messages`] lists its messages).
//! - **Unpaged lists**: the service answers every wallet and every item in one response, so
//!   `list_wallets` / `list_inventory` streams have a single page ([`Page::single`]) and the
//!   filters have no `page` / `page_size`. [`Client::total`] is the service's own verb.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

mod auth;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod client;
pub mod config;
mod entries;
pub mod error;
mod health;
mod inventory;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod wallets;

pub use client::{API_PREFIX, CONFIG_ENV, Client, ClientBuilder};
pub use config::AuthorityConfig;
pub use entries::{Entry, Item, NewEntry, NewItem};
pub use error::{ApiError, ConfigError, Error};
pub use health::{COMPATIBLE_API_VERSION, Health};
pub use inventory::{InventoryFilter, InventoryItem, Used};
pub use wallets::{WalletFilter, WalletTotal};

/// paykit-core, the shared transport (`paykit_wallet::core::RetryPolicy`, ...).
pub use paykit_core as core;
/// One page of a list, and the lazy stream of every item.
pub use paykit_core::{Page, Pages};
/// The secret type for private keys.
pub use secrecy::SecretString;
/// The `time` crate, for [`time::OffsetDateTime`] ([`Entry::created_on`]).
pub use time;

/// What most programs need: `use paykit_wallet::prelude::*;` brings the client, the error,
/// and `StreamExt` / `TryStreamExt` so that list streams work with `.next().await` and
/// `.try_collect().await` without another dependency.
pub mod prelude {
    pub use crate::{Client, Error};
    pub use paykit_core::futures_util::{StreamExt, TryStreamExt};
}

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
