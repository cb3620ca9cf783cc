//! `cargo xtask faults`: the fault matrix of every vendor crate (each fault of the shared
//! vocabulary against a read, a keyed write and a money call on the vendor's simulator),
//! printed as one table: vendor × fault → held / FAILED.

use std::process::Command;

use crate::root;

/// The vendor crates with a fault-matrix test, and their short names in the table.
const VENDORS: &[(&str, &str)] = &[
    ("paykit-wallet", "wallet"),
    ("paykit-paritydeals", "paritydeals"),
    ("paykit-pax8", "pax8"),
    ("paykit-spreedly", "spreedly"),
    ("paykit-clubready", "clubready"),
];

/// One row the tests print: `matrix|vendor|fault|call|verdict`.
struct Row {
    vendor: String,
    fault: String,
    call: String,
    verdict: String,
}

pub fn run() -> Result<(), String> {
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for (package, _) in VENDORS {
        println!("\n$ cargo test -p {package} --all-features --test fault_matrix -- --nocapture");
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "test",
                "-p",
                package,
                "--all-features",
                "--test",
                "fault_matrix",
            ])
            .args(["--", "--nocapture"])
            .current_dir(root())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let found: Vec<Row> = stdout.lines().filter_map(parse).collect();
        if found.is_empty() {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            return Err(format!("{package}: the fault matrix printed no rows"));
        }
        if !output.status.success() {
            failures.push(package.to_string());
        }
        rows.extend(found);
    }
    print_table(&rows);
    let held = rows.iter().filter(|r| r.verdict == "held").count();
    println!(
        "\n{} cells: {held} held, {} failed",
        rows.len(),
        rows.len() - held
    );
    for row in rows.iter().filter(|r| r.verdict != "held") {
        println!(
            "  {} / {} / {}: {}",
            row.vendor, row.fault, row.call, row.verdict
        );
    }
    if failures.is_empty() && held == rows.len() {
        Ok(())
    } else {
        Err("the fault matrix has cells that did not hold".into())
    }
}

fn parse(line: &str) -> Option<Row> {
    let mut parts = line.strip_prefix("matrix|")?.splitn(4, '|');
    Some(Row {
        vendor: parts.next()?.to_owned(),
        fault: parts.next()?.to_owned(),
        call: parts.next()?.to_owned(),
        verdict: parts.next()?.to_owned(),
    })
}

/// Faults down, vendors across; a cell is `held` when every call of that vendor held, else
/// which calls failed.
fn print_table(rows: &[Row]) {
    let mut faults: Vec<&str> = Vec::new();
    for row in rows {
        if !faults.contains(&row.fault.as_str()) {
            faults.push(&row.fault);
        }
    }
    let vendors: Vec<&str> = VENDORS.iter().map(|(_, short)| *short).collect();
    println!();
    print!("{:<34}", "fault");
    for vendor in &vendors {
        let calls: Vec<&str> = rows
            .iter()
            .filter(|r| r.vendor == *vendor && r.fault == faults[0])
            .map(|r| r.call.as_str())
            .collect();
        print!("  {:<40}", format!("{vendor} ({})", calls.join(", ")));
    }
    println!();
    for fault in &faults {
        print!("{fault:<34}");
        for vendor in &vendors {
            let cells: Vec<&Row> = rows
                .iter()
                .filter(|r| r.vendor == *vendor && r.fault == *fault)
                .collect();
            let failed: Vec<&str> = cells
                .iter()
                .filter(|r| r.verdict != "held")
                .map(|r| r.call.as_str())
                .collect();
            let cell = if cells.is_empty() {
                "-".to_owned()
            } else if failed.is_empty() {
                "held".to_owned()
            } else {
                format!("FAILED ({})", failed.join(", "))
            };
            print!("  {cell:<40}");
        }
        println!();
    }
}
