//! A stateful, in-process ParityDeals, built on wiremock (feature `testing`).
//!
//! [`ParityDealsSimulator::start`] serves the API host and the edge host on two loopback
//! ports that share one state (facts in `shared/vendors/paritydeals.md`, sections cited as
//! §1.x):
//!
//! - **Auth** (§1.3): every route needs `Authorization: Bearer <key>` ([`ParityDealsSimulator::api_key`]);
//!   none → 401 `{"detail": "Authentication credentials were not provided."}`, another key →
//!   401 `{"detail": "Invalid token."}`.
//! - **Customers** (§1.4): `POST /api/v1/customers/` (201; `customerId` or `customer_id`
//!   required, a duplicate → 400 `{"customerId": ["customer with this customerId already exists."]}`,
//!   a bad email → 400 field map), `GET`/`PATCH`/`DELETE /api/v1/customers/{customerId}/`
//!   (PATCH changes only the fields sent; DELETE archives: 204, later reads 404),
//!   `GET /api/v1/customers/` (DRF `count/next/previous/results`, `page`, `page_size`
//!   default 10 max 100, absolute `next` links, a page past the end → 404 `Invalid page.`).
//! - **Checkout** (§1.4): `POST /api/v1/checkout/` → 201 `{checkoutUrl, checkoutSessionId}`;
//!   the plan must exist ([`ParityDealsSimulator::add_plan`]) and the charge period be known.
//! - **Entitlements** on the edge host (D1, D2): `GET /api/v1/entitlements`, with or without
//!   a trailing slash, and `/entitlements[/]`; `customer_id` or `customerId`, optional
//!   `feature_id` or `featureId`. `hasAccess` of a meter is false once the usage reaches
//!   the limit; `remaining` is `max(limit - usage, 0)`, `null` without a limit.
//! - **Usage** (§1.4): `POST /api/v1/report/usage/` — `SET` replaces the usage, `DELTA` adds
//!   to it, so `has_access` flips when a hard limit is reached. Events:
//!   `POST /api/v1/report/event/`, stored once per `idempotencyKey`.
//! - **Subscriptions** (§1.4, D3): `POST /api/v1/subscriptions/{id}/update/` and
//!   `/cancel/` read snake or camel keys. Cancel rules: `SPECIFIC_DATE` needs a
//!   `cancellationDate` (`YYYY-MM-DD`) → else 400; `IMMEDIATE` / `CURRENT_PERIOD_ENDS` with a
//!   date → 400. `GET /api/v1/subscriptions/?customer_id=` pages like customers.
//! - Anything else → 404 `{"detail": "Not found."}`; entitlements on the API host are
//!   "anything else".
//!
//! # Choices where the facts are unknown
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
//! - The event answer (undocumented) echoes the event with `orgId`; its timestamp must be
//!   `YYYY-MM-DD HH:MM:SS.ffffff`.
//! - Archiving frees the `customerId` for a new customer.
//! - Paths are strict: the documented trailing slashes are required on the API host.
//!
//! ```no_run
//! # async fn demo() -> Result<(), paykit_paritydeals::Error> {
//! use paykit_paritydeals::testing::{ParityDealsSimulator, PlanFeature};
//!
//! let sim = ParityDealsSimulator::start().await;
//! sim.add_plan("pro", [PlanFeature::meter("api_calls", 100, true)]);
//! let client = sim.client_builder().build()?;
//! # let _ = client; Ok(()) }
//! ```

mod billing;
mod customers;
mod routes;
mod state;
mod usage;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use wiremock::MockServer;

pub use self::state::PlanFeature;

use self::routes::{Host, lock};
use self::state::State;
use crate::{ClientBuilder, FeatureType};

/// The key the simulator accepts unless started with another.
pub const DEFAULT_API_KEY: &str = "sk_test_simulator";

/// A running ParityDeals simulator: two wiremock servers (API and edge) and one state.
/// Dropping it stops both.
pub struct ParityDealsSimulator {
    api: MockServer,
    edge: MockServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for ParityDealsSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParityDealsSimulator")
            .field("api_url", &self.api_url())
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
        let state = Arc::new(Mutex::new(State::new(api_key.to_owned())));
        let api = MockServer::start().await;
        let edge = MockServer::start().await;
        routes::mount(&api, Host::Api, &state).await;
        routes::mount(&edge, Host::Edge, &state).await;
        ParityDealsSimulator { api, edge, state }
    }

    /// The API host, `http://127.0.0.1:PORT` (the client adds `/api/v1`).
    pub fn api_url(&self) -> String {
        self.api.uri()
    }

    /// The edge host (entitlements), `http://127.0.0.1:PORT`.
    pub fn edge_url(&self) -> String {
        self.edge.uri()
    }

    /// The key the simulator accepts.
    pub fn api_key(&self) -> String {
        lock(&self.state).api_key.clone()
    }

    /// A client builder pointed at both hosts with the simulator's key.
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::new(self.api_key().into())
            .api_host(self.api_url())
            .edge_host(self.edge_url())
    }

    /// Adds (or replaces) a plan and the features a subscription to it grants.
    pub fn add_plan(&self, identifier: &str, features: impl IntoIterator<Item = PlanFeature>) {
        lock(&self.state)
            .plans
            .insert(identifier.to_owned(), features.into_iter().collect());
    }

    /// Adds a customer with only an id (no checks); an existing one is kept.
    pub fn add_customer(&self, customer_id: &str) {
        let mut state = lock(&self.state);
        if state.customer(customer_id).is_none() {
            state.insert_customer(customer_id);
        }
    }

    /// Grants a feature to a customer (created if unknown), keeping its current usage.
    pub fn grant_feature(
        &self,
        customer_id: &str,
        feature_id: &str,
        feature_type: FeatureType,
        hard_limit: bool,
        usage_limit: Option<i64>,
    ) {
        self.add_customer(customer_id);
        lock(&self.state).grant(
            customer_id,
            PlanFeature {
                feature_id: feature_id.to_owned(),
                feature_type,
                hard_limit,
                usage_limit,
            },
        );
    }

    /// The customer's usage of a feature, if granted.
    pub fn usage(&self, customer_id: &str, feature_id: &str) -> Option<i64> {
        lock(&self.state)
            .grants
            .get(customer_id)
            .and_then(|g| g.get(feature_id))
            .map(|g| g.usage)
    }

    /// Every live customer, in the API's JSON shape.
    pub fn customers(&self) -> Vec<Value> {
        let state = lock(&self.state);
        state
            .customers
            .iter()
            .filter(|c| !c.archived)
            .map(|c| c.to_json())
            .collect()
    }

    /// Every subscription, in the list's JSON shape (`subscriptionId`, `customerId`,
    /// `planIdentifier`, `chargePeriod`, `status`, `cancellationType`, `cancelAt`, ...).
    pub fn subscriptions(&self) -> Vec<Value> {
        let state = lock(&self.state);
        state.subscriptions.iter().map(|s| s.to_json()).collect()
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

    /// Every event stored (one per idempotency key).
    pub fn events(&self) -> Vec<Value> {
        lock(&self.state).events.clone()
    }

    /// Delays every answer by `delay` from now on (the effect happens at once; only the
    /// answer is late). `Duration::ZERO` turns it off.
    pub fn set_response_delay(&self, delay: Duration) {
        lock(&self.state).delay = delay;
    }

    /// Every request received by the API host, then by the edge host.
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        let mut all = self.api.received_requests().await.unwrap_or_default();
        all.extend(self.edge.received_requests().await.unwrap_or_default());
        all
    }
}
