//! The exact requests on the wire and the mapping of every answer (wiremock;
//! ../shared/vendors/wallet.md §2.2-§2.4).

mod common;

use paykit_core::testing::faults::{Fault, Faulty};
use paykit_wallet::testing::WalletSimulator;
use paykit_wallet::time::OffsetDateTime;
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
    let authority = sim.authority();
    let token = authority.sign_token();
    let client = common::builder(&server.uri(), authority).build().unwrap();
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
                .item(NewItem::new("sword").data(json!({"damage": 7}))),
        )
        .await
        .unwrap();
    let expected: Entry =
        serde_json::from_value(fixture_json("entry_response_float.json")["entry"].clone()).unwrap();
    assert_eq!(entry, expected);
    assert_eq!(
        entry.created_on,
        OffsetDateTime::from_unix_timestamp_nanos(1_629_500_000_123_000_000).unwrap()
    );
    // Written back byte-exact.
    assert_eq!(
        serde_json::to_value(&entry).unwrap(),
        fixture_json("entry_response_float.json")["entry"]
    );
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
    assert_eq!(
        entry.created_on,
        OffsetDateTime::from_unix_timestamp(1_629_500_000).unwrap()
    );
    assert_eq!(entry.created_on.date().to_string(), "2021-08-20");
}

#[test]
fn created_on_out_of_range_is_a_decode_error_not_a_panic() {
    let mut entry = fixture_json("entry_response_int.json")["entry"].clone();
    for bad in [
        json!(1e300),
        json!(-1e300),
        json!(9_223_372_036_854_775_807i64),
        json!(18_446_744_073_709_551_615u64),
        json!(-9_223_372_036_854_775_808i64),
        json!("1629500000"),
    ] {
        entry["created_on"] = bad.clone();
        let err = serde_json::from_value::<Entry>(entry.clone()).unwrap_err();
        assert!(
            err.to_string().contains("created_on") || err.is_data(),
            "{bad}: {err}"
        );
    }
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
        .list_wallets_page(
            &WalletFilter::new()
                .user_ids(["alice", "bob"])
                .authority_ids(["a1"]),
        )
        .await
        .unwrap()
        .items;
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
    wallet
        .list_inventory_page(&InventoryFilter::new())
        .await
        .unwrap();
    wallet
        .list_inventory_page(&InventoryFilter::new().used(Used::Any))
        .await
        .unwrap();
    let items = wallet
        .list_inventory_page(
            &InventoryFilter::new()
                .entry_ids(["e1", "e2"])
                .user_ids(["alice"])
                .authority_ids(["a1"])
                .used(Used::Used),
        )
        .await
        .unwrap()
        .items;
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
        let api = err.api_error().unwrap();
        assert_eq!(api.status, status);
        match (status, &err) {
            (402, Error::NotEnoughFunds(_)) => {
                let text = "user alice does not have enough money to pay 10000 as their wallet only has 380 in value";
                assert_eq!(api.message.as_deref(), Some(text));
                assert_eq!(
                    err.to_string(),
                    format!("not enough funds: HTTP 402 Payment Required: {text}")
                );
                assert!(!err.maybe_sent());
            }
            (401, Error::Unauthorized(_)) => {
                assert_eq!(api.message.as_deref(), Some("authorization data required"))
            }
            (403, Error::Forbidden(_)) => assert_eq!(api.message.as_deref(), Some("forbidden")),
            (400, Error::Validation(_)) => {
                assert_eq!(api.error.as_ref(), Some(&fixture_json(fixture)["error"]));
                assert_eq!(err.validation_messages(), ["\"amount\" is required"]);
                assert_eq!(
                    err.to_string(),
                    "the wallet service refused the request: HTTP 400 Bad Request: \"amount\" is required"
                );
                assert!(!err.maybe_sent());
            }
            (500, Error::Api(_)) => {
                assert_eq!(
                    api.message.as_deref(),
                    Some("an internal error has occurred")
                );
                assert!(err.maybe_sent());
            }
            _ => panic!("status {status}: {err:?}"),
        }
    }
}

#[tokio::test]
async fn not_found_and_rate_limited_are_typed() {
    let (server, _token, wallet) = mocked().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/entry/nope/inventory/use"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "entry not found"})))
        .mount(&server)
        .await;
    let err = wallet.use_item("nope").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().message.as_deref(),
        Some("entry not found")
    );
    assert!(!err.maybe_sent());

    Mock::given(method("POST"))
        .and(path("/api/v1/entry"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "120")
                .set_body_json(json!({"error": "slow down"})),
        )
        .mount(&server)
        .await;
    let err = wallet
        .create_entry(&NewEntry::new("alice", 1, "r"))
        .await
        .unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().retry_after,
        Some(std::time::Duration::from_secs(120))
    );
    assert!(!err.maybe_sent());
}

#[tokio::test]
async fn error_text_never_contains_the_token_even_when_the_server_echoes_it() {
    let (server, token, wallet) = mocked().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/entry"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": format!("forbidden: bad token {token}")})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "_original": {"authorization": token},
            "details": [{"message": format!("\"{token}\" is not allowed")}],
        }})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/entry/inventory"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(format!("not json, your token: {token}"), "text/plain"),
        )
        .mount(&server)
        .await;
    let errors = [
        wallet
            .create_entry(&NewEntry::new("alice", 1, "r"))
            .await
            .unwrap_err(),
        wallet
            .list_wallets_page(&WalletFilter::new())
            .await
            .unwrap_err(),
        wallet
            .list_inventory_page(&InventoryFilter::new())
            .await
            .unwrap_err(),
    ];
    let signature = token.rsplit('.').next().unwrap();
    for err in errors {
        let shown = format!("{err} | {err:?} | {:?}", std::error::Error::source(&err));
        assert!(!shown.contains(signature), "the token leaked: {shown}");
        assert!(shown.contains("[REDACTED]"), "{shown}");
    }
}

#[tokio::test]
async fn total_sums_with_checked_arithmetic() {
    let (server, _token, wallet) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .and(query_param("user_ids", "big"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"wallets": [
            {"user_id": "big", "total": i64::MAX},
            {"user_id": "big", "total": 1},
        ]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .and(query_param("user_ids", "huge"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"wallets":[{"user_id":"huge","total":1e+21}]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .and(query_param("user_ids", "max"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"wallets": [
            {"user_id": "max", "total": i64::MAX},
            {"user_id": "other", "total": 5},
        ]})))
        .mount(&server)
        .await;
    for user in ["big", "huge"] {
        let err = wallet.total(user).await.unwrap_err();
        assert!(
            matches!(&err, Error::Core(paykit_core::Error::Decode { .. })),
            "{user}: {err:?}"
        );
    }
    let err = wallet.total("big").await.unwrap_err();
    assert!(
        std::error::Error::source(&err)
            .map(|s| format!("{s} {:?}", s.source()))
            .unwrap_or_default()
            .contains("i64::MAX")
            || format!("{err:?}").contains("i64::MAX"),
        "{err:?}"
    );
    assert_eq!(wallet.total("max").await.unwrap(), i64::MAX);
}

#[tokio::test]
async fn build_refuses_a_missing_or_unusable_setting() {
    let sim = WalletSimulator::start().await;
    let authority = sim.authority();
    let err = Client::builder(authority.id.clone(), authority.private_key_pem())
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "base_url",
                ..
            }
        ),
        "{err:?}"
    );
    for bad in [
        "not a url",
        "ftp://wallet.example.com",
        "https://wallet.example.com/api/v2",
    ] {
        let err = common::builder(bad, authority).build().unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "base_url",
                    ..
                }
            ),
            "{bad}: {err:?}"
        );
    }
    let err = Client::builder(
        authority.id.clone(),
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----",
    )
    .base_url("https://wallet.example.com/api/v1")
    .build()
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "private_key_pem",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!format!("{err} {err:?}").contains("c2VjcmV0"));
    let err = Client::builder("", authority.private_key_pem())
        .base_url("https://wallet.example.com/api/v1")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "authority_id",
                ..
            }
        ),
        "{err:?}"
    );
    let built = Client::builder(authority.id.clone(), authority.private_key_pem())
        .base_url("https://wallet.example.com/api/v1")
        .user_agent("my-app/1.0")
        .connect_timeout(std::time::Duration::from_secs(3))
        .deadline(Some(std::time::Duration::from_secs(30)))
        .rate_limit(None)
        .build()
        .unwrap();
    assert_eq!(built.base_url(), "https://wallet.example.com/api/v1");
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let (server, _token, wallet) = mocked().await;
    for (entry, field) in [
        (NewEntry::new("", 1, "r"), "user_id"),
        (NewEntry::new("u", 1, ""), "reason"),
        (NewEntry::new("u", 1 << 53, "r"), "amount"),
        (
            NewEntry::new("u", 1, "r").item(NewItem::new("")),
            "item.name",
        ),
        (
            NewEntry::new("u", 1, "r").item(NewItem::new("x").data(json!([1]))),
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
        .list_wallets_page(&WalletFilter::new().user_ids(["a,b"]))
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

    wallet
        .list_wallets_page(&WalletFilter::new())
        .await
        .unwrap();
    assert_eq!(totals.served(), 2);
}

#[test]
fn created_on_round_trips_the_servers_millisecond_floats() {
    let mut entry = fixture_json("entry_response_int.json")["entry"].clone();
    let mut millis: u64 = 1_629_500_000_000;
    for _ in 0..5_000 {
        millis += 7_919; // a prime stride over many fractions
        let seconds = millis as f64 / 1000.0;
        entry["created_on"] = json!(seconds);
        let parsed: Entry = serde_json::from_value(entry.clone()).unwrap();
        assert_eq!(
            parsed.created_on.unix_timestamp_nanos(),
            i128::from(millis) * 1_000_000
        );
        assert_eq!(
            serde_json::to_value(&parsed).unwrap()["created_on"],
            json!(seconds)
        );
    }
}

/// Asserts that `sent` is the health check and then exactly `reads` times
/// `GET /api/v1/wallet?user_ids=alice` with the raw JWT, the JSON accept header, the user
/// agent and no body.
fn assert_health_then_wallet_reads(sent: &[wiremock::Request], token: &str, reads: usize) {
    assert_eq!(sent.len(), 1 + reads, "{sent:?}");
    assert_eq!(
        (sent[0].method.as_str(), sent[0].url.path()),
        ("GET", "/api/v1/health")
    );
    for request in &sent[1..] {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/api/v1/wallet");
        assert_eq!(request.url.query(), Some("user_ids=alice"));
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("authorization"), Some(token));
        assert_eq!(header("accept"), Some("application/json"));
        assert_eq!(
            header("user-agent"),
            Some(concat!("paykit-wallet/", env!("CARGO_PKG_VERSION")))
        );
        assert!(request.body.is_empty(), "{request:?}");
    }
}

#[tokio::test]
async fn maybe_sent_remembers_an_earlier_attempt_that_may_have_reached_the_server() {
    let filter = WalletFilter::new().user_ids(["alice"]);
    let not_found = || ResponseTemplate::new(404).set_body_json(json!({"error": "no wallet"}));

    // A read answered 503 (maybe processed), retried, then 404: the call may have had its
    // effect although its last answer is a refusal.
    let (server, token, wallet) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .respond_with(Faulty::new(not_found()).then(Fault::status(503)))
        .mount(&server)
        .await;
    let err = wallet.list_wallets_page(&filter).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().message.as_deref(),
        Some("no wallet")
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert!(err.api_error().unwrap().maybe_sent());
    let sent = server.received_requests().await.unwrap();
    assert_health_then_wallet_reads(&sent, &token, 2);

    // The same 404 alone is a refusal: nothing happened.
    let (server, token, wallet) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .respond_with(not_found())
        .mount(&server)
        .await;
    let err = wallet.list_wallets_page(&filter).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(!err.api_error().unwrap().maybe_sent());
    let sent = server.received_requests().await.unwrap();
    assert_health_then_wallet_reads(&sent, &token, 1);

    // A 3xx that was not followed (no Location) reached the server: not a refusal.
    let (server, token, wallet) = mocked().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/wallet"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let err = wallet.list_wallets_page(&filter).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 302),
        "{err:?}"
    );
    assert!(err.maybe_sent(), "{err:?}");
    let sent = server.received_requests().await.unwrap();
    assert_health_then_wallet_reads(&sent, &token, 1);
}
