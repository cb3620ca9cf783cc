//! The wallet leg of the demo.

use std::error::Error;

use paykit::wallet::testing::WalletSimulator;
use paykit::wallet::{self, InventoryFilter, NewEntry, NewItem, Used, WalletFilter};

use crate::step;

/// The wallet service: health, deposits, a purchase with an item, an overdraft refused,
/// inventory, use, totals, and the blocking client.
pub async fn run() -> Result<(), Box<dyn Error>> {
    println!("== wallet service ==");
    let sim = WalletSimulator::start().await;
    let shop = sim.create_authority("shop");
    let arcade = sim.create_authority("arcade");
    let dir = std::env::temp_dir().join(format!("paykit-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let config = dir.join("shop-authority.json");
    std::fs::write(&config, shop.config_json(&sim.api_base_url()))?;
    println!(
        "  simulator at {}; authority config written to {}",
        sim.api_base_url(),
        config.display()
    );

    let client = wallet::Client::from_config_file(&config)?;
    let arcade_client = wallet::ClientBuilder::new(
        sim.api_base_url(),
        arcade.id.clone(),
        arcade.private_key_pem().into(),
    )
    .build()?;

    step("health check");
    let health = client.check_health().await?;
    println!("     ok={} version={}", health.ok, health.version);

    step("deposits");
    for (who, amount, reason, by) in [
        ("alice", 500, "welcome bonus", &client),
        ("bob", 200, "welcome bonus", &client),
        ("alice", 50, "arcade prize", &arcade_client),
    ] {
        let entry = by.create_entry(&NewEntry::new(who, amount, reason)).await?;
        println!(
            "     {:<5} {:+5}  {:<14} entry {} (authority {})",
            entry.user_id, entry.amount, entry.reason, entry.entry_id, entry.authority_id
        );
    }

    step("a purchase with an item");
    let sword = client
        .create_entry(
            &NewEntry::new("alice", -120, "bought a sword")
                .with_item(NewItem::new("sword").with_data(serde_json::json!({"damage": 7}))),
        )
        .await?;
    let item = sword.item.as_ref().ok_or("the purchase carries no item")?;
    println!(
        "     alice {:+} for {:?} (data {}), entry {}",
        sword.amount,
        item.name,
        item.data.clone().unwrap_or_default(),
        sword.entry_id
    );

    step("an overdraft is refused");
    match client
        .create_entry(&NewEntry::new("bob", -1_000, "a castle"))
        .await
    {
        Err(wallet::Error::NotEnoughFunds { message }) => {
            println!("     NotEnoughFunds: {message}")
        }
        other => return Err(format!("expected NotEnoughFunds, got {other:?}").into()),
    }

    step("inventory (unused items)");
    for row in client.inventory(&InventoryFilter::new()).await? {
        println!(
            "     {} owns {:?} (entry {}, used={})",
            row.user_id, row.item.name, row.entry_id, row.item.used
        );
    }

    step("use the item");
    let used = client.use_item(&sword.entry_id).await?;
    println!(
        "     {:?} used={}",
        used.item.as_ref().map(|i| i.name.as_str()).unwrap_or(""),
        used.item.as_ref().is_some_and(|i| i.used)
    );
    let left = client.inventory(&InventoryFilter::new()).await?.len();
    let all = client
        .inventory(&InventoryFilter::new().used(Used::Any))
        .await?
        .len();
    println!("     unused items now {left}, all items {all}");

    step("totals (all authorities, then the shop only)");
    for w in client.wallets(&WalletFilter::new()).await? {
        println!("     {:<5} {:>5}", w.user_id, w.total);
    }
    for w in client
        .wallets(&WalletFilter::new().authority_ids([shop.id.clone()]))
        .await?
    {
        println!("     {:<5} {:>5}  (shop only)", w.user_id, w.total);
    }

    step("the same client from blocking code");
    let config_for_thread = config.clone();
    // A plain thread, as sync code has: blocking calls refuse to run on runtime threads.
    let total = std::thread::spawn(move || {
        let blocking = wallet::blocking::Client::from_config_file(config_for_thread)?;
        blocking.total("alice")
    })
    .join()
    .map_err(|_| "the blocking thread panicked")??;
    println!("     alice's total via the blocking client: {total}");
    println!(
        "     health checks served: {} (one per client, before its first call)",
        sim.health_checks()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
