//! A stateful, in-process simulator of the wallet service, with fault injection.
//!
//! [`WalletSimulator::start`] serves the wallet API on `127.0.0.1` with the real server's
//! rules, and creates one authority so that [`WalletSimulator::client`] works at once:
//!
//! - `GET /api/v1/health` → `{"ok": true, "version": "1.1.0"}` (no auth; changeable with
//!   [`WalletSimulator::set_health`]); `GET /api/v0/health` → the old version's deprecation
//!   answer.
//! - Auth: the raw ES256 JWT in `Authorization` (no `Bearer `), `sub` = the authority id,
//!   verified against the authority's stored public key. No header → 401
//!   `{"error":"authorization data required"}`; anything undecodable, an unknown `sub`, an
//!   `alg` other than `ES256` or a bad signature → 403 `{"error":"forbidden"}`.
//! - `GET /api/v1/wallet`, `POST /api/v1/entry`, `GET /api/v1/entry/inventory`,
//!   `POST /api/v1/entry/{entry_id}/inventory/use`, with Joi-shaped 400s and the 402
//!   overdraft refusal, checked against the user's total across all authorities.
//! - Anything else → 404 `{"error":"not found"}`. Every answer is JSON
//!   (`application/json; charset=utf-8`).
//! - Faults ([`Fault`]) are served before the real answer, scoped with [`Fault::on`] to the
//!   client's operation names: `wallet.get_health`, `wallet.create_entry`,
//!   `wallet.list_wallets` (also used by `total`), `wallet.list_inventory`,
//!   `wallet.use_item`. A client's first call is preceded by its health check
//!   (`wallet.get_health`): an unscoped fault injected before it hits the health check.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), paykit_wallet::Error> {
//! use std::time::Duration;
//! use paykit_wallet::NewEntry;
//! use paykit_wallet::testing::{Fault, WalletSimulator};
//!
//! let sim = WalletSimulator::start().await;
//! let shop = sim.authority().clone();
//! sim.seed_entry(&shop, NewEntry::new("alice", 100, "opening balance"));
//! sim.inject(Fault::status(503).on("wallet.list_wallets"));
//! let wallet = sim.client();
//! assert_eq!(wallet.total("alice").await?, 100); // retried after the 503
//! assert_eq!(sim.total("alice"), 100);
//! # Ok(()) }
//! ```
//!
//! # Simulator choices where the real server's behaviour is unknown or broken
//!
//! - **Withdrawal by a user with no entries**: the real server fails on a missing wallet and
//!   probably never answers. The simulator takes the total as 0 and answers 402 with the
//!   usual message ("... only has 0 in value").
//! - **`use` on an unknown `entry_id`** (including ids that are not ObjectIds): the real
//!   server fails on a missing entry; the simulator answers 404 `{"error":"entry not found"}`.
//! - **`use` on an entry without an item**: the simulator answers 400
//!   `{"error":"entry has no item"}`.
//! - **`use` on an item already used**: the simulator answers 200 again (idempotent, `used`
//!   stays `true`).
//! - **`use` by another authority**: allowed, as the real server does (it does not check
//!   ownership).
//! - **Malformed JSON body** on `POST /entry` (with a JSON content type): the simulator
//!   answers 400 `{"error":"request body is not valid JSON"}` (a string, not a Joi object).
//!   The real server most likely answers 500 instead.
//!   A body sent without a JSON content type, or an empty body, is treated as `{}` as
//!   Express's body parser does, which fails validation with `"user_id" is required`.
//! - **Validation** follows Joi defaults: the first failure only; declared keys in schema
//!   order (`user_id`, `amount`, `reason`, `item`), unknown keys last (the first unknown key
//!   in alphabetical order, where Joi would take insertion order); JSON `null` counts as
//!   absent; `""` fails with `string.empty`; numeric strings such as `"10"` are accepted as
//!   amounts (Joi's conversion); integers beyond 2^53−1 fail with `number.unsafe`. The
//!   `_original` field is the body as received. `item.used` in a request is an unknown key
//!   (400 `object.unknown`): the server sets `used` itself.
//! - **500** `{"error":"an internal error has occurred"}` is never produced by the
//!   simulator itself (inject [`Fault::status`] for a 5xx).
//! - **`alg`**: only `ES256` is accepted (the real server would also take ES384/ES512
//!   signatures with an EC key). A present `exp` in the past or `nbf` in the future is
//!   refused with 403. An empty `Authorization` header counts as missing (401).
//! - **Query lists**: a repeated parameter (`user_ids=a&user_ids=b`) contributes all its
//!   values. `used` other than `true`/`false`/empty → 400
//!   `{"error":"query parameter \"used\" must be \"true\" or \"false\""}`.
//! - **Ordering**: wallets are ordered by `user_id`; inventory rows in creation order.
//! - **Unknown routes** → 404 `{"error":"not found"}` as JSON, without auth (Express would
//!   answer an HTML page). Paths match case-insensitively with an optional trailing slash,
//!   as Express's default routing does.
//! - **`created_on`** is always sent as a JSON float (e.g. `1700000000.0`); the real server
//!   prints a whole second without a fraction (`1700000000`). The client reads both.
//! - **Totals** saturate at the `i64` limits instead of losing precision as JavaScript
//!   numbers do beyond 2^53.
//! - **Metrics** (`GET /metrics` on a separate port) are not simulated.

mod auth;
mod host;
mod keys;
mod routes;
mod state;
mod validate;

use std::fmt;
use std::sync::{Arc, Mutex};

use paykit_core::testing::{Faults, SimServer};
use serde_json::Value;

pub use self::keys::{CONFIG_SCHEMA_VERSION, SimAuthority};
pub use self::state::API_VERSION;
pub use paykit_core::testing::{Fault, RecordedRequest};

use self::routes::lock;
use self::state::State;
use crate::{Client, ClientBuilder, Entry, NewEntry, WalletTotal};

/// A running wallet service simulator: a [`SimServer`] plus the service's state.
///
/// Dropping it stops the server.
pub struct WalletSimulator {
    server: SimServer,
    state: Arc<Mutex<State>>,
    authority: SimAuthority,
    /// Authorities created after start (by `create_authority` or a seed), private keys kept
    /// for their configuration files.
    created: Mutex<Vec<SimAuthority>>,
}

impl fmt::Debug for WalletSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalletSimulator")
            .field("base_url", &self.base_url())
            .field("authority", &self.authority)
            .finish_non_exhaustive()
    }
}

impl WalletSimulator {
    /// Starts the simulator on `127.0.0.1` (a free port) with every route mounted, one
    /// authority named `"default"` ([`WalletSimulator::authority`]), no entries, a healthy
    /// `/health` and no faults.
    pub async fn start() -> WalletSimulator {
        WalletSimulator::start_on(SimServer::start().await).await
    }

    /// Like [`WalletSimulator::start`], on a server the caller started (on the address it
    /// chose, e.g. with [`SimServer::builder`]).
    pub async fn start_on(server: SimServer) -> WalletSimulator {
        let state = Arc::new(Mutex::new(State::new()));
        routes::mount(server.mock_server(), &state, server.faults()).await;
        let authority = create_authority(&state, "default");
        WalletSimulator {
            server,
            state,
            authority,
            created: Mutex::new(Vec::new()),
        }
    }

    /// The API root clients call, `http://127.0.0.1:PORT/api/v1` (what
    /// [`ClientBuilder::base_url`] takes).
    pub fn base_url(&self) -> String {
        format!("{}{}", self.root_url(), crate::API_PREFIX)
    }

    /// The server root, `http://127.0.0.1:PORT` (no `/api/v1`, no trailing slash): what an
    /// authority configuration file's `api_base_url` holds (see
    /// [`SimAuthority::config_json`]).
    pub fn root_url(&self) -> String {
        self.server.uri()
    }

    /// The authority created by [`WalletSimulator::start`], the one
    /// [`WalletSimulator::client`] acts for.
    pub fn authority(&self) -> &SimAuthority {
        &self.authority
    }

    /// A builder for a client of the default authority, with fast back-offs (1 ms to
    /// 10 ms) and no client-side rate limit.
    pub fn client_builder(&self) -> ClientBuilder {
        self.client_builder_for(&self.authority)
    }

    /// A builder for a client of `authority`, with the same settings as
    /// [`WalletSimulator::client_builder`].
    pub fn client_builder_for(&self, authority: &SimAuthority) -> ClientBuilder {
        Client::builder(authority.id.clone(), authority.private_key_pem())
            .base_url(self.base_url())
            .retry(paykit_core::testing::fast_retry())
            .rate_limit(None)
    }

    /// A ready client of the default authority.
    ///
    /// # Panics
    ///
    /// Never in practice: the simulator's own settings always build.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's client settings are valid")
    }

    /// Registers a new authority as the service's `create-authority` command does: generates
    /// a fresh P-256 key pair, stores only the public key, and returns the id and the
    /// private key.
    pub fn create_authority(&self, name: &str) -> SimAuthority {
        let authority = create_authority(&self.state, name);
        lock(&self.created).push(authority.clone());
        authority
    }

    /// Sets what `GET /api/v1/health` answers: `{"ok": ok, "version": version}`. The
    /// default is `ok = true`, `version = "1.1.0"`; a string `ok` models the service switched
    /// off by its operator.
    pub fn set_health(&self, ok: Value, version: &str) {
        let mut state = lock(&self.state);
        state.health_ok = ok;
        state.health_version = version.to_owned();
    }

    /// How many `GET /api/v1/health` requests were answered (faults not counted).
    pub fn health_checks(&self) -> usize {
        lock(&self.state).health_checks
    }

    /// Stores an entry directly for `authority`, without auth, validation or the overdraft
    /// check, and returns it. For seeding balances and items in tests and demos.
    ///
    /// # Panics
    ///
    /// If `entry` carries item data that is not a JSON object (the service could not have
    /// stored it).
    pub fn seed_entry(&self, authority: &SimAuthority, entry: NewEntry) -> Entry {
        let item = entry.item.map(|item| {
            let data = item.data.map(|data| match data {
                Value::Object(map) => map,
                other => panic!("item data must be a JSON object, got {other}"),
            });
            (item.name, data)
        });
        let new = state::NewEntry {
            user_id: entry.user_id,
            amount: entry.amount,
            reason: entry.reason,
            item,
        };
        let mut state = lock(&self.state);
        state.insert_entry(&authority.id, new).to_entry()
    }

    /// Every stored entry, in creation order.
    pub fn entries(&self) -> Vec<Entry> {
        lock(&self.state)
            .entries
            .iter()
            .map(|entry| entry.to_entry())
            .collect()
    }

    /// Every user's total across all authorities, ordered by user id.
    pub fn wallets(&self) -> Vec<WalletTotal> {
        lock(&self.state)
            .wallet_totals(&[], &[])
            .into_iter()
            .map(|(user_id, total)| WalletTotal { user_id, total })
            .collect()
    }

    /// The user's total across all authorities (0 for an unknown user).
    pub fn total(&self, user_id: &str) -> i64 {
        lock(&self.state).total(user_id)
    }

    /// Adds a fault after those already pending (see [`Fault`]).
    pub fn inject(&self, fault: Fault) {
        self.server.inject(fault);
    }

    /// The pending faults, shared by every route.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Every request the simulator received, in order (those answered by a fault included).
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests().await
    }

    /// Forgets the requests received so far (state, authorities and faults stay).
    pub async fn clear_requests(&self) {
        self.server.clear_requests().await;
    }
}

fn create_authority(state: &Mutex<State>, name: &str) -> SimAuthority {
    let mut state = lock(state);
    let id = state.next_object_id();
    let (authority, public_key_pem) = SimAuthority::generate(id.clone(), name);
    state.add_authority(id, name, public_key_pem);
    authority
}
