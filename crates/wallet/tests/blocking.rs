//! The blocking client: same operations from sync code; an error (not a panic) inside a runtime.

mod common;

use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{Error, InventoryFilter, NewEntry, NewItem};

#[test]
fn the_blocking_client_runs_the_same_flow_from_sync_code() {
    // The simulator needs a runtime of its own; the blocking client brings its own too.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let (sim, shop) = server_rt.block_on(async {
        let sim = WalletSimulator::start().await;
        let shop = sim.create_authority("shop");
        (sim, shop)
    });
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(config.path(), shop.config_json(&sim.api_base_url())).unwrap();

    let wallet = paykit_wallet::blocking::Client::from_config_file(config.path()).unwrap();
    assert_eq!(wallet.check_health().unwrap().version, "1.1.0");
    wallet
        .create_entry(&NewEntry::new("bob", 50, "gift"))
        .unwrap();
    let potion = wallet
        .create_entry(&NewEntry::new("bob", -20, "potion").with_item(NewItem::new("potion")))
        .unwrap();
    let err = wallet
        .create_entry(&NewEntry::new("bob", -31, "too much"))
        .unwrap_err();
    assert!(matches!(err, Error::NotEnoughFunds { .. }), "{err:?}");
    assert_eq!(wallet.total("bob").unwrap(), 30);
    assert_eq!(wallet.inventory(&InventoryFilter::new()).unwrap().len(), 1);
    assert!(
        wallet
            .use_item(&potion.entry_id)
            .unwrap()
            .item
            .unwrap()
            .used
    );
    assert_eq!(sim.total("bob"), 30);

    // Inside a runtime: a typed error, not a panic.
    let inside = server_rt.block_on(async { wallet.total("bob") });
    assert!(
        matches!(
            inside,
            Err(Error::Core(paykit_core::Error::BlockingInsideRuntime))
        ),
        "{inside:?}"
    );
}
