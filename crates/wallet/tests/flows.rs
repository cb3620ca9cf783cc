//! The wallet API end to end against the stateful simulator (wallet.md §2.3-§2.5).

mod common;

use paykit_wallet::{Error, InventoryFilter, NewEntry, NewItem, Used, WalletFilter};
use serde_json::json;

#[tokio::test]
async fn deposits_purchases_overdraft_inventory_and_use() {
    let (sim, shop, wallet) = common::simulated().await;
    let arcade = sim.create_authority("arcade");
    let arcade_client = common::builder(&sim.api_base_url(), &arcade)
        .build()
        .unwrap();

    let deposit = wallet
        .create_entry(&NewEntry::new("alice", 500, "top-up"))
        .await
        .unwrap();
    assert_eq!((deposit.amount, deposit.user_id.as_str()), (500, "alice"));
    assert_eq!(deposit.authority_id, shop.id);
    assert!(deposit.item.is_none());
    arcade_client
        .create_entry(&NewEntry::new("alice", 100, "prize"))
        .await
        .unwrap();

    let sword = wallet
        .create_entry(
            &NewEntry::new("alice", -120, "bought a sword")
                .with_item(NewItem::new("sword").with_data(json!({"damage": 7}))),
        )
        .await
        .unwrap();
    let item = sword.item.clone().unwrap();
    assert_eq!(
        (item.name.as_str(), item.used, item.data),
        ("sword", false, Some(json!({"damage": 7})))
    );

    // Totals count every authority's entries (§2.3, §2.4).
    assert_eq!(wallet.total("alice").await.unwrap(), 480);
    let err = wallet
        .create_entry(&NewEntry::new("alice", -481, "castle"))
        .await
        .unwrap_err();
    match &err {
        Error::NotEnoughFunds { message } => assert_eq!(
            message,
            "user alice does not have enough money to pay 481 as their wallet only has 480 in value"
        ),
        other => panic!("expected NotEnoughFunds, got {other:?}"),
    }
    assert_eq!(err.status().unwrap(), 402);
    assert_eq!(
        sim.entries().len(),
        3,
        "the refused withdrawal recorded nothing"
    );

    // Per-authority totals.
    let by_shop = wallet
        .wallets(&WalletFilter::new().authority_ids([shop.id.clone()]))
        .await
        .unwrap();
    assert_eq!(by_shop.len(), 1);
    assert_eq!(
        (by_shop[0].user_id.as_str(), by_shop[0].total),
        ("alice", 380)
    );

    let unused = wallet
        .inventory(&InventoryFilter::new().user_ids(["alice"]))
        .await
        .unwrap();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0].entry_id, sword.entry_id);

    let used = wallet.use_item(&sword.entry_id).await.unwrap();
    assert!(used.item.unwrap().used);
    assert!(
        wallet
            .inventory(&InventoryFilter::new())
            .await
            .unwrap()
            .is_empty()
    );
    let all = wallet
        .inventory(&InventoryFilter::new().used(Used::Any))
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].item.used);
    let only_used = wallet
        .inventory(&InventoryFilter::new().used(Used::Used))
        .await
        .unwrap();
    assert_eq!(only_used.len(), 1);
    let by_entry = wallet
        .inventory(
            &InventoryFilter::new()
                .entry_ids([deposit.entry_id.clone()])
                .used(Used::Any),
        )
        .await
        .unwrap();
    assert!(by_entry.is_empty(), "the deposit has no item");
}

#[tokio::test]
async fn health_is_checked_once_before_the_first_call_and_shared_by_clones() {
    let (sim, _shop, wallet) = common::simulated().await;
    assert_eq!(sim.health_checks(), 0, "building the client sends nothing");
    wallet
        .create_entry(&NewEntry::new("u", 1, "r"))
        .await
        .unwrap();
    let clone = wallet.clone();
    clone.wallets(&WalletFilter::new()).await.unwrap();
    wallet.inventory(&InventoryFilter::new()).await.unwrap();
    assert_eq!(sim.health_checks(), 1);
    let requests = sim.received_requests().await;
    assert_eq!(requests[0].url.path(), "/api/v1/health");
    assert_eq!(requests[1].url.path(), "/api/v1/entry");
}

#[tokio::test]
async fn an_incompatible_or_unwell_service_is_refused_before_any_real_call() {
    for (ok, version, reason) in [
        (json!(true), "2.0.0", "incompatible API version"),
        (json!(true), "1.0.9", "incompatible API version"),
        (json!(true), "one", "not semver"),
        (json!("maintenance"), "1.1.0", "not ok"),
    ] {
        let (sim, _shop, wallet) = common::simulated().await;
        sim.set_health(ok.clone(), version);
        let err = wallet
            .create_entry(&NewEntry::new("u", 5, "r"))
            .await
            .unwrap_err();
        match &err {
            Error::IncompatibleService {
                version: v,
                ok: o,
                reason: r,
            } => {
                assert_eq!((v.as_str(), o), (version, &ok));
                assert!(r.contains(reason), "{r}");
            }
            other => panic!("{other:?}"),
        }
        assert!(sim.entries().is_empty());
        // Not remembered: once the service is fine, the next call goes through.
        sim.set_health(json!(true), "1.4.2");
        wallet
            .create_entry(&NewEntry::new("u", 5, "r"))
            .await
            .unwrap();
        assert_eq!(sim.health_checks(), 2);
    }
}

#[tokio::test]
async fn the_health_check_can_be_skipped_and_called_by_hand() {
    let sim = paykit_wallet::testing::WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let wallet = common::builder(&sim.api_base_url(), &shop)
        .check_health(false)
        .build()
        .unwrap();
    wallet.wallets(&WalletFilter::new()).await.unwrap();
    assert_eq!(sim.health_checks(), 0);
    let health = wallet.check_health().await.unwrap();
    assert_eq!((health.ok, health.version.as_str()), (json!(true), "1.1.0"));
}

#[tokio::test]
async fn a_key_the_server_does_not_know_is_forbidden() {
    let sim = paykit_wallet::testing::WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let other = paykit_wallet::testing::WalletSimulator::start()
        .await
        .create_authority("elsewhere");
    // Right id, wrong key.
    let config = shop.config_json(&sim.api_base_url());
    let forged = config.replace(
        &json_string(&shop.private_key_pem()),
        &json_string(&other.private_key_pem()),
    );
    let wallet = paykit_wallet::ClientBuilder::from_config(
        paykit_wallet::AuthorityConfig::from_json(&forged).unwrap(),
    )
    .build()
    .unwrap();
    let err = wallet
        .create_entry(&NewEntry::new("u", 5, "r"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Forbidden { message } if message == "forbidden"),
        "{err:?}"
    );
    assert!(sim.entries().is_empty());
}

fn json_string(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

#[tokio::test]
async fn a_sec1_key_signs_the_same_token_as_pkcs8() {
    let sim = paykit_wallet::testing::WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let wallet = paykit_wallet::Client::builder(
        sim.api_base_url(),
        shop.id.clone(),
        shop.private_key_sec1_pem().into(),
    )
    .build()
    .unwrap();
    wallet
        .create_entry(&NewEntry::new("u", 5, "r"))
        .await
        .unwrap();
    let requests = sim.received_requests().await;
    let auth = requests[1]
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(auth, shop.sign_token());
}

#[tokio::test]
async fn validation_errors_keep_the_servers_error_object() {
    // A body the client lets through but the server refuses: item data that is an object
    // with an unknown shape is fine, so provoke Joi with a raw request instead.
    let (sim, shop, _wallet) = common::simulated().await;
    let http = paykit_core::client::http_client_builder().build().unwrap();
    let resp = http
        .post(format!("{}/api/v1/entry", sim.api_base_url()))
        .header("authorization", shop.sign_token())
        .json(&json!({"user_id": "alice", "reason": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&common::fixture("error_400_joi.json")).unwrap();
    assert_eq!(body["error"]["details"], expected["error"]["details"]);
}
