//! The wallet leg of the demo.

use std::error::Error;
use std::time::Duration;

use paykit::wallet::prelude::*;
use paykit::wallet::testing::{Fault, RecordedRequest, WalletSimulator};
use paykit::wallet::{self, InventoryFilter, NewEntry, NewItem, Used, WalletFilter};

use crate::{fault_step, requests_received, section, step};

/// How many requests hit `path` with `method`.
fn count(requests: &[RecordedRequest], method: &str, path: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

/// The wallet service: health, deposits, a purchase with an item, an overdraft refused,
/// inventory, use, totals, a read retried after a 503, a purchase that times out (sent once,
/// reported as an unknown outcome), and the blocking client.
pub async fn run() -> Result<(), Box<dyn Error>> {
    let sim = WalletSimulator::start().await;
    let shop = sim.authority().clone();
    let arcade = sim.create_authority("arcade");
    let dir = std::env::temp_dir().join(format!("paykit-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let config = dir.join("shop-authority.json");
    std::fs::write(&config, shop.config_json(&sim.root_url()))?;
    section(
        "Wallet service",
        format!(
            "simulator at {}; the shop's authority file is {}",
            sim.base_url(),
            config.display()
        ),
    );

    let client = wallet::Client::from_config_file(&config)?;
    let arcade_client = sim.client_builder_for(&arcade).build()?;

    let health = client.get_health().await?;
    step(
        "health check",
        format!("API {} is compatible and ok", health.version),
    );

    for (who, amount, reason, by, name) in [
        ("alice", 500, "welcome bonus", &client, "the shop"),
        ("bob", 200, "welcome bonus", &client, "the shop"),
        ("alice", 50, "arcade prize", &arcade_client, "the arcade"),
    ] {
        let entry = by.create_entry(&NewEntry::new(who, amount, reason)).await?;
        step(
            &format!("deposit {:+} for {}", entry.amount, entry.user_id),
            format!(
                "{}, recorded by {name} on {}",
                entry.reason,
                entry.created_on.date()
            ),
        );
    }

    let sword = client
        .create_entry(
            &NewEntry::new("alice", -120, "bought a sword")
                .item(NewItem::new("sword").data(serde_json::json!({"damage": 7}))),
        )
        .await?;
    let item = sword.item.as_ref().ok_or("the purchase carries no item")?;
    let damage = item
        .data
        .as_ref()
        .and_then(|d| d.get("damage"))
        .and_then(serde_json::Value::as_i64);
    step(
        "alice buys a sword for 120",
        format!(
            "recorded with the item {} (damage {})",
            item.name,
            crate::or_dash(damage)
        ),
    );

    match client
        .create_entry(&NewEntry::new("bob", -1_000, "a castle"))
        .await
    {
        Err(wallet::Error::NotEnoughFunds(refusal)) => step(
            "bob tries to spend 1000",
            format!(
                "refused: {}",
                refusal.message.as_deref().unwrap_or("not enough funds")
            ),
        ),
        Ok(_) => return Err("the overdraft was accepted".into()),
        Err(other) => return Err(format!("expected a refusal for lack of funds: {other}").into()),
    }

    let unused: Vec<_> = client
        .list_inventory(&InventoryFilter::new())
        .try_collect()
        .await?;
    let owned: Vec<String> = unused
        .iter()
        .map(|row| format!("{} owns a {}", row.user_id, row.item.name))
        .collect();
    step("unused items", owned.join(", "));

    let used = client.use_item(&sword.entry_id).await?;
    let left = client
        .list_inventory_page(&InventoryFilter::new())
        .await?
        .items
        .len();
    let all = client
        .list_inventory_page(&InventoryFilter::new().used(Used::Any))
        .await?
        .items
        .len();
    step(
        "alice uses the sword",
        format!(
            "{}; {left} unused of {all} items now",
            if used.item.as_ref().is_some_and(|i| i.used) {
                "marked used"
            } else {
                "not marked used"
            }
        ),
    );

    let totals: Vec<_> = client
        .list_wallets(&WalletFilter::new())
        .try_collect()
        .await?;
    let everywhere: Vec<String> = totals
        .iter()
        .map(|w| format!("{} {}", w.user_id, w.total))
        .collect();
    step("totals across authorities", everywhere.join(", "));
    let at_shop: Vec<_> = client
        .list_wallets(&WalletFilter::new().authority_ids([shop.id.clone()]))
        .try_collect()
        .await?;
    let at_shop: Vec<String> = at_shop
        .iter()
        .map(|w| format!("{} {}", w.user_id, w.total))
        .collect();
    step("totals at the shop only", at_shop.join(", "));

    // Guarantee: a read is retried after a 503.
    let before = count(&sim.requests().await, "GET", "/api/v1/wallet");
    sim.inject(Fault::status(503).on("wallet.list_wallets"));
    let total = client.total("alice").await?;
    let reads = count(&sim.requests().await, "GET", "/api/v1/wallet") - before;
    if reads != 2 {
        return Err(format!("expected one retry after the 503, saw {reads} requests").into());
    }
    fault_step(
        "a read retried after a 503",
        reads - 1,
        format!("alice's total {total}, after one automatic retry"),
    );

    // Guarantee: a purchase whose answer never comes in time is sent once and reported as
    // an unknown outcome.
    let impatient = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()?;
    impatient.get_health().await?;
    let posts_before = count(&sim.requests().await, "POST", "/api/v1/entry");
    let entries_before = sim.entries().len();
    sim.inject(Fault::delay(Duration::from_secs(1)).on("wallet.create_entry"));
    let outcome = impatient
        .create_entry(&NewEntry::new("alice", -30, "a potion").item(NewItem::new("potion")))
        .await;
    let err = match outcome {
        Ok(_) => return Err("the slow purchase did not time out".into()),
        Err(e) => e,
    };
    if !(err.is_timeout() && err.maybe_sent()) {
        return Err(format!("expected a timeout that may have been sent: {err}").into());
    }
    let posts = count(&sim.requests().await, "POST", "/api/v1/entry") - posts_before;
    let stored = sim.entries().len() - entries_before;
    if posts != 1 || stored > 1 {
        return Err(format!("the purchase was sent {posts} times, stored {stored} times").into());
    }
    fault_step(
        "a purchase that times out",
        0,
        "unknown outcome, check before retrying; sent once",
    );
    let potions = client
        .list_inventory_page(&InventoryFilter::new().user_ids(["alice"]))
        .await?
        .items
        .iter()
        .filter(|row| row.item.name == "potion")
        .count();
    step(
        "checked before retrying",
        if potions == 1 {
            "the potion is in alice's inventory: no second purchase"
        } else {
            "no potion in alice's inventory: safe to buy again"
        },
    );

    let config_for_thread = config.clone();
    // A plain thread, as sync code has: blocking calls refuse to run on runtime threads.
    let total = std::thread::spawn(move || {
        let blocking = wallet::blocking::Client::from_config_file(config_for_thread)?;
        blocking.total("alice")
    })
    .join()
    .map_err(|_| "the blocking thread panicked")??;
    step("alice's total from blocking code", total);
    step(
        "health checks served",
        format!(
            "{} (one per client, before its first call)",
            sim.health_checks()
        ),
    );
    requests_received(sim.requests().await.len());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
