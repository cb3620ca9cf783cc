//! `cargo xtask bench cpu [--variants] [RUNS]`: CPU per call of paykit against bare reqwest
//! doing the same request and JSON decode, for the smallest call of each vendor served by
//! paykit-sim, sequentially and with 64 in flight; medians of runs of whole processes
//! (`crates/paykit/examples/load.rs`, release build, every feature on: timeouts, retry
//! policy, tracing compiled in with no subscriber), each running both clients in blocks of
//! calls that take turns: a shared machine's speed drifts from second to second by more
//! than the differences measured, and blocks that take turns see the same drift.
//!
//! `--variants` adds paykit with no timeouts and paykit with no retry policy, to show where
//! paykit's extra CPU goes.
//!
//! Two counted tables follow, each where its tool is installed (a current-thread runtime,
//! sequentially and with 64 in flight; a short run's count subtracted from a long one's, so
//! set-up cancels): instructions per call (valgrind's callgrind), exact where CPU time on a
//! shared machine is not, and system calls per call (`strace -f -c`), the kernel's share of
//! the work. The CPU-time runs pin paykit-sim and the load process to their own CPUs when
//! `taskset` is there.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::peers::{IN_FLIGHT, Pinning, Sample, Sim, load_together, median, micros, print_table};

/// The smallest call of each vendor paykit-sim serves: (label, operation, vendor, calls per
/// sequential run, calls per run with 64 in flight). The wallet simulator verifies an
/// ES256 token on every request, so it answers slower: fewer calls keep the run short.
const CALLS: &[(&str, &str, &str, usize, usize)] = &[
    (
        "ParityDeals has_access",
        "paritydeals.has_access",
        "paritydeals",
        4_000,
        8_000,
    ),
    ("wallet total", "wallet.total", "wallet", 3_000, 6_000),
    ("Pax8 get_company", "pax8.get_company", "pax8", 4_000, 8_000),
    (
        "Spreedly get_subscriber",
        "spreedly.get_subscriber",
        "spreedly",
        4_000,
        8_000,
    ),
    (
        "ClubReady list_staff",
        "clubready.list_staff",
        "clubready",
        4_000,
        8_000,
    ),
];

const DEFAULT_RUNS: usize = 15;

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
    let pinning = Pinning::available();
    let sim = Sim::start_pinned(pinning.as_ref())?;
    let mut modes = vec!["paykit", "bare"];
    if variants {
        modes.extend(["paykit-untimed", "paykit-noretry"]);
    }
    let mut results = Vec::new();
    for &(label, operation, vendor, sequential_calls, concurrent_calls) in CALLS {
        for (in_flight, calls) in [(1, sequential_calls), (IN_FLIGHT, concurrent_calls)] {
            let mut samples: Vec<Vec<Sample>> = modes.iter().map(|_| Vec::new()).collect();
            for run in 0..runs {
                // All modes in one process, in blocks that take turns; which goes first
                // rotates from run to run.
                let order: Vec<usize> = (0..modes.len()).map(|k| (k + run) % modes.len()).collect();
                let ordered: Vec<&str> = order.iter().map(|&m| modes[m]).collect();
                sim.reset(vendor)?;
                let run_samples = load_together(&sim, operation, &ordered, calls, in_flight)?;
                for (&m, sample) in order.iter().zip(run_samples) {
                    samples[m].push(sample);
                }
            }
            results.push((label, in_flight, calls, samples));
        }
    }
    drop(sim);

    println!(
        "\nCPU per call, paykit vs bare reqwest (the same GET, headers and serde_json decode into \
         an equivalent struct), against paykit-sim.\nThe load process's CPU time over the calls \
         (the run time of its threads, /proc/self/task/*/schedstat, in ns), medians of {runs} runs; \
         in each run one process runs both clients in blocks of calls that take turns, and \
         paykit/bare is the median of the runs' ratios; {IN_FLIGHT} in flight = {IN_FLIGHT} tokio tasks on one client \
         (multi-threaded runtime).\n{}\n",
        match &pinning {
            Some(p) => format!(
                "paykit-sim runs on CPU {} and the load process on CPU {} (taskset).",
                p.sim, p.client
            ),
            None => "Not pinned to CPUs (one CPU, or no taskset): expect a wider spread.".into(),
        }
    );
    let mut header = vec![
        "call",
        "in flight",
        "calls/run",
        "paykit CPU/call",
        "bare CPU/call",
        "paykit/bare",
        "spread",
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
        // Each run's modes ran back to back: the ratio within a run cancels the machine's
        // drift from run to run, and the median of those ratios is the figure.
        let ratios = |m: usize| -> Vec<f64> {
            let mut ratios: Vec<f64> = samples[m]
                .iter()
                .zip(&samples[1])
                .map(|(a, b)| a.cpu_per_call() / b.cpu_per_call())
                .collect();
            ratios.sort_by(f64::total_cmp);
            ratios
        };
        let against_bare = |m: usize| median(ratios(m));
        let spread = {
            let r = ratios(0);
            let at = |q: f64| r[((r.len() - 1) as f64 * q).round() as usize];
            format!("{:.2}–{:.2}", at(0.25), at(0.75))
        };
        let mut row = vec![
            label.to_string(),
            in_flight.to_string(),
            calls.to_string(),
            micros(cpu[0]),
            micros(cpu[1]),
            format!("{:.3}", against_bare(0)),
            spread,
        ];
        if variants {
            row.push(format!("{:.3}", against_bare(2)));
            row.push(format!("{:.3}", against_bare(3)));
        }
        row.push(format!("{:.0}", rate[0]));
        row.push(format!("{:.0}", rate[1]));
        table.push(row);
    }
    print_table(&table);
    println!(
        "\nspread: the 25th to 75th percentile of the runs' ratios. Separate processes for \
         paykit and bare spread far wider (a quarter, run to run, on this kind of shared \
         machine): the machine's speed drifts, and only blocks that take turns see the same."
    );
    let sim = counting_sim()?;
    for counter in [Counter::Instructions, Counter::Syscalls] {
        if let Some(table) = counts(&sim, counter)? {
            println!("\n{}\n", counter.title());
            print_table(&table);
        }
    }
    println!(
        "\nGoal (issue 13): paykit/bare at most 1.05 on the smallest call, in CPU time. The \
         instructions are the steady measure of the user-space share, and the system calls show \
         that the kernel's share is the same work for both."
    );
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

/// What a counted run counts.
#[derive(Clone, Copy)]
enum Counter {
    /// Instructions executed (callgrind), every thread.
    Instructions,
    /// System calls made (`strace -f -c`), every thread.
    Syscalls,
}

impl Counter {
    fn tool(self) -> &'static str {
        match self {
            Counter::Instructions => "valgrind",
            Counter::Syscalls => "strace",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Counter::Instructions => "instr/call",
            Counter::Syscalls => "syscalls/call",
        }
    }

    fn title(self) -> String {
        let what = match self {
            Counter::Instructions => "Instructions per call (callgrind",
            Counter::Syscalls => "System calls per call (strace -f -c",
        };
        format!(
            "{what}: the load process, every thread, current-thread runtime: {IN_FLIGHT} in \
             flight = {IN_FLIGHT} tasks on it; a run of {SHORT} calls subtracted from one of \
             {LONG}):"
        )
    }

    fn installed(self) -> bool {
        let flag = match self {
            Counter::Instructions => "--version",
            Counter::Syscalls => "-V",
        };
        Command::new(self.tool())
            .arg(flag)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// What `calls` calls of the load example count, all threads.
    fn count(
        self,
        sim: &Sim,
        operation: &str,
        mode: &str,
        calls: usize,
        in_flight: usize,
    ) -> Result<u64, String> {
        let out_file = crate::root().join("target/peers/counted.out");
        let mut command = Command::new(self.tool());
        match self {
            Counter::Instructions => command
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", out_file.display())),
            Counter::Syscalls => command.args(["-f", "-c", "-o"]).arg(&out_file),
        };
        let status = command
            .arg(crate::root().join("target/release/examples/load"))
            .args([operation, mode, &calls.to_string(), &in_flight.to_string()])
            .arg(&sim.info_file)
            .arg("current")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", self.tool()))?;
        if !status.success() {
            return Err(format!(
                "{} on the load example failed ({status})",
                self.tool()
            ));
        }
        let text = std::fs::read_to_string(&out_file)
            .map_err(|e| format!("cannot read {}: {e}", out_file.display()))?;
        let _ = std::fs::remove_file(&out_file);
        match self {
            Counter::Instructions => text
                .lines()
                .find_map(|line| line.strip_prefix("summary: "))
                .and_then(|n| n.trim().parse().ok()),
            // `% time  seconds  usecs/call  calls  errors  syscall`, then the `total` row.
            Counter::Syscalls => text.lines().find_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                (fields.last() == Some(&"total"))
                    .then(|| fields.get(3)?.parse().ok())
                    .flatten()
            }),
        }
        .ok_or_else(|| format!("{} wrote no total", self.tool()))
    }
}

/// A simulator for the counted runs, when either counting tool is installed.
fn counting_sim() -> Result<Option<Sim>, String> {
    let missing: Vec<&str> = [Counter::Instructions, Counter::Syscalls]
        .iter()
        .filter(|c| !c.installed())
        .map(|c| c.tool())
        .collect();
    if !missing.is_empty() {
        println!(
            "\nbench cpu: not installed: {}: fewer counts.",
            missing.join(", ")
        );
    }
    if missing.len() == 2 {
        return Ok(None);
    }
    Sim::start().map(Some)
}

/// The table of `counter`'s counts per call, when its tool is installed.
fn counts(sim: &Option<Sim>, counter: Counter) -> Result<Option<Vec<Vec<String>>>, String> {
    let Some(sim) = sim else { return Ok(None) };
    if !counter.installed() {
        return Ok(None);
    }
    let paykit = format!("paykit {}", counter.unit());
    let bare = format!("bare {}", counter.unit());
    let mut table = vec![vec![
        "call".to_owned(),
        "in flight".to_owned(),
        paykit,
        bare,
        "paykit/bare".to_owned(),
    ]];
    for &(label, operation, vendor, _, _) in CALLS {
        for in_flight in [1, IN_FLIGHT] {
            let mut per_call = Vec::new();
            for mode in ["paykit", "bare"] {
                let mut counts = Vec::new();
                for calls in [SHORT, LONG] {
                    sim.reset(vendor)?;
                    counts.push(counter.count(sim, operation, mode, calls, in_flight)?);
                }
                per_call.push(counts[1].saturating_sub(counts[0]) as f64 / (LONG - SHORT) as f64);
            }
            let shown = |n: f64| match counter {
                Counter::Instructions => format!("{n:.0}"),
                Counter::Syscalls => format!("{n:.2}"),
            };
            table.push(vec![
                label.to_owned(),
                in_flight.to_string(),
                shown(per_call[0]),
                shown(per_call[1]),
                format!("{:.3}", per_call[0] / per_call[1]),
            ]);
        }
    }
    Ok(Some(table))
}
