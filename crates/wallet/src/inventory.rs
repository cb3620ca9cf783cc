//! Inventory: the items attached to entries, and using them.

use serde::{Deserialize, Serialize};

use crate::entries::Item;

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
