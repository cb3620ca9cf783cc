//! A stateful, in-process ClubReady with fault injection (feature `testing`).
//!
//! [`ClubReadySimulator::start`] serves `/api/current` on a loopback port
//! ([`paykit_core::testing::SimServer`]); [`ClubReadySimulator::start_on`] mounts the same
//! routes on a server you started (on an address you chose). It answers in JSV (or JSON
//! with `?format=json`) and reads the query string, JSV or JSON bodies and forms alike, as
//! ServiceStack does.
//!
//! - **Keys**: [`ClubReadySimulator::api_key`] may do everything;
//!   [`ClubReadySimulator::unscoped_api_key`] has no scheduling scope, and
//!   `/scheduling/*` answers it HTTP 200 with the plain text `Unauthorized`, as ClubReady
//!   does. No key or another key → HTTP 401 with a ServiceStack `ResponseStatus`.
//! - **Club**: one club ([`STORE_ID`]) of one chain ([`CHAIN_ID`]), one instructor and one
//!   staff type. `RestrictedId` and `RestrictedResourceType` are accepted and not checked.
//! - **Prospects and users**: a prospect with a known email is a duplicate (`Success:
//!   false`, "already exists", the matched `UserId`); `users/find` pages 10 users at a time
//!   (or `limit`; `Page` from 1) and answers an empty list past the end.
//! - **Schedule**: windows over 7 days (both days counted) → 400 `ArgumentException`.
//!   Dates are written `M-D-YYYY`, times `8:30 PM`.
//! - **Bookings** use one credit ([`ClubReadySimulator::grant_credits`]); no credit →
//!   `Success: false`; a full class puts the user on the wait list when allowed, else
//!   `Success: false`. Cancelling within policy (status 3) gives the credit back, outside
//!   it (4) not; either frees the spot for the first wait-listed user with a credit, who is
//!   booked with it. Every status change is a booking status event. Event windows over 24
//!   hours → 400.
//! - **Sales**: packages and their installment plans ([`ClubReadySimulator::seed_package`]);
//!   `agreement/add`, `agreement/addNewUser` and `agreement/sale` need `X-Forwarded-For`
//!   (else 400). A sale split across payment methods charges them in order, each up to its
//!   `PaymentAmount`; an account token may approve only part of its amount
//!   ([`ClubReadySimulator::limit_acct_token`]), and the next method pays the rest. A sale
//!   not covered in full is declined (`success: false`) and nothing is kept. A profile
//!   token imports once.
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
//!
//! ## Hosting: reset, state and seed
//!
//! The simulator implements [`paykit_core::testing::Simulator`], for a program that hosts
//! several simulators:
//!
//! - `vendor()` is `"clubready"`; `connection()` lists the base URL, `API key`,
//!   `API key without scheduling scope`, `store id` and `chain id`.
//! - `reset()` goes back to the state right after start (the club, its chain, its
//!   instructor and staff type; no users, classes or packages; ids start again) and drops
//!   pending faults; recorded requests are the host's to forget
//!   (`server().clear_requests()`).
//! - `state()` is the whole state as JSON, one key per collection: `users` (each with its
//!   `credits`), `classes`, `bookings`, `booking_status_events`, `packages`, `agreements`
//!   (started, not sold), `contracts` (sales, with what each payment method paid),
//!   `acct_token_limits`, `guest_passes`, `payment_profiles`, `stores`, `staff`,
//!   `staff_types`. Keys are snake_case; money is a string with its scale (`"3.00"`),
//!   dates `YYYY-MM-DD`, class times `HH:MM` (club-local), instants RFC 3339; records are
//!   sorted by id (events, profiles and token limits in the order they came).
//! - `seed(json)` reads the same layout, every section and every id optional, and adds the
//!   records (a record identical to a built-in one is skipped). Everything is checked
//!   first — types, ids not taken, users, classes and packages referred to — and an error
//!   names the section, the index and the field (`users[1].email: is required`) and adds
//!   nothing. An unknown section is an error.
//!
//! ```json
//! {
//!   "users": [{"user_id": 5001, "first_name": "Ada", "last_name": "Lovelace",
//!              "email": "ada@example.com", "member": true, "credits": 3}],
//!   "classes": [{"schedule_id": 7001, "date": "2026-06-03", "start_time": "18:30",
//!                "end_time": "19:30", "title": "Yoga - Studio B", "max_spots": 12}],
//!   "bookings": [{"user_id": 5001, "schedule_id": 7001, "status_id": 2}],
//!   "packages": [{"id": 300, "name": "Gold", "price": "49.90"}],
//!   "acct_token_limits": [{"acct_token": "AT-partial", "approves": "0.50"}]
//! }
//! ```

mod host;
mod record;
mod routes;
mod sales;
mod scheduling;
mod seed;
mod state;
mod users;

use std::fmt;
use std::sync::{Arc, Mutex};

use paykit_core::testing::{Faults, SimServer};
use rust_decimal::Decimal;
use time::{Date, Time};

pub use paykit_core::testing::{Fault, RecordedRequest};

use crate::{ClassSession, Client, ClientBuilder, NewProspect, Package, UserSummary};
use state::{SimClass, SimPackage, SimUser, State};

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
    /// Starts a simulator on a free loopback port: one club, no users, classes or
    /// packages.
    pub async fn start() -> ClubReadySimulator {
        ClubReadySimulator::start_on(SimServer::start().await).await
    }

    /// Mounts the simulator on a server already started (on the address its host chose),
    /// with the same state as [`ClubReadySimulator::start`]. Its faults are the server's.
    pub async fn start_on(server: SimServer) -> ClubReadySimulator {
        let state = Arc::new(Mutex::new(State::new()));
        routes::mount(server.mock_server(), &state, server.faults()).await;
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
            credits: 0,
        };
        state.users.push(user.clone());
        users::summary(&user)
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
        lock(&self.state).users.iter().map(users::summary).collect()
    }

    /// Adds a class session; returns it as the schedule lists it.
    pub fn seed_class(&self, class: NewClass) -> ClassSession {
        let mut state = lock(&self.state);
        let schedule_id = state.id();
        state.classes.push(SimClass { schedule_id, class });
        let c = state.classes.last().expect("just pushed").clone();
        scheduling::session(&state, &c)
    }

    /// Every class session, as the schedule lists them.
    pub fn classes(&self) -> Vec<ClassSession> {
        let state = lock(&self.state);
        state
            .classes
            .iter()
            .map(|c| scheduling::session(&state, c))
            .collect()
    }

    /// Gives a user `credits` more class credits (nothing for a user the simulator does
    /// not hold).
    pub fn grant_credits(&self, user_id: u64, credits: i64) {
        if let Some(u) = lock(&self.state).user_mut(user_id) {
            u.credits += credits;
        }
    }

    /// A user's class credits.
    pub fn credits(&self, user_id: u64) -> i64 {
        lock(&self.state).user(user_id).map_or(0, |u| u.credits)
    }

    /// Every booking, wait-list entries and cancelled ones included.
    pub fn bookings(&self) -> Vec<RecordedBooking> {
        lock(&self.state).bookings.clone()
    }

    /// Adds a package with one installment plan (`PaymentCount` 1, the full price).
    pub fn seed_package(&self, name: &str, price: Decimal) -> Package {
        let mut state = lock(&self.state);
        let id = state.id();
        let package = SimPackage {
            id,
            name: name.to_owned(),
            price,
        };
        let contract_id = package.contract_id();
        state.packages.push(package);
        Package {
            id,
            name: Some(name.to_owned()),
            price: Some(price),
            contract_id: Some(contract_id),
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
        lock(&self.state)
            .sales
            .iter()
            .map(|s| s.sale.clone())
            .collect()
    }

    /// How many payment profiles were imported.
    pub fn imported_profiles(&self) -> usize {
        lock(&self.state).profiles.len()
    }

    /// Every guest pass given, as `(pass id, user id, type id)`.
    pub fn guest_passes(&self) -> Vec<(u64, u64, u64)> {
        lock(&self.state)
            .guest_passes
            .iter()
            .map(|g| (g.guest_pass_id, g.user_id, g.guest_pass_type_id))
            .collect()
    }
}
