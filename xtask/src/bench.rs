//! `cargo xtask bench`: runs the criterion benchmarks, then prints the ratios they exist to
//! show, read from criterion's `estimates.json` (median point estimates, one run); then
//! `bench cpu` (see `cpu.rs`).

use std::fs;
use std::path::Path;

/// Benchmarks: (package, folder, bench target, features it needs).
const BENCHES: &[(&str, &str, &str, &str)] = &[
    ("paykit-core", "crates/core", "overhead", ""),
    ("paykit-core", "crates/core", "fleet_limit", "redis"),
    ("serde_jsv", "crates/jsv", "jsv_vs_json", ""),
    ("paykit-pax8", "crates/pax8", "token_and_paging", ""),
    ("paykit-spreedly", "crates/spreedly", "xml_vs_json", ""),
];

/// `bench` (the criterion benches, then the CPU per call against bare reqwest, then a hint),
/// `bench peers` or `bench cpu` (the CPU per call alone).
pub(crate) fn dispatch(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None => {
            run()?;
            println!("\n$ cargo xtask bench cpu");
            crate::cpu::run(&[])?;
            println!(
                "\nAlso: `cargo xtask bench peers` (the seed Python SDKs against paykit on \
                 paykit-sim; it installs them from PyPI)."
            );
            Ok(())
        }
        Some("peers") => crate::peers::run(&args[1..]),
        Some("cpu") => crate::cpu::run(&args[1..]),
        Some(other) => Err(format!(
            "unknown bench {other:?}: `cargo xtask bench`, `bench peers` or `bench cpu`"
        )),
    }
}

fn run() -> Result<(), String> {
    for (package, dir, bench, features) in BENCHES {
        if !crate::root()
            .join(format!("{dir}/benches/{bench}.rs"))
            .exists()
        {
            continue;
        }
        let mut args = vec!["bench", "-p", package, "--bench", bench];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        crate::cargo(&args, &[])?;
    }
    let criterion = crate::root().join("target/criterion");
    println!("\n== results (medians from this run) ==");
    if let (Some(paykit), Some(raw)) = (
        median(&criterion.join("core_overhead/paykit")),
        median(&criterion.join("core_overhead/raw_reqwest")),
    ) {
        println!(
            "paykit-core GET + JSON decode: paykit {:.1} µs, raw reqwest {:.1} µs, ratio paykit/raw = {:.3}",
            paykit / 1e3,
            raw / 1e3,
            paykit / raw
        );
        if let Some(timed) = median(&criterion.join("core_overhead/raw_reqwest_timeout")) {
            println!(
                "  like for like, raw reqwest with a per-request timeout {:.1} µs: ratio = {:.3}",
                timed / 1e3,
                paykit / timed
            );
        }
        if let Some(untimed) = median(&criterion.join("core_overhead/paykit_untimed")) {
            println!(
                "  paykit with no timeouts {:.1} µs: ratio to raw reqwest = {:.3}",
                untimed / 1e3,
                untimed / raw
            );
        }
    }
    let fleet = criterion.join("fleet_limit");
    if let (Some(local), Some(shared)) =
        (median(&fleet.join("local")), median(&fleet.join("redis")))
    {
        println!(
            "Rate limiter, cost of one acquire with no wait: local {:.0} ns, shared in Redis on \
             loopback {:.1} µs (one round trip){}{}",
            local,
            shared / 1e3,
            median(&fleet.join("redis_64_in_flight")).map_or(String::new(), |ns| format!(
                ", {:.1} µs each with 64 in flight",
                ns / 64.0 / 1e3
            )),
            median(&fleet.join("redis_down_fallback")).map_or(String::new(), |ns| format!(
                ", {ns:.0} ns while Redis is down (local fallback)"
            )),
        );
    }
    if let (Some(xml), Some(json)) = (
        median(&criterion.join("spreedly_decode/xml")),
        median(&criterion.join("spreedly_decode/json")),
    ) {
        println!(
            "Spreedly: 1,000 subscribers decoded from XML {:.2} ms, the same data from JSON {:.2} ms, ratio XML/JSON = {:.1}",
            xml / 1e6,
            json / 1e6,
            xml / json
        );
    }
    for direction in ["ser", "de"] {
        let Ok(cases) = fs::read_dir(&criterion) else {
            break;
        };
        let mut names: Vec<String> = cases
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!("{direction}_")))
            .collect();
        names.sort();
        for name in names {
            let dir = criterion.join(&name);
            if let (Some(jsv), Some(json)) = (median(&dir.join("jsv")), median(&dir.join("json"))) {
                let rate = |ns: f64, d: &str| {
                    bytes(&dir.join(d)).map_or(String::new(), |b| {
                        format!(" ({:.0} MB/s)", b as f64 / ns * 1e3)
                    })
                };
                println!(
                    "serde_jsv {name}: jsv {:.1} µs{}, json {:.1} µs{}, time ratio jsv/json = {:.3}",
                    jsv / 1e3,
                    rate(jsv, "jsv"),
                    json / 1e3,
                    rate(json, "json"),
                    jsv / json
                );
            }
        }
    }
    Ok(())
}

/// The median point estimate (ns) in `<dir>/new/estimates.json`.
fn median(dir: &Path) -> Option<f64> {
    let text = fs::read_to_string(dir.join("new/estimates.json")).ok()?;
    let at = text.find("\"median\"")?;
    let rest = &text[at..];
    let pe = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let number: String = rest[pe..]
        .chars()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    number.parse().ok()
}

/// The throughput in bytes declared for a benchmark (`<dir>/new/benchmark.json`).
fn bytes(dir: &Path) -> Option<u64> {
    let text = fs::read_to_string(dir.join("new/benchmark.json")).ok()?;
    let at = text.find("\"Bytes\":")? + "\"Bytes\":".len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}
