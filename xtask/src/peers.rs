//! `cargo xtask bench peers`: the seed Python SDKs against paykit, each doing its most
//! common operation against the same paykit-sim (release build): CPU per call of the client
//! process and throughput, sequentially and with 64 in flight, medians of paired runs.
//!
//! The Python side is `xtask/peers/driver.py` in a virtual environment under
//! `target/peers-venv`; the paykit side is `crates/paykit/examples/load.rs`. Both print one
//! JSON line per run. Also the shared plumbing of `cargo xtask bench cpu`: building, the
//! simulator as a child process, the load example, medians.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The seed SDKs, pinned, and `cryptography`, which PyJWT needs for the wallet SDK's ES256
/// tokens and which the wallet SDK does not declare.
const REQUIREMENTS: &[&str] = &[
    "wallet-sdk-Noah-Huppert==1.1.0",
    "pax8==0.5",
    "paritydeals-sdk==1.0.1",
    "cryptography",
];

/// Paired runs per row.
const RUNS: usize = 5;

/// Calls in flight in the concurrent rows.
pub(crate) const IN_FLIGHT: usize = 64;

/// One peer operation: what it is called in the table, and calls per run for Python and
/// for paykit (paykit's CPU clock ticks at 10 ms: it needs more calls to be read closely).
struct Peer {
    label: &'static str,
    operation: &'static str,
    vendor: &'static str,
    python_calls: usize,
    paykit_calls: usize,
}

const PEERS: &[Peer] = &[
    Peer {
        label: "wallet create_entry",
        operation: "wallet.create_entry",
        vendor: "wallet",
        python_calls: 500,
        paykit_calls: 5_000,
    },
    Peer {
        label: "Pax8 company list",
        operation: "pax8.list_companies",
        vendor: "pax8",
        python_calls: 800,
        paykit_calls: 5_000,
    },
    Peer {
        label: "ParityDeals has_access",
        operation: "paritydeals.has_access",
        vendor: "paritydeals",
        python_calls: 1_500,
        paykit_calls: 10_000,
    },
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if let Some(extra) = args.first() {
        return Err(format!(
            "`cargo xtask bench peers` takes no argument (got {extra:?})"
        ));
    }
    if !Path::new("/proc/self/stat").exists() {
        println!("bench peers: skipped: paykit's CPU time is read from /proc (Linux only)");
        return Ok(());
    }
    let python = match python_env() {
        Ok(python) => python,
        Err(reason) => {
            println!("bench peers: skipped: {reason}");
            return Ok(());
        }
    };
    build()?;
    let sim = Sim::start()?;
    let driver = crate::root().join("xtask/peers/driver.py");
    let mut rows = Vec::new();
    for peer in PEERS {
        for in_flight in [1, IN_FLIGHT] {
            let mut python_runs = Vec::new();
            let mut paykit_runs = Vec::new();
            for run in 0..RUNS {
                // Alternate which side goes first, so that drift hits both alike.
                for python_turn in [run % 2 == 0, run % 2 == 1] {
                    sim.reset(peer.vendor)?;
                    if python_turn {
                        let calls = peer.python_calls.to_string();
                        let conc = in_flight.to_string();
                        let info = sim.info_file.display().to_string();
                        let line = output(Command::new(&python).arg(&driver).args([
                            peer.operation,
                            &calls,
                            &conc,
                            &info,
                        ]))?;
                        python_runs.push(Sample::parse(&line, peer.python_calls)?);
                    } else {
                        paykit_runs.push(load(
                            &sim,
                            peer.operation,
                            "paykit",
                            peer.paykit_calls,
                            in_flight,
                        )?);
                    }
                }
            }
            rows.push((peer.label, in_flight, python_runs, paykit_runs));
        }
    }
    drop(sim);

    println!(
        "\nPeer benchmark: the seed Python SDKs and paykit doing the same call against the same \
         paykit-sim (release build).\nCPU per call is the client process's user + system time \
         over the calls (client set up and one warm-up call excluded); medians of {RUNS} paired \
         runs.\nWith {IN_FLIGHT} in flight: paykit runs {IN_FLIGHT} tasks on one client; Python \
         runs {IN_FLIGHT} threads on one client (wallet, Pax8: synchronous SDKs) or {IN_FLIGHT} \
         asyncio tasks on the SDK's async client (ParityDeals).\n"
    );
    let header = [
        "operation",
        "in flight",
        "Python CPU/call",
        "paykit CPU/call",
        "Python/paykit",
        "Python calls/s",
        "paykit calls/s",
    ];
    let mut table = vec![header.map(str::to_owned).to_vec()];
    let mut invalid = Vec::new();
    for (label, in_flight, python_runs, paykit_runs) in &rows {
        let failed = python_runs
            .iter()
            .map(|s| ("Python", s))
            .chain(paykit_runs.iter().map(|s| ("paykit", s)))
            .find(|(_, s)| s.errors > 0);
        if let Some((side, sample)) = failed {
            invalid.push(format!(
                "{label}, {in_flight} in flight: INVALID: {side} had {} failed calls; first: {}",
                sample.errors, sample.first_error
            ));
            table.push(vec![
                label.to_string(),
                in_flight.to_string(),
                "INVALID".into(),
                "INVALID".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ]);
            continue;
        }
        let py_cpu = median(python_runs.iter().map(Sample::cpu_per_call).collect());
        let rs_cpu = median(paykit_runs.iter().map(Sample::cpu_per_call).collect());
        let py_rate = median(python_runs.iter().map(Sample::calls_per_s).collect());
        let rs_rate = median(paykit_runs.iter().map(Sample::calls_per_s).collect());
        table.push(vec![
            label.to_string(),
            in_flight.to_string(),
            micros(py_cpu),
            micros(rs_cpu),
            format!("{:.1}x", py_cpu / rs_cpu),
            format!("{py_rate:.0}"),
            format!("{rs_rate:.0}"),
        ]);
    }
    print_table(&table);
    println!(
        "\nCalls per run: Python {}; paykit {} (paykit's CPU clock ticks at 10 ms). Pax8's \
         client-side rate limit is off in paykit's runs (the Python SDK has none).",
        PEERS
            .iter()
            .map(|p| format!("{} {}", p.label, p.python_calls))
            .collect::<Vec<_>>()
            .join(", "),
        PEERS
            .iter()
            .map(|p| format!("{} {}", p.label, p.paykit_calls))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for line in &invalid {
        println!("{line}");
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        Err("some peer benchmark runs had failed calls (INVALID above)".into())
    }
}

/// The virtual environment's python, created and filled on first use; `Err` is the reason
/// to skip (no python3, no venv module, PyPI unreachable).
fn python_env() -> Result<PathBuf, String> {
    let venv = crate::root().join("target/peers-venv");
    let python = venv.join("bin/python");
    let marker = venv.join("paykit-peers-requirements.txt");
    let wanted = REQUIREMENTS.join("\n");
    if python.exists() && std::fs::read_to_string(&marker).is_ok_and(|m| m == wanted) {
        return Ok(python);
    }
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        return Err("python3 is not installed".into());
    }
    println!("\n$ python3 -m venv {}", venv.display());
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return Err("`python3 -m venv` failed (on Debian: apt-get install python3-venv)".into());
    }
    println!(
        "$ {} -m pip install {}\n  (cryptography is added: PyJWT needs it for the wallet SDK's \
         ES256 tokens, and the wallet SDK does not declare it)",
        python.display(),
        REQUIREMENTS.join(" ")
    );
    let installed = Command::new(&python)
        .args(["-m", "pip", "install", "--disable-pip-version-check", "-q"])
        .args(REQUIREMENTS)
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        return Err("pip could not install the seed SDKs (is PyPI reachable?)".into());
    }
    std::fs::write(&marker, wanted)
        .map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    Ok(python)
}

/// Release builds of paykit-sim and the load example.
pub(crate) fn build() -> Result<(), String> {
    crate::cargo(&["build", "--release", "-p", "paykit-sim"], &[])?;
    crate::cargo(
        &[
            "build",
            "--release",
            "-p",
            "paykit-rs",
            "--example",
            "load",
            "--features",
            "full",
        ],
        &[],
    )
}

/// paykit-sim as a child process on free ports, seeded with what the drivers expect;
/// stopped with SIGTERM when dropped.
pub(crate) struct Sim {
    child: Child,
    pub(crate) info_file: PathBuf,
    admin: String,
    /// The CPU the load processes run on, when pinned.
    client_cpu: Option<usize>,
}

/// Which CPUs `bench cpu` pins paykit-sim and the load process to: the last one and the first
/// one, when the machine has at least two and `taskset` is installed. Neither process then
/// takes the other's core or moves between cores (fewer cross-core wake-ups: on this 2-core
/// machine a sequential call's CPU time dropped from about 120 to about 70 µs, for both
/// clients alike).
pub(crate) struct Pinning {
    pub(crate) sim: usize,
    pub(crate) client: usize,
}

impl Pinning {
    pub(crate) fn available() -> Option<Pinning> {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        let taskset = Command::new("taskset")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        (cpus >= 2 && taskset).then_some(Pinning {
            sim: cpus - 1,
            client: 0,
        })
    }
}

/// `program`, run on `cpu` when given (through `taskset`, which execs it: the child is the
/// program itself).
fn on_cpu(program: PathBuf, cpu: Option<usize>) -> Command {
    match cpu {
        Some(cpu) => {
            let mut command = Command::new("taskset");
            command.args(["-c", &cpu.to_string()]).arg(program);
            command
        }
        None => Command::new(program),
    }
}

impl Sim {
    pub(crate) fn start() -> Result<Sim, String> {
        Sim::start_pinned(None)
    }

    /// paykit-sim, on its own CPU when `pinning` says so (and the load processes on theirs).
    pub(crate) fn start_pinned(pinning: Option<&Pinning>) -> Result<Sim, String> {
        let dir = crate::root().join("target/peers");
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let seed = dir.join("seed.json");
        std::fs::write(&seed, seed_json())
            .map_err(|e| format!("cannot write {}: {e}", seed.display()))?;
        let info_file = dir.join("info.json");
        let _ = std::fs::remove_file(&info_file);
        let child = on_cpu(
            crate::root().join("target/release/paykit-sim"),
            pinning.map(|p| p.sim),
        )
        .args(["--port", "0", "--seed"])
        .arg(&seed)
        .arg("--info-file")
        .arg(&info_file)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start paykit-sim: {e}"))?;
        let mut sim = Sim {
            child,
            info_file,
            admin: String::new(),
            client_cpu: pinning.map(|p| p.client),
        };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok(info) = std::fs::read_to_string(&sim.info_file)
                && let Some(admin) = json_field(&info, "admin")
            {
                sim.admin = admin.trim_start_matches("http://").to_owned();
                return Ok(sim);
            }
            if let Ok(Some(status)) = sim.child.try_wait() {
                return Err(format!("paykit-sim exited on start ({status})"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("paykit-sim did not write its info file within 20 s".into())
    }

    /// Admin `POST /reset?vendor=V`: the seed again, recorded requests forgotten.
    pub(crate) fn reset(&self, vendor: &str) -> Result<(), String> {
        let request = format!(
            "POST /reset?vendor={vendor} HTTP/1.1\r\nhost: {}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            self.admin
        );
        let mut stream = TcpStream::connect(&self.admin)
            .map_err(|e| format!("admin API {}: {e}", self.admin))?;
        stream
            .write_all(request.as_bytes())
            .map_err(|e| format!("admin API: {e}"))?;
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        if answer.starts_with("HTTP/1.1 200") {
            Ok(())
        } else {
            Err(format!("admin reset of {vendor} failed: {answer}"))
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let stopped = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The benchmark's seed: a wallet user with a balance (`alice`, entries are created for
/// her) and one whose total is read (`bob`, 250); ten active Pax8 companies with fixed ids;
/// a ParityDeals customer with a FLAG feature; a Spreedly plan and an active subscriber
/// (`42`). Kept in step with the load example and the
/// Python driver.
fn seed_json() -> String {
    let companies: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"id": "00000000-0000-4000-8000-0000000000{i:02}", "name": "Company {i:02}", "address": {{"street": "{i} Main St", "city": "Denver", "stateOrProvince": "CO", "postalCode": "80202", "country": "US"}}, "phone": "+1 303 555 0100", "website": "https://company{i:02}.example", "billOnBehalfOfEnabled": false, "selfServiceAllowed": false, "orderApprovalRequired": false, "status": "Active"}}"#
            )
        })
        .collect();
    format!(
        r#"{{
  "wallet": {{"entries": [
    {{"user_id": "alice", "amount": 1000000, "reason": "opening balance"}},
    {{"user_id": "bob", "amount": 250, "reason": "opening balance"}}
  ]}},
  "paritydeals": {{
    "plans": [{{"identifier": "pro", "features": [{{"feature_id": "sso", "feature_type": "FLAG"}}]}}],
    "customers": [{{"customer_id": "cus_bench", "email": "bench@example.com"}}],
    "grants": [{{"customer_id": "cus_bench", "feature_id": "sso", "feature_type": "FLAG"}}]
  }},
  "pax8": {{"companies": [
    {}
  ]}},
  "spreedly": {{
    "plans": [{{"id": 101, "name": "Pro", "feature_level": "pro", "amount": "24.00", "duration_quantity": 1, "duration_units": "months"}}],
    "subscribers": [{{"customer_id": "42", "screen_name": "zoe", "email": "zoe@example.com", "active": true, "recurring": true, "active_until": "2026-07-01T00:00:00Z", "store_credit": "5.00"}}]
  }}
}}
"#,
        companies.join(",\n    ")
    )
}

/// One run's results.
pub(crate) struct Sample {
    pub(crate) calls: usize,
    pub(crate) cpu_s: f64,
    pub(crate) wall_s: f64,
    pub(crate) errors: usize,
    pub(crate) first_error: String,
}

impl Sample {
    fn parse(line: &str, calls: usize) -> Result<Sample, String> {
        let number = |key| {
            json_field(line, key)
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or_else(|| format!("no {key:?} in the driver's output: {line}"))
        };
        Ok(Sample {
            calls,
            cpu_s: number("cpu_s")?,
            wall_s: number("wall_s")?,
            errors: number("errors")? as usize,
            first_error: json_field(line, "first_error").unwrap_or_default(),
        })
    }

    pub(crate) fn cpu_per_call(&self) -> f64 {
        self.cpu_s / self.calls as f64
    }

    pub(crate) fn calls_per_s(&self) -> f64 {
        self.calls as f64 / self.wall_s
    }
}

/// One run of the load example.
pub(crate) fn load(
    sim: &Sim,
    operation: &str,
    mode: &str,
    calls: usize,
    in_flight: usize,
) -> Result<Sample, String> {
    let mut samples = load_together(sim, operation, &[mode], calls, in_flight)?;
    Ok(samples.remove(0))
}

/// One run of the load example with several modes in one process, in blocks that take
/// turns: one sample per mode, in the order of `modes`.
pub(crate) fn load_together(
    sim: &Sim,
    operation: &str,
    modes: &[&str],
    calls: usize,
    in_flight: usize,
) -> Result<Vec<Sample>, String> {
    let mut command = on_cpu(
        crate::root().join("target/release/examples/load"),
        sim.client_cpu,
    );
    command
        .args([
            operation,
            &modes.join("+"),
            &calls.to_string(),
            &in_flight.to_string(),
        ])
        .arg(&sim.info_file);
    let out = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("{command:?} failed ({}): {text}", out.status));
    }
    modes
        .iter()
        .map(|mode| {
            let line = text
                .lines()
                .find(|line| json_field(line, "mode").as_deref() == Some(*mode))
                .ok_or_else(|| format!("{command:?} printed no line for {mode}: {text}"))?;
            Sample::parse(line, calls)
        })
        .collect()
}

/// The last line a command printed; `Err` when it failed.
fn output(command: &mut Command) -> Result<String, String> {
    let out = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or("").to_owned();
    if !out.status.success() || line.is_empty() {
        return Err(format!("{command:?} failed ({}): {text}", out.status));
    }
    Ok(line)
}

/// A top-level scalar of a flat JSON object, as text (strings unescaped); `None` when
/// missing or `null`.
pub(crate) fn json_field(json: &str, key: &str) -> Option<String> {
    let at = json.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start();
    if let Some(string) = rest.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = string.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'u' => {
                        let code: String = chars.by_ref().take(4).collect();
                        out.push(
                            u32::from_str_radix(&code, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .unwrap_or('?'),
                        );
                    }
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        return None;
    }
    let end = rest.find([',', '}', '\n']).unwrap_or(rest.len());
    let value = rest[..end].trim();
    (value != "null").then(|| value.to_owned())
}

pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Seconds as microseconds, e.g. `1,234 µs` or `45.6 µs`.
pub(crate) fn micros(seconds: f64) -> String {
    let us = seconds * 1e6;
    if us >= 1000.0 {
        let whole = us.round() as u64;
        format!("{},{:03} µs", whole / 1000, whole % 1000)
    } else {
        format!("{us:.1} µs")
    }
}

/// Left-aligned first column, right-aligned others, two spaces apart.
pub(crate) fn print_table(rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|cell| cell.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        println!("{}", line.trim_end());
    }
}
