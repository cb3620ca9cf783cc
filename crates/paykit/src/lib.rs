//! # paykit
//!
//! Typed, async-first clients for commerce and billing services, one crate per vendor,
//! gathered here behind cargo features:
//!
//! | feature | module | vendor |
//! |---|---|---|
//! | `wallet` | `wallet` | the wallet service (ES256 authorities, entries, totals, inventory) |
//! | `paritydeals` | `paritydeals` | ParityDeals / Kelviq (customers, checkout, entitlements, usage, subscriptions) |
//! | `spreedly` | `spreedly` | Spreedly Subscriptions (XML: plans, subscribers, trials, complimentary time, credits, fees, invoices, transactions, hosted pages) |
//! | `clubready` | `clubready` | ClubReady (ServiceStack over JSV: members and prospects, class scheduling and bookings, packages and agreement sales, club data) |
//! | `pax8` | `pax8` | the Pax8 Partner API (OAuth2 token cache, companies, products, orders, subscriptions, usage, invoices) |
//!
//! `full` enables every vendor; `pax8-redis` and `pax8-encryption` add Pax8's shared and
//! encrypted token caches; `blocking` adds blocking clients; `testing` adds each
//! vendor's in-process simulator. [`core`] is the shared transport (retries, rate limits,
//! pagination, errors).
//!
//! ```no_run
//! # #[cfg(feature = "wallet")]
//! # async fn demo() -> Result<(), paykit::wallet::Error> {
//! use paykit::wallet::{Client, NewEntry};
//!
//! let wallet = Client::from_config_file("authority.json")?;
//! let entry = wallet.create_entry(&NewEntry::new("alice", 500, "top-up")).await?;
//! println!("recorded {}", entry.entry_id);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use paykit_core as core;

#[cfg(feature = "wallet")]
#[cfg_attr(docsrs, doc(cfg(feature = "wallet")))]
pub use paykit_wallet as wallet;

#[cfg(feature = "paritydeals")]
#[cfg_attr(docsrs, doc(cfg(feature = "paritydeals")))]
pub use paykit_paritydeals as paritydeals;

#[cfg(feature = "pax8")]
#[cfg_attr(docsrs, doc(cfg(feature = "pax8")))]
pub use paykit_pax8 as pax8;

#[cfg(feature = "spreedly")]
#[cfg_attr(docsrs, doc(cfg(feature = "spreedly")))]
pub use paykit_spreedly as spreedly;

#[cfg(feature = "clubready")]
#[cfg_attr(docsrs, doc(cfg(feature = "clubready")))]
pub use paykit_clubready as clubready;

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
