//! The Pax8 simulator as a host of several simulators (`paykit-sim`) sees it: connection
//! details, reset, and state as JSON in and out.

use std::collections::{BTreeMap, HashMap};

use paykit_core::testing::simulator::seed_list;
use paykit_core::testing::{Connection, SimServer, Simulator, lock};
use serde_json::{Map, Value, json};

use super::state::State;
use super::{CLIENT_ID, CLIENT_SECRET, Pax8Simulator};

/// A collection of records, each a JSON object as the API answers it.
type List = fn(&mut State) -> &mut Vec<Value>;
/// Records per parent id (a company's contacts, an invoice's items).
type PerId = fn(&mut State) -> &mut HashMap<String, Vec<Value>>;

/// The sections of the state, in the order they are dumped and seeded.
const LISTS: [(&str, List); 6] = [
    ("companies", |s| &mut s.companies),
    ("products", |s| &mut s.products),
    ("orders", |s| &mut s.orders),
    ("subscriptions", |s| &mut s.subscriptions),
    ("usage_summaries", |s| &mut s.usage_summaries),
    ("invoices", |s| &mut s.invoices),
];
const PER_ID: [(&str, PerId); 6] = [
    ("contacts", |s| &mut s.contacts),
    ("provisioning_details", |s| &mut s.provision_details),
    ("pricing", |s| &mut s.pricing),
    ("subscription_history", |s| &mut s.history),
    ("usage_lines", |s| &mut s.usage_lines),
    ("invoice_items", |s| &mut s.invoice_items),
];

impl Simulator for Pax8Simulator {
    fn vendor(&self) -> &'static str {
        "pax8"
    }

    fn server(&self) -> &SimServer {
        &self.server
    }

    fn connection(&self) -> Vec<Connection> {
        vec![
            Connection::new("base URL", self.base_url()),
            Connection::new("token URL", self.token_url()),
            Connection::new("client id", CLIENT_ID),
            Connection::new("client secret", CLIENT_SECRET),
        ]
    }

    fn reset(&self) {
        *lock(&self.state) = State::new();
        self.server.faults().clear();
    }

    /// `credentials` (`{"client_id", "client_secret"}`, the simulator's own test
    /// credentials), one array per collection (`companies`, `products`, `orders`,
    /// `subscriptions`, `usage_summaries`, `invoices`: records as the API answers them), one
    /// object of arrays per collection kept by parent id (`contacts` and `provisioning_details`
    /// and `pricing` by company or product id, `subscription_history`, `usage_lines` and
    /// `invoice_items`), and `dependencies` by product id.
    fn state(&self) -> Value {
        let mut state = lock(&self.state);
        let mut out = Map::new();
        let credentials: BTreeMap<_, _> = state.credentials.iter().collect();
        out.insert(
            "credentials".into(),
            credentials
                .into_iter()
                .map(|(id, secret)| json!({"client_id": id, "client_secret": secret}))
                .collect(),
        );
        for (name, list) in LISTS {
            out.insert(name.into(), Value::Array(list(&mut state).clone()));
        }
        for (name, per_id) in PER_ID {
            let sorted: BTreeMap<_, _> = per_id(&mut state).clone().into_iter().collect();
            out.insert(name.into(), json!(sorted));
        }
        let dependencies: BTreeMap<_, _> = state.dependencies.clone().into_iter().collect();
        out.insert("dependencies".into(), json!(dependencies));
        Value::Object(out)
    }

    /// Reads the layout of [`Simulator::state`], every section optional. Records are JSON
    /// objects as the API answers them; one without an `id` gets a fresh one. Companies and
    /// products need a `name`.
    fn seed(&self, seed: &Value) -> Result<(), String> {
        let seed = seed
            .as_object()
            .ok_or("pax8: the seed must be a JSON object")?;
        let known = |key: &str| {
            key == "credentials"
                || key == "dependencies"
                || LISTS.iter().any(|(name, _)| *name == key)
                || PER_ID.iter().any(|(name, _)| *name == key)
        };
        if let Some(key) = seed.keys().find(|key| !known(key)) {
            return Err(format!("pax8: unknown section {key:?}"));
        }
        let mut credentials = Vec::new();
        for (i, row) in array(seed, "credentials")?.iter().enumerate() {
            let field = |name: &str| {
                row.get(name).and_then(Value::as_str).ok_or_else(|| {
                    format!("pax8: credentials[{i}].{name} is missing or not a string")
                })
            };
            credentials.push((
                field("client_id")?.to_owned(),
                field("client_secret")?.to_owned(),
            ));
        }
        let mut lists = Vec::new();
        for (name, list) in LISTS {
            let records = array(seed, name)?;
            for (i, record) in records.iter().enumerate() {
                let Some(object) = record.as_object() else {
                    return Err(format!("pax8: {name}[{i}] must be an object"));
                };
                let named = matches!(name, "companies" | "products");
                if named && !object.get("name").is_some_and(Value::is_string) {
                    return Err(format!("pax8: {name}[{i}].name is missing or not a string"));
                }
            }
            lists.push((list, records));
        }
        let mut per_ids = Vec::new();
        for (name, per_id) in PER_ID {
            per_ids.push((per_id, object_of(seed, name, true)?));
        }
        let dependencies = object_of(seed, "dependencies", false)?;

        let mut state = lock(&self.state);
        state.credentials.extend(credentials);
        for (list, records) in lists {
            for record in records {
                let mut record = record.clone();
                if !record.get("id").is_some_and(Value::is_string) {
                    record["id"] = json!(state.id());
                }
                list(&mut state).push(record);
            }
        }
        for (per_id, rows) in per_ids {
            for (id, records) in rows {
                let records = records.as_array().cloned().unwrap_or_default();
                per_id(&mut state)
                    .entry(id.clone())
                    .or_default()
                    .extend(records);
            }
        }
        for (id, value) in dependencies {
            state.dependencies.insert(id.clone(), value.clone());
        }
        Ok(())
    }
}

fn array<'a>(seed: &'a Map<String, Value>, section: &str) -> Result<&'a [Value], String> {
    seed_list(seed.get(section), || format!("pax8: {section}"))
}

/// An object keyed by id; with `arrays`, each value an array of objects.
fn object_of<'a>(
    seed: &'a Map<String, Value>,
    section: &str,
    arrays: bool,
) -> Result<Vec<(&'a String, &'a Value)>, String> {
    let rows = match seed.get(section) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Object(rows)) => rows,
        Some(_) => return Err(format!("pax8: {section} must be an object keyed by id")),
    };
    for (id, value) in rows {
        let valid = if arrays {
            value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_object))
        } else {
            value.is_object()
        };
        if !valid {
            let shape = if arrays {
                "an array of objects"
            } else {
                "an object"
            };
            return Err(format!("pax8: {section}[{id:?}] must be {shape}"));
        }
    }
    Ok(rows.iter().collect())
}
