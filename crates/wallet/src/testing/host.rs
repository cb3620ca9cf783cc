//! The wallet simulator as a host of several simulators (`paykit-sim`) sees it: connection
//! details, the authority configuration files, reset, and state as JSON in and out.

use paykit_core::testing::simulator::seed_list;
use paykit_core::testing::{ConfigFile, Connection, SimServer, Simulator, lock};
use serde_json::{Map, Value, json};

use super::WalletSimulator;
use super::keys::SimAuthority;
use super::state::{EntryRecord, ItemRecord, State, now_unix_seconds};

impl Simulator for WalletSimulator {
    fn vendor(&self) -> &'static str {
        "wallet"
    }

    fn server(&self) -> &SimServer {
        &self.server
    }

    fn connection(&self) -> Vec<Connection> {
        vec![
            Connection::new("base URL", self.base_url()),
            Connection::new("authority id", self.authority.id.clone()),
        ]
    }

    /// One authority configuration file per authority, as the service's `create-authority`
    /// command prints it: `wallet-authority.json` for the default one, then
    /// `wallet-authority-<name>.json`.
    fn config_files(&self) -> Vec<ConfigFile> {
        let root = self.root_url();
        let mut files = vec![ConfigFile::new(
            "wallet-authority.json",
            "authority config",
            self.authority.config_json(&root),
        )];
        for authority in lock(&self.created).iter() {
            files.push(ConfigFile::new(
                format!("wallet-authority-{}.json", file_safe(&authority.name)),
                format!("authority config ({})", authority.name),
                authority.config_json(&root),
            ));
        }
        files
    }

    fn reset(&self) {
        let mut state = lock(&self.state);
        *state = State::new();
        state.add_authority(
            self.authority.id.clone(),
            &self.authority.name,
            self.authority.public_key_pem(),
        );
        lock(&self.created).clear();
        self.server.faults().clear();
    }

    /// `{"authorities": [{"id", "name"}], "entries": [Entry JSON as the service answers it]}`,
    /// authorities ordered by id, entries in creation order.
    fn state(&self) -> Value {
        let state = lock(&self.state);
        json!({
            "authorities": state
                .authorities()
                .into_iter()
                .map(|(id, name)| json!({"id": id, "name": name}))
                .collect::<Vec<_>>(),
            "entries": state.entries.iter().map(EntryRecord::to_json).collect::<Vec<_>>(),
        })
    }

    /// `authorities`: `{"name"}` or `{"id", "name"}`; an id the simulator already has is
    /// kept as it is, a new one gets a fresh key pair (its configuration file is among
    /// [`Simulator::config_files`]). `entries`: `{"user_id", "amount", "reason"}` with
    /// optional `authority_id` (default: the default authority, else one seeded in the same
    /// call), `entry_id`, `created_on` (Unix seconds) and `item` (`{"name", "used", "data"}`).
    /// Entries are stored as given: no overdraft check, as a service's existing data.
    fn seed(&self, seed: &Value) -> Result<(), String> {
        let seed = seed
            .as_object()
            .ok_or("the wallet seed must be a JSON object")?;
        if let Some(key) = seed
            .keys()
            .find(|k| !matches!(k.as_str(), "authorities" | "entries"))
        {
            return Err(format!(
                "wallet: unknown section {key:?} (expected authorities, entries)"
            ));
        }
        let mut state = lock(&self.state);
        let mut known: Vec<String> = state.authorities().into_iter().map(|(id, _)| id).collect();
        let mut new_authorities = Vec::new();
        for (i, authority) in list(seed, "authorities")?.iter().enumerate() {
            let at = |field: &str| format!("wallet: authorities[{i}].{field}");
            let name = text(authority, "name").ok_or_else(|| at("name") + " must be a string")?;
            let id = match authority.get("id") {
                None | Some(Value::Null) => None,
                Some(Value::String(id)) if is_object_id(id) => Some(id.clone()),
                Some(_) => return Err(at("id") + " must be 24 lowercase hex characters"),
            };
            if id.as_ref().is_some_and(|id| known.contains(id)) {
                continue;
            }
            let id = id.unwrap_or_else(|| state.next_object_id());
            known.push(id.clone());
            new_authorities.push((id, name.to_owned()));
        }
        let mut entries = Vec::new();
        for (i, entry) in list(seed, "entries")?.iter().enumerate() {
            entries.push(entry_record(
                i,
                entry,
                &known,
                &self.authority.id,
                &mut state,
            )?);
        }
        let mut created = lock(&self.created);
        for (id, name) in new_authorities {
            let (authority, public_key_pem) = SimAuthority::generate(id.clone(), &name);
            state.add_authority(id, &name, public_key_pem);
            created.push(authority);
        }
        state.entries.extend(entries);
        Ok(())
    }
}

fn list<'a>(seed: &'a Map<String, Value>, section: &str) -> Result<&'a [Value], String> {
    seed_list(seed.get(section), || format!("wallet: {section}"))
}

fn text<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get(field).and_then(Value::as_str)
}

fn is_object_id(id: &str) -> bool {
    id.len() == 24
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn entry_record(
    i: usize,
    entry: &Value,
    authorities: &[String],
    default_authority: &str,
    state: &mut State,
) -> Result<EntryRecord, String> {
    let at = |field: &str| format!("wallet: entries[{i}].{field}");
    if !entry.is_object() {
        return Err(format!("wallet: entries[{i}] must be an object"));
    }
    let user_id = text(entry, "user_id").ok_or_else(|| at("user_id") + " must be a string")?;
    let amount = entry
        .get("amount")
        .and_then(Value::as_i64)
        .ok_or_else(|| at("amount") + " must be an integer")?;
    let reason = text(entry, "reason").ok_or_else(|| at("reason") + " must be a string")?;
    let authority_id = match entry.get("authority_id") {
        None | Some(Value::Null) => default_authority.to_owned(),
        Some(Value::String(id)) if authorities.contains(id) => id.clone(),
        Some(_) => return Err(at("authority_id") + " names no authority"),
    };
    let entry_id = match entry.get("entry_id") {
        None | Some(Value::Null) => state.next_object_id(),
        Some(Value::String(id)) if is_object_id(id) => id.clone(),
        Some(_) => return Err(at("entry_id") + " must be 24 lowercase hex characters"),
    };
    let created_on = match entry.get("created_on") {
        None | Some(Value::Null) => now_unix_seconds(),
        Some(value) => value
            .as_f64()
            .ok_or_else(|| at("created_on") + " must be Unix seconds")?,
    };
    let item = match entry.get("item") {
        None | Some(Value::Null) => None,
        Some(item) => Some(ItemRecord {
            name: text(item, "name")
                .ok_or_else(|| at("item.name") + " must be a string")?
                .to_owned(),
            used: match item.get("used") {
                None | Some(Value::Null) => false,
                Some(used) => used
                    .as_bool()
                    .ok_or_else(|| at("item.used") + " must be a boolean")?,
            },
            data: match item.get("data") {
                None | Some(Value::Null) => None,
                Some(Value::Object(data)) => Some(data.clone()),
                Some(_) => return Err(at("item.data") + " must be an object"),
            },
        }),
    };
    Ok(EntryRecord {
        entry_id,
        authority_id,
        user_id: user_id.to_owned(),
        created_on,
        amount,
        reason: reason.to_owned(),
        item,
    })
}

/// A name as a file-name part: letters, digits, `-` and `_`; anything else becomes `_`.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
