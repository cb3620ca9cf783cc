//! The wallet simulator as paykit-sim hosts it (issue 12): started on a server the host
//! chose, described by its connection lines and configuration file, reset, dumped and seeded
//! as JSON.

use paykit_core::testing::{Fault, SimServer, Simulator};
use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{AuthorityConfig, NewEntry};
use serde_json::{Value, json};

async fn hosted() -> WalletSimulator {
    let server = SimServer::builder().try_start().await.unwrap();
    WalletSimulator::start_on(server).await
}

#[tokio::test]
async fn its_connection_lines_and_config_file_are_what_a_client_needs() {
    let sim = hosted().await;
    let lines: Vec<(String, String)> = sim
        .connection()
        .into_iter()
        .map(|c| (c.label, c.value))
        .collect();
    assert_eq!(
        lines,
        [
            ("base URL".to_owned(), sim.base_url()),
            ("authority id".to_owned(), sim.authority().id.clone()),
        ]
    );
    let files = sim.config_files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "wallet-authority.json");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&files[0].name);
    std::fs::write(&path, &files[0].contents).unwrap();
    let client = AuthorityConfig::from_file(&path)
        .unwrap()
        .client_builder()
        .retry(paykit_core::testing::fast_retry())
        .build()
        .unwrap();
    sim.seed_entry(sim.authority(), NewEntry::new("alice", 5, "gift"));
    assert_eq!(client.total("alice").await.unwrap(), 5);
}

#[tokio::test]
async fn reset_forgets_entries_faults_and_other_authorities_but_keeps_the_default_one() {
    let sim = hosted().await;
    let client = sim.client();
    client
        .create_entry(&NewEntry::new("alice", 10, "top-up"))
        .await
        .unwrap();
    let shop = sim.create_authority("shop");
    sim.inject(Fault::status(503).times(5));
    assert_eq!(sim.config_files().len(), 2);

    sim.reset();

    assert!(sim.faults().pending().is_empty());
    assert_eq!(sim.entries(), []);
    assert_eq!(sim.config_files().len(), 1);
    let state = sim.state();
    assert_eq!(
        state["authorities"],
        json!([{"id": sim.authority().id, "name": "default"}])
    );
    assert_ne!(sim.authority().id, shop.id);
    // The default authority's key still works (a fresh client: health check, then a call).
    assert_eq!(sim.client().total("alice").await.unwrap(), 0);
}

#[tokio::test]
async fn state_seeds_another_simulator_with_the_same_entries() {
    let first = hosted().await;
    let shop = first.create_authority("shop");
    first.seed_entry(&shop, NewEntry::new("alice", 100, "opening balance"));
    first
        .client()
        .create_entry(&NewEntry::new("alice", -30, "purchase"))
        .await
        .unwrap();
    let dump = first.state();

    let second = hosted().await;
    second.seed(&dump).unwrap();
    let copied = second.state();
    assert_eq!(copied["entries"], dump["entries"]);
    for authority in dump["authorities"].as_array().unwrap() {
        assert!(
            copied["authorities"]
                .as_array()
                .unwrap()
                .contains(authority)
        );
    }
    assert_eq!(second.total("alice"), 70);
    // The seeded authority got a key of its own: its configuration file works.
    let file = second
        .config_files()
        .into_iter()
        .find(|f| f.name == "wallet-authority-shop.json")
        .expect("a file for the seeded authority");
    let config: Value = serde_json::from_str(&file.contents).unwrap();
    assert_eq!(config["authority_id"], json!(shop.id));
}

#[tokio::test]
async fn a_bad_seed_names_the_field_and_adds_nothing() {
    let sim = hosted().await;
    let before = sim.state();
    let cases = [
        (
            json!({"balances": {}}),
            "wallet: unknown section \"balances\" (expected authorities, entries)",
        ),
        (
            json!({"entries": [{"user_id": "a", "amount": 1, "reason": "x"}, {"user_id": "b", "reason": "x"}]}),
            "wallet: entries[1].amount must be an integer",
        ),
        (
            json!({"entries": [{"user_id": "a", "amount": 1, "reason": "x", "authority_id": "nobody"}]}),
            "wallet: entries[0].authority_id names no authority",
        ),
        (
            json!({"authorities": [{"name": "shop"}], "entries": [{"user_id": "a", "amount": "1", "reason": "x"}]}),
            "wallet: entries[0].amount must be an integer",
        ),
        (
            json!({"entries": [{"user_id": "a", "amount": 1, "reason": "x", "item": {"name": "hat", "data": [1]}}]}),
            "wallet: entries[0].item.data must be an object",
        ),
        (json!([]), "the wallet seed must be a JSON object"),
    ];
    for (seed, message) in cases {
        assert_eq!(sim.seed(&seed).unwrap_err(), message);
        assert_eq!(sim.state(), before, "nothing added by {seed}");
    }
}
