//! The simulator's in-memory "database": customers, plans, subscriptions, granted features
//! and their usage, events.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

use crate::FeatureType;
use crate::wire_time::format_event_timestamp;

/// A feature a plan grants (and that [`super::ParityDealsSimulator::grant_feature`] grants
/// directly).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanFeature {
    /// The feature's identifier.
    pub feature_id: String,
    /// Its type.
    pub feature_type: FeatureType,
    /// Whether the usage limit is enforced.
    pub hard_limit: bool,
    /// The usage limit (`None`: unlimited).
    pub usage_limit: Option<i64>,
}

impl PlanFeature {
    /// A `METER` feature with a limit; `hard` enforces it.
    pub fn meter(feature_id: impl Into<String>, usage_limit: i64, hard: bool) -> Self {
        PlanFeature {
            feature_id: feature_id.into(),
            feature_type: FeatureType::Meter,
            hard_limit: hard,
            usage_limit: Some(usage_limit),
        }
    }

    /// A `FLAG` feature (on).
    pub fn flag(feature_id: impl Into<String>) -> Self {
        PlanFeature {
            feature_id: feature_id.into(),
            feature_type: FeatureType::Flag,
            hard_limit: false,
            usage_limit: None,
        }
    }
}

/// A customer as stored.
#[derive(Debug, Clone)]
pub(super) struct CustomerRecord {
    pub(super) id: String,
    pub(super) customer_id: String,
    pub(super) name: Value,
    pub(super) email: Value,
    pub(super) metadata: Value,
    pub(super) created_on: String,
    pub(super) modified_on: String,
    pub(super) archived: bool,
}

impl CustomerRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "customerId": self.customer_id,
            "name": self.name,
            "email": self.email,
            "details": {},
            "metadata": self.metadata,
            "createdOn": self.created_on,
            "modifiedOn": self.modified_on,
        })
    }
}

/// A feature granted to a customer, with its usage.
#[derive(Debug, Clone)]
pub(super) struct Grant {
    pub(super) feature: PlanFeature,
    pub(super) usage: i64,
}

impl Grant {
    pub(super) fn to_json(&self) -> Value {
        let f = &self.feature;
        let metered = f.feature_type == FeatureType::Meter;
        let remaining = f.usage_limit.map(|limit| (limit - self.usage).max(0));
        let has_access = !metered || remaining.is_none_or(|left| left > 0);
        json!({
            "featureId": f.feature_id,
            "featureType": f.feature_type.as_str(),
            "hasAccess": has_access,
            "resetAt": if metered { reset_at() } else { Value::Null },
            "hardLimit": if metered { json!(f.hard_limit) } else { Value::Null },
            "usageLimit": f.usage_limit,
            "currentUsage": if metered { json!(self.usage) } else { Value::Null },
            "remaining": remaining,
        })
    }
}

/// A subscription as stored.
#[derive(Debug, Clone)]
pub(super) struct SubscriptionRecord {
    pub(super) id: String,
    pub(super) customer_id: String,
    pub(super) plan_identifier: String,
    pub(super) charge_period: String,
    pub(super) status: &'static str,
    pub(super) cancellation_type: Option<String>,
    pub(super) cancel_at: Option<String>,
    pub(super) created_on: String,
}

impl SubscriptionRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "subscriptionId": self.id,
            "customerId": self.customer_id,
            "planIdentifier": self.plan_identifier,
            "chargePeriod": self.charge_period,
            "status": self.status,
            "cancellationType": self.cancellation_type,
            "cancelAt": self.cancel_at,
            "createdOn": self.created_on,
        })
    }
}

/// Everything the simulated server knows.
#[derive(Debug)]
pub(super) struct State {
    pub(super) api_key: String,
    pub(super) customers: Vec<CustomerRecord>,
    pub(super) plans: BTreeMap<String, Vec<PlanFeature>>,
    pub(super) subscriptions: Vec<SubscriptionRecord>,
    /// customer id → feature id → grant.
    pub(super) grants: HashMap<String, BTreeMap<String, Grant>>,
    pub(super) events: Vec<Value>,
    counter: u64,
}

/// The organization id the simulator reports.
pub(super) const ORG_ID: &str = "org_simulated";

/// `now` as the API writes `createdOn`: ISO-8601 with `Z`.
pub(super) fn iso_now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// `now` as the API writes a usage record's `timestamp`: `YYYY-MM-DD HH:MM:SS.ffffff`.
pub(super) fn sdk_now() -> String {
    format_event_timestamp(OffsetDateTime::now_utc()).unwrap_or_default()
}

/// `resetAt`, "yyyy-MM-dd HH:mm:ss": thirty days from now (`null` past the calendar's end).
fn reset_at() -> Value {
    OffsetDateTime::now_utc()
        .checked_add(time::Duration::days(30))
        .and_then(|at| {
            at.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .ok()
        })
        .map_or(Value::Null, Value::String)
}

impl State {
    pub(super) fn new(api_key: String) -> State {
        State {
            api_key,
            customers: Vec::new(),
            plans: BTreeMap::new(),
            subscriptions: Vec::new(),
            grants: HashMap::new(),
            events: Vec::new(),
            counter: 0,
        }
    }

    /// A fresh id with a prefix: `prefix_N`.
    pub(super) fn next_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}_{:06}", self.counter)
    }

    /// A fresh UUID.
    pub(super) fn uuid() -> String {
        uuid::Uuid::new_v4().to_string()
    }

    /// The live (not archived) customer with this id.
    pub(super) fn customer(&self, customer_id: &str) -> Option<&CustomerRecord> {
        self.customers
            .iter()
            .find(|c| c.customer_id == customer_id && !c.archived)
    }

    /// Adds a customer with only an id (no checks).
    pub(super) fn insert_customer(&mut self, customer_id: &str) -> &CustomerRecord {
        let now = iso_now();
        self.customers.push(CustomerRecord {
            id: State::uuid(),
            customer_id: customer_id.to_owned(),
            name: Value::Null,
            email: Value::Null,
            metadata: json!({}),
            created_on: now.clone(),
            modified_on: now,
            archived: false,
        });
        self.customers.last().expect("just pushed")
    }

    /// Grants `feature` to the customer, keeping the usage it already has.
    pub(super) fn grant(&mut self, customer_id: &str, feature: PlanFeature) {
        let grants = self.grants.entry(customer_id.to_owned()).or_default();
        let usage = grants.get(&feature.feature_id).map_or(0, |g| g.usage);
        grants.insert(feature.feature_id.clone(), Grant { feature, usage });
    }

    /// Grants every feature of `plan` (replacing the customer's grants, keeping usage).
    pub(super) fn grant_plan(&mut self, customer_id: &str, plan: &str) {
        let features = self.plans.get(plan).cloned().unwrap_or_default();
        let old = self.grants.remove(customer_id).unwrap_or_default();
        for feature in features {
            let usage = old.get(&feature.feature_id).map_or(0, |g| g.usage);
            self.grants
                .entry(customer_id.to_owned())
                .or_default()
                .insert(feature.feature_id.clone(), Grant { feature, usage });
        }
    }
}
