//! `create_entry` moves money: it is never sent twice once it may have reached the server,
//! and a failure that may have taken effect says so (`maybe_sent`). Reads are retried.

mod common;

use std::time::Duration;

use paykit_core::testing::raw::{Behavior, RawServer};
use paykit_wallet::testing::{Fault, WalletSimulator};
use paykit_wallet::{Error, NewEntry, NewItem, WalletFilter};

fn posts(requests: &[paykit_wallet::testing::RecordedRequest]) -> usize {
    requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v1/entry")
        .count()
}

#[tokio::test]
async fn a_503_on_create_entry_is_sent_once_and_reported_as_maybe_sent() {
    let sim = WalletSimulator::start().await;
    let wallet = sim.client();
    sim.inject(Fault::status(503).on("wallet.create_entry"));
    let err = wallet
        .create_entry(&NewEntry::new("alice", 500, "top-up"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 503),
        "{err:?}"
    );
    assert_eq!(err.status().unwrap(), 503);
    assert!(err.maybe_sent());
    assert_eq!(posts(&sim.requests().await), 1);
    // The fault answered instead of the service: nothing stored, and never twice.
    assert!(sim.entries().len() <= 1);
    assert!(sim.entries().is_empty());
}

#[tokio::test]
async fn a_dropped_connection_on_create_entry_is_not_resent() {
    let sim = WalletSimulator::start().await;
    let wallet = sim.client();
    sim.inject(Fault::drop_connection().on("wallet.create_entry"));
    let err = wallet
        .create_entry(&NewEntry::new("alice", 500, "top-up").item(NewItem::new("hat")))
        .await
        .unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(posts(&sim.requests().await), 1);
    assert!(sim.entries().len() <= 1);
}

#[tokio::test]
async fn a_slow_answer_times_out_the_entry_is_stored_once_and_the_error_says_maybe_sent() {
    let sim = WalletSimulator::start().await;
    let wallet = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    sim.inject(Fault::delay(Duration::from_secs(2)).on("wallet.create_entry"));
    let err = wallet
        .create_entry(&NewEntry::new("alice", 500, "top-up"))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.maybe_sent());
    assert_eq!(posts(&sim.requests().await), 1);
    // The server took it (once); the client did not send it again.
    assert_eq!(sim.entries().len(), 1);
    assert_eq!(sim.total("alice"), 500);
}

#[tokio::test]
async fn a_truncated_answer_to_create_entry_is_not_resent() {
    let sim = WalletSimulator::start().await;
    let wallet = sim.client();
    sim.inject(Fault::truncated_body().on("wallet.create_entry"));
    let err = wallet
        .create_entry(&NewEntry::new("alice", 5, "top-up"))
        .await
        .unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
    assert_eq!(posts(&sim.requests().await), 1);
    assert_eq!(sim.entries().len(), 1);
}

#[tokio::test]
async fn use_item_is_not_resent_after_a_503() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    let hat = sim.seed_entry(
        &shop,
        NewEntry::new("alice", 0, "gift").item(NewItem::new("hat")),
    );
    let wallet = sim.client();
    sim.inject(Fault::status(503).on("wallet.use_item"));
    let err = wallet.use_item(&hat.entry_id).await.unwrap_err();
    assert!(err.maybe_sent());
    let uses = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path.ends_with("/inventory/use"))
        .count();
    assert_eq!(uses, 1);
}

#[tokio::test]
async fn reads_are_retried_after_a_503_and_a_429() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    sim.seed_entry(&shop, NewEntry::new("alice", 70, "seed"));
    let wallet = sim.client();
    sim.inject(Fault::status(503).on("wallet.list_wallets"));
    assert_eq!(wallet.total("alice").await.unwrap(), 70);
    let reads = |requests: &[paykit_wallet::testing::RecordedRequest]| {
        requests
            .iter()
            .filter(|r| r.path == "/api/v1/wallet")
            .count()
    };
    assert_eq!(reads(&sim.requests().await), 2);

    sim.inject(Fault::rate_limited(Duration::from_secs(1)).on("wallet.list_wallets"));
    let started = std::time::Instant::now();
    let page = wallet
        .list_wallets_page(&WalletFilter::new())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After honoured"
    );
    assert_eq!(reads(&sim.requests().await), 4);
}

#[tokio::test]
async fn a_429_that_is_not_retried_is_rate_limited_with_retry_after() {
    let sim = WalletSimulator::start().await;
    let wallet = sim
        .client_builder()
        .retry(paykit_wallet::core::RetryPolicy::default().max_attempts(1))
        .build()
        .unwrap();
    sim.inject(Fault::rate_limited(Duration::from_secs(7)).on("wallet.create_entry"));
    let err = wallet
        .create_entry(&NewEntry::new("alice", 5, "top-up"))
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert!(!err.maybe_sent(), "a 429 is a refusal");
    assert_eq!(
        err.api_error().unwrap().retry_after,
        Some(Duration::from_secs(7))
    );
    assert!(sim.entries().is_empty());
}

#[tokio::test]
async fn a_connection_dropped_after_the_request_is_not_resent_but_a_read_is() {
    let server = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let sim = WalletSimulator::start().await;
    let wallet = common::builder(&server.uri(), sim.authority())
        .check_health(false)
        .build()
        .unwrap();

    let err = wallet
        .create_entry(&NewEntry::new("alice", -50, "buy"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Core(paykit_core::Error::Transport {
                maybe_sent: true,
                ..
            })
        ),
        "{err:?}"
    );
    let seen = server.requests();
    assert_eq!(seen.len(), 1, "sent exactly once");
    assert!(seen[0].head.starts_with("POST /api/v1/entry HTTP/1.1"));
    assert_eq!(
        seen[0].body,
        br#"{"user_id":"alice","amount":-50,"reason":"buy"}"#
    );

    // A read on the same broken server is retried (3 attempts).
    wallet
        .list_wallets_page(&WalletFilter::new())
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 4);
}
