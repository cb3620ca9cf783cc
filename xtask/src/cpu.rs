//! `cargo xtask bench cpu [--variants] [RUNS]`: CPU per call of paykit against bare reqwest
//! doing the same request and JSON decode, for the smallest call of each vendor served by
//! paykit-sim, sequentially and with 64 in flight; medians of paired runs of whole
//! processes (`crates/paykit/examples/load.rs`, release build, every feature on: timeouts,
//! retry policy, tracing compiled in with no subscriber).
//!
//! `--variants` adds paykit with no timeouts and paykit with no retry policy, to show where
//! paykit's extra CPU goes.
//!
//! Where valgrind is installed, a second table counts instructions per call instead
//! (callgrind, a current-thread runtime, sequentially and with 64 in flight): exact where CPU
//! time on a shared machine is not. Set-up cancels out: the count of a short run is subtracted from a
//! long one's.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::peers::{IN_FLIGHT, Sample, Sim, load, median, micros, print_table};

/// The smallest call of each vendor paykit-sim serves: (label, operation, vendor, calls per
/// sequential run, calls per run with 64 in flight). The wallet simulator verifies an
/// ES256 token on every request, so it answers slower: fewer calls keep the run short.
const CALLS: &[(&str, &str, &str, usize, usize)] = &[
    (
        "ParityDeals has_access",
        "paritydeals.has_access",
        "paritydeals",
        12_000,
        20_000,
    ),
    ("wallet total", "wallet.total", "wallet", 12_000, 12_000),
    (
        "Pax8 get_company",
        "pax8.get_company",
        "pax8",
        12_000,
        20_000,
    ),
    (
        "Spreedly get_subscriber",
        "spreedly.get_subscriber",
        "spreedly",
        12_000,
        20_000,
    ),
    (
        "ClubReady list_staff",
        "clubready.list_staff",
        "clubready",
        12_000,
        20_000,
    ),
];

const DEFAULT_RUNS: usize = 7;

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut runs = DEFAULT_RUNS;
    let mut variants = false;
    for arg in args {
        match arg.as_str() {
            "--variants" => variants = true,
            n => {
                runs = n.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                    format!("usage: cargo xtask bench cpu [--variants] [RUNS] (got {n:?})")
                })?;
            }
        }
    }
    if !Path::new("/proc/self/stat").exists() {
        println!("bench cpu: skipped: the load example reads its CPU time from /proc (Linux only)");
        return Ok(());
    }
    crate::peers::build()?;
    let sim = Sim::start()?;
    let mut modes = vec!["paykit", "bare"];
    if variants {
        modes.extend(["paykit-untimed", "paykit-noretry"]);
    }
    let mut results = Vec::new();
    for &(label, operation, vendor, sequential_calls, concurrent_calls) in CALLS {
        for (in_flight, calls) in [(1, sequential_calls), (IN_FLIGHT, concurrent_calls)] {
            let mut samples: Vec<Vec<Sample>> = modes.iter().map(|_| Vec::new()).collect();
            for run in 0..runs {
                // Rotate the order of the modes from run to run.
                for k in 0..modes.len() {
                    let m = (k + run) % modes.len();
                    sim.reset(vendor)?;
                    samples[m].push(load(&sim, operation, modes[m], calls, in_flight)?);
                }
            }
            results.push((label, in_flight, calls, samples));
        }
    }
    drop(sim);

    println!(
        "\nCPU per call, paykit vs bare reqwest (the same GET, headers and serde_json decode into \
         an equivalent struct), against paykit-sim.\nThe load process's CPU time over the calls \
         (the run time of its threads, /proc/self/task/*/schedstat, in ns), medians of {runs} paired runs; {IN_FLIGHT} in flight = \
         {IN_FLIGHT} tokio tasks on one client (multi-threaded runtime).\n"
    );
    let mut header = vec![
        "call",
        "in flight",
        "calls/run",
        "paykit CPU/call",
        "bare CPU/call",
        "paykit/bare",
    ];
    if variants {
        header.extend(["no timeouts/bare", "no retry/bare"]);
    }
    header.extend(["paykit calls/s", "bare calls/s"]);
    let mut table = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    let mut invalid = Vec::new();
    for (label, in_flight, calls, samples) in &results {
        if let Some((m, bad)) = samples
            .iter()
            .enumerate()
            .find_map(|(m, s)| s.iter().find(|s| s.errors > 0).map(|s| (m, s)))
        {
            invalid.push(format!(
                "{label}, {in_flight} in flight: INVALID: {} had {} failed calls; first: {}",
                modes[m], bad.errors, bad.first_error
            ));
            let mut row = vec![label.to_string(), in_flight.to_string(), calls.to_string()];
            row.resize(header.len(), "INVALID".into());
            table.push(row);
            continue;
        }
        let cpu: Vec<f64> = samples
            .iter()
            .map(|s| median(s.iter().map(Sample::cpu_per_call).collect()))
            .collect();
        let rate: Vec<f64> = samples
            .iter()
            .map(|s| median(s.iter().map(Sample::calls_per_s).collect()))
            .collect();
        let mut row = vec![
            label.to_string(),
            in_flight.to_string(),
            calls.to_string(),
            micros(cpu[0]),
            micros(cpu[1]),
            format!("{:.3}", cpu[0] / cpu[1]),
        ];
        if variants {
            row.push(format!("{:.3}", cpu[2] / cpu[1]));
            row.push(format!("{:.3}", cpu[3] / cpu[1]));
        }
        row.push(format!("{:.0}", rate[0]));
        row.push(format!("{:.0}", rate[1]));
        table.push(row);
    }
    print_table(&table);
    let instructions = instructions(&sim_for_instructions()?)?;
    println!("\nGoal (issue 13): paykit/bare at most 1.05 on the smallest call.");
    if let Some(table) = instructions {
        println!(
            "\nInstructions per call (callgrind: the load process, every thread, current-thread \
             runtime: {IN_FLIGHT} in flight = {IN_FLIGHT} tasks on it; a run of {SHORT} calls \
             subtracted from one of {LONG}):\n"
        );
        print_table(&table);
    }
    for line in &invalid {
        println!("{line}");
    }
    if invalid.is_empty() {
        Ok(())
    } else {
        Err("some CPU benchmark runs had failed calls (INVALID above)".into())
    }
}

/// Calls in the short and the long counted run.
const SHORT: usize = 200;
const LONG: usize = 1_200;

fn sim_for_instructions() -> Result<Option<Sim>, String> {
    let valgrind = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !valgrind {
        println!("\nbench cpu: valgrind is not installed: no instruction counts.");
        return Ok(None);
    }
    Sim::start().map(Some)
}

/// The instruction-count table, when valgrind is there.
fn instructions(sim: &Option<Sim>) -> Result<Option<Vec<Vec<String>>>, String> {
    let Some(sim) = sim else { return Ok(None) };
    let mut table = vec![
        [
            "call",
            "in flight",
            "paykit instr/call",
            "bare instr/call",
            "paykit/bare",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for &(label, operation, vendor, _, _) in CALLS {
        for in_flight in [1, IN_FLIGHT] {
            let mut per_call = Vec::new();
            for mode in ["paykit", "bare"] {
                let mut counts = Vec::new();
                for calls in [SHORT, LONG] {
                    sim.reset(vendor)?;
                    counts.push(counted(sim, operation, mode, calls, in_flight)?);
                }
                per_call.push(counts[1].saturating_sub(counts[0]) as f64 / (LONG - SHORT) as f64);
            }
            table.push(vec![
                label.to_owned(),
                in_flight.to_string(),
                format!("{:.0}", per_call[0]),
                format!("{:.0}", per_call[1]),
                format!("{:.3}", per_call[0] / per_call[1]),
            ]);
        }
    }
    Ok(Some(table))
}

/// Instructions the load example executed (all threads) for `calls` calls, under callgrind.
fn counted(
    sim: &Sim,
    operation: &str,
    mode: &str,
    calls: usize,
    in_flight: usize,
) -> Result<u64, String> {
    let out_file = crate::root().join("target/peers/callgrind.out");
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(crate::root().join("target/release/examples/load"))
        .args([operation, mode, &calls.to_string(), &in_flight.to_string()])
        .arg(&sim.info_file)
        .arg("current")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !status.success() {
        return Err(format!("valgrind on the load example failed ({status})"));
    }
    let text = std::fs::read_to_string(&out_file)
        .map_err(|e| format!("cannot read {}: {e}", out_file.display()))?;
    let _ = std::fs::remove_file(&out_file);
    text.lines()
        .find_map(|line| line.strip_prefix("summary: "))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| "callgrind wrote no summary".to_owned())
}
