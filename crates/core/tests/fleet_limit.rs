//! The rate limit shared by a fleet (feature `redis`), against a real `redis-server` that
//! each test starts on a free loopback port (`paykit_core::testing::RedisServer`), and separate
//! paykit clients on a wiremock server that records when each request arrived.
//!
//! What the counting tests rely on: GCRA releases at most `burst + rate × t` requests in any
//! span `t` of Redis time, and a request is sent at or after its slot, so every request sent
//! between a run's start and its end counts against that run's bound.
#![cfg(feature = "redis")]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use paykit_core::rate_limit::redis;
use paykit_core::testing::RedisServer;
use paykit_core::testing::redis_server::free_port;
use paykit_core::{Client, RateLimiter, Request};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// Every trace of the test binary (a global subscriber: the limiter warns from any thread).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn traces() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        captured
    })
}

/// The trace lines that name `key`.
fn lines_about(key: &str) -> Vec<String> {
    let text = String::from_utf8(traces().0.lock().unwrap().clone()).unwrap();
    text.lines()
        .filter(|line| line.contains(key))
        .map(str::to_owned)
        .collect()
}

/// Answers `GET /ping?worker=<n>` and records when each request arrived, and from whom.
#[derive(Clone, Default)]
struct Arrivals(Arc<Mutex<Vec<(Instant, String)>>>);

impl Respond for Arrivals {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        // The exact request: GET /ping with one query pair, worker=<n>.
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/ping");
        assert_eq!(query.len(), 1, "{query:?}");
        assert_eq!(query[0].0, "worker");
        self.0
            .lock()
            .unwrap()
            .push((Instant::now(), query[0].1.clone()));
        ResponseTemplate::new(204)
    }
}

impl Arrivals {
    fn times(&self) -> Vec<Instant> {
        let mut times: Vec<Instant> = self.0.lock().unwrap().iter().map(|a| a.0).collect();
        times.sort();
        times
    }

    fn count_between(&self, from: Instant, to: Instant) -> usize {
        self.times()
            .iter()
            .filter(|t| **t >= from && **t <= to)
            .count()
    }

    fn sent_by(&self, worker: usize) -> usize {
        let worker = worker.to_string();
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|a| a.1 == worker)
            .count()
    }
}

async fn ping_server() -> (MockServer, Arrivals) {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("GET"))
        .and(path("/ping"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    (server, arrivals)
}

fn client(uri: &str, limiter: RateLimiter) -> Client {
    common::builder(uri)
        .rate_limit(Some(limiter))
        .build()
        .unwrap()
}

/// Each client in its own task calls `GET /ping` back to back until `run` has passed (the
/// calls then waiting for their slot still go); every call must succeed. Returns when the
/// last call answered.
async fn hammer(clients: Vec<Client>, run: Duration) {
    let start = Instant::now();
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(worker, client)| {
            tokio::spawn(async move {
                while start.elapsed() < run {
                    let request =
                        Request::get("fleet.ping", "/ping").query("worker", worker.to_string());
                    let response = client.execute(request).await.expect("never an error");
                    assert_eq!(response.status.as_u16(), 204);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}

/// The most a limit of `rate`/s with `burst` allows in `span` (+1 for the slot at the edge).
fn allowed(rate: f64, burst: u32, span: Duration) -> usize {
    (f64::from(burst) + rate * span.as_secs_f64()).floor() as usize + 1
}

/// Four separate clients in separate tasks, one key: what the server receives stays within
/// one limit, and the four together get about that limit (not four times it).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_clients_sharing_a_limit_send_no_more_than_it_allows() {
    traces();
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (server, arrivals) = ping_server().await;
    const RATE: u32 = 300;
    const BURST: u32 = 10;
    let clients = (0..4)
        .map(|_| {
            let limiter = RateLimiter::per_second(RATE)
                .with_burst(BURST)
                .shared_url(redis.url(), "fleet-four")
                .unwrap();
            client(&server.uri(), limiter)
        })
        .collect();
    let start = Instant::now();
    hammer(clients, Duration::from_secs(1)).await;
    let elapsed = start.elapsed();

    let total = arrivals.times().len();
    let bound = allowed(f64::from(RATE), BURST, elapsed);
    eprintln!(
        "shared {RATE}/s burst {BURST}, 4 clients: {total} requests in {elapsed:?} (limit {bound})"
    );
    assert!(
        total <= bound,
        "{total} requests in {elapsed:?}, the limit allows {bound}"
    );
    // The four share the limit's worth, not 4x, and not much less either.
    let expected = f64::from(RATE) * elapsed.as_secs_f64();
    assert!(
        total as f64 >= 0.6 * expected,
        "{total} requests in {elapsed:?}"
    );
    for worker in 0..4 {
        assert!(
            arrivals.sent_by(worker) > 0,
            "worker {worker} never got a slot"
        );
    }
    // Window by window (as the server saw them): at most the burst plus a window's worth,
    // with 50 ms for the time between a slot and the request's arrival.
    let times = arrivals.times();
    let window = Duration::from_millis(200);
    let per_window = allowed(f64::from(RATE), BURST, window + Duration::from_millis(50));
    for (i, from) in times.iter().enumerate() {
        let within = times[i..]
            .iter()
            .take_while(|t| **t - *from <= window)
            .count();
        assert!(
            within <= per_window,
            "{within} requests within {window:?} (limit {per_window})"
        );
    }
}

/// The same four clients with local limiters of the same figure: together they send about
/// four times what the vendor allows (why the shared limiter exists).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_clients_with_local_limiters_exceed_the_limit() {
    traces();
    let (server, arrivals) = ping_server().await;
    const RATE: u32 = 300;
    const BURST: u32 = 10;
    let clients = (0..4)
        .map(|_| {
            client(
                &server.uri(),
                RateLimiter::per_second(RATE).with_burst(BURST),
            )
        })
        .collect();
    let start = Instant::now();
    hammer(clients, Duration::from_secs(1)).await;
    let elapsed = start.elapsed();

    let total = arrivals.times().len();
    let one_limit = allowed(f64::from(RATE), BURST, elapsed);
    eprintln!(
        "local {RATE}/s burst {BURST} x4: {total} requests in {elapsed:?} (one limit {one_limit})"
    );
    assert!(
        total as f64 > 1.5 * one_limit as f64,
        "{total} requests in {elapsed:?}: local limiters should exceed one limit ({one_limit})"
    );
}

/// Pax8's figure scaled: 600 a minute with a burst of 10, four clients over a short window.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn six_hundred_a_minute_shared_by_four_clients_holds_over_a_short_window() {
    traces();
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (server, arrivals) = ping_server().await;
    const BURST: u32 = 10;
    let clients = (0..4)
        .map(|_| {
            let limiter = RateLimiter::per_minute(600)
                .with_burst(BURST)
                .shared_url(redis.url(), "fleet-600")
                .unwrap();
            client(&server.uri(), limiter)
        })
        .collect();
    let start = Instant::now();
    hammer(clients, Duration::from_millis(1200)).await;
    let elapsed = start.elapsed();

    let total = arrivals.times().len();
    let bound = allowed(10.0, BURST, elapsed);
    eprintln!(
        "shared 600/min burst {BURST}, 4 clients: {total} requests in {elapsed:?} (limit {bound})"
    );
    assert!(
        total <= bound,
        "{total} requests in {elapsed:?}, the limit allows {bound}"
    );
    // The burst went at once, then about 10 a second.
    assert!(total >= 20, "{total} requests in {elapsed:?}");
    let first = arrivals.times()[0];
    let early = arrivals.count_between(first, first + Duration::from_millis(90));
    assert!(
        (BURST as usize..=BURST as usize + 1).contains(&early),
        "{early} in the first 90 ms (the next slot is at 100 ms)"
    );
}

/// Redis is killed while two processes (two clients, two tasks each) share a limit: calls
/// keep going at the local fallback's limit with no error, each process warns once; when
/// Redis is back, each says so once and the state is in Redis again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redis_killed_mid_run_falls_back_to_the_local_limit_and_warns_once() {
    traces();
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let port = redis.port();
    let (server, arrivals) = ping_server().await;
    const KEY: &str = "fleet-outage";
    let limiters: Vec<Arc<Client>> = (0..2)
        .map(|_| {
            let limiter = RateLimiter::per_second(200)
                .with_burst(5)
                .fallback_share(0.5)
                .shared_url(redis.url(), KEY)
                .unwrap();
            Arc::new(client(&server.uri(), limiter))
        })
        .collect();
    let run = |run: Duration| {
        let clients = limiters
            .iter()
            .flat_map(|c| [Client::clone(c), Client::clone(c)])
            .collect();
        hammer(clients, run)
    };

    run(Duration::from_millis(500)).await;
    assert!(lines_about(KEY).is_empty(), "{:?}", lines_about(KEY));

    drop(redis);
    let killed = Instant::now();
    run(Duration::from_millis(1000)).await;
    let during = killed.elapsed();
    let after_kill = arrivals.count_between(killed, Instant::now());
    // Each process: 100/s with a burst of 3 (half of 200/s, 5), plus the four slots Redis
    // had already granted.
    let bound = 2 * allowed(100.0, 3, during) + 4;
    eprintln!("Redis killed: {after_kill} requests in {during:?} (local limit {bound})");
    assert!(
        after_kill <= bound,
        "{after_kill} requests in {during:?} without Redis (limit {bound})"
    );
    assert!(
        after_kill >= 100,
        "calls must keep going: {after_kill} in {during:?}"
    );
    let warnings: Vec<_> = lines_about(KEY)
        .into_iter()
        .filter(|l| l.contains("WARN"))
        .collect();
    assert_eq!(
        warnings.len(),
        2,
        "one warning per process per outage: {warnings:?}"
    );
    assert!(
        warnings[0].contains("using the local limit"),
        "{warnings:?}"
    );

    let redis = RedisServer::start_on(port).expect("redis-server restarts");
    run(Duration::from_millis(1300)).await;
    let infos: Vec<_> = lines_about(KEY)
        .into_iter()
        .filter(|l| l.contains("INFO"))
        .collect();
    assert_eq!(
        infos.len(),
        2,
        "each process says Redis is back, once: {infos:?}"
    );
    assert_eq!(lines_about(KEY).len(), 4, "{:?}", lines_about(KEY));
    let mut raw = raw(redis.url()).await;
    let state: Option<String> = redis::cmd("GET")
        .arg("paykit:rl:fleet-outage")
        .query_async(&mut raw)
        .await
        .unwrap();
    assert!(state.is_some(), "the limit lives in Redis again");
}

/// A Redis that refuses connections from the start: calls go through the local limit, one
/// warning, and neither `Debug`, errors nor traces show the URL's password.
#[tokio::test]
async fn an_unreachable_redis_falls_back_and_never_shows_the_password() {
    traces();
    let port = free_port();
    let url = format!("redis://:hunter2-pw@127.0.0.1:{port}/");
    let limiter = RateLimiter::per_second(1000)
        .shared_url(&url, "fleet-unreachable")
        .unwrap();
    let debug = format!("{limiter:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains(&format!("127.0.0.1:{port}")), "{debug}");
    assert!(limiter.is_shared());
    assert_eq!(limiter.redis_key(), Some("paykit:rl:fleet-unreachable"));

    let calls = async {
        for _ in 0..5 {
            limiter.acquire().await;
        }
    };
    tokio::time::timeout(Duration::from_secs(5), calls)
        .await
        .expect("never stuck");
    assert!(limiter.is_falling_back());
    let lines = lines_about("fleet-unreachable");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("WARN") && lines[0].contains("connection refused"),
        "{lines:?}"
    );
    assert!(lines[0].contains(&format!("127.0.0.1:{port}")), "{lines:?}");
    let all = String::from_utf8(traces().0.lock().unwrap().clone()).unwrap();
    assert!(!all.contains("hunter2"), "{all}");

    let bad = RateLimiter::per_second(1).shared_url("redis://:hunter2-pw@[::1/", "k");
    let error = bad.expect_err("not a URL").to_string();
    assert!(!error.contains("hunter2"), "{error}");
}

/// A Redis that accepts connections and never answers costs a call at most the Redis
/// timeout, then the local limit takes over.
#[tokio::test]
async fn a_redis_that_never_answers_costs_at_most_the_timeout() {
    traces();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let limiter = RateLimiter::per_second(1000)
        .redis_timeout(Duration::from_millis(50))
        .shared_url(&format!("redis://127.0.0.1:{port}/"), "fleet-silent")
        .unwrap();
    tokio::time::timeout(Duration::from_secs(2), limiter.acquire())
        .await
        .expect("bounded by the Redis timeout");
    assert!(limiter.is_falling_back());
    let lines = lines_about("fleet-silent");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("no answer within 50ms"), "{lines:?}");
    held.abort();
}

async fn raw(url: &str) -> redis::aio::MultiplexedConnection {
    redis::Client::open(url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

/// Two credentials, two keys: one spending its burst does not touch the other's. The state
/// is one key per credential, the theoretical arrival time in Redis's clock, with a TTL.
#[tokio::test]
async fn a_key_per_credential_does_not_share_a_budget() {
    traces();
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let limiter = |key: &str| {
        RateLimiter::per_minute(60)
            .with_burst(3)
            .shared_url(redis.url(), key)
            .unwrap()
    };
    let (a, a_again, b) = (limiter("cred-a"), limiter("cred-a"), limiter("cred-b"));
    let start = Instant::now();
    for _ in 0..3 {
        a.acquire().await;
    }
    // The burst of cred-a is spent, for every limiter on that key.
    assert!(
        a.current_wait() > Duration::from_millis(800),
        "{:?}",
        a.current_wait()
    );
    // cred-b's burst is whole: three calls at once (a wait would be a second).
    for _ in 0..3 {
        b.acquire().await;
    }
    assert!(
        start.elapsed() < Duration::from_millis(800),
        "{:?}",
        start.elapsed()
    );
    assert!(
        b.current_wait() > Duration::from_millis(800),
        "{:?}",
        b.current_wait()
    );
    // The same key in another limiter (another process) waits its turn: about a second.
    a_again.acquire().await;
    assert!(
        start.elapsed() >= Duration::from_millis(800),
        "{:?}",
        start.elapsed()
    );

    let mut raw = raw(redis.url()).await;
    let (seconds, micros): (u64, u64) = redis::cmd("TIME").query_async(&mut raw).await.unwrap();
    let now = seconds * 1_000_000 + micros;
    for (key, calls) in [("paykit:rl:cred-a", 4u64), ("paykit:rl:cred-b", 3)] {
        let tat: u64 = redis::cmd("GET")
            .arg(key)
            .query_async(&mut raw)
            .await
            .unwrap();
        let ttl: i64 = redis::cmd("PTTL")
            .arg(key)
            .query_async(&mut raw)
            .await
            .unwrap();
        // Each call moved the TAT one second on from when the key was fresh.
        assert!(
            tat > now && tat <= now + calls * 1_000_000,
            "{key}: {tat} vs {now}"
        );
        // The key expires when its TAT passes (within Redis's millisecond rounding).
        let until_tat_ms = (tat - now) / 1000;
        assert!(
            ttl > 0 && ttl as u64 <= until_tat_ms + 2,
            "{key}: ttl {ttl} ms, TAT in {until_tat_ms} ms"
        );
    }
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut raw)
        .await
        .unwrap();
    keys.sort();
    assert_eq!(keys, ["paykit:rl:cred-a", "paykit:rl:cred-b"]);
}
