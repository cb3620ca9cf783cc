//! A stateful, in-process simulator of the wallet service, built on wiremock.
//!
//! [`WalletSimulator::start`] serves the wallet API on `127.0.0.1` with the real server's
//! rules (facts in `shared/vendors/wallet.md`; sections cited as §2.x):
//!
//! - `GET /api/v1/health` → `{"ok": true, "version": "1.1.0"}` (no auth; changeable with
//!   [`WalletSimulator::set_health`]); `GET /api/v0/health` → the deprecation answer (§2.3).
//! - Auth (§2.2, §2.4): the raw ES256 JWT in `Authorization` (no `Bearer `), `sub` = the
//!   authority id, verified against the authority's stored public key. No header → 401
//!   `{"error":"authorization data required"}`; anything undecodable, an unknown `sub`, an
//!   `alg` other than `ES256` or a bad signature → 403 `{"error":"forbidden"}`.
//! - `GET /api/v1/wallet`, `POST /api/v1/entry`, `GET /api/v1/entry/inventory`,
//!   `POST /api/v1/entry/{entry_id}/inventory/use` (§2.3), with Joi-shaped 400s and the
//!   402 overdraft refusal across all authorities (§2.4).
//! - Anything else → 404 `{"error":"not found"}`. Every answer is JSON
//!   (`application/json; charset=utf-8`).
//!
//! ```no_run
//! # async fn demo() {
//! use paykit_wallet::testing::WalletSimulator;
//!
//! let sim = WalletSimulator::start().await;
//! let shop = sim.create_authority("shop");
//! let config_file = shop.config_json(&sim.api_base_url());
//! // ... point the client at `config_file`, deposit, withdraw ...
//! assert_eq!(sim.total("alice"), 0);
//! # }
//! ```
//!
//! # Simulator choices where the real server's behaviour is unknown or broken
//!
//! - **Withdrawal by a user with no entries**: the real server dereferences an undefined
//!   wallet and (in an async Express 4 handler) probably never answers. The simulator takes
//!   the total as 0 and answers 402 with the usual message ("... only has 0 in value").
//! - **`use` on an unknown `entry_id`** (including ids that are not ObjectIds): the real
//!   server dereferences null; the simulator answers 404 `{"error":"entry not found"}`.
//! - **`use` on an entry without an item**: unknown upstream; the simulator answers 400
//!   `{"error":"entry has no item"}`.
//! - **`use` on an item already used**: unknown upstream; the simulator answers 200 again
//!   (idempotent, `used` stays `true`).
//! - **`use` by another authority**: allowed, as upstream (it does not check ownership).
//! - **Malformed JSON body** on `POST /entry` (with a JSON content type): the simulator
//!   answers 400 `{"error":"request body is not valid JSON"}` (a string, not a Joi object).
//!   The server's body-parser error most likely reaches its generic handler (500) instead.
//!   A body sent without a JSON content type, or an empty body, is treated as `{}` as
//!   body-parser does, which fails validation with `"user_id" is required`.
//! - **Validation** follows Joi defaults: the first failure only (`abortEarly`); declared keys
//!   in schema order (`user_id`, `amount`, `reason`, `item`), unknown keys last (the first
//!   unknown key in alphabetical order, where Joi would take insertion order); JSON `null`
//!   counts as absent (§2.3); `""` fails with `string.empty`; numeric strings such as `"10"`
//!   are accepted as amounts (Joi's `convert`); integers beyond 2^53−1 fail with
//!   `number.unsafe`. The `_original` field is the body as received.
//!   `item.used` in a request is an unknown key (400 `object.unknown`): the schema (§2.3)
//!   has only `name` and `data`, and the server forces `used` to false anyway.
//! - **500** `{"error":"an internal error has occurred"}` (§2.4) is never produced.
//! - **`alg`**: only `ES256` is accepted. jsonwebtoken 8 with an EC public key would also
//!   accept ES384/ES512 signatures. A present `exp` in the past or `nbf` in the future is
//!   refused with 403, as jsonwebtoken does. An empty `Authorization` header counts as
//!   missing (401).
//! - **Query lists**: a repeated parameter (`user_ids=a&user_ids=b`) contributes all its
//!   values (upstream would fail on the array). `used` other than `true`/`false`/empty →
//!   400 `{"error":"query parameter \"used\" must be \"true\" or \"false\""}`.
//! - **Ordering**: wallets are ordered by `user_id`; inventory rows in creation order
//!   (upstream order is whatever MongoDB returns).
//! - **Unknown routes** → 404 `{"error":"not found"}` as JSON, without auth (Express would
//!   answer an HTML "Cannot GET" page). Paths match case-insensitively with an optional
//!   trailing slash, as Express's non-strict routing does.
//! - **`created_on`** is always serialized as a JSON float (e.g. `1700000000.0`); upstream
//!   JavaScript prints a whole second without a fraction (`1700000000`).
//! - **Metrics** (`GET /metrics` on a separate port) are not simulated.

mod auth;
mod keys;
mod routes;
mod state;
mod validate;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use wiremock::MockServer;

pub use self::keys::{CONFIG_SCHEMA_VERSION, SimAuthority};
pub use self::state::API_VERSION;

use self::routes::lock;
use self::state::{NewEntry, State};

/// The API path prefix under [`WalletSimulator::api_base_url`] (§2.3).
pub const API_PATH_PREFIX: &str = "/api/v1";

/// A running wallet service simulator: a wiremock server plus the service's state.
///
/// Dropping it stops the server.
pub struct WalletSimulator {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for WalletSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WalletSimulator")
            .field("api_base_url", &self.api_base_url())
            .finish_non_exhaustive()
    }
}

impl WalletSimulator {
    /// Starts the simulator on `127.0.0.1` (a free port) with all routes mounted, no
    /// authorities, no entries, a healthy `/health` and no response delay.
    pub async fn start() -> WalletSimulator {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::new()));
        routes::mount(&server, &state).await;
        WalletSimulator { server, state }
    }

    /// The server root, e.g. `http://127.0.0.1:PORT`: no `/api/v1`, no trailing slash.
    /// This is what goes in the configuration file's `api_base_url` (§2.1).
    pub fn api_base_url(&self) -> String {
        self.server.uri().trim_end_matches('/').to_owned()
    }

    /// The versioned API root, `api_base_url() + "/api/v1"`, as the SDK builds it (§2.1).
    pub fn api_url(&self) -> String {
        format!("{}{API_PATH_PREFIX}", self.api_base_url())
    }

    /// Registers a new authority as `create-authority` does (§2.1): generates a fresh P-256
    /// key pair, stores only the public key, and returns the id and the private key.
    pub fn create_authority(&self, name: &str) -> SimAuthority {
        let mut state = lock(&self.state);
        let id = state.next_object_id();
        let (authority, public_key_pem) = SimAuthority::generate(id.clone(), name);
        state.add_authority(id, name, public_key_pem);
        authority
    }

    /// Sets what `GET /api/v1/health` answers: `{"ok": ok, "version": version}`. The
    /// default is `ok = true`, `version = "1.1.0"`; a string `ok` models the server's
    /// `APP_API_NOT_OKAY` circuit breaker (§2.3, §2.5).
    pub fn set_health(&self, ok: Value, version: &str) {
        let mut state = lock(&self.state);
        state.health_ok = ok;
        state.health_version = version.to_owned();
    }

    /// Delays every HTTP response by `delay` from now on (`Duration::ZERO` turns it off).
    /// The request's effect on the state happens at once; only the answer is late, which
    /// models "the request reached the server, the answer is slow".
    pub fn set_response_delay(&self, delay: Duration) {
        lock(&self.state).delay = delay;
    }

    /// A snapshot of every stored entry, in creation order, in the server's Entry JSON
    /// shape (`entry_id`, `authority_id`, `user_id`, `created_on`, `amount`, `reason`,
    /// `item?`).
    pub fn entries(&self) -> Vec<Value> {
        lock(&self.state)
            .entries
            .iter()
            .map(|entry| entry.to_json())
            .collect()
    }

    /// The user's total across all authorities (0 for an unknown user).
    pub fn total(&self, user_id: &str) -> i64 {
        lock(&self.state).total(user_id)
    }

    /// How many `GET /api/v1/health` requests were served.
    pub fn health_checks(&self) -> usize {
        lock(&self.state).health_checks
    }

    /// Stores an entry directly, without auth, validation or the overdraft check, and
    /// returns it in the Entry JSON shape. For seeding balances in tests and demos.
    pub fn seed_entry(
        &self,
        authority: &SimAuthority,
        user_id: &str,
        amount: i64,
        reason: &str,
    ) -> Value {
        let mut state = lock(&self.state);
        let new = NewEntry {
            user_id: user_id.to_owned(),
            amount,
            reason: reason.to_owned(),
            item: None,
        };
        state.insert_entry(&authority.id, new).to_json()
    }

    /// Every request the server received, in order (wiremock's recording).
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }
}
