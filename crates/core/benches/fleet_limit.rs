//! The cost of one `acquire` that does not wait: the local limiter, the shared one on a
//! `redis-server` on loopback (one script call per acquire), and the shared one while Redis
//! refuses connections (the local fallback, Redis tried once a second); and 64 shared
//! acquires in flight at once (their time over 64 is the cost per call). Starts its own
//! `redis-server`; without one it says so and measures the local limiter only.
//!
//! `cargo bench -p paykit-core --features redis --bench fleet_limit`

use paykit_core::testing::redis_server::{self, RedisServer};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::future::join_all;
use paykit_core::RateLimiter;

/// A limit so high that no acquire waits: what is measured is the bookkeeping.
fn unlimited() -> RateLimiter {
    RateLimiter::per_second(1_000_000_000)
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("fleet_limit");

    let local = unlimited();
    group.bench_function("local", |b| b.to_async(&runtime).iter(|| local.acquire()));

    // The first acquire connects: done here, outside the measurement.
    let server = which_redis().and_then(|_| RedisServer::start());
    match &server {
        Some(server) => {
            let shared = unlimited().shared_url(server.url(), "bench").unwrap();
            runtime.block_on(shared.acquire());
            assert!(
                !shared.is_falling_back(),
                "the bench's redis-server must answer"
            );
            group.bench_function("redis", |b| b.to_async(&runtime).iter(|| shared.acquire()));
            // 64 callers at once share the one multiplexed connection (pipelined).
            group.throughput(Throughput::Elements(64));
            group.bench_function("redis_64_in_flight", |b| {
                b.to_async(&runtime)
                    .iter(|| join_all((0..64).map(|_| shared.acquire())))
            });
            group.throughput(Throughput::Elements(1));
        }
        None => eprintln!(
            "fleet_limit: redis-server not found on PATH, measuring the local limiter only \
             (install Debian's redis-server for the shared figures)"
        ),
    }

    let port = redis_server::free_port();
    let down = unlimited()
        .shared_url(&format!("redis://127.0.0.1:{port}/"), "bench-down")
        .unwrap();
    runtime.block_on(down.acquire());
    assert!(down.is_falling_back());
    group.bench_function("redis_down_fallback", |b| {
        b.to_async(&runtime).iter(|| down.acquire())
    });
    group.finish();
}

fn which_redis() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("redis-server"))
        .find(|candidate| candidate.is_file())
}

criterion_group!(benches, bench);
criterion_main!(benches);
