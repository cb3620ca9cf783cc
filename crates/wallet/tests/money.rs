//! `create_entry` moves money: it is never sent twice once it may have reached the server.

mod common;

use std::time::Duration;

use paykit_core::testing::raw::{Behavior, RawServer};
use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{Error, NewEntry};

#[tokio::test]
async fn a_slow_server_records_the_entry_once_and_the_client_reports_a_timeout() {
    let sim = WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let wallet = common::builder(&sim.api_base_url(), &shop)
        .attempt_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    wallet.check_health().await.unwrap();
    sim.set_response_delay(Duration::from_secs(3));

    let err = wallet
        .create_entry(&NewEntry::new("alice", 500, "top-up"))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.maybe_sent());
    // The server took it (once); the client did not send it again.
    assert_eq!(sim.entries().len(), 1);
    assert_eq!(sim.total("alice"), 500);
    let posts = sim
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn a_connection_dropped_after_the_request_is_not_resent() {
    let server = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let sim = WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let wallet = common::builder(&server.uri(), &shop)
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
        .wallets(&paykit_wallet::WalletFilter::new())
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 4);
}
