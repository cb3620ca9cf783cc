//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name, arguments and result.
//! Each call runs on a private runtime; called from inside an async runtime it returns
//! [`Error::Core`] with [`paykit_core::Error::BlockingInsideRuntime`] instead of panicking.

use std::path::Path;
use std::sync::Arc;

use paykit_core::blocking::BlockingRuntime;

use crate::{
    Entry, Error, Health, InventoryFilter, InventoryItem, NewEntry, WalletFilter, WalletTotal,
};

/// A blocking wallet client.
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<BlockingRuntime>,
}

impl Client {
    /// Wraps an async client.
    pub fn new(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new()?),
        })
    }

    /// A client from the authority configuration file.
    pub fn from_config_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::new(crate::Client::from_config_file(path)?)
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    fn run<T>(&self, f: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(f)?
    }

    /// See [`crate::Client::health`].
    pub fn health(&self) -> Result<Health, Error> {
        self.run(self.inner.health())
    }

    /// See [`crate::Client::check_health`].
    pub fn check_health(&self) -> Result<Health, Error> {
        self.run(self.inner.check_health())
    }

    /// See [`crate::Client::create_entry`].
    pub fn create_entry(&self, entry: &NewEntry) -> Result<Entry, Error> {
        self.run(self.inner.create_entry(entry))
    }

    /// See [`crate::Client::wallets`].
    pub fn wallets(&self, filter: &WalletFilter) -> Result<Vec<WalletTotal>, Error> {
        self.run(self.inner.wallets(filter))
    }

    /// See [`crate::Client::total`].
    pub fn total(&self, user_id: &str) -> Result<i64, Error> {
        self.run(self.inner.total(user_id))
    }

    /// See [`crate::Client::inventory`].
    pub fn inventory(&self, filter: &InventoryFilter) -> Result<Vec<InventoryItem>, Error> {
        self.run(self.inner.inventory(filter))
    }

    /// See [`crate::Client::use_item`].
    pub fn use_item(&self, entry_id: &str) -> Result<Entry, Error> {
        self.run(self.inner.use_item(entry_id))
    }
}
