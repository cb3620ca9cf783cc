//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name and arguments; lists
//! return a [`paykit_core::blocking::Iter`] (an `Iterator<Item = Result<T, Error>>`). Each
//! call runs on a private runtime; called from inside an async runtime it returns
//! [`Error::Core`] with [`paykit_core::Error::BlockingInsideRuntime`] instead of panicking.

use std::path::Path;
use std::sync::Arc;

use paykit_core::Page;
use paykit_core::blocking::{BlockingRuntime, Iter};

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
    /// Wraps an async client (see also [`crate::ClientBuilder::build_blocking`]).
    pub fn from_async(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new()?),
        })
    }

    /// See [`crate::Client::from_config_file`].
    pub fn from_config_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::from_async(crate::Client::from_config_file(path)?)
    }

    /// See [`crate::Client::from_env`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_async(crate::Client::from_env()?)
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// The authority this client acts for.
    pub fn authority_id(&self) -> &str {
        self.inner.authority_id()
    }

    fn run<T>(&self, f: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(f)?
    }

    /// See [`crate::Client::get_health`].
    pub fn get_health(&self) -> Result<Health, Error> {
        self.run(self.inner.get_health())
    }

    /// See [`crate::Client::create_entry`].
    pub fn create_entry(&self, entry: &NewEntry) -> Result<Entry, Error> {
        self.run(self.inner.create_entry(entry))
    }

    /// See [`crate::Client::list_wallets`].
    pub fn list_wallets(&self, filter: &WalletFilter) -> Iter<WalletTotal, Error> {
        Iter::new(Arc::clone(&self.runtime), self.inner.list_wallets(filter))
    }

    /// See [`crate::Client::list_wallets_page`].
    pub fn list_wallets_page(&self, filter: &WalletFilter) -> Result<Page<WalletTotal>, Error> {
        self.run(self.inner.list_wallets_page(filter))
    }

    /// See [`crate::Client::total`].
    pub fn total(&self, user_id: &str) -> Result<i64, Error> {
        self.run(self.inner.total(user_id))
    }

    /// See [`crate::Client::list_inventory`].
    pub fn list_inventory(&self, filter: &InventoryFilter) -> Iter<InventoryItem, Error> {
        Iter::new(Arc::clone(&self.runtime), self.inner.list_inventory(filter))
    }

    /// See [`crate::Client::list_inventory_page`].
    pub fn list_inventory_page(
        &self,
        filter: &InventoryFilter,
    ) -> Result<Page<InventoryItem>, Error> {
        self.run(self.inner.list_inventory_page(filter))
    }

    /// See [`crate::Client::use_item`].
    pub fn use_item(&self, entry_id: &str) -> Result<Entry, Error> {
        self.run(self.inner.use_item(entry_id))
    }
}
