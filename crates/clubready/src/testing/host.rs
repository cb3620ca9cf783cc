//! [`Simulator`] for [`ClubReadySimulator`]: what a host of several simulators needs.

use paykit_core::testing::{Connection, SimServer, Simulator};
use serde_json::Value;

use super::state::State;
use super::{CHAIN_ID, ClubReadySimulator, DEFAULT_API_KEY, STORE_ID, UNSCOPED_API_KEY, lock};

impl Simulator for ClubReadySimulator {
    fn vendor(&self) -> &'static str {
        "clubready"
    }

    fn server(&self) -> &SimServer {
        &self.server
    }

    fn connection(&self) -> Vec<Connection> {
        vec![
            Connection::new("base URL", self.base_url()),
            Connection::new("API key", DEFAULT_API_KEY),
            Connection::new("API key without scheduling scope", UNSCOPED_API_KEY),
            Connection::new("store id", STORE_ID.to_string()),
            Connection::new("chain id", CHAIN_ID.to_string()),
        ]
    }

    /// Back to the state right after start (the club, its chain, its instructor; no users,
    /// classes or packages; ids from the start again) and no pending faults. Recorded
    /// requests stay: forget them with [`SimServer::clear_requests`].
    fn reset(&self) {
        *lock(&self.state) = State::new();
        self.server.faults().clear();
    }

    fn state(&self) -> Value {
        lock(&self.state).to_json()
    }

    fn seed(&self, seed: &Value) -> Result<(), String> {
        super::seed::seed(&mut lock(&self.state), seed)
    }
}
