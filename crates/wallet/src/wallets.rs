//! Wallet totals: the sum of a user's entries.

use paykit_core::{Page, Pages, Request};
use serde::{Deserialize, Serialize};

use crate::client::{Client, ids};
use crate::error::Error;

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

impl Client {
    /// Every user's total over the matching entries (`GET /api/v1/wallet`), as a stream.
    /// The service answers all of them in one response: the stream has one page.
    pub fn list_wallets(&self, filter: &WalletFilter) -> Pages<WalletTotal, Error> {
        let (client, filter) = (self.clone(), filter.clone());
        Pages::new(paykit_core::Cursor::Number(0), move |_| {
            let (client, filter) = (client.clone(), filter.clone());
            async move { client.list_wallets_page(&filter).await }
        })
    }

    /// The one page of totals (`GET /api/v1/wallet`): every matching user
    /// ([`Page::single`]).
    pub async fn list_wallets_page(
        &self,
        filter: &WalletFilter,
    ) -> Result<Page<WalletTotal>, Error> {
        let request = Request::get("wallet.list_wallets", "/wallet");
        let request = ids(request, "user_ids", &filter.user_ids)?;
        let request = ids(request, "authority_ids", &filter.authority_ids)?;
        self.ready().await?;
        let envelope: WalletsEnvelope = self.send(request).await?;
        Ok(Page::single(envelope.wallets))
    }

    /// One user's total across all authorities (0 when the user has no entries), from
    /// `GET /api/v1/wallet` (operation `wallet.list_wallets`).
    ///
    /// A total the server reports beyond `i64` (or rows that sum beyond it) is a decode
    /// error ([`paykit_core::Error::Decode`] in [`Error::Core`]), never a wrapped or
    /// saturated number.
    pub async fn total(&self, user_id: &str) -> Result<i64, Error> {
        let page = self
            .list_wallets_page(&WalletFilter::new().user_ids([user_id]))
            .await?;
        page.items
            .iter()
            .filter(|w| w.user_id == user_id)
            .try_fold(0i64, |sum, w| sum.checked_add(w.total))
            .ok_or_else(|| {
                Error::Core(paykit_core::Error::Decode {
                    operation: "wallet.list_wallets",
                    status: paykit_core::reqwest::StatusCode::OK,
                    content_type: "application/json".into(),
                    snippet: format!("the totals of user {user_id:?}"),
                    source: format!("the totals of user {user_id:?} sum beyond i64::MAX").into(),
                })
            })
    }
}
