//! A stateful, in-process Spreedly Subscriptions site with fault injection (feature
//! `testing`).
//!
//! [`SpreedlySimulator::start`] serves a test site ([`SITE`]) on `127.0.0.1` in Spreedly's
//! real XML shapes (typed attributes, `nil="true"`, `<nil-classes type="array"/>` for empty
//! lists, `in_grace_period` spelled with underscores as some real answers do) and with its
//! rules:
//!
//! - HTTP Basic with [`API_TOKEN`] as the user (any password), else 401
//!   "HTTP Basic: Access denied.";
//! - subscribers: 403 "A subscriber with a customer-id of … already exists." on a taken id,
//!   404 "There is no subscriber with a customer id of …", 422 "You must specify subscriber
//!   parameters" for an empty update, `new-customer-id` on update (403 when taken);
//! - free trials: 403 "The subscriber is not eligible for a free trial" and "The
//!   subscription plan must be a free trial plan.", 422 without a plan id; a trial makes
//!   the subscriber active, on trial and no longer eligible until allowed again;
//! - complimentary subscriptions only for inactive subscribers (403 otherwise), time
//!   extensions only for active ones (403), both extending `active-until`; 422 `<errors>`
//!   for bad durations; lifetime comps answer 201;
//! - store credit may be negative but the total never goes below 0 (422 `<errors>`);
//! - fees only for active, recurring subscribers (422); they are added to the next invoice;
//! - invoices: 404 unknown plan, 403 disabled plan, 422 incomplete; paying closes the
//!   invoice (403 "Unable to pay an invoice which has already been closed." after that),
//!   activates the subscriber and records a transaction;
//! - transactions: `since_id`, 50 at a time.
//!
//! Faults: [`SpreedlySimulator::inject`] takes the [`Fault`]s every paykit simulator shares,
//! scoped with [`Fault::on`] to the client's operation names (`spreedly.add_fee`,
//! `spreedly.pay_invoice`, `spreedly.list_transactions`, ...).
//!
//! # In a host of several simulators
//!
//! `SpreedlySimulator` implements [`paykit_core::testing::Simulator`], which `paykit-sim`
//! uses to host it beside the other vendors' simulators:
//!
//! - [`SpreedlySimulator::start_on`] mounts it on a [`SimServer`] the host started;
//! - `vendor()` is `"spreedly"` (the prefix of every fault operation);
//! - `connection()` lists the `base URL`, the `site` ([`SITE`]) and the `API token`
//!   ([`API_TOKEN`]), as `Client::builder(site, api_token).base_url(base_url)` takes them;
//! - `reset()` goes back to the state right after start (no plans, no subscribers, ids
//!   given out from the start again) and clears pending faults; recorded requests are the
//!   host's to forget (`server().clear_requests()`);
//! - `state()` is the whole state as JSON: `plans`, `subscribers` (each with the `fees`
//!   waiting for its next invoice), `invoices` (each with the `plan_id` it is for) and
//!   `transactions`, every record with all its fields in snake case, money as strings with
//!   their scale (`"24.00"`), instants in RFC 3339, sorted by id (customer id for
//!   subscribers, token for invoices);
//! - `seed(json)` reads the same layout, every section optional, and adds the records. Only
//!   the identifying fields are required (a plan's `name`, a subscriber's `customer_id`, an
//!   invoice's `customer_id` and `plan_id`, a fee's `name` and `amount`); the others take
//!   the values a new record gets, ids and tokens included. An unknown section or field, a
//!   value of the wrong type, a taken id, an invoice naming an unknown plan or subscriber,
//!   or store credit below zero is refused with a message naming the section, the index
//!   and the field (`spreedly: subscribers[1].store_credit: must not be below zero`), and
//!   nothing is added. The state of one simulator seeds another into the same state.
//!
//! ```json
//! {
//!   "plans": [
//!     {"id": 101, "name": "Pro", "feature_level": "pro", "amount": "24.00",
//!      "duration_quantity": 1, "duration_units": "months"},
//!     {"name": "Pro trial", "plan_type": "free_trial", "feature_level": "pro",
//!      "duration_quantity": 14, "duration_units": "days"}
//!   ],
//!   "subscribers": [
//!     {"customer_id": "42", "screen_name": "zoe", "email": "zoe@example.com",
//!      "active": true, "recurring": true, "active_until": "2026-07-01T00:00:00Z",
//!      "store_credit": "5.00", "payment_account_on_file": true,
//!      "fees": [{"name": "Setup", "group": "onboarding", "amount": "49.00"}]}
//!   ],
//!   "invoices": [{"customer_id": "42", "plan_id": 101}],
//!   "transactions": [{"id": 1, "amount": "24.00", "subscriber_customer_id": "42",
//!                     "description": "Payment"}]
//! }
//! ```
//!
//! ```
//! use paykit_spreedly::prelude::*;
//! use paykit_spreedly::testing::{Fault, SeedPlan, SpreedlySimulator};
//! use paykit_spreedly::{DurationUnits, NewSubscriber};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), paykit_spreedly::Error> {
//! let sim = SpreedlySimulator::start().await;
//! let trial = sim.seed_plan(SeedPlan::free_trial("Pro trial", "pro", 14, DurationUnits::Days));
//! let client = sim.client();
//! let ann = client.create_subscriber(&NewSubscriber::new("7", "ann")).await?;
//! sim.inject(Fault::status(503).on("spreedly.subscribe_to_free_trial"));
//! let err = client.subscribe_to_free_trial(&ann.customer_id, trial.id).await.unwrap_err();
//! assert!(err.maybe_sent()); // not retried: the trial may have started
//! let ann = client.subscribe_to_free_trial(&ann.customer_id, trial.id).await?;
//! assert!(ann.on_trial);
//! # Ok(()) }
//! ```

mod billing;
mod host;
mod invoices;
mod routes;
mod shapes;
mod state;
mod subscribers;

use std::fmt;
use std::sync::{Arc, Mutex};

use paykit_core::testing::wiremock::Mock;
use paykit_core::testing::wiremock::matchers::any;
use paykit_core::testing::{Faults, SimServer, lock};
use rust_decimal::Decimal;

pub use paykit_core::testing::{Fault, RecordedRequest};

pub use self::state::{SeedPlan, SimFee};

use self::routes::Responder;
use self::state::{State, new_subscriber, record_transaction};
use crate::client::{Client, ClientBuilder};
use crate::models::{Invoice, Plan, Subscriber, Transaction};
use crate::subscribers::NewSubscriber;

/// The simulated site's name.
pub const SITE: &str = "sim-test";
/// The API token the simulator accepts.
pub const API_TOKEN: &str = "sim-api-token";

/// A running Spreedly simulator. Dropping it stops the server.
pub struct SpreedlySimulator {
    server: SimServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for SpreedlySimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpreedlySimulator")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl SpreedlySimulator {
    /// Starts a simulator with no plans and no subscribers.
    pub async fn start() -> SpreedlySimulator {
        SpreedlySimulator::start_on(SimServer::start().await).await
    }

    /// Mounts the simulator on a server already started (by a host of several simulators,
    /// on the address it chose), with the same initial state as
    /// [`SpreedlySimulator::start`]: no plans, no subscribers.
    pub async fn start_on(server: SimServer) -> SpreedlySimulator {
        let state = Arc::new(Mutex::new(State::new()));
        Mock::given(any())
            .respond_with(Responder {
                state: state.clone(),
                faults: server.faults().clone(),
            })
            .mount(server.mock_server())
            .await;
        SpreedlySimulator { server, state }
    }

    /// The API root to give [`ClientBuilder::base_url`].
    pub fn base_url(&self) -> String {
        format!("{}/api/v4/{SITE}", self.server.uri())
    }

    /// Where the hosted pages would live.
    pub fn hosted_url(&self) -> String {
        format!("{}/{SITE}", self.server.uri())
    }

    /// A client builder for this simulator: its token, fast retry back-offs, no
    /// client-side rate limit, and [`ClientBuilder::test_site`]`(true)` (the simulator is a
    /// test site).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(SITE, API_TOKEN)
            .base_url(self.base_url())
            .rate_limit(None)
            .test_site(true)
            .retry(paykit_core::testing::fast_retry())
    }

    /// A ready client.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's client settings are valid")
    }

    /// Adds a plan and returns it as the API would.
    pub fn seed_plan(&self, plan: SeedPlan) -> Plan {
        lock(&self.state).add_plan(plan)
    }

    /// Adds a subscriber (inactive, eligible for a free trial) and returns it.
    pub fn seed_subscriber(&self, subscriber: NewSubscriber) -> Subscriber {
        let mut state = lock(&self.state);
        let s = new_subscriber(
            &mut state,
            subscriber.customer_id(),
            Some(subscriber.screen_name_ref()),
            subscriber.email_ref(),
        );
        state.subscribers.push(s.clone());
        s
    }

    /// The plans.
    pub fn plans(&self) -> Vec<Plan> {
        lock(&self.state).plans.clone()
    }

    /// The subscribers, in creation order.
    pub fn subscribers(&self) -> Vec<Subscriber> {
        lock(&self.state).subscribers.clone()
    }

    /// One subscriber.
    pub fn subscriber(&self, customer_id: &str) -> Option<Subscriber> {
        lock(&self.state)
            .subscribers
            .iter()
            .find(|s| s.customer_id == customer_id)
            .cloned()
    }

    /// The invoices, in creation order, each with its subscriber as it is now.
    pub fn invoices(&self) -> Vec<Invoice> {
        let state = lock(&self.state);
        state
            .invoices
            .iter()
            .map(|i| state.invoice_answer(&i.invoice))
            .collect()
    }

    /// The transactions.
    pub fn transactions(&self) -> Vec<Transaction> {
        lock(&self.state).transactions.clone()
    }

    /// The fees waiting for an invoice.
    pub fn fees(&self) -> Vec<SimFee> {
        lock(&self.state).fees.clone()
    }

    /// Records a transaction for `customer_id` (for paging tests) and returns it.
    pub fn seed_transaction(
        &self,
        customer_id: &str,
        amount: Decimal,
        description: &str,
    ) -> Transaction {
        let mut state = lock(&self.state);
        record_transaction(&mut state, customer_id, amount, description, None)
    }

    /// Serves `fault` to the next matching request.
    pub fn inject(&self, fault: Fault) {
        self.server.inject(fault);
    }

    /// The pending faults.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Every request received so far, in order.
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests().await
    }

    /// Forgets the requests received so far.
    pub async fn clear_requests(&self) {
        self.server.clear_requests().await;
    }
}
