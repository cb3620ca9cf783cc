//! The table printed at start: what a client needs to reach each simulator.

use std::fmt::Write;

use crate::host::Host;

/// The start-up text: one line of prose, the admin API, then vendor / what / value rows.
pub fn render(host: &Host, admin_url: &str) -> String {
    let simulators = host.simulators();
    let mut rows: Vec<(&str, String, String)> = Vec::new();
    for simulator in simulators {
        let mut vendor = simulator.vendor();
        for line in simulator.connection() {
            rows.push((vendor, line.label, line.value));
            vendor = "";
        }
        for file in simulator.config_files() {
            let path = host.config_path(&file.name).display().to_string();
            rows.push((vendor, file.label, path));
            vendor = "";
        }
    }
    let vendor_width = rows
        .iter()
        .map(|r| r.0.len())
        .max()
        .unwrap_or(0)
        .max("vendor".len());
    let label_width = rows
        .iter()
        .map(|r| r.1.len())
        .max()
        .unwrap_or(0)
        .max("what".len());
    let mut out = String::new();
    let count = simulators.len();
    let _ = writeln!(
        out,
        "paykit-sim is serving {count} simulator{} until interrupted (Ctrl-C).\n",
        if count == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "  admin API  {admin_url}  (reset, state, requests, faults)\n"
    );
    let _ = writeln!(
        out,
        "  {:vendor_width$}  {:label_width$}  value",
        "vendor", "what"
    );
    for (vendor, label, value) in rows {
        let _ = writeln!(
            out,
            "  {vendor:vendor_width$}  {label:label_width$}  {value}"
        );
    }
    out.push('\n');
    out
}
