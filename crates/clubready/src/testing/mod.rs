//! A stateful, in-process ClubReady with fault injection (feature `testing`).
//!
//! [`ClubReadySimulator::start`] serves `/api/current` on a loopback port
//! ([`paykit_core::testing::SimServer`]). It answers in JSV (or JSON with `?format=json`)
//! and reads JSV or JSON bodies and query strings alike, as ServiceStack does.
//!
//! - **Keys**: [`ClubReadySimulator::api_key`] may do everything;
//!   [`ClubReadySimulator::unscoped_api_key`] has no scheduling scope, and
//!   `/scheduling/*` answers it HTTP 200 with the plain text `Unauthorized`, as ClubReady
//!   does. No key or another key → HTTP 401 with a ServiceStack `ResponseStatus`.
//! - **Prospects and users**: a prospect with a known email is a duplicate (`Success:
//!   false`, "already exists", the matched `UserId`); `users/find` pages 10 users at a time
//!   (`Page` from 1) and answers an empty list past the end.
//! - **Schedule**: windows over 7 days (both days counted) → 400 `ArgumentException`.
//!   Dates are written `M-D-YYYY`, times `8:30 PM`.
//! - **Bookings** use one credit ([`ClubReadySimulator::grant_credits`]); no credit →
//!   `Success: false`; a full class puts the user on the wait list when allowed, else
//!   `Success: false`. Cancelling within policy gives the credit back; every status change
//!   is a booking status event. Event windows over 24 hours → 400.
//! - **Sales**: packages and their installment plans ([`ClubReadySimulator::seed_package`]);
//!   `agreement/add` and `agreement/sale` need `X-Forwarded-For` (else 400). A sale split
//!   across payment methods charges them in order, each up to its `PaymentAmount`; an
//!   account token may approve only part of its amount
//!   ([`ClubReadySimulator::limit_acct_token`]), and the next method pays the rest. A sale
//!   not covered in full is declined (`success: false`) and nothing is kept.
//! - Anything else → 404 with a `ResponseStatus`.
//!
//! **Faults**: [`ClubReadySimulator::inject`] takes a [`Fault`]; scope it with
//! `.on("clubready.<operation>")`, the client method's name (`clubready.create_agreement_sale`,
//! `clubready.get_class_schedule`, ...).
//!
//! ```no_run
//! # async fn demo() -> Result<(), paykit_clubready::Error> {
//! use paykit_clubready::testing::{ClubReadySimulator, Fault};
//!
//! let sim = ClubReadySimulator::start().await;
//! sim.inject(Fault::status(503).on("clubready.get_user"));
//! let client = sim.client();
//! # let _ = client; Ok(()) }
//! ```

mod routes;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use paykit_core::testing::{Faults, SimServer};
use rust_decimal::Decimal;
use time::{Date, Time};

pub use paykit_core::testing::{Fault, RecordedRequest};

use crate::{ClassSession, Client, ClientBuilder, NewProspect, Package, UserSummary};

/// The key the simulator accepts for everything.
pub const DEFAULT_API_KEY: &str = "cr-test-key";
/// A key without scheduling scope.
pub const UNSCOPED_API_KEY: &str = "cr-test-key-no-scheduling";
/// The club the simulator is.
pub const STORE_ID: u64 = 100;
/// The chain the club belongs to.
pub const CHAIN_ID: u64 = 10;

/// A class session to seed: `NewClass::new(date, start, end, title, max_spots)`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NewClass {
    /// The day (club-local).
    pub date: Date,
    /// Start (club-local).
    pub start: Time,
    /// End (club-local).
    pub end: Time,
    /// Title (may end in ` - <location>`).
    pub title: String,
    /// Spots.
    pub max_spots: i64,
}

impl NewClass {
    /// A class on `date` from `start` to `end`.
    pub fn new(
        date: Date,
        start: Time,
        end: Time,
        title: impl Into<String>,
        max_spots: i64,
    ) -> Self {
        NewClass {
            date,
            start,
            end,
            title: title.into(),
            max_spots,
        }
    }
}

/// A sale the simulator recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedSale {
    /// The member.
    pub member_id: u64,
    /// The contract.
    pub contract_id: u64,
    /// The total.
    pub amount: Decimal,
    /// What each payment method paid, in order.
    pub payments: Vec<Decimal>,
}

/// A booking the simulator holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedBooking {
    /// The booking.
    pub booking_id: u64,
    /// The user.
    pub user_id: u64,
    /// The session.
    pub schedule_id: u64,
    /// Its status id (2 open, 3 and 4 cancelled, 12 wait-listed).
    pub status_id: i32,
}

#[derive(Debug, Clone)]
pub(crate) struct SimUser {
    pub(crate) user_id: u64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) phone: Option<String>,
    pub(crate) barcode: String,
    pub(crate) username: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) member: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SimClass {
    pub(crate) schedule_id: u64,
    pub(crate) class: NewClass,
}

#[derive(Debug, Clone)]
pub(crate) struct SimPackage {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) price: Decimal,
}

#[derive(Debug, Clone)]
pub(crate) struct SimEvent {
    pub(crate) user_id: u64,
    pub(crate) booking_id: u64,
    pub(crate) schedule_id: u64,
    pub(crate) status_id: i32,
    pub(crate) at: time::OffsetDateTime,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) next_id: u64,
    pub(crate) users: Vec<SimUser>,
    pub(crate) classes: Vec<SimClass>,
    pub(crate) bookings: Vec<RecordedBooking>,
    pub(crate) credits: BTreeMap<u64, i64>,
    pub(crate) events: Vec<SimEvent>,
    pub(crate) packages: Vec<SimPackage>,
    pub(crate) agreements: BTreeMap<String, (u64, u64, u64)>,
    pub(crate) sales: Vec<RecordedSale>,
    pub(crate) token_limits: BTreeMap<String, Decimal>,
    pub(crate) guest_passes: Vec<(u64, u64, u64)>,
    pub(crate) profiles: Vec<String>,
}

impl State {
    pub(crate) fn id(&mut self) -> u64 {
        self.next_id += 1;
        1000 + self.next_id
    }
}

pub(crate) use paykit_core::testing::lock;

/// A running ClubReady simulator. Dropping it stops it.
pub struct ClubReadySimulator {
    server: SimServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for ClubReadySimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClubReadySimulator")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl ClubReadySimulator {
    /// Starts an empty simulator (no users, classes or packages).
    pub async fn start() -> ClubReadySimulator {
        let state = Arc::new(Mutex::new(State::default()));
        let faults = Faults::new();
        let server = SimServer::builder().faults(faults.clone()).start().await;
        routes::mount(server.mock_server(), &state, &faults).await;
        ClubReadySimulator { server, state }
    }

    /// The API root, `http://127.0.0.1:PORT/api/current` (what
    /// [`ClientBuilder::base_url`] takes).
    pub fn base_url(&self) -> String {
        format!("{}/api/current", self.server.uri())
    }

    /// The key that may do everything.
    pub fn api_key(&self) -> &'static str {
        DEFAULT_API_KEY
    }

    /// A key without scheduling scope.
    pub fn unscoped_api_key(&self) -> &'static str {
        UNSCOPED_API_KEY
    }

    /// A client builder for the simulator's club ([`STORE_ID`]) with its key, fast retry
    /// back-offs (1 ms to 10 ms) and no client-side rate limit.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(DEFAULT_API_KEY)
            .store_id(STORE_ID)
            .base_url(self.base_url())
            .retry(paykit_core::testing::fast_retry())
            .rate_limit(None)
    }

    /// A ready client ([`ClubReadySimulator::client_builder`], built).
    ///
    /// # Panics
    ///
    /// Never in practice: the simulator's settings always make a valid client.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's settings build a client")
    }

    /// Adds a fault after those already pending.
    pub fn inject(&self, fault: Fault) {
        self.server.inject(fault);
    }

    /// The pending faults.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Every request received (a request answered by a fault is here too).
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests().await
    }

    /// Forgets the requests received so far (state and faults stay).
    pub async fn clear_requests(&self) {
        self.server.clear_requests().await;
    }

    /// Adds a member (not a prospect) as `create_prospect` would, without the checks.
    pub fn seed_member(&self, person: NewProspect) -> UserSummary {
        let mut state = lock(&self.state);
        let user_id = state.id();
        let user = SimUser {
            user_id,
            first_name: person.first_name.clone(),
            last_name: person.last_name.clone(),
            email: person.email.clone(),
            phone: person.phone.clone(),
            barcode: format!("B{user_id}"),
            username: person.username.clone(),
            password: None,
            member: true,
        };
        state.users.push(user.clone());
        routes::summary(&user)
    }

    /// Gives a user a login (for `find_user_by_login`).
    pub fn set_login(&self, user_id: u64, username: &str, password: &str) {
        let mut state = lock(&self.state);
        if let Some(u) = state.users.iter_mut().find(|u| u.user_id == user_id) {
            u.username = Some(username.to_owned());
            u.password = Some(password.to_owned());
        }
    }

    /// Every user, prospects included.
    pub fn users(&self) -> Vec<UserSummary> {
        lock(&self.state)
            .users
            .iter()
            .map(routes::summary)
            .collect()
    }

    /// Adds a class session; returns it as the schedule lists it.
    pub fn seed_class(&self, class: NewClass) -> ClassSession {
        let mut state = lock(&self.state);
        let schedule_id = state.id();
        state.classes.push(SimClass { schedule_id, class });
        let c = state.classes.last().expect("just pushed").clone();
        routes::session(&state, &c)
    }

    /// Every class session, as the schedule lists them.
    pub fn classes(&self) -> Vec<ClassSession> {
        let state = lock(&self.state);
        state
            .classes
            .iter()
            .map(|c| routes::session(&state, c))
            .collect()
    }

    /// Gives a user `credits` more class credits.
    pub fn grant_credits(&self, user_id: u64, credits: i64) {
        *lock(&self.state).credits.entry(user_id).or_default() += credits;
    }

    /// A user's class credits.
    pub fn credits(&self, user_id: u64) -> i64 {
        lock(&self.state)
            .credits
            .get(&user_id)
            .copied()
            .unwrap_or(0)
    }

    /// Every booking, wait-list entries and cancelled ones included.
    pub fn bookings(&self) -> Vec<RecordedBooking> {
        lock(&self.state).bookings.clone()
    }

    /// Adds a package with one installment plan (`PaymentCount` 1, the full price).
    pub fn seed_package(&self, name: &str, price: Decimal) -> Package {
        let mut state = lock(&self.state);
        let id = state.id();
        state.packages.push(SimPackage {
            id,
            name: name.to_owned(),
            price,
        });
        Package {
            id,
            name: Some(name.to_owned()),
            price: Some(price),
            contract_id: Some(id + 500_000),
            is_auto_renew: false,
        }
    }

    /// Makes an account token approve at most `approves` (scenario: the first card of a
    /// split sale covers only part of its amount).
    pub fn limit_acct_token(&self, token: &str, approves: Decimal) {
        lock(&self.state)
            .token_limits
            .insert(token.to_owned(), approves);
    }

    /// Every completed sale.
    pub fn sales(&self) -> Vec<RecordedSale> {
        lock(&self.state).sales.clone()
    }

    /// How many payment profiles were imported.
    pub fn imported_profiles(&self) -> usize {
        lock(&self.state).profiles.len()
    }

    /// Every guest pass given, as `(pass id, user id, type id)`.
    pub fn guest_passes(&self) -> Vec<(u64, u64, u64)> {
        lock(&self.state).guest_passes.clone()
    }
}
