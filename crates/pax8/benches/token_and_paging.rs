//! Pax8 at scale, against the simulator (`cargo xtask bench` runs it):
//!
//! 1. 1,000 concurrent calls on a cold token cache: how many token requests reach the token
//!    endpoint (single-flight: must be 1).
//! 2. Streaming every product in pages of 200, for 10,000 and for 100,000 products: the peak
//!    memory the client process adds while streaming (Linux: `VmHWM` after resetting it
//!    through `/proc/self/clear_refs`) must not grow with the total, since only one page is
//!    held. The simulator runs in a child process (this binary with `--serve N`), so that its
//!    own memory is not counted.
//!
//! These are counts and memory figures, not timings; the wall time is printed for context.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Instant;

use paykit_pax8::prelude::*;
use paykit_pax8::testing::{CLIENT_ID, CLIENT_SECRET, Pax8Simulator};
use paykit_pax8::{Address, NewCompany, ProductFilter};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--serve") {
        let total = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(0);
        runtime.block_on(serve(total));
        return;
    }
    runtime.block_on(async {
        cold_cache_single_flight(1_000).await;
        for total in [10_000, 100_000] {
            stream_products(total).await;
        }
    });
}

async fn cold_cache_single_flight(calls: usize) {
    let sim = Pax8Simulator::start().await;
    let company = sim
        .seed_active_company(NewCompany::new(
            "Fleet Co",
            Address::new().country("US"),
            "+1 303 555 0100",
            "https://fleet.example",
        ))
        .id
        .unwrap_or_default();
    let client = sim.client();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..calls {
        let client = client.clone();
        let company = company.clone();
        tasks.spawn(async move { client.get_company(&company).await.map(|_| ()) });
    }
    let mut failed = 0;
    while let Some(result) = tasks.join_next().await {
        if !matches!(result, Ok(Ok(()))) {
            failed += 1;
        }
    }
    println!(
        "pax8 cold cache: {calls} concurrent calls, {failed} failed, token requests issued: {} (tokens issued {}), {:.0} ms",
        sim.token_requests(),
        sim.tokens_issued(),
        started.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(
        sim.token_requests(),
        1,
        "single-flight must issue exactly one token request"
    );
}

/// The child process: a simulator with `total` products; prints its URLs, then serves until
/// its standard input closes.
async fn serve(total: usize) {
    // Unrecorded: wiremock's request log would otherwise grow with the page count.
    let sim = Pax8Simulator::start_unrecorded().await;
    sim.seed_products("Microsoft", total);
    println!("{} {}", sim.base_url(), sim.token_url());
    tokio::task::spawn_blocking(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    })
    .await
    .ok();
}

async fn stream_products(total: usize) {
    let exe = std::env::current_exe().expect("the bench binary");
    let mut child = Command::new(exe)
        .args(["--serve", &total.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the simulator process");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("its stdout"))
        .read_line(&mut line)
        .expect("its URLs");
    let mut urls = line.split_whitespace();
    let (base_url, token_url) = (urls.next().unwrap_or(""), urls.next().unwrap_or(""));
    let client = Client::builder(CLIENT_ID, CLIENT_SECRET)
        .base_url(base_url)
        .token_url(token_url)
        .rate_limit(None)
        .build()
        .expect("a client");
    client.authenticate().await.expect("a token");
    let baseline = reset_peak();
    let started = Instant::now();
    let filter = ProductFilter::new().page_size(200);
    let mut items = client.list_products(&filter).items();
    let mut count = 0usize;
    while let Some(item) = items.next().await {
        item.expect("a product");
        count += 1;
    }
    let elapsed = started.elapsed();
    let peak = peak_rss_kib();
    let pages = total.div_ceil(200);
    match (baseline, peak) {
        (Some(base), Some(peak)) => println!(
            "pax8 stream: {count} products in {pages} pages of 200, peak memory added while streaming: {} KiB (baseline {} KiB), {:.0} items/s",
            peak.saturating_sub(base),
            base,
            count as f64 / elapsed.as_secs_f64()
        ),
        _ => println!(
            "pax8 stream: {count} products in {pages} pages (peak memory: /proc not available)"
        ),
    }
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(count, total);
}

/// Resets the peak resident size to the current one and returns it (KiB), on Linux.
fn reset_peak() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    status_kib("VmRSS:")
}

/// The peak resident size since the last reset (KiB), on Linux.
fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
