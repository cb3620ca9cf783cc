//! [`Simulator`]: what every vendor simulator offers to a server that hosts several of them
//! (`paykit-sim`), so that one program can start, describe, seed, reset and inspect them
//! alike.

use super::sim::SimServer;

/// One line of what a client needs to reach a simulator: `("base URL", "http://…")`,
/// `("API token", "sim-token")`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Connection {
    /// What the value is, for people (`"base URL"`, `"client id"`).
    pub label: String,
    /// The value, as a client passes it.
    pub value: String,
}

impl Connection {
    /// A line of connection details.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Connection {
        Connection {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// A file a client needs to reach a simulator (the wallet service's authority
/// configuration): the host writes it and shows where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigFile {
    /// A file name, without directories (`"wallet-authority.json"`).
    pub name: String,
    /// What a client is told the file is (`"authority config"`).
    pub label: String,
    /// The contents.
    pub contents: String,
}

impl ConfigFile {
    /// A file to write.
    pub fn new(
        name: impl Into<String>,
        label: impl Into<String>,
        contents: impl Into<String>,
    ) -> ConfigFile {
        ConfigFile {
            name: name.into(),
            label: label.into(),
            contents: contents.into(),
        }
    }
}

/// A running vendor simulator, as a host of several simulators sees it.
///
/// Each vendor crate's simulator implements it beside its own typed API, and also offers
/// `start_on(SimServer)`, which mounts its routes on a server the host started (on the
/// address the host chose).
pub trait Simulator: Send + Sync + 'static {
    /// The vendor's short name, as in fault operations and crate names (`"pax8"`).
    fn vendor(&self) -> &'static str;

    /// The server the simulator answers on.
    fn server(&self) -> &SimServer;

    /// Other servers of the same simulator (a vendor with a second host, such as an edge
    /// API), sharing its faults; none by default. Requests are recorded per server.
    fn extra_servers(&self) -> Vec<&SimServer> {
        Vec::new()
    }

    /// What a client needs: the base URL to configure first, then the credentials the
    /// simulator accepts.
    fn connection(&self) -> Vec<Connection>;

    /// Files a client needs, if any (none by default).
    fn config_files(&self) -> Vec<ConfigFile> {
        Vec::new()
    }

    /// Goes back to the state right after start: data and pending faults are forgotten;
    /// credentials shown by [`Simulator::connection`] stay valid. Synchronous, so it works
    /// from any runtime; recorded requests are the host's to forget, with
    /// [`SimServer::clear_requests`] on [`Simulator::server`].
    fn reset(&self);

    /// The state as JSON, for people and for tests in other languages. Its layout is the
    /// one [`Simulator::seed`] reads, so a dump can seed another simulator.
    fn state(&self) -> serde_json::Value;

    /// Adds records to the state from JSON in the layout of [`Simulator::state`], each
    /// section optional. Unknown sections and invalid records are refused with a message
    /// that names them, before anything is added.
    fn seed(&self, seed: &serde_json::Value) -> Result<(), String>;
}

/// A list in a seed document ([`Simulator::seed`]): absent or `null` is empty, an array is
/// its records, anything else is refused as `"<at> must be an array"` (`at` names the place,
/// e.g. `"wallet: entries"`).
pub fn seed_list(
    value: Option<&serde_json::Value>,
    at: impl FnOnce() -> String,
) -> Result<&[serde_json::Value], String> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(&[]),
        Some(serde_json::Value::Array(items)) => Ok(items),
        Some(_) => Err(at() + " must be an array"),
    }
}
