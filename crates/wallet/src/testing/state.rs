//! The simulator's in-memory "database": authorities (public keys only), entries, and the
//! health answer tests change.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use rand_core::{OsRng, RngCore};
use serde_json::{Map, Value, json};

/// The API version the real server reports on `GET /api/v1/health` .
pub const API_VERSION: &str = "1.1.0";

/// Seconds since the Unix epoch, with millisecond precision (the server divides
/// `Date.getTime()` milliseconds by 1000).
pub(super) fn now_unix_seconds() -> f64 {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    millis as f64 / 1000.0
}

/// A stored authority: the server keeps the name and the public key PEM only.
#[derive(Debug)]
struct AuthorityRecord {
    name: String,
    public_key_pem: String,
}

/// An item attached to an entry.
#[derive(Debug, Clone)]
pub(super) struct ItemRecord {
    pub(super) name: String,
    pub(super) used: bool,
    pub(super) data: Option<Map<String, Value>>,
}

impl ItemRecord {
    fn to_json(&self) -> Value {
        let mut item = Map::new();
        item.insert("name".into(), Value::String(self.name.clone()));
        item.insert("used".into(), Value::Bool(self.used));
        if let Some(data) = &self.data {
            item.insert("data".into(), Value::Object(data.clone()));
        }
        Value::Object(item)
    }
}

/// A stored entry.
#[derive(Debug, Clone)]
pub(super) struct EntryRecord {
    pub(super) entry_id: String,
    pub(super) authority_id: String,
    pub(super) user_id: String,
    pub(super) created_on: f64,
    pub(super) amount: i64,
    pub(super) reason: String,
    pub(super) item: Option<ItemRecord>,
}

impl EntryRecord {
    /// The server's Entry JSON.
    pub(super) fn to_json(&self) -> Value {
        let mut entry = Map::new();
        entry.insert("entry_id".into(), json!(self.entry_id));
        entry.insert("authority_id".into(), json!(self.authority_id));
        entry.insert("user_id".into(), json!(self.user_id));
        entry.insert("created_on".into(), json!(self.created_on));
        entry.insert("amount".into(), json!(self.amount));
        entry.insert("reason".into(), json!(self.reason));
        if let Some(item) = &self.item {
            entry.insert("item".into(), item.to_json());
        }
        Value::Object(entry)
    }

    /// The client's typed entry.
    pub(super) fn to_entry(&self) -> crate::Entry {
        serde_json::from_value(self.to_json()).expect("the simulator's entries decode")
    }

    /// One row of `GET /entry/inventory` (only for entries with an item).
    pub(super) fn to_inventory_json(&self) -> Option<Value> {
        let item = self.item.as_ref()?;
        Some(json!({
            "entry_id": self.entry_id,
            "authority_id": self.authority_id,
            "user_id": self.user_id,
            "item": item.to_json(),
        }))
    }
}

/// A new entry as accepted by validation, before it gets an id and a timestamp.
#[derive(Debug)]
pub(super) struct NewEntry {
    pub(super) user_id: String,
    pub(super) amount: i64,
    pub(super) reason: String,
    pub(super) item: Option<(String, Option<Map<String, Value>>)>,
}

/// Everything the simulated server knows.
#[derive(Debug)]
pub(super) struct State {
    authorities: HashMap<String, AuthorityRecord>,
    pub(super) entries: Vec<EntryRecord>,
    pub(super) health_ok: Value,
    pub(super) health_version: String,
    pub(super) health_checks: usize,
    object_id_process: [u8; 5],
    object_id_counter: u32,
}

impl State {
    pub(super) fn new() -> State {
        let mut object_id_process = [0u8; 5];
        OsRng.fill_bytes(&mut object_id_process);
        State {
            authorities: HashMap::new(),
            entries: Vec::new(),
            health_ok: Value::Bool(true),
            health_version: API_VERSION.to_owned(),
            health_checks: 0,
            object_id_process,
            object_id_counter: OsRng.next_u32() & 0x00ff_ffff,
        }
    }

    /// A fresh MongoDB-ObjectId-like id: 4 bytes of Unix seconds, 5 random bytes fixed per
    /// simulator, a 3-byte counter; 24 lowercase hex characters.
    pub(super) fn next_object_id(&mut self) -> String {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0) as u32;
        self.object_id_counter = (self.object_id_counter + 1) & 0x00ff_ffff;
        let mut bytes = Vec::with_capacity(12);
        bytes.extend_from_slice(&seconds.to_be_bytes());
        bytes.extend_from_slice(&self.object_id_process);
        bytes.extend_from_slice(&self.object_id_counter.to_be_bytes()[1..]);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub(super) fn add_authority(&mut self, id: String, name: &str, public_key_pem: String) {
        self.authorities.insert(
            id,
            AuthorityRecord {
                name: name.to_owned(),
                public_key_pem,
            },
        );
    }

    /// `(id, name)` of every authority, ordered by id.
    pub(super) fn authorities(&self) -> Vec<(String, String)> {
        let mut all: Vec<_> = self
            .authorities
            .iter()
            .map(|(id, record)| (id.clone(), record.name.clone()))
            .collect();
        all.sort();
        all
    }

    pub(super) fn authority_public_key(&self, id: &str) -> Option<&str> {
        self.authorities
            .get(id)
            .map(|record| record.public_key_pem.as_str())
    }

    /// The user's total across all authorities; 0 for a user with no entries.
    pub(super) fn total(&self, user_id: &str) -> i64 {
        self.entries
            .iter()
            .filter(|e| e.user_id == user_id)
            .fold(0i64, |sum, e| sum.saturating_add(e.amount))
    }

    /// `(user_id, total)` per user over the entries matching both filters (an empty filter
    /// matches everything), ordered by user id. Totals saturate at the `i64` limits.
    pub(super) fn wallet_totals(
        &self,
        user_ids: &[String],
        authority_ids: &[String],
    ) -> Vec<(String, i64)> {
        let mut totals: BTreeMap<&str, i64> = BTreeMap::new();
        for entry in &self.entries {
            if matches(user_ids, &entry.user_id) && matches(authority_ids, &entry.authority_id) {
                let total = totals.entry(entry.user_id.as_str()).or_insert(0);
                *total = total.saturating_add(entry.amount);
            }
        }
        totals
            .into_iter()
            .map(|(user_id, total)| (user_id.to_owned(), total))
            .collect()
    }

    /// `{user_id, total}` per user, as `GET /wallet` answers.
    pub(super) fn wallets(&self, user_ids: &[String], authority_ids: &[String]) -> Vec<Value> {
        self.wallet_totals(user_ids, authority_ids)
            .into_iter()
            .map(|(user_id, total)| json!({"user_id": user_id, "total": total}))
            .collect()
    }

    /// Stores an entry (no checks) and returns it.
    pub(super) fn insert_entry(&mut self, authority_id: &str, new: NewEntry) -> &EntryRecord {
        let entry_id = self.next_object_id();
        self.entries.push(EntryRecord {
            entry_id,
            authority_id: authority_id.to_owned(),
            user_id: new.user_id,
            created_on: now_unix_seconds(),
            amount: new.amount,
            reason: new.reason,
            // On creation the server forces `used` to false.
            item: new.item.map(|(name, data)| ItemRecord {
                name,
                used: false,
                data,
            }),
        });
        self.entries.last().expect("just pushed")
    }
}

/// Whether `value` passes a comma-list filter (empty = no filter).
pub(super) fn matches(filter: &[String], value: &str) -> bool {
    filter.is_empty() || filter.iter().any(|f| f == value)
}
