//! The exact requests on the wire and the mapping of every answer (wiremock; wallet.md §2.2-§2.4).

mod common;

use paykit_core::testing::faults::{Fault, Faulty};
use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::{Client, Entry, Error, InventoryFilter, NewEntry, NewItem, Used, WalletFilter};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&common::fixture(name)).unwrap()
}

fn reply(status: u16, fixture: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(fixture_json(fixture))
}

/// A wiremock server that answers health, and a client for a throw-away authority.
async fn mocked() -> (MockServer, String, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/health"))
        .respond_with(reply(200, "health_ok.json"))
        .mount(&server)
        .await;
    let sim = WalletSimulator::start().await;
    let authority = sim.create_authority("shop");
    let token = authority.sign_token();
    let client = common::builder(&server.uri(), &authority).build().unwrap();
    (server, token, client)
}

#[tokio::test]
async fn create_entry_sends_the_raw_jwt_and_the_exact_body() {
    let (server, token, wallet) = mocked().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/entry"))
        .and(header("authorization", token.as_str()))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            concat!("paykit-wallet/", env!("CARGO_PKG_VERSION")),
        ))
        .and(body_json(fixture_json("entry_request_with_item.json")))
        .respond_with(reply(200, "entry_response_float.json"))
        .expect(1)
        .mount(&server)
        .await;
    let entry = wallet
        .create_entry(
            &NewEntry::new("alice", -120, "bought a sword")
                .with_item(NewItem::new("sword").with_data(json!({"damage": 7}))),
        )
        .await
        .unwrap();
    let expected: Entry =
        serde_json::from_value(fixture_json("entry_response_float.json")["entry"].clone()).unwrap();
    assert_eq!(entry, expected);
    assert_eq!(entry.created_on, 1_629_500_000.123);
    // The token: ES256 header, sub only, no "Bearer ".
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    use base64ct::{Base64UrlUnpadded, Encoding};
    let header_json: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[0]).unwrap()).unwrap();
    let claims: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[1]).unwrap()).unwrap();
    assert_eq!(header_json, json!({"alg": "ES256", "typ": "JWT"}));
    assert_eq!(claims, json!({"sub": wallet.authority_id()}));
    assert_eq!(Base64UrlUnpadded::decode_vec(parts[2]).unwrap().len(), 64);
}

#[tokio::test]
async fn created_on_may_be_an_integer() {
    // wallet.md §2.3: the SDK schema says float, the README says int.
    let entry: Entry =
        serde_json::from_value(fixture_json("entry_response_int.json")["entry"].clone()).unwrap();
    assert_eq!(entry.created_on, 1_629_500_000.0);
    assert_eq!(
        entry.created_at(),
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_629_500_000)
    );
}

#[tokio::test]
async fn wallets_and_inventory_send_comma_separated_filters() {
    let (server, _token, wallet) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .and(query_param("user_ids", "alice,bob"))
        .and(query_param("authority_ids", "a1"))
        .respond_with(reply(200, "wallets_response.json"))
        .expect(1)
        .mount(&server)
        .await;
    let totals = wallet
        .wallets(
            &WalletFilter::new()
                .user_ids(["alice", "bob"])
                .authority_ids(["a1"]),
        )
        .await
        .unwrap();
    assert_eq!(totals.len(), 2);
    assert_eq!(
        (totals[0].user_id.as_str(), totals[0].total),
        ("alice", 380)
    );

    Mock::given(method("GET"))
        .and(path("/api/v1/entry/inventory"))
        .respond_with(reply(200, "inventory_response.json"))
        .mount(&server)
        .await;
    wallet.inventory(&InventoryFilter::new()).await.unwrap();
    wallet
        .inventory(&InventoryFilter::new().used(Used::Any))
        .await
        .unwrap();
    let items = wallet
        .inventory(
            &InventoryFilter::new()
                .entry_ids(["e1", "e2"])
                .user_ids(["alice"])
                .authority_ids(["a1"])
                .used(Used::Used),
        )
        .await
        .unwrap();
    assert_eq!(items[0].item.name, "sword");
    let queries: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/api/v1/entry/inventory")
        .map(|r| r.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        [
            Some("used=false".to_owned()),
            None,
            Some("entry_ids=e1%2Ce2&user_ids=alice&authority_ids=a1&used=true".to_owned()),
        ]
    );
}

#[tokio::test]
async fn use_item_encodes_the_entry_id_as_one_segment() {
    let (server, _token, wallet) = mocked().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/entry/e%2F1/inventory/use"))
        .respond_with(reply(200, "entry_response_float.json"))
        .expect(1)
        .mount(&server)
        .await;
    wallet.use_item("e/1").await.unwrap();
}

#[tokio::test]
async fn every_error_status_maps_to_its_typed_error() {
    let cases: [(u16, &str); 5] = [
        (402, "error_402_not_enough_funds.json"),
        (401, "error_401.json"),
        (403, "error_403.json"),
        (400, "error_400_joi.json"),
        (500, "error_500.json"),
    ];
    for (status, fixture) in cases {
        let (server, _token, wallet) = mocked().await;
        Mock::given(method("POST"))
            .and(path("/api/v1/entry"))
            .respond_with(reply(status, fixture))
            .mount(&server)
            .await;
        let err = wallet
            .create_entry(&NewEntry::new("alice", -10_000, "castle"))
            .await
            .unwrap_err();
        assert_eq!(err.status().unwrap(), status);
        match (status, &err) {
            (402, Error::NotEnoughFunds { message }) => assert_eq!(
                message,
                "user alice does not have enough money to pay 10000 as their wallet only has 380 in value"
            ),
            (401, Error::Unauthorized { message }) => {
                assert_eq!(message, "authorization data required")
            }
            (403, Error::Forbidden { message }) => assert_eq!(message, "forbidden"),
            (400, Error::Validation { error }) => {
                assert_eq!(error, &fixture_json(fixture)["error"]);
                assert_eq!(err.validation_messages(), ["\"amount\" is required"]);
                assert_eq!(
                    err.to_string(),
                    "the wallet service refused the request: \"amount\" is required"
                );
            }
            (500, Error::Api { error, .. }) => {
                assert_eq!(error.as_ref().unwrap(), "an internal error has occurred")
            }
            _ => panic!("status {status}: {err:?}"),
        }
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let (server, _token, wallet) = mocked().await;
    for (entry, field) in [
        (NewEntry::new("", 1, "r"), "user_id"),
        (NewEntry::new("u", 1, ""), "reason"),
        (NewEntry::new("u", 1 << 53, "r"), "amount"),
        (
            NewEntry::new("u", 1, "r").with_item(NewItem::new("")),
            "item.name",
        ),
        (
            NewEntry::new("u", 1, "r").with_item(NewItem::new("x").with_data(json!([1]))),
            "item.data",
        ),
    ] {
        let err = wallet.create_entry(&entry).await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { field: f, .. } if f == field),
            "{err:?}"
        );
        assert!(!err.maybe_sent());
    }
    let err = wallet
        .wallets(&WalletFilter::new().user_ids(["a,b"]))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "user_ids",
                ..
            }
        ),
        "{err:?}"
    );
    let err = wallet.use_item("").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "entry_id",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_503_on_create_entry_is_not_retried_but_a_503_on_wallets_is() {
    let (server, _token, wallet) = mocked().await;
    let entry = Faulty::new(reply(200, "entry_response_int.json")).then(Fault::status(503));
    Mock::given(method("POST"))
        .and(path("/api/v1/entry"))
        .respond_with(entry.clone())
        .mount(&server)
        .await;
    let totals = Faulty::new(reply(200, "wallets_response.json")).then(Fault::status(503));
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .respond_with(totals.clone())
        .mount(&server)
        .await;

    let err = wallet
        .create_entry(&NewEntry::new("alice", 500, "top-up"))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap(), 503);
    assert!(err.maybe_sent());
    assert_eq!(entry.served(), 1);

    wallet.wallets(&WalletFilter::new()).await.unwrap();
    assert_eq!(totals.served(), 2);
}
