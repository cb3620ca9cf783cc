//! The Redis token cache (feature `redis`) against a real `redis-server` that each test
//! starts on a free loopback port. Without the binary the tests skip with a printed reason,
//! unless `CI` is set: CI must have it.
#![cfg(feature = "redis")]

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use paykit_core::testing::RedisServer;

use paykit_pax8::redis;
use paykit_pax8::testing::{CLIENT_SECRET, Pax8Simulator};
use paykit_pax8::{CacheKey, CachedToken, RedisTokenCache, SecretString, TokenCache};

fn cache(server: &RedisServer, prefix: &str) -> RedisTokenCache {
    RedisTokenCache::new(server.url(), prefix).unwrap()
}

/// A raw connection, to look at what the cache stored.
async fn raw(server: &RedisServer) -> redis::aio::MultiplexedConnection {
    redis::Client::open(server.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

fn identity(id: &str) -> CacheKey {
    CacheKey {
        client_id: id.into(),
        audience: "https://api.pax8.com".into(),
        token_url: "https://api.pax8.com/v1/token".into(),
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_on_a_cold_cache_fetches_one_token() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let sim = Pax8Simulator::start().await;
    // Two "processes": separate clients, separate in-memory state, one Redis.
    let one = sim
        .client_builder()
        .token_cache(cache(&server, "fleet:"))
        .build()
        .unwrap();
    let two = sim
        .client_builder()
        .token_cache(cache(&server, "fleet:"))
        .build()
        .unwrap();
    let mut calls = Vec::new();
    for i in 0..20 {
        let client = if i % 2 == 0 { one.clone() } else { two.clone() };
        calls.push(tokio::spawn(async move { client.authenticate().await }));
    }
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(sim.tokens_issued(), 1);
    // A third process later: still the same token.
    let three = sim
        .client_builder()
        .token_cache(cache(&server, "fleet:"))
        .build()
        .unwrap();
    three.authenticate().await.unwrap();
    assert_eq!(sim.tokens_issued(), 1);
    // Another prefix is another cache.
    let other = sim
        .client_builder()
        .token_cache(cache(&server, "other:"))
        .build()
        .unwrap();
    other.authenticate().await.unwrap();
    assert_eq!(sim.tokens_issued(), 2);
}

#[tokio::test]
async fn invalidate_keeps_a_newer_token() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let cache = cache(&server, "inv:");
    let key = identity("a");
    let far = now() + 3600;
    let old = CachedToken::new(SecretString::from("old-token"), "Bearer", far);
    let new = CachedToken::new(SecretString::from("new-token"), "Bearer", far);
    cache.put(&key, &old).await.unwrap();
    cache.put(&key, &new).await.unwrap();
    cache.invalidate(&key, &old).await.unwrap();
    let kept = cache.get(&key).await.unwrap().unwrap();
    assert!(kept.same_token(&new));
    assert!(cache.get(&identity("b")).await.unwrap().is_none());
    cache.invalidate(&key, &new).await.unwrap();
    assert!(cache.get(&key).await.unwrap().is_none());
}

#[tokio::test]
async fn redis_drops_expired_tokens() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let cache = cache(&server, "exp:");
    let key = identity("a");
    let expired = CachedToken::new(SecretString::from("expired"), "Bearer", now() - 1);
    cache.put(&key, &expired).await.unwrap();
    assert!(cache.get(&key).await.unwrap().is_none());
    let short = CachedToken::new(SecretString::from("short"), "Bearer", now() + 2);
    cache.put(&key, &short).await.unwrap();
    let mut connection = raw(&server).await;
    let ttl: i64 = redis::cmd("PTTL")
        .arg(cache.token_key(&key))
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!(ttl > 0 && ttl <= 2_000, "{ttl}");
    let deadline = Instant::now() + Duration::from_secs(15);
    while cache.get(&key).await.unwrap().is_some() {
        assert!(
            Instant::now() < deadline,
            "the token did not expire in Redis"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_refresh_lock_is_held_once_and_released_by_its_holder() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let cache = cache(&server, "lock:");
    let key = identity("a");
    let ttl = Duration::from_secs(30);
    let held = cache.try_lock_refresh(&key, ttl).await.unwrap().unwrap();
    assert!(held.is_shared());
    assert!(cache.try_lock_refresh(&key, ttl).await.unwrap().is_none());
    // Someone else's (stale) lock id releases nothing.
    cache
        .unlock_refresh(&key, paykit_pax8::RefreshLock::shared("not-the-holder"))
        .await
        .unwrap();
    assert!(cache.try_lock_refresh(&key, ttl).await.unwrap().is_none());
    cache.unlock_refresh(&key, held).await.unwrap();
    assert!(cache.try_lock_refresh(&key, ttl).await.unwrap().is_some());
}

#[tokio::test]
async fn a_401_removes_the_shared_token() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let sim = Pax8Simulator::start().await;
    let shared = Arc::new(cache(&server, "revoke:"));
    let client = sim
        .client_builder()
        .token_cache_shared(shared.clone())
        .build()
        .unwrap();
    client
        .list_companies_page(&Default::default())
        .await
        .unwrap();
    sim.revoke_tokens();
    client
        .list_companies_page(&Default::default())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 2);
    let second = sim
        .client_builder()
        .token_cache_shared(shared)
        .build()
        .unwrap();
    second
        .list_companies_page(&Default::default())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 2);
}

#[test]
fn debug_shows_no_password() {
    // No server needed: nothing connects before first use.
    let cache = RedisTokenCache::new("redis://:hunter2-pass@127.0.0.1:6390/3", "p:").unwrap();
    let debug = format!("{cache:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("127.0.0.1:6390"), "{debug}");
    let error = RedisTokenCache::new("nonsense://:hunter2-pass@", "p:").unwrap_err();
    assert!(!error.to_string().contains("hunter2"));
    let _ = CLIENT_SECRET;
}

#[cfg(feature = "encryption")]
mod encrypted {
    use paykit_pax8::CacheEncryptionKey;

    use super::*;

    fn sealed(server: &RedisServer, key: u8) -> RedisTokenCache {
        cache(server, "sealed:").encrypted(CacheEncryptionKey::from_bytes([key; 32]))
    }

    #[tokio::test]
    async fn values_in_redis_hold_no_token_text() {
        let Some(server) = RedisServer::start() else {
            return;
        };
        let sim = Pax8Simulator::start().await;
        let client = sim
            .client_builder()
            .token_cache(sealed(&server, 1))
            .build()
            .unwrap();
        client.authenticate().await.unwrap();
        let mut connection = raw(&server).await;
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg("sealed:token:*")
            .query_async(&mut connection)
            .await
            .unwrap();
        assert_eq!(keys.len(), 1);
        let value: String = redis::cmd("GET")
            .arg(&keys[0])
            .query_async(&mut connection)
            .await
            .unwrap();
        for clear in ["sim-token", CLIENT_SECRET, "Bearer", "access_token"] {
            assert!(!value.contains(clear), "{clear} in {value}");
        }
        assert!(value.contains("xchacha20poly1305"), "{value}");
        // The same key: the token is shared.
        let same = sim
            .client_builder()
            .token_cache(sealed(&server, 1))
            .build()
            .unwrap();
        same.authenticate().await.unwrap();
        assert_eq!(sim.tokens_issued(), 1);
        // Another key opens nothing: it fetches, and replaces the value.
        let other = sim
            .client_builder()
            .token_cache(sealed(&server, 2))
            .build()
            .unwrap();
        other.authenticate().await.unwrap();
        assert_eq!(sim.tokens_issued(), 2);
        // A plaintext value is never read when encryption is on.
        let key = identity("a");
        let planted = CachedToken::new(SecretString::from("planted"), "Bearer", now() + 3600);
        cache(&server, "sealed:").put(&key, &planted).await.unwrap();
        assert!(sealed(&server, 1).get(&key).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn a_blackholed_redis_never_fails_or_stalls_a_call() {
    // Issue 9 (5): a Redis that accepts connections and never answers made a 1 s-deadline
    // call take 15 s and fail. The cache is skipped within `TokenConfig::cache_timeout`.
    let blackhole = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = blackhole.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = blackhole.accept().await {
            sockets.push(socket);
        }
    });
    let sim = Pax8Simulator::start().await;
    let cache = RedisTokenCache::new(&format!("redis://127.0.0.1:{port}/"), "paykit-test").unwrap();
    let client = sim
        .client_builder()
        .token_cache(cache)
        .deadline(Some(Duration::from_secs(1)))
        .build()
        .unwrap();
    let started = Instant::now();
    client
        .list_companies_page(&paykit_pax8::CompanyFilter::new())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(sim.tokens_issued(), 1);
    held.abort();
}
