//! Inventory: the items attached to entries, and using them.

use serde::{Deserialize, Serialize};

use crate::entries::Item;
use paykit_core::{Page, Pages, Request};

use crate::client::{Client, ids};
use crate::error::Error;

/// Which items to list by their `used` flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Used {
    /// Only items not used yet (the default, as in the reference SDK).
    #[default]
    Unused,
    /// Only items already used.
    Used,
    /// Both.
    Any,
}

/// Which items [`Client::list_inventory`](crate::Client::list_inventory) lists. Empty lists
/// mean no filter. The service answers every item in one response (no paging).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InventoryFilter {
    /// Only these entries.
    pub entry_ids: Vec<String>,
    /// Only these users.
    pub user_ids: Vec<String>,
    /// Only entries by these authorities.
    pub authority_ids: Vec<String>,
    /// Used, unused (default) or both.
    pub used: Used,
}

impl InventoryFilter {
    /// Every user's unused items.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these entries.
    pub fn entry_ids<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.entry_ids = ids.into_iter().map(Into::into).collect();
        self
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

    /// Used, unused or both.
    pub fn used(mut self, used: Used) -> Self {
        self.used = used;
        self
    }
}

/// One item in a user's inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InventoryItem {
    /// The entry that carries it.
    pub entry_id: String,
    /// The authority that recorded the entry.
    pub authority_id: String,
    /// The owner.
    pub user_id: String,
    /// The item.
    pub item: Item,
}

#[derive(Deserialize)]
pub(crate) struct InventoryEnvelope {
    pub(crate) inventory: Vec<InventoryItem>,
}

impl Client {
    /// The items carried by entries (`GET /api/v1/entry/inventory`), as a stream; by default
    /// only unused ones ([`Used::Unused`]). The service answers all of them in one response:
    /// the stream has one page.
    pub fn list_inventory(&self, filter: &InventoryFilter) -> Pages<InventoryItem, Error> {
        let (client, filter) = (self.clone(), filter.clone());
        Pages::new(paykit_core::Cursor::Number(0), move |_| {
            let (client, filter) = (client.clone(), filter.clone());
            async move { client.list_inventory_page(&filter).await }
        })
    }

    /// The one page of items (`GET /api/v1/entry/inventory`): every matching item
    /// ([`Page::single`]).
    pub async fn list_inventory_page(
        &self,
        filter: &InventoryFilter,
    ) -> Result<Page<InventoryItem>, Error> {
        let request = Request::get("wallet.list_inventory", "/entry/inventory");
        let request = ids(request, "entry_ids", &filter.entry_ids)?;
        let request = ids(request, "user_ids", &filter.user_ids)?;
        let request = ids(request, "authority_ids", &filter.authority_ids)?;
        let request = request.query_opt(
            "used",
            match filter.used {
                Used::Unused => Some("false"),
                Used::Used => Some("true"),
                Used::Any => None,
            },
        );
        self.ready().await?;
        let envelope: InventoryEnvelope = self.send(request).await?;
        Ok(Page::single(envelope.inventory))
    }
}
