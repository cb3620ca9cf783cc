//! The running simulators and what the admin API does with them: seed, reset, state,
//! requests, faults, connection details.

use std::path::PathBuf;

use paykit_core::testing::{Fault, RecordedRequest, SimServer, Simulator};
use serde_json::{Map, Value, json};

/// Every running simulator, the seed they started from and where their files are.
pub struct Host {
    simulators: Vec<Box<dyn Simulator>>,
    seed: Option<Value>,
    config_dir: PathBuf,
}

impl Host {
    /// Wraps started simulators; `seed` is applied now and after each reset.
    pub fn new(
        simulators: Vec<Box<dyn Simulator>>,
        seed: Option<Value>,
        config_dir: PathBuf,
    ) -> Result<Host, String> {
        let host = Host {
            simulators,
            seed,
            config_dir,
        };
        if let Some(seed) = &host.seed {
            host.seed(seed)?;
        }
        host.write_config_files()?;
        Ok(host)
    }

    /// The simulators, in the port layout's order.
    pub fn simulators(&self) -> &[Box<dyn Simulator>] {
        &self.simulators
    }

    /// The simulators a vendor filter selects (`None`: all); `Err` for a name not running.
    pub fn select(&self, vendor: Option<&str>) -> Result<Vec<&dyn Simulator>, String> {
        let Some(vendor) = vendor else {
            return Ok(self.simulators.iter().map(|s| s.as_ref()).collect());
        };
        self.simulators
            .iter()
            .find(|s| s.vendor() == vendor)
            .map(|s| vec![s.as_ref()])
            .ok_or_else(|| {
                format!(
                    "no {vendor:?} simulator is running; running: {}",
                    self.names()
                )
            })
    }

    fn names(&self) -> String {
        let names: Vec<_> = self.simulators.iter().map(|s| s.vendor()).collect();
        names.join(", ")
    }

    /// Adds state from a seed document, `{"<vendor>": {...}}`, vendor by vendor. Sections of
    /// vendors not running are skipped; an unknown vendor name is an error.
    pub fn seed(&self, seed: &Value) -> Result<Vec<&'static str>, String> {
        let sections = seed
            .as_object()
            .ok_or("a seed is a JSON object with one section per vendor")?;
        for name in sections.keys() {
            if !KNOWN_VENDORS.contains(&name.as_str()) {
                return Err(format!(
                    "unknown vendor section {name:?} in the seed; known: {}",
                    KNOWN_VENDORS.join(", ")
                ));
            }
        }
        let mut seeded = Vec::new();
        for simulator in &self.simulators {
            if let Some(section) = sections.get(simulator.vendor()) {
                simulator.seed(section)?;
                seeded.push(simulator.vendor());
            }
        }
        Ok(seeded)
    }

    /// Back to the state after start and seed, for the vendors selected: data, faults and
    /// recorded requests forgotten.
    pub async fn reset(&self, vendor: Option<&str>) -> Result<(), String> {
        for simulator in self.select(vendor)? {
            simulator.reset();
            for server in servers(simulator) {
                server.clear_requests().await;
            }
            if let Some(section) = self.seed.as_ref().and_then(|s| s.get(simulator.vendor())) {
                simulator.seed(section)?;
            }
        }
        self.write_config_files()
    }

    /// `{"<vendor>": state}` for the vendors selected.
    pub fn state(&self, vendor: Option<&str>) -> Result<Value, String> {
        let mut out = Map::new();
        for simulator in self.select(vendor)? {
            out.insert(simulator.vendor().into(), simulator.state());
        }
        Ok(Value::Object(out))
    }

    /// The requests received, vendor by vendor, each in arrival order.
    pub async fn requests(&self, vendor: Option<&str>) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        for simulator in self.select(vendor)? {
            for server in servers(simulator) {
                for request in server.requests().await {
                    out.push(request_json(simulator.vendor(), &request));
                }
            }
        }
        Ok(out)
    }

    /// Forgets the requests received by the vendors selected.
    pub async fn clear_requests(&self, vendor: Option<&str>) -> Result<(), String> {
        for simulator in self.select(vendor)? {
            for server in servers(simulator) {
                server.clear_requests().await;
            }
        }
        Ok(())
    }

    /// Injects a fault into one vendor's simulator.
    pub fn inject(&self, vendor: &str, fault: Fault) -> Result<(), String> {
        for simulator in self.select(Some(vendor))? {
            simulator.server().inject(fault.clone());
        }
        Ok(())
    }

    /// The pending faults, `[{"vendor", ...fault}]`.
    pub fn faults(&self, vendor: Option<&str>) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        for simulator in self.select(vendor)? {
            for fault in simulator.server().faults().pending() {
                let mut row = crate::faults::to_json(&fault);
                row.insert("vendor".into(), json!(simulator.vendor()));
                out.push(Value::Object(row));
            }
        }
        Ok(out)
    }

    /// Forgets the pending faults of the vendors selected.
    pub fn clear_faults(&self, vendor: Option<&str>) -> Result<(), String> {
        for simulator in self.select(vendor)? {
            simulator.server().faults().clear();
        }
        Ok(())
    }

    /// Where a vendor's configuration file is written.
    pub fn config_path(&self, name: &str) -> PathBuf {
        self.config_dir.join(name)
    }

    /// Writes every simulator's configuration files (again: a reset or a seed may add some).
    pub fn write_config_files(&self) -> Result<(), String> {
        std::fs::create_dir_all(&self.config_dir)
            .map_err(|e| format!("cannot create {}: {e}", self.config_dir.display()))?;
        for simulator in &self.simulators {
            for file in simulator.config_files() {
                let path = self.config_path(&file.name);
                std::fs::write(&path, &file.contents)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
        }
        Ok(())
    }

    /// What clients need, as JSON: `{"<vendor>": {"base_url": "…", "<credential>": "…",
    /// "files": {"<file>": "<path>"}}}`, keys being the table's labels in snake case.
    pub fn info(&self) -> Value {
        let mut out = Map::new();
        for simulator in &self.simulators {
            let mut row = Map::new();
            for line in simulator.connection() {
                row.insert(key(&line.label), json!(line.value));
            }
            let files: Map<String, Value> = simulator
                .config_files()
                .into_iter()
                .map(|f| {
                    let path = self.config_path(&f.name).display().to_string();
                    (key(&f.label), json!(path))
                })
                .collect();
            if !files.is_empty() {
                row.insert("files".into(), Value::Object(files));
            }
            out.insert(simulator.vendor().into(), Value::Object(row));
        }
        Value::Object(out)
    }
}

/// Every vendor a seed file may name (those of this build and those to come).
const KNOWN_VENDORS: [&str; 5] = ["wallet", "paritydeals", "pax8", "spreedly", "clubready"];

/// A table label as a JSON key: `"base URL"` → `"base_url"`, `"authority config
/// (shop)"` → `"authority_config_shop"`.
fn key(label: &str) -> String {
    let mut key = String::new();
    for word in label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push('_');
        }
        key.push_str(&word.to_ascii_lowercase());
    }
    key
}

fn servers(simulator: &dyn Simulator) -> Vec<&SimServer> {
    let mut all = vec![simulator.server()];
    all.extend(simulator.extra_servers());
    all
}

fn request_json(vendor: &str, request: &RecordedRequest) -> Value {
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        match headers.get_mut(name) {
            Some(Value::String(joined)) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            _ => {
                headers.insert(name.clone(), json!(value));
            }
        }
    }
    json!({
        "vendor": vendor,
        "method": request.method,
        "path": request.path,
        "query": request.query.iter().map(|(k, v)| json!([k, v])).collect::<Vec<_>>(),
        "headers": headers,
        "body": request.body_text(),
    })
}
