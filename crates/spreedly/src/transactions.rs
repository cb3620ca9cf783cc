//! Transactions: `GET transactions.xml?since_id=N`, 50 at a time.

use paykit_core::{Cursor, Page, Pages, Request};

use crate::models::Transaction;
use crate::{Client, Error};

/// How many transactions Spreedly returns per answer.
pub const TRANSACTIONS_PAGE_SIZE: u64 = 50;

/// Where [`Client::list_transactions`] starts.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TransactionFilter {
    since_id: Option<u64>,
}

impl TransactionFilter {
    /// From the first transaction.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only transactions after the one with this id.
    pub fn since_id(mut self, id: u64) -> Self {
        self.since_id = Some(id);
        self
    }
}

impl Client {
    /// Every transaction after the filter's `since_id`, fetched 50 at a time as the stream
    /// is consumed: each next request asks `since_id` = the last id seen, until Spreedly
    /// answers fewer than 50 or none.
    pub fn list_transactions(&self, filter: &TransactionFilter) -> Pages<Transaction, Error> {
        let client = self.clone();
        let first = match filter.since_id {
            Some(id) => Cursor::Marker(id.to_string()),
            None => Cursor::Marker(String::new()),
        };
        Pages::new(first, move |cursor| {
            let client = client.clone();
            async move {
                let since_id = match cursor {
                    Cursor::Marker(m) if !m.is_empty() => Some(m),
                    Cursor::Number(n) => Some(n.to_string()),
                    _ => None,
                };
                client.transactions_since(since_id).await
            }
        })
    }

    /// The one page of transactions the filter names (at most 50).
    pub async fn list_transactions_page(
        &self,
        filter: &TransactionFilter,
    ) -> Result<Page<Transaction>, Error> {
        self.transactions_since(filter.since_id.map(|id| id.to_string()))
            .await
    }

    async fn transactions_since(
        &self,
        since_id: Option<String>,
    ) -> Result<Page<Transaction>, Error> {
        let request = Request::get("spreedly.list_transactions", "/transactions.xml")
            .query_opt("since_id", since_id);
        let items: Vec<Transaction> = self.send(request).await?;
        let next = if items.len() as u64 >= TRANSACTIONS_PAGE_SIZE {
            items.last().map(|t| t.id.to_string())
        } else {
            None
        };
        Ok(Page::linked(items, next).with_size(Some(TRANSACTIONS_PAGE_SIZE)))
    }
}
