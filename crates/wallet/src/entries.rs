//! Entries: money in (positive amounts) and out (negative), optionally carrying an item.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::Error;
use paykit_core::{Idempotency, Json, Request};

use crate::client::Client;

/// A new entry for [`Client::create_entry`](crate::Client::create_entry).
///
/// ```
/// use paykit_wallet::{NewEntry, NewItem};
///
/// let deposit = NewEntry::new("alice", 500, "top-up");
/// let purchase = NewEntry::new("alice", -120, "bought a sword")
///     .item(NewItem::new("sword").data(serde_json::json!({"damage": 7})));
/// # let _ = (deposit, purchase);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NewEntry {
    /// The user whose wallet changes.
    pub user_id: String,
    /// Positive adds to the wallet, negative takes from it (whole units: the service's
    /// amounts are integers).
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

    /// Gives the user an item with this entry.
    pub fn item(mut self, item: NewItem) -> Self {
        self.item = Some(item);
        self
    }

    /// Refuses what the server would refuse, before anything is sent: an empty user id,
    /// reason or item name, an amount outside JavaScript's safe integers (±(2^53 − 1)),
    /// item data that is not a JSON object.
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

/// An item given with a new entry.
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
    pub fn data(mut self, data: Value) -> Self {
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
    /// When the server recorded it (sent as Unix seconds, a float with millisecond
    /// precision or a whole number; read to the microsecond).
    #[serde(with = "unix_seconds")]
    pub created_on: OffsetDateTime,
    /// The amount (whole units).
    pub amount: i64,
    /// Why.
    pub reason: String,
    /// The item, if the entry carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
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

/// Unix seconds on the wire (a float or an integer) as an [`OffsetDateTime`] in UTC.
/// Values outside what `time` represents are a decode error, never a panic.
pub(crate) mod unix_seconds {
    use std::fmt;

    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use time::OffsetDateTime;

    pub(crate) fn serialize<S: Serializer>(
        at: &OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        // Whole microseconds over 1e6, one correctly rounded division: a time read from
        // `millis / 1000` (as the server computes it) is written back as the same float.
        let micros = at.unix_timestamp_nanos().div_euclid(1_000);
        serializer.serialize_f64(micros as f64 / 1e6)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OffsetDateTime, D::Error> {
        deserializer.deserialize_any(SecondsVisitor)
    }

    /// Whole seconds.
    pub(crate) fn from_i64(seconds: i64) -> Option<OffsetDateTime> {
        OffsetDateTime::from_unix_timestamp(seconds).ok()
    }

    /// Fractional seconds, rounded to the microsecond.
    pub(crate) fn from_f64(seconds: f64) -> Option<OffsetDateTime> {
        if !seconds.is_finite() {
            return None;
        }
        let whole = seconds.floor();
        // Beyond ±2^63 `as` would saturate; such values are out of `time`'s range anyway.
        if !(-9.0e18..=9.0e18).contains(&whole) {
            return None;
        }
        let micros = ((seconds - whole) * 1e6).round() as i64;
        from_i64(whole as i64)?.checked_add(time::Duration::microseconds(micros))
    }

    struct SecondsVisitor;

    impl<'de> Visitor<'de> for SecondsVisitor {
        type Value = OffsetDateTime;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Unix seconds (a number) within the representable dates")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<OffsetDateTime, E> {
            from_i64(v).ok_or_else(|| E::custom(format!("{v} Unix seconds is out of range")))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<OffsetDateTime, E> {
            i64::try_from(v)
                .ok()
                .and_then(from_i64)
                .ok_or_else(|| E::custom(format!("{v} Unix seconds is out of range")))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<OffsetDateTime, E> {
            from_f64(v).ok_or_else(|| E::custom(format!("{v} Unix seconds is out of range")))
        }
    }
}

impl Client {
    /// Records an entry (`POST /api/v1/entry`): adds to (positive amount) or takes from
    /// (negative) the user's wallet, optionally giving an item.
    ///
    /// Moves money: never sent twice by a retry once it may have reached the server; such a
    /// failure says so with [`Error::maybe_sent`] (check before sending it again). A
    /// withdrawal the user's total across all authorities cannot cover is
    /// [`Error::NotEnoughFunds`] and records nothing.
    pub async fn create_entry(&self, entry: &NewEntry) -> Result<Entry, Error> {
        entry.validate()?;
        self.ready().await?;
        let request = Request::post("wallet.create_entry", "/entry")
            .idempotency(Idempotency::Never)
            .body(&Json, entry);
        let envelope: EntryEnvelope = self.send(request).await?;
        Ok(envelope.entry)
    }

    /// Marks the item of an entry used (`POST /api/v1/entry/{entry_id}/inventory/use`).
    /// Not sent again by a retry once it may have reached the server.
    pub async fn use_item(&self, entry_id: &str) -> Result<Entry, Error> {
        if entry_id.is_empty() {
            return Err(Error::InvalidInput {
                field: "entry_id",
                message: "must not be empty".into(),
            });
        }
        self.ready().await?;
        let request = Request::post("wallet.use_item", "/entry/{}/inventory/use")
            .arg(entry_id)
            .idempotency(Idempotency::Never);
        let envelope: EntryEnvelope = self.send(request).await?;
        Ok(envelope.entry)
    }
}
