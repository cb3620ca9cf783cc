//! `ClientBuilder::shared_rate_limit` (feature `redis`): Pax8 clients of one client id share
//! one rate limit through a real `redis-server` on a free loopback port (skipped with a
//! printed reason when the binary is missing, unless `CI` is set).
#![cfg(feature = "redis")]

use paykit_core::testing::RedisServer;

use std::time::{Duration, Instant};

use paykit_pax8::core::RateLimiter;
use paykit_pax8::testing::{CLIENT_ID, CLIENT_SECRET, Pax8Simulator};
use paykit_pax8::{Client, CompanyFilter, redis};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pax8_clients_of_one_client_id_share_one_limit() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let sim = Pax8Simulator::start().await;
    let redis_client = || redis::Client::open(server.url()).unwrap();
    // Two "processes": 10 a second with a burst of 2, for the fleet.
    let build = || {
        sim.client_builder()
            .rate_limit(Some(RateLimiter::per_second(10).with_burst(2)))
            .shared_rate_limit(redis_client())
            .build()
            .unwrap()
    };
    let (one, two) = (build(), build());
    let debug = format!("{one:?}");
    assert!(debug.contains("paykit:rl:pax8:sim-client-id"), "{debug}");
    assert!(!debug.contains(CLIENT_SECRET), "{debug}");
    one.authenticate().await.unwrap();
    two.authenticate().await.unwrap();

    let start = Instant::now();
    let calls: Vec<_> = (0..6)
        .map(|i| {
            let client: Client = if i % 2 == 0 { one.clone() } else { two.clone() };
            tokio::spawn(async move { client.list_companies_page(&CompanyFilter::new()).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    // Six slots of one budget: two at once, then one each 100 ms, the last at 400 ms (each
    // client alone would have been done after 100 ms).
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(350), "{elapsed:?}");

    let mut raw = redis_client()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let key = format!("paykit:rl:pax8:{CLIENT_ID}");
    let exists: bool = redis::cmd("EXISTS")
        .arg(&key)
        .query_async(&mut raw)
        .await
        .unwrap();
    assert!(exists, "{key}");
}

#[test]
fn the_default_limit_is_shared_under_the_client_id_never_the_secret() {
    let redis = redis::Client::open("redis://127.0.0.1:6379/").unwrap();
    // Nothing connects before the first call.
    let client = Client::builder("partner-b", "secret-b")
        .shared_rate_limit(redis)
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(debug.contains("paykit:rl:pax8:partner-b"), "{debug}");
    assert!(debug.contains("limit: 1000"), "{debug}");
    assert!(!debug.contains("secret-b"), "{debug}");
}
