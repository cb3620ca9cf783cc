//! `cargo xtask readme`: every README's examples, built as a user would build them.
//!
//! For each README, a new project outside the workspace gets exactly the `[dependencies]`
//! (and `[dev-dependencies]`) of the README's `toml` block, with the git form of paykit's
//! crates pointed at this checkout, and each following `rust` block as one example program.
//! Every example must compile; those not marked `no_run` must also run and exit 0. A README
//! example that needs a crate or a feature its dependency lines do not show fails here.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{cargo_in, root};

/// The git URL READMEs give for paykit's crates until they are published.
const GIT_URL: &str = "https://github.com/paykit-rs/paykit";

/// Each package and its folder under `crates/`.
const PACKAGES: &[(&str, &str)] = &[
    ("paykit-core", "core"),
    ("paykit-wallet", "wallet"),
    ("paykit-paritydeals", "paritydeals"),
    ("paykit-pax8", "pax8"),
    ("paykit-spreedly", "spreedly"),
    ("paykit-clubready", "clubready"),
    ("paykit-rs", "paykit"),
    ("serde_jsv", "jsv"),
];

/// The READMEs checked, and a short name for each project.
const READMES: &[(&str, &str)] = &[
    ("README.md", "top"),
    ("crates/core/README.md", "core"),
    ("crates/jsv/README.md", "jsv"),
    ("crates/wallet/README.md", "wallet"),
    ("crates/paritydeals/README.md", "paritydeals"),
    ("crates/pax8/README.md", "pax8"),
    ("crates/spreedly/README.md", "spreedly"),
    ("crates/clubready/README.md", "clubready"),
    ("crates/paykit/README.md", "facade"),
];

/// One README section: the dependency lines and the programs that use them.
struct Project {
    manifest: String,
    programs: Vec<(String, bool)>,
}

/// Checks the READMEs whose short names are in `only` (all of them when `only` is empty).
pub fn run(only: &[String]) -> Result<(), String> {
    let work = root().join("target/readme-check");
    let mut checked = 0;
    for (readme, name) in READMES {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let text = fs::read_to_string(root().join(readme))
            .map_err(|e| format!("cannot read {readme}: {e}"))?;
        let projects = parse(&text).map_err(|e| format!("{readme}: {e}"))?;
        for (index, project) in projects.iter().enumerate() {
            let dir = work.join(format!("{name}-{index}"));
            write_project(&dir, &format!("readme-{name}-{index}"), project)?;
            println!(
                "\n== {readme}: {} example(s) with its dependency lines",
                project.programs.len()
            );
            let target = work.join("target");
            let target = target.to_string_lossy();
            let envs = [("CARGO_TARGET_DIR", target.as_ref())];
            cargo_in(&dir, &["build", "--quiet", "--examples"], &envs)?;
            for (n, (_, run)) in project.programs.iter().enumerate() {
                if *run {
                    let example = format!("example{n}");
                    cargo_in(&dir, &["run", "--quiet", "--example", &example], &envs)?;
                }
                checked += 1;
            }
        }
    }
    println!("\nxtask readme: {checked} README examples built with only their dependency lines");
    Ok(())
}

/// Splits a README into projects: each `toml` block with `[dependencies]` starts one, each
/// `rust` block after it (not `ignore`) is one of its programs.
fn parse(text: &str) -> Result<Vec<Project>, String> {
    let mut projects: Vec<Project> = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else {
            continue;
        };
        let info = info.trim().to_owned();
        let mut body = String::new();
        for inner in lines.by_ref() {
            if inner.trim_start().starts_with("```") {
                break;
            }
            body.push_str(inner);
            body.push('\n');
        }
        let tags: Vec<&str> = info.split(',').map(str::trim).collect();
        if tags.first() == Some(&"toml") && body.contains("[dependencies]") {
            projects.push(Project {
                manifest: body,
                programs: Vec::new(),
            });
        } else if tags.first() == Some(&"rust") && !tags.contains(&"ignore") {
            let Some(project) = projects.last_mut() else {
                return Err("a rust block comes before any dependency lines".into());
            };
            let program: String = body
                .lines()
                .map(|l| match l.trim_start().strip_prefix("# ") {
                    Some(hidden) => hidden.to_owned(),
                    None if l.trim() == "#" => String::new(),
                    None => l.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            project.programs.push((
                program,
                !tags.contains(&"no_run") && !tags.contains(&"compile_fail"),
            ));
        }
    }
    Ok(projects
        .into_iter()
        .filter(|p| !p.programs.is_empty())
        .collect())
}

fn write_project(dir: &Path, name: &str, project: &Project) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("src")).map_err(io)?;
    fs::create_dir_all(dir.join("examples")).map_err(io)?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         # Its own workspace: not part of paykit's.\n[workspace]\n\n{}",
        local_paths(&project.manifest)?
    );
    fs::write(dir.join("Cargo.toml"), manifest).map_err(io)?;
    fs::write(dir.join("src/lib.rs"), "").map_err(io)?;
    // The workspace's lock file, so the project builds the versions paykit is tested with.
    let lock = root().join("Cargo.lock");
    if lock.exists() {
        fs::copy(&lock, dir.join("Cargo.lock")).map_err(io)?;
    }
    for (n, (program, _)) in project.programs.iter().enumerate() {
        fs::write(dir.join(format!("examples/example{n}.rs")), program).map_err(io)?;
    }
    Ok(())
}

/// The README's dependency lines with each git dependency on paykit pointed at this checkout.
fn local_paths(manifest: &str) -> Result<String, String> {
    let mut out = String::new();
    for line in manifest.lines() {
        let git = format!("git = \"{GIT_URL}\"");
        if !line.contains(&git) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let key = line.split('=').next().unwrap_or("").trim();
        let package = line
            .split("package = \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or(key);
        let folder = PACKAGES
            .iter()
            .find(|(p, _)| *p == package)
            .map(|(_, folder)| folder)
            .ok_or_else(|| format!("unknown paykit package `{package}` in `{line}`"))?;
        let path: PathBuf = root().join("crates").join(folder);
        out.push_str(&line.replace(&git, &format!("path = {:?}", path.to_string_lossy())));
        out.push('\n');
    }
    Ok(out)
}
