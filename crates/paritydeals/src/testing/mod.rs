//! A stateful, in-process ParityDeals with fault injection (feature `testing`).
//!
//! [`ParityDealsSimulator::start`] serves the API host and the edge host on two loopback
//! ports ([`paykit_core::testing::SimServer`]s) that share one state and one fault list:
//!
//! - **Auth**: every route needs `Authorization: Bearer <key>` ([`ParityDealsSimulator::api_key`]);
//!   none → 401 `{"detail": "Authentication credentials were not provided."}`, another key →
//!   401 `{"detail": "Invalid token."}`.
//! - **Customers**: `POST /api/v1/customers/` (201; `customerId` or `customer_id`
//!   required, a duplicate → 400 `{"customerId": ["customer with this customerId already exists."]}`,
//!   a bad email → 400 field map), `GET`/`PATCH`/`DELETE /api/v1/customers/{customerId}/`
//!   (PATCH changes only the fields sent; DELETE archives: 204, later reads 404),
//!   `GET /api/v1/customers/` (`count/next/previous/results`, `page`, `page_size`
//!   default 10 max 100, absolute `next` links, a page past the end → 404 `Invalid page.`).
//! - **Checkout**: `POST /api/v1/checkout/` → 201 `{checkoutUrl, checkoutSessionId}`;
//!   the plan must exist ([`ParityDealsSimulator::seed_plan`]) and the charge period be known.
//! - **Entitlements** on the edge host: `GET /api/v1/entitlements`, with or without a
//!   trailing slash, and `/entitlements[/]`; `customer_id` or `customerId`, optional
//!   `feature_id` or `featureId`. The API host answers them too, as a proxy in front of
//!   both hosts would, so a client built with only `base_url` works. `hasAccess` of a meter
//!   is false once the usage reaches the limit; `remaining` is `max(limit - usage, 0)`,
//!   `null` without a limit.
//! - **Usage**: `POST /api/v1/report/usage/`: `SET` replaces the usage, `DELTA` adds to it,
//!   so `has_access` flips when a hard limit is reached. Events:
//!   `POST /api/v1/report/event/`, stored once per `idempotencyKey`.
//! - **Subscriptions**: `POST /api/v1/subscriptions/{id}/update/` and `/cancel/` read snake
//!   or camel keys. Cancel rules: `SPECIFIC_DATE` needs a `cancellationDate` (`YYYY-MM-DD`)
//!   → else 400; `IMMEDIATE` / `CURRENT_PERIOD_ENDS` with a date → 400.
//!   `GET /api/v1/subscriptions/?customer_id=` pages like customers.
//! - Anything else → 404 `{"detail": "Not found."}`.
//!
//! **Faults**: [`ParityDealsSimulator::inject`] takes a [`Fault`]; scope it to one call with
//! `.on("paritydeals.<operation>")`, where the operation is the client method's name:
//! `create_customer`, `update_customer`, `get_customer`, `list_customers`,
//! `archive_customer`, `create_checkout_session`, `get_entitlement` (with a feature),
//! `get_all_entitlements`, `report_usage`, `report_event`, `update_subscription`,
//! `cancel_subscription`, `list_subscriptions`.
//!
//! # Choices where the API's behaviour is not documented
//!
//! - A checkout session counts as **paid at once**: the customer (created when absent or
//!   unknown) gets an `ACTIVE` subscription to the plan and the plan's features.
//! - Subscription `status` strings are `ACTIVE` / `CANCELLED`; `IMMEDIATE` cancels and
//!   removes the features; `SPECIFIC_DATE` (a date after today, UTC) and
//!   `CURRENT_PERIOD_ENDS` only record `cancelAt`. A cancelled subscription refuses changes
//!   (400 `detail`).
//! - A plan change grants the new plan's features, keeping usage of features in both plans.
//! - Usage for an unknown customer or a feature not granted → 400 field map; entitlements of
//!   an unknown customer → 404.
//! - The event answer echoes the event with `orgId`; its timestamp must be
//!   `YYYY-MM-DD HH:MM:SS.ffffff`.
//! - Archiving frees the `customerId` for a new customer.
//! - Paths are strict: the documented trailing slashes are required on the API host.
//!
//! ```no_run
//! # async fn demo() -> Result<(), paykit_paritydeals::Error> {
//! use paykit_paritydeals::testing::{Fault, ParityDealsSimulator, PlanFeature};
//!
//! let sim = ParityDealsSimulator::start().await;
//! sim.seed_plan("pro", [PlanFeature::meter("api_calls", 100, true)]);
//! sim.inject(Fault::status(503).on("paritydeals.get_customer"));
//! let client = sim.client();
//! # let _ = client; Ok(()) }
//! ```

mod billing;
mod customers;
mod host;
mod routes;
mod state;
mod usage;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use paykit_core::testing::{Faults, SimServer};

pub use self::state::PlanFeature;
pub use paykit_core::testing::{Fault, RecordedRequest};

use self::routes::{Host, lock};
use self::state::State;
use crate::{Client, ClientBuilder, Customer, EventRecord, NewCustomer, Subscription};

/// The key the simulator accepts unless started with another.
pub const DEFAULT_API_KEY: &str = "sk_test_simulator";

/// A running ParityDeals simulator: two servers (API and edge) sharing one state and one
/// fault list. Dropping it stops both.
pub struct ParityDealsSimulator {
    api: SimServer,
    edge: SimServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for ParityDealsSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParityDealsSimulator")
            .field("base_url", &self.base_url())
            .field("edge_url", &self.edge_url())
            .finish_non_exhaustive()
    }
}

impl ParityDealsSimulator {
    /// Starts the simulator with [`DEFAULT_API_KEY`], no plans and no customers.
    pub async fn start() -> ParityDealsSimulator {
        Self::start_with_key(DEFAULT_API_KEY).await
    }

    /// Starts the simulator accepting `api_key`.
    pub async fn start_with_key(api_key: &str) -> ParityDealsSimulator {
        let faults = Faults::new();
        let api = SimServer::builder().faults(faults.clone()).start().await;
        let edge = SimServer::builder().faults(faults).start().await;
        Self::start_on(api, edge, api_key).await
    }

    /// Like [`ParityDealsSimulator::start_with_key`], on two servers the caller started (on
    /// the addresses it chose): `api` for the API, `edge` for the edge API. Build `edge` with
    /// `api`'s fault list ([`SimServerBuilder::faults`](paykit_core::testing::SimServerBuilder::faults))
    /// so that a fault injected once applies to both.
    pub async fn start_on(api: SimServer, edge: SimServer, api_key: &str) -> ParityDealsSimulator {
        let state = Arc::new(Mutex::new(State::new(api_key.to_owned())));
        let faults = api.faults().clone();
        routes::mount(api.mock_server(), Host::Api, &state, &faults).await;
        routes::mount(edge.mock_server(), Host::Edge, &state, &faults).await;
        ParityDealsSimulator { api, edge, state }
    }

    /// The API root, `http://127.0.0.1:PORT/api/v1` (what [`ClientBuilder::base_url`]
    /// takes).
    pub fn base_url(&self) -> String {
        format!("{}/api/v1", self.api.uri())
    }

    /// The edge root (entitlements), `http://127.0.0.1:PORT/api/v1` (what
    /// [`ClientBuilder::edge_url`] takes).
    pub fn edge_url(&self) -> String {
        format!("{}/api/v1", self.edge.uri())
    }

    /// The key the simulator accepts.
    pub fn api_key(&self) -> String {
        lock(&self.state).api_key.clone()
    }

    /// A client builder pointed at both URLs with the simulator's key, fast retry
    /// back-offs (1 ms to 10 ms) and no client-side rate limit.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.api_key())
            .base_url(self.base_url())
            .edge_url(self.edge_url())
            .retry(paykit_core::testing::fast_retry())
            .rate_limit(None)
    }

    /// A ready client ([`ParityDealsSimulator::client_builder`], built).
    ///
    /// # Panics
    ///
    /// Never in practice: the simulator's URLs and key always make a valid client.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's settings build a client")
    }

    /// Adds a fault after those already pending (shared by both hosts).
    pub fn inject(&self, fault: Fault) {
        self.api.inject(fault);
    }

    /// The pending faults, shared by both hosts.
    pub fn faults(&self) -> &Faults {
        self.api.faults()
    }

    /// Every request received, by the API host, then by the edge host (a request answered
    /// by a fault is here too: it reached the server).
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        let mut all = self.api.requests().await;
        all.extend(self.edge.requests().await);
        all
    }

    /// The TCP connections clients opened to the simulator so far (API and edge servers).
    pub fn connections(&self) -> usize {
        self.api.connections() + self.edge.connections()
    }

    /// Adds (or replaces) a plan and the features a subscription to it grants.
    pub fn seed_plan(&self, identifier: &str, features: impl IntoIterator<Item = PlanFeature>) {
        lock(&self.state)
            .plans
            .insert(identifier.to_owned(), features.into_iter().collect());
    }

    /// Every plan and its features.
    pub fn plans(&self) -> BTreeMap<String, Vec<PlanFeature>> {
        lock(&self.state).plans.clone()
    }

    /// Stores a customer as `create_customer` would, without the checks; an existing live
    /// customer with that id is returned unchanged.
    pub fn seed_customer(&self, customer: NewCustomer) -> Customer {
        let mut state = lock(&self.state);
        if let Some(existing) = state.customer(&customer.customer_id) {
            return to_customer(existing.to_json());
        }
        let id = state.insert_customer(&customer.customer_id).id.clone();
        let stored = state
            .customers
            .iter_mut()
            .find(|c| c.id == id)
            .expect("just inserted");
        let json = |v: Option<String>| v.map_or(serde_json::Value::Null, serde_json::Value::String);
        stored.email = json(customer.email);
        stored.name = json(customer.name);
        if let Some(metadata) = customer.metadata {
            stored.metadata = serde_json::to_value(metadata).unwrap_or_default();
        }
        to_customer(stored.to_json())
    }

    /// Every live (not archived) customer.
    pub fn customers(&self) -> Vec<Customer> {
        let state = lock(&self.state);
        state
            .customers
            .iter()
            .filter(|c| !c.archived)
            .map(|c| to_customer(c.to_json()))
            .collect()
    }

    /// Grants a feature to a customer (created if unknown), keeping its current usage.
    pub fn grant_feature(&self, customer_id: &str, feature: PlanFeature) {
        let mut state = lock(&self.state);
        if state.customer(customer_id).is_none() {
            state.insert_customer(customer_id);
        }
        state.grant(customer_id, feature);
    }

    /// The customer's usage of a feature, if granted.
    pub fn usage(&self, customer_id: &str, feature_id: &str) -> Option<i64> {
        lock(&self.state)
            .grants
            .get(customer_id)
            .and_then(|g| g.get(feature_id))
            .map(|g| g.usage)
    }

    /// Every subscription, as `list_subscriptions` returns them (the extra fields,
    /// `cancellationType` and `cancelAt`, are in [`Subscription::fields`]).
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let state = lock(&self.state);
        state
            .subscriptions
            .iter()
            .filter_map(|s| serde_json::from_value(s.to_json()).ok())
            .collect()
    }

    /// The id of the customer's latest subscription.
    pub fn subscription_of(&self, customer_id: &str) -> Option<String> {
        let state = lock(&self.state);
        state
            .subscriptions
            .iter()
            .rev()
            .find(|s| s.customer_id == customer_id)
            .map(|s| s.id.clone())
    }

    /// Every event stored (one per idempotency key), as `report_event` answers them.
    pub fn events(&self) -> Vec<EventRecord> {
        lock(&self.state)
            .events
            .iter()
            .filter_map(|e| serde_json::from_value(e.clone()).ok())
            .collect()
    }
}

fn to_customer(json: serde_json::Value) -> Customer {
    serde_json::from_value(json).expect("the simulator's customers decode")
}
