//! The ParityDeals simulator as a host of several simulators (`paykit-sim`) sees it:
//! connection details, reset, and state as JSON in and out.

use std::collections::BTreeMap;

use paykit_core::testing::simulator::seed_list;
use paykit_core::testing::{Connection, SimServer, Simulator, lock};
use serde_json::{Map, Value, json};

use super::ParityDealsSimulator;
use super::state::{CustomerRecord, Grant, PlanFeature, State, SubscriptionRecord, iso_now};
use crate::FeatureType;

impl Simulator for ParityDealsSimulator {
    fn vendor(&self) -> &'static str {
        "paritydeals"
    }

    fn server(&self) -> &SimServer {
        &self.api
    }

    fn extra_servers(&self) -> Vec<&SimServer> {
        vec![&self.edge]
    }

    fn connection(&self) -> Vec<Connection> {
        vec![
            Connection::new("base URL", self.base_url()),
            Connection::new("edge URL", self.edge_url()),
            Connection::new("API key", self.api_key()),
        ]
    }

    fn reset(&self) {
        let mut state = lock(&self.state);
        let api_key = std::mem::take(&mut state.api_key);
        *state = State::new(api_key);
        self.api.faults().clear();
    }

    /// `plans` (`{"identifier", "features": [feature]}`), `customers`, `grants` (a feature
    /// granted to a customer with its `usage`), `subscriptions` and `events` (usage events
    /// as reported), keys in snake case.
    fn state(&self) -> Value {
        let state = lock(&self.state);
        let mut grants: Vec<Value> = state
            .grants
            .iter()
            .flat_map(|(customer_id, features)| {
                features.values().map(move |grant| {
                    let mut row = feature_json(&grant.feature);
                    row.insert("customer_id".into(), json!(customer_id));
                    row.insert("usage".into(), json!(grant.usage));
                    Value::Object(row)
                })
            })
            .collect();
        grants.sort_by(|a, b| {
            (a["customer_id"].as_str(), a["feature_id"].as_str())
                .cmp(&(b["customer_id"].as_str(), b["feature_id"].as_str()))
        });
        json!({
            "plans": state.plans.iter().map(|(identifier, features)| json!({
                "identifier": identifier,
                "features": features.iter().map(|f| Value::Object(feature_json(f))).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "customers": state.customers.iter().map(|c| json!({
                "id": c.id,
                "customer_id": c.customer_id,
                "name": c.name,
                "email": c.email,
                "metadata": c.metadata,
                "created_on": c.created_on,
                "modified_on": c.modified_on,
                "archived": c.archived,
            })).collect::<Vec<_>>(),
            "grants": grants,
            "subscriptions": state.subscriptions.iter().map(|s| json!({
                "subscription_id": s.id,
                "customer_id": s.customer_id,
                "plan_identifier": s.plan_identifier,
                "charge_period": s.charge_period,
                "status": s.status,
                "cancellation_type": s.cancellation_type,
                "cancel_at": s.cancel_at,
                "created_on": s.created_on,
            })).collect::<Vec<_>>(),
            "events": state.events,
        })
    }

    /// Reads the layout of [`Simulator::state`]; in each record only the identifying fields
    /// are required (`identifier`, `customer_id`, `feature_id` and `feature_type`,
    /// `plan_identifier`), the rest take the values a new record gets. A plan replaces the
    /// plan of the same identifier; a customer whose id is taken is an error.
    fn seed(&self, seed: &Value) -> Result<(), String> {
        let seed = seed
            .as_object()
            .ok_or("paritydeals: the seed must be a JSON object")?;
        const SECTIONS: [&str; 5] = ["plans", "customers", "grants", "subscriptions", "events"];
        if let Some(key) = seed.keys().find(|k| !SECTIONS.contains(&k.as_str())) {
            return Err(format!(
                "paritydeals: unknown section {key:?} (expected {})",
                SECTIONS.join(", ")
            ));
        }
        let mut state = lock(&self.state);
        let mut plans = BTreeMap::new();
        for (i, plan) in list(seed, "plans")?.iter().enumerate() {
            let at = |field: &str| format!("paritydeals: plans[{i}].{field}");
            let identifier = text(plan, "identifier")
                .ok_or_else(|| at("identifier") + " is missing or not a string")?;
            let mut features = Vec::new();
            for (j, feature) in seed_list(plan.get("features"), || at("features"))?
                .iter()
                .enumerate()
            {
                features.push(plan_feature(feature, &format!("plans[{i}].features[{j}]"))?);
            }
            plans.insert(identifier.to_owned(), features);
        }
        let mut customers = Vec::new();
        for (i, customer) in list(seed, "customers")?.iter().enumerate() {
            let at = |field: &str| format!("paritydeals: customers[{i}].{field}");
            let customer_id = text(customer, "customer_id")
                .ok_or_else(|| at("customer_id") + " is missing or not a string")?;
            let taken = state.customer(customer_id).is_some()
                || customers
                    .iter()
                    .any(|c: &CustomerRecord| c.customer_id == customer_id && !c.archived);
            let archived = customer
                .get("archived")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if taken && !archived {
                return Err(at("customer_id") + " is taken");
            }
            let now = iso_now();
            customers.push(CustomerRecord {
                id: text(customer, "id").map_or_else(State::uuid, str::to_owned),
                customer_id: customer_id.to_owned(),
                name: customer.get("name").cloned().unwrap_or(Value::Null),
                email: customer.get("email").cloned().unwrap_or(Value::Null),
                metadata: customer.get("metadata").cloned().unwrap_or(json!({})),
                created_on: text(customer, "created_on").map_or_else(|| now.clone(), str::to_owned),
                modified_on: text(customer, "modified_on").map_or(now, str::to_owned),
                archived,
            });
        }
        let mut grants = Vec::new();
        for (i, grant) in list(seed, "grants")?.iter().enumerate() {
            let at = |field: &str| format!("paritydeals: grants[{i}].{field}");
            let customer_id = text(grant, "customer_id")
                .ok_or_else(|| at("customer_id") + " is missing or not a string")?;
            let feature = plan_feature(grant, &format!("grants[{i}]"))?;
            let usage = match grant.get("usage") {
                None | Some(Value::Null) => 0,
                Some(usage) => usage
                    .as_i64()
                    .ok_or_else(|| at("usage") + " (an integer)")?,
            };
            grants.push((customer_id.to_owned(), feature, usage));
        }
        let mut subscriptions = Vec::new();
        for (i, sub) in list(seed, "subscriptions")?.iter().enumerate() {
            let at = |field: &str| format!("paritydeals: subscriptions[{i}].{field}");
            let status = match text(sub, "status").unwrap_or("ACTIVE") {
                "ACTIVE" => "ACTIVE",
                "CANCELLED" => "CANCELLED",
                _ => return Err(at("status") + " (ACTIVE or CANCELLED)"),
            };
            let optional = |field: &str| text(sub, field).map(str::to_owned);
            subscriptions.push(SubscriptionRecord {
                id: optional("subscription_id").unwrap_or_else(State::uuid),
                customer_id: text(sub, "customer_id")
                    .ok_or_else(|| at("customer_id") + " is missing or not a string")?
                    .to_owned(),
                plan_identifier: text(sub, "plan_identifier")
                    .ok_or_else(|| at("plan_identifier") + " is missing or not a string")?
                    .to_owned(),
                charge_period: optional("charge_period").unwrap_or_else(|| "MONTHLY".into()),
                status,
                cancellation_type: optional("cancellation_type"),
                cancel_at: optional("cancel_at"),
                created_on: optional("created_on").unwrap_or_else(iso_now),
            });
        }
        let events = list(seed, "events")?.to_vec();

        state.plans.extend(plans);
        state.customers.extend(customers);
        for (customer_id, feature, usage) in grants {
            state
                .grants
                .entry(customer_id)
                .or_default()
                .insert(feature.feature_id.clone(), Grant { feature, usage });
        }
        state.subscriptions.extend(subscriptions);
        state.events.extend(events);
        Ok(())
    }
}

fn feature_json(feature: &PlanFeature) -> Map<String, Value> {
    let mut row = Map::new();
    row.insert("feature_id".into(), json!(feature.feature_id));
    row.insert("feature_type".into(), json!(feature.feature_type.as_str()));
    row.insert("hard_limit".into(), json!(feature.hard_limit));
    row.insert("usage_limit".into(), json!(feature.usage_limit));
    row
}

fn plan_feature(value: &Value, at: &str) -> Result<PlanFeature, String> {
    let field = |name: &str| format!("paritydeals: {at}.{name}");
    let feature_id = text(value, "feature_id")
        .ok_or_else(|| field("feature_id") + " is missing or not a string")?;
    let feature_type = match text(value, "feature_type").map(FeatureType::from) {
        Some(FeatureType::Other(other)) => {
            return Err(field("feature_type") + &format!(" ({other:?} is not a feature type)"));
        }
        Some(known) => known,
        None => return Err(field("feature_type") + " is missing or not a string"),
    };
    let usage_limit = match value.get("usage_limit") {
        None | Some(Value::Null) => None,
        Some(limit) => Some(
            limit
                .as_i64()
                .ok_or_else(|| field("usage_limit") + " must be an integer")?,
        ),
    };
    Ok(PlanFeature {
        feature_id: feature_id.to_owned(),
        feature_type,
        hard_limit: value
            .get("hard_limit")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        usage_limit,
    })
}

fn list<'a>(seed: &'a Map<String, Value>, section: &str) -> Result<&'a [Value], String> {
    seed_list(seed.get(section), || format!("paritydeals: {section}"))
}

fn text<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get(field).and_then(Value::as_str)
}
