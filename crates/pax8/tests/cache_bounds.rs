//! Issue 9 (5): the deadline bounds everything a call does, and a token cache that stalls
//! or a refresh lock held by a dead peer never fails a call: the cache is skipped within
//! `TokenConfig::cache_timeout`, the peer waited for at most `TokenConfig::peer_wait`.

use std::time::{Duration, Instant};

use paykit_pax8::core::{BoxError, async_trait};
use paykit_pax8::testing::Pax8Simulator;
use paykit_pax8::{CacheKey, CachedToken, CompanyFilter, RefreshLock, TokenCache};

/// A cache whose every operation hangs (a blackholed Redis).
#[derive(Debug)]
struct Stalled;

#[async_trait]
impl TokenCache for Stalled {
    async fn get(&self, _key: &CacheKey) -> Result<Option<CachedToken>, BoxError> {
        std::future::pending().await
    }
    async fn put(&self, _key: &CacheKey, _token: &CachedToken) -> Result<(), BoxError> {
        std::future::pending().await
    }
    async fn invalidate(&self, _key: &CacheKey, _token: &CachedToken) -> Result<(), BoxError> {
        std::future::pending().await
    }
    async fn try_lock_refresh(
        &self,
        _key: &CacheKey,
        _ttl: Duration,
    ) -> Result<Option<RefreshLock>, BoxError> {
        std::future::pending().await
    }
}

/// A shared cache whose refresh lock another process took and never released (it died),
/// and which holds no token.
#[derive(Debug)]
struct DeadPeer;

#[async_trait]
impl TokenCache for DeadPeer {
    async fn get(&self, _key: &CacheKey) -> Result<Option<CachedToken>, BoxError> {
        Ok(None)
    }
    async fn put(&self, _key: &CacheKey, _token: &CachedToken) -> Result<(), BoxError> {
        Ok(())
    }
    async fn invalidate(&self, _key: &CacheKey, _token: &CachedToken) -> Result<(), BoxError> {
        Ok(())
    }
    async fn try_lock_refresh(
        &self,
        _key: &CacheKey,
        _ttl: Duration,
    ) -> Result<Option<RefreshLock>, BoxError> {
        Ok(None)
    }
}

#[tokio::test]
async fn a_stalled_cache_is_skipped_and_the_call_succeeds_within_its_deadline() {
    let sim = Pax8Simulator::start().await;
    let client = sim
        .client_builder()
        .token_cache(Stalled)
        .deadline(Some(Duration::from_secs(1)))
        .build()
        .unwrap();
    let started = Instant::now();
    client
        .list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(sim.tokens_issued(), 1);
}

#[tokio::test]
async fn a_refresh_lock_held_by_a_dead_peer_is_waited_for_briefly_then_ignored() {
    let sim = Pax8Simulator::start().await;
    let mut config = paykit_pax8::TokenConfig {
        token_url: sim.token_url(),
        ..paykit_pax8::TokenConfig::default()
    };
    config.peer_wait = Duration::from_millis(300);
    let client = sim
        .client_builder()
        .token_config(config)
        .token_cache(DeadPeer)
        .deadline(Some(Duration::from_secs(2)))
        .build()
        .unwrap();
    client
        .list_companies_page(&CompanyFilter::new())
        .await
        .unwrap();
    assert_eq!(sim.tokens_issued(), 1);
}
