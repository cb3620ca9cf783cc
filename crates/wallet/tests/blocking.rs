//! The blocking client: same operations from sync code; an error (not a panic) inside a runtime.

mod common;

use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{Error, InventoryFilter, NewEntry, NewItem, WalletFilter};

#[test]
fn the_blocking_client_runs_the_same_flow_from_sync_code() {
    // The simulator needs a runtime of its own; the blocking client brings its own too.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let sim = server_rt.block_on(WalletSimulator::start());
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(config.path(), sim.authority().config_json(&sim.root_url())).unwrap();

    let wallet = paykit_wallet::blocking::Client::from_config_file(config.path()).unwrap();
    assert_eq!(wallet.get_health().unwrap().version, "1.1.0");
    wallet
        .create_entry(&NewEntry::new("bob", 50, "gift"))
        .unwrap();
    let potion = wallet
        .create_entry(&NewEntry::new("bob", -20, "potion").item(NewItem::new("potion")))
        .unwrap();
    let err = wallet
        .create_entry(&NewEntry::new("bob", -31, "too much"))
        .unwrap_err();
    assert!(matches!(err, Error::NotEnoughFunds(_)), "{err:?}");
    assert_eq!(wallet.total("bob").unwrap(), 30);
    let items: Vec<_> = wallet
        .list_inventory(&InventoryFilter::new())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        wallet
            .list_inventory_page(&InventoryFilter::new())
            .unwrap()
            .items,
        items
    );
    let totals: Vec<_> = wallet
        .list_wallets(&WalletFilter::new())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(totals, sim.wallets());
    let built = sim.client_builder().build_blocking().unwrap();
    assert_eq!(built.total("bob").unwrap(), 30);
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
