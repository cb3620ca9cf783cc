//! # paykit-wallet
//!
//! A typed async client for the wallet service (`Noah-Huppert/wallet-service`, API 1.1):
//! authorities sign ES256 JWTs, entries move money in and out of users' wallets and may carry
//! items, totals sum entries across authorities, and items can be listed and used.
//!
//! ```no_run
//! use paykit_wallet::{Client, NewEntry, NewItem, InventoryFilter, Error};
//!
//! # async fn demo() -> Result<(), Error> {
//! let wallet = Client::from_config_file("authority.json")?;
//! wallet.create_entry(&NewEntry::new("alice", 500, "top-up")).await?;
//! let sword = wallet
//!     .create_entry(&NewEntry::new("alice", -120, "shop").with_item(NewItem::new("sword")))
//!     .await?;
//! match wallet.create_entry(&NewEntry::new("alice", -10_000, "castle")).await {
//!     Err(Error::NotEnoughFunds { message }) => println!("refused: {message}"),
//!     other => println!("{other:?}"),
//! }
//! let items = wallet.inventory(&InventoryFilter::new().user_ids(["alice"])).await?;
//! wallet.use_item(&sword.entry_id).await?;
//! println!("{} items, total {}", items.len(), wallet.total("alice").await?);
//! # Ok(()) }
//! ```
//!
//! Features: `rustls` (default), `native-tls`, `blocking` ([`blocking::Client`]), `testing`
//! ([`testing::WalletSimulator`], a stateful in-process wallet service).
//!
//! Money safety: [`Client::create_entry`] is never sent twice by an automatic retry once it
//! may have reached the server; such a failure says so with [`Error::maybe_sent`].

#![warn(missing_docs)]

mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
pub mod config;
mod entries;
pub mod error;
mod health;
mod inventory;
#[cfg(feature = "testing")]
pub mod testing;
mod wallets;

pub use client::{API_PREFIX, Client, ClientBuilder};
pub use config::AuthorityConfig;
pub use entries::{Entry, Item, NewEntry, NewItem};
pub use error::{ConfigError, Error};
pub use health::{COMPATIBLE_API_VERSION, Health};
pub use inventory::{InventoryFilter, InventoryItem, Used};
pub use wallets::{WalletFilter, WalletTotal};

/// The secret type for private keys.
pub use secrecy::SecretString;

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
