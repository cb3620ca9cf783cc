//! Wallet totals: the sum of a user's entries.

use serde::{Deserialize, Serialize};

/// A user's total over the matching entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WalletTotal {
    /// The user.
    pub user_id: String,
    /// The sum of the amounts.
    pub total: i64,
}

/// Which entries [`Client::list_wallets`](crate::Client::list_wallets) sums. Empty lists mean
/// no filter. The service answers every wallet in one response (no paging).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WalletFilter {
    /// Only these users.
    pub user_ids: Vec<String>,
    /// Only entries recorded by these authorities.
    pub authority_ids: Vec<String>,
}

impl WalletFilter {
    /// No filter: every user, every authority.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these users.
    pub fn user_ids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.user_ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Only entries by these authorities.
    pub fn authority_ids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.authority_ids = ids.into_iter().map(Into::into).collect();
        self
    }
}

#[derive(Deserialize)]
pub(crate) struct WalletsEnvelope {
    pub(crate) wallets: Vec<WalletTotal>,
}
