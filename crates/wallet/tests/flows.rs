//! The wallet API end to end against the stateful simulator (../shared/vendors/wallet.md §2.3-§2.5).

mod common;

use paykit_wallet::prelude::*;
use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{
    InventoryFilter, InventoryItem, NewEntry, NewItem, Used, WalletFilter, WalletTotal,
};
use serde_json::json;

#[tokio::test]
async fn deposits_purchases_overdraft_inventory_and_use() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    let wallet = sim.client();
    let arcade = sim.create_authority("arcade");
    let arcade_client = sim.client_builder_for(&arcade).build().unwrap();

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
                .item(NewItem::new("sword").data(json!({"damage": 7}))),
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
        Error::NotEnoughFunds(refusal) => assert_eq!(
            refusal.message.as_deref().unwrap(),
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
    let by_shop: Vec<WalletTotal> = wallet
        .list_wallets(&WalletFilter::new().authority_ids([shop.id.clone()]))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(by_shop.len(), 1);
    assert_eq!(
        (by_shop[0].user_id.as_str(), by_shop[0].total),
        ("alice", 380)
    );

    let unused = wallet
        .list_inventory_page(&InventoryFilter::new().user_ids(["alice"]))
        .await
        .unwrap()
        .items;
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0].entry_id, sword.entry_id);

    let used = wallet.use_item(&sword.entry_id).await.unwrap();
    assert!(used.item.unwrap().used);
    assert!(
        wallet
            .list_inventory_page(&InventoryFilter::new())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let all = wallet
        .list_inventory_page(&InventoryFilter::new().used(Used::Any))
        .await
        .unwrap()
        .items;
    assert_eq!(all.len(), 1);
    assert!(all[0].item.used);
    let only_used = wallet
        .list_inventory_page(&InventoryFilter::new().used(Used::Used))
        .await
        .unwrap()
        .items;
    assert_eq!(only_used.len(), 1);
    let by_entry = wallet
        .list_inventory_page(
            &InventoryFilter::new()
                .entry_ids([deposit.entry_id.clone()])
                .used(Used::Any),
        )
        .await
        .unwrap()
        .items;
    assert!(by_entry.is_empty(), "the deposit has no item");
}

#[tokio::test]
async fn list_streams_yield_every_item_and_pages_are_single() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    for (user, amount) in [("carol", 7), ("alice", 5), ("bob", 9)] {
        sim.seed_entry(
            &shop,
            NewEntry::new(user, amount, "seed").item(NewItem::new("cap")),
        );
    }
    let wallet = sim.client();
    let mut stream = wallet.list_wallets(&WalletFilter::new());
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!((first.user_id.as_str(), first.total), ("alice", 5));
    let rest: Vec<WalletTotal> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 2);
    let page = wallet
        .list_wallets_page(&WalletFilter::new())
        .await
        .unwrap();
    assert_eq!(page.items, sim.wallets());
    assert!(!page.has_next());
    let items: Vec<InventoryItem> = wallet
        .list_inventory(&InventoryFilter::new())
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    // One request per list: the service answers everything at once.
    let lists = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path == "/api/v1/wallet")
        .count();
    assert_eq!(lists, 2);
}

#[tokio::test]
async fn health_is_checked_once_before_the_first_call_and_shared_by_clones() {
    let sim = WalletSimulator::start().await;
    let wallet = sim.client();
    assert_eq!(sim.health_checks(), 0, "building the client sends nothing");
    wallet
        .create_entry(&NewEntry::new("u", 1, "r"))
        .await
        .unwrap();
    let clone = wallet.clone();
    clone.list_wallets_page(&WalletFilter::new()).await.unwrap();
    wallet
        .list_inventory_page(&InventoryFilter::new())
        .await
        .unwrap();
    assert_eq!(sim.health_checks(), 1);
    let requests = sim.requests().await;
    assert_eq!(requests[0].path, "/api/v1/health");
    assert_eq!(requests[1].path, "/api/v1/entry");
}

#[tokio::test]
async fn an_incompatible_or_unwell_service_is_refused_before_any_real_call() {
    for (ok, version, reason) in [
        (json!(true), "2.0.0", "incompatible API version"),
        (json!(true), "1.0.9", "incompatible API version"),
        (json!(true), "one", "not semver"),
        (json!("maintenance"), "1.1.0", "not ok"),
    ] {
        let sim = WalletSimulator::start().await;
        let wallet = sim.client();
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
        assert!(!err.maybe_sent());
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
    let sim = WalletSimulator::start().await;
    let wallet = sim.client_builder().check_health(false).build().unwrap();
    wallet
        .list_wallets_page(&WalletFilter::new())
        .await
        .unwrap();
    assert_eq!(sim.health_checks(), 0);
    let health = wallet.get_health().await.unwrap();
    assert_eq!((health.ok, health.version.as_str()), (json!(true), "1.1.0"));
}

#[tokio::test]
async fn a_key_the_server_does_not_know_is_forbidden() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    let other = WalletSimulator::start().await.create_authority("elsewhere");
    // Right id, wrong key.
    let wallet = Client::builder(shop.id.clone(), other.private_key_pem())
        .base_url(sim.base_url())
        .build()
        .unwrap();
    let err = wallet
        .create_entry(&NewEntry::new("u", 5, "r"))
        .await
        .unwrap_err();
    match &err {
        Error::Forbidden(api) => assert_eq!(api.message.as_deref(), Some("forbidden")),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status().unwrap(), 403);
    assert!(!err.maybe_sent());
    assert!(sim.entries().is_empty());
}

#[tokio::test]
async fn a_sec1_key_signs_the_same_token_as_pkcs8() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    let wallet = Client::builder(shop.id.clone(), shop.private_key_sec1_pem())
        .base_url(sim.base_url())
        .build()
        .unwrap();
    wallet
        .create_entry(&NewEntry::new("u", 5, "r"))
        .await
        .unwrap();
    let requests = sim.requests().await;
    assert_eq!(
        requests[1].header("authorization"),
        Some(shop.sign_token().as_str())
    );
}

#[tokio::test]
async fn base_url_takes_the_api_root_or_the_server_root() {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    for base in [
        sim.base_url(),
        format!("{}/", sim.base_url()),
        sim.root_url(),
        format!("{}/", sim.root_url()),
    ] {
        let wallet = common::builder(&base, &shop).build().unwrap();
        assert_eq!(wallet.base_url(), sim.base_url(), "{base}");
        wallet
            .create_entry(&NewEntry::new("u", 1, "r"))
            .await
            .unwrap();
    }
    assert_eq!(sim.entries().len(), 4);
    // The configuration file holds the server root, as the service writes it.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), shop.config_json(&sim.root_url())).unwrap();
    let from_file = Client::from_config_file(file.path()).unwrap();
    assert_eq!(from_file.base_url(), sim.base_url());
    from_file.total("u").await.unwrap();
    // ... and one edited to end with /api/v1 is not doubled.
    std::fs::write(file.path(), shop.config_json(&sim.base_url())).unwrap();
    assert_eq!(
        Client::from_config_file(file.path()).unwrap().base_url(),
        sim.base_url()
    );
}

#[tokio::test]
async fn validation_errors_keep_the_servers_error_object() {
    // A body the client lets through but the server refuses: provoke Joi with a raw request.
    let sim = WalletSimulator::start().await;
    let shop = sim.authority();
    let http = paykit_wallet::core::client::http_client_builder()
        .build()
        .unwrap();
    let resp = http
        .post(format!("{}/entry", sim.base_url()))
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
