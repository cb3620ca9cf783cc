//! `cargo xtask <task>`: the project's automation, in Rust with no dependencies (the matklad
//! xtask convention). Tasks:
//!
//! - `ci`: fmt check, clippy `-D warnings`, every test (unit, integration, doctests), docs
//!   with `-D warnings`, cargo-deny, and each crate checked alone with its default features
//!   and with none;
//! - `demo`: every vendor client against its built-in simulator;
//! - `bench`: the criterion benchmarks, with the ratios they exist to show, then `bench cpu`;
//!   `bench cpu`: CPU per call of paykit against bare reqwest (CPU time, instructions, system
//!   calls); `bench peers`: the seed Python SDKs against paykit on paykit-sim (CPU per call,
//!   throughput);
//! - `faults`: the fault matrix of every vendor crate as one table (vendor × fault);
//! - `readme`: every README's examples built (and run) in a new project outside the workspace
//!   with only the dependency lines the README shows;
//! - `fuzz [SECONDS]`: the fuzz targets (serde_jsv's reader, Spreedly's XML decoding), each
//!   for SECONDS, where cargo-fuzz is installed.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod cpu;
mod faults;
mod peers;
mod readme;

/// The workspace's library crates, each checked alone.
const CRATES: &[&str] = &[
    "paykit-core",
    "paykit-wallet",
    "paykit-paritydeals",
    "paykit-pax8",
    "paykit-spreedly",
    "paykit-clubready",
    "paykit-rs",
    "serde_jsv",
];

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("demo") => demo(),
        Some("bench") => bench::dispatch(&args[1..]),
        Some("readme") => readme::run(&args[1..]),
        Some("faults") => faults::run(),
        Some("fuzz") => fuzz(args.get(1).map(String::as_str).unwrap_or("60")),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci | demo | bench [peers | cpu] | readme | faults | fuzz [SECONDS]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs `cargo <args>` in the workspace root with extra environment variables.
pub(crate) fn cargo(args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    cargo_in(&root(), args, envs)
}

/// Runs `cargo <args>` in `dir` with extra environment variables.
pub(crate) fn cargo_in(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    println!("\n$ cargo {}", args.join(" "));
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

fn ci() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"], &[])?;
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    cargo(&["test", "--workspace", "--all-features"], &[])?;
    cargo(
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    docs_cite_nothing_private()?;
    deny()?;
    // Each library alone, as a user who depends on it gets it: with its default features and
    // with none (an unused import behind a feature fails here; tests are not built, since
    // their dev-dependencies would switch features on), and its docs with default features.
    for krate in CRATES {
        cargo(&["clippy", "-p", krate, "--", "-D", "warnings"], &[])?;
        cargo(
            &[
                "clippy",
                "-p",
                krate,
                "--no-default-features",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )?;
        cargo(
            &["doc", "-p", krate, "--no-deps"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        )?;
    }
    readme::run(&[])?;
    faults::run()?;
    println!("\nxtask ci: all checks passed");
    Ok(())
}

/// The rendered docs cite nothing a user cannot open: no section numbers of our vendor
/// notes (`§1.5`), no `shared/` paths, no `<vendor>.md` file names.
fn docs_cite_nothing_private() -> Result<(), String> {
    let doc = root().join("target/doc");
    let crates = [
        "paykit_core",
        "paykit_wallet",
        "paykit_paritydeals",
        "paykit_pax8",
        "paykit_spreedly",
        "paykit_clubready",
        "paykit",
        "serde_jsv",
    ];
    let mut found = Vec::new();
    for krate in crates {
        let mut stack = vec![doc.join(krate)];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "html") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                // A section of a public standard ("RFC 6749 §4.4") is fine.
                let cites_section = text.match_indices('§').any(|(at, s)| {
                    let before = &text[..at];
                    let public = before
                        .rsplit_once("RFC")
                        .is_some_and(|(_, gap)| gap.len() <= 8);
                    !public && text[at + s.len()..].starts_with(|c: char| c.is_ascii_digit())
                });
                let cites_notes = ["shared/vendors", "shared/formats", "CONVENTIONS.md"]
                    .iter()
                    .chain(&[
                        "wallet.md",
                        "pax8.md",
                        "paritydeals.md",
                        "spreedly.md",
                        "clubready.md",
                        "jsv.md",
                    ])
                    .any(|needle| text.contains(needle));
                if cites_section || cites_notes {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    if found.is_empty() {
        println!("\ndocs cite no internal notes");
        Ok(())
    } else {
        Err(format!(
            "the docs cite internal notes a user cannot open (section numbers or notes files) in:\n  {}",
            found.join("\n  ")
        ))
    }
}

/// `cargo deny check`, offline against the advisory snapshot when the workplace provides one
/// (`../shared/tools/install-advisory-db`) or when `PAYKIT_DENY_OFFLINE=1`.
fn deny() -> Result<(), String> {
    let installer = root().join("../shared/tools/install-advisory-db");
    let mut offline = env::var("PAYKIT_DENY_OFFLINE").is_ok_and(|v| v == "1");
    if installer.exists() {
        println!("\n$ {}", installer.display());
        let status = Command::new("bash")
            .arg(&installer)
            .status()
            .map_err(|e| format!("cannot run {}: {e}", installer.display()))?;
        if !status.success() {
            return Err("installing the advisory database snapshot failed".into());
        }
        offline = true;
    }
    let has_deny = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["deny", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_deny {
        return Err("cargo-deny is not installed: `cargo install --locked cargo-deny`".into());
    }
    if offline {
        // cargo-deny reads the metadata of every package in the lock file, for every target
        // (wasm-only ones included): fetch them from the registry first.
        cargo(&["fetch"], &[])?;
        cargo(&["deny", "--offline", "check"], &[])
    } else {
        cargo(&["deny", "check"], &[])
    }
}

fn demo() -> Result<(), String> {
    cargo(
        &[
            "run",
            "--quiet",
            "-p",
            "paykit-rs",
            "--example",
            "demo",
            "--features",
            "full,testing,blocking",
        ],
        &[],
    )
}

fn fuzz(seconds: &str) -> Result<(), String> {
    let has_fuzz = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_fuzz {
        println!("cargo-fuzz is not installed (`cargo install cargo-fuzz`): skipping");
        return Ok(());
    }
    // cargo-fuzz needs nightly flags: use a nightly toolchain when there is one, else let the
    // installed stable compiler accept them (RUSTC_BOOTSTRAP=1).
    let nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    let max_time = format!("-max_total_time={seconds}");
    // Each target runs for SECONDS: serde_jsv's reader, then Spreedly's XML decoding.
    for (folder, target) in [("crates/jsv", "from_str"), ("crates/spreedly", "decode")] {
        let mut args = vec!["fuzz", "run", target, "--", &max_time];
        let mut command = Command::new("cargo");
        if nightly {
            args.insert(0, "+nightly");
        } else {
            command.env("RUSTC_BOOTSTRAP", "1");
        }
        println!("\n$ cargo {} (in {folder})", args.join(" "));
        let status = command
            .args(&args)
            .current_dir(root().join(folder))
            .status()
            .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        if !status.success() {
            return Err(format!("cargo fuzz {target} failed ({status})"));
        }
    }
    Ok(())
}
