//! Entries: money in (positive amounts) and out (negative), optionally carrying an item.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Error;

/// A new entry for `POST /api/v1/entry`.
///
/// ```
/// use paykit_wallet::{NewEntry, NewItem};
///
/// let deposit = NewEntry::new("alice", 500, "top-up");
/// let purchase = NewEntry::new("alice", -120, "bought a sword")
///     .with_item(NewItem::new("sword").with_data(serde_json::json!({"damage": 7})));
/// # let _ = (deposit, purchase);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewEntry {
    /// The user whose wallet changes.
    pub user_id: String,
    /// Positive adds to the wallet, negative takes from it.
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// An item the user gets with this entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<NewItem>,
}

impl NewEntry {
    /// An entry with no item.
    pub fn new(user_id: impl Into<String>, amount: i64, reason: impl Into<String>) -> Self {
        NewEntry {
            user_id: user_id.into(),
            amount,
            reason: reason.into(),
            item: None,
        }
    }

    /// Attaches an item.
    pub fn with_item(mut self, item: NewItem) -> Self {
        self.item = Some(item);
        self
    }

    /// Refuses what the server would refuse, before anything is sent: an empty user id,
    /// reason or item name (Joi's `string.empty`), an amount outside JavaScript's safe
    /// integers (`number.unsafe`).
    pub(crate) fn validate(&self) -> Result<(), Error> {
        const MAX_SAFE: i64 = (1 << 53) - 1;
        let invalid = |field, message: &str| Error::InvalidInput {
            field,
            message: message.to_owned(),
        };
        if self.user_id.is_empty() {
            return Err(invalid("user_id", "must not be empty"));
        }
        if self.reason.is_empty() {
            return Err(invalid("reason", "must not be empty"));
        }
        if !(-MAX_SAFE..=MAX_SAFE).contains(&self.amount) {
            return Err(invalid("amount", "must be within ±(2^53 - 1)"));
        }
        if let Some(item) = &self.item {
            if item.name.is_empty() {
                return Err(invalid("item.name", "must not be empty"));
            }
            if item.data.as_ref().is_some_and(|d| !d.is_object()) {
                return Err(invalid("item.data", "must be a JSON object"));
            }
        }
        Ok(())
    }
}

/// An item attached to a new entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewItem {
    /// The item's name.
    pub name: String,
    /// Free-form data (a JSON object).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

impl NewItem {
    /// An item with no data.
    pub fn new(name: impl Into<String>) -> Self {
        NewItem {
            name: name.into(),
            data: None,
        }
    }

    /// Sets the item's data (must be a JSON object).
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }
}

/// A recorded entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// The entry's id.
    pub entry_id: String,
    /// The authority that recorded it.
    pub authority_id: String,
    /// The user.
    pub user_id: String,
    /// When, in Unix seconds (the server sends a float; whole seconds may come as an integer).
    pub created_on: f64,
    /// The amount.
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// The item, if the entry carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
}

impl Entry {
    /// `created_on` as a time (the epoch if the server sent a negative or absurd value).
    pub fn created_at(&self) -> SystemTime {
        Duration::try_from_secs_f64(self.created_on)
            .ok()
            .and_then(|d| UNIX_EPOCH.checked_add(d))
            .unwrap_or(UNIX_EPOCH)
    }
}

/// An item as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Item {
    /// The item's name.
    pub name: String,
    /// Whether it has been used.
    #[serde(default)]
    pub used: bool,
    /// Its data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// `{"entry": Entry}`.
#[derive(Deserialize)]
pub(crate) struct EntryEnvelope {
    pub(crate) entry: Entry,
}
