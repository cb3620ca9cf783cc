//! Drives the wallet simulator over real HTTP with reqwest.

use std::time::{Duration, Instant};

use paykit_wallet::NewEntry;
use paykit_wallet::testing::{Fault, SimAuthority, WalletSimulator};
use serde_json::{Value, json};

/// Sends a request and returns (status, content type, JSON body).
async fn send(
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, String, Value) {
    let client = paykit_core::client::http_client_builder().build().unwrap();
    let mut request = client.request(method, url);
    if let Some(token) = token {
        request = request.header("authorization", token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("request reaches the simulator");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.json::<Value>().await.expect("JSON body");
    (status, content_type, body)
}

async fn get(url: &str, token: Option<&str>) -> (u16, Value) {
    let (status, _, body) = send(reqwest::Method::GET, url, token, None).await;
    (status, body)
}

async fn post(url: &str, token: Option<&str>, body: Option<&Value>) -> (u16, Value) {
    let (status, _, body) = send(reqwest::Method::POST, url, token, body).await;
    (status, body)
}

async fn create_entry(sim: &WalletSimulator, auth: &SimAuthority, body: Value) -> (u16, Value) {
    let url = format!("{}/api/v1/entry", sim.root_url());
    post(&url, Some(&auth.sign_token()), Some(&body)).await
}

async fn deposit(sim: &WalletSimulator, auth: &SimAuthority, user: &str, amount: i64) -> Value {
    let (status, body) = create_entry(
        sim,
        auth,
        json!({"user_id": user, "amount": amount, "reason": "test"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["entry"].clone()
}

/// The simulator's entries in the server's JSON shape.
fn entries_json(sim: &WalletSimulator) -> Value {
    serde_json::to_value(sim.entries()).unwrap()
}

/// A JSON Joi ValidationError with one detail.
fn joi(original: Value, detail: Value) -> Value {
    json!({"error": {"_original": original, "details": [detail]}})
}

#[tokio::test]
async fn health_endpoints_and_counter() {
    let sim = WalletSimulator::start().await;
    let base = sim.root_url();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(!base.ends_with('/'));
    assert_eq!(sim.base_url(), format!("{base}/api/v1"));

    let (status, content_type, body) = send(
        reqwest::Method::GET,
        &format!("{base}/api/v1/health"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    assert_eq!(body, json!({"ok": true, "version": "1.1.0"}));

    let (status, body) = get(&format!("{base}/api/v0/health"), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"ok": "server version 0.1.0 has be deprecated", "version": "0.1.0"})
    );

    sim.set_health(json!("maintenance"), "1.0.3");
    let (_, body) = get(&format!("{base}/api/v1/health"), None).await;
    assert_eq!(body, json!({"ok": "maintenance", "version": "1.0.3"}));

    // Express's non-strict routing: trailing slash and case are tolerated.
    let (status, _) = get(&format!("{base}/API/v1/Health/"), None).await;
    assert_eq!(status, 200);

    // Only /api/v1/health counts.
    assert_eq!(sim.health_checks(), 3);
    let received = sim.requests().await;
    assert_eq!(received.len(), 4);
    assert_eq!(received[1].path, "/api/v0/health");
    assert_eq!(received[1].method, "GET");
}

#[tokio::test]
async fn unknown_routes_are_json_404() {
    let sim = WalletSimulator::start().await;
    let base = sim.root_url();
    for (method, path) in [
        (reqwest::Method::GET, "/nope"),
        (reqwest::Method::GET, "/api/v1/entry"),
        (reqwest::Method::POST, "/api/v1/wallet"),
        (reqwest::Method::GET, "/api/v2/health"),
        (reqwest::Method::GET, "/metrics"),
    ] {
        let (status, content_type, body) = send(method, &format!("{base}{path}"), None, None).await;
        assert_eq!(status, 404, "{path}");
        assert!(content_type.starts_with("application/json"));
        assert_eq!(body, json!({"error": "not found"}));
    }
}

#[tokio::test]
async fn missing_or_empty_authorization_is_401() {
    let sim = WalletSimulator::start().await;
    let base = sim.root_url();
    let expected = json!({"error": "authorization data required"});
    assert_eq!(
        get(&format!("{base}/api/v1/wallet"), None).await,
        (401, expected.clone())
    );
    assert_eq!(
        post(&format!("{base}/api/v1/entry"), None, Some(&json!({}))).await,
        (401, expected.clone())
    );
    assert_eq!(
        get(&format!("{base}/api/v1/entry/inventory"), Some("")).await,
        (401, expected.clone())
    );
    assert_eq!(
        post(
            &format!("{base}/api/v1/entry/abc/inventory/use"),
            None,
            None
        )
        .await,
        (401, expected)
    );
}

#[tokio::test]
async fn bad_tokens_are_403() {
    let sim = WalletSimulator::start().await;
    let other_sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let b = sim.create_authority("arcade");
    let stranger = other_sim.create_authority("stranger");
    let url = format!("{}/api/v1/wallet", sim.root_url());
    let es256 = json!({"alg": "ES256", "typ": "JWT"});

    let bad_tokens = [
        ("bearer prefix", format!("Bearer {}", a.sign_token())),
        // `sub` is A, but signed with B's key.
        ("wrong key", b.sign_jws(&es256, &json!({"sub": a.id}))),
        ("unknown sub", stranger.sign_token()),
        ("no sub", a.sign_jws(&es256, &json!({"iss": a.id}))),
        (
            "alg ES384",
            a.sign_jws(
                &json!({"alg": "ES384", "typ": "JWT"}),
                &json!({"sub": a.id}),
            ),
        ),
        (
            "expired",
            a.sign_jws(&es256, &json!({"sub": a.id, "exp": 1})),
        ),
        ("garbage", "not-a-jwt".to_owned()),
        ("two segments", {
            let token = a.sign_token();
            token[..token.rfind('.').unwrap()].to_owned()
        }),
        ("tampered payload", {
            let token = a.sign_token();
            let parts: Vec<&str> = token.split('.').collect();
            let payload = base64url(&json!({"sub": b.id}).to_string());
            format!("{}.{}.{}", parts[0], payload, parts[2])
        }),
    ];
    for (what, token) in bad_tokens {
        assert_eq!(
            get(&url, Some(&token)).await,
            (403, json!({"error": "forbidden"})),
            "{what}"
        );
    }

    // Sanity: the genuine tokens work, also with an unexpired `exp`.
    assert_eq!(get(&url, Some(&a.sign_token())).await.0, 200);
    assert_eq!(get(&url, Some(&b.sign_token())).await.0, 200);
    let later = a.sign_jws(&es256, &json!({"sub": a.id, "exp": 4_000_000_000u64}));
    assert_eq!(get(&url, Some(&later)).await.0, 200);
}

fn base64url(s: &str) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(s.as_bytes())
}

#[tokio::test]
async fn token_shape_is_the_sdks() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let token = a.sign_token();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    use base64ct::{Base64UrlUnpadded, Encoding};
    let header: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[0]).unwrap()).unwrap();
    let payload: Value =
        serde_json::from_slice(&Base64UrlUnpadded::decode_vec(parts[1]).unwrap()).unwrap();
    assert_eq!(header, json!({"alg": "ES256", "typ": "JWT"}));
    assert_eq!(payload, json!({"sub": a.id}));
    assert_eq!(Base64UrlUnpadded::decode_vec(parts[2]).unwrap().len(), 64);
}

#[tokio::test]
async fn deposits_and_totals_across_authorities() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let b = sim.create_authority("arcade");
    deposit(&sim, &a, "alice", 100).await;
    deposit(&sim, &b, "alice", 50).await;
    deposit(&sim, &b, "bob", 30).await;
    deposit(&sim, &a, "carol", 7).await;

    assert_eq!(sim.total("alice"), 150);
    assert_eq!(sim.total("bob"), 30);
    assert_eq!(sim.total("nobody"), 0);

    let base = sim.root_url();
    let token = a.sign_token();
    let wallets = |query: String| {
        let url = format!("{base}/api/v1/wallet{query}");
        let token = token.clone();
        async move { get(&url, Some(&token)).await }
    };
    let all = json!({"wallets": [
        {"user_id": "alice", "total": 150},
        {"user_id": "bob", "total": 30},
        {"user_id": "carol", "total": 7},
    ]});
    assert_eq!(wallets(String::new()).await, (200, all.clone()));
    // Empty lists mean no filter (the SDK sends them as empty strings).
    assert_eq!(
        wallets("?user_ids=&authority_ids=".into()).await,
        (200, all)
    );
    assert_eq!(
        wallets(format!("?authority_ids={}", a.id)).await,
        (
            200,
            json!({"wallets": [{"user_id": "alice", "total": 100}, {"user_id": "carol", "total": 7}]})
        )
    );
    assert_eq!(
        wallets("?user_ids=bob,alice".into()).await,
        (
            200,
            json!({"wallets": [{"user_id": "alice", "total": 150}, {"user_id": "bob", "total": 30}]})
        )
    );
    assert_eq!(
        wallets(format!("?user_ids=alice,bob&authority_ids={}", b.id)).await,
        (
            200,
            json!({"wallets": [{"user_id": "alice", "total": 50}, {"user_id": "bob", "total": 30}]})
        )
    );
    assert_eq!(
        wallets("?user_ids=nobody".into()).await,
        (200, json!({"wallets": []}))
    );

    // A withdrawal by another authority draws on the total across all authorities.
    let (status, body) = create_entry(
        &sim,
        &b,
        json!({"user_id": "alice", "amount": -120, "reason": "spend"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(sim.total("alice"), 30);
    assert_eq!(sim.entries().len(), 5);
}

#[tokio::test]
async fn created_entry_has_the_servers_shape() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let (status, body) = create_entry(
        &sim,
        &a,
        json!({"user_id": "alice", "amount": 5, "reason": "prize",
               "item": {"name": "sword", "data": {"damage": 3}}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let entry = &body["entry"];
    let entry_id = entry["entry_id"].as_str().unwrap();
    assert_eq!(entry_id.len(), 24);
    assert!(entry_id.chars().all(|c| c.is_ascii_hexdigit()));
    let created_on = entry["created_on"].as_f64().unwrap();
    assert!(entry["created_on"].is_f64());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!((now - created_on).abs() < 60.0, "{created_on}");
    let expected = json!({
        "entry": {
            "entry_id": entry_id,
            "authority_id": a.id,
            "user_id": "alice",
            "created_on": created_on,
            "amount": 5,
            "reason": "prize",
            "item": {"name": "sword", "used": false, "data": {"damage": 3}},
        }
    });
    assert_eq!(body, expected);
    assert_eq!(entries_json(&sim), json!([expected["entry"]]));

    // No item → no `item` key; item without data → no `data` key; null = absent.
    let (_, body) = create_entry(
        &sim,
        &a,
        json!({"user_id": "bob", "amount": 1, "reason": "r", "item": null}),
    )
    .await;
    assert!(body["entry"].get("item").is_none(), "{body}");
    let (_, body) = create_entry(
        &sim,
        &a,
        json!({"user_id": "bob", "amount": 1, "reason": "r", "item": {"name": "cap", "data": null}}),
    )
    .await;
    assert_eq!(body["entry"]["item"], json!({"name": "cap", "used": false}));
    // Ids are unique.
    let ids: std::collections::HashSet<String> =
        sim.entries().into_iter().map(|e| e.entry_id).collect();
    assert_eq!(ids.len(), 3);
}

#[tokio::test]
async fn overdraft_is_402_and_stores_nothing() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let b = sim.create_authority("arcade");
    deposit(&sim, &a, "alice", 100).await;

    let (status, body) = create_entry(
        &sim,
        &b,
        json!({"user_id": "alice", "amount": -150, "reason": "too much"}),
    )
    .await;
    assert_eq!(status, 402);
    assert_eq!(
        body,
        json!({"error": "user alice does not have enough money to pay 150 as their wallet only has 100 in value"})
    );
    assert_eq!(sim.entries().len(), 1);
    assert_eq!(sim.total("alice"), 100);

    // A user with no entries: the simulator answers 402 with a total of 0.
    let (status, body) = create_entry(
        &sim,
        &a,
        json!({"user_id": "ghost", "amount": -1, "reason": "x"}),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            402,
            json!({"error": "user ghost does not have enough money to pay 1 as their wallet only has 0 in value"})
        )
    );
    assert_eq!(sim.entries().len(), 1);

    // Exactly the total is allowed; the balance may reach zero.
    let (status, _) = create_entry(
        &sim,
        &b,
        json!({"user_id": "alice", "amount": -100, "reason": "all of it"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(sim.total("alice"), 0);
    // Amount 0 and deposits never check funds.
    let (status, _) = create_entry(
        &sim,
        &b,
        json!({"user_id": "ghost", "amount": 0, "reason": "nothing"}),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn validation_errors_are_joi_shaped() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");

    let body = json!({"amount": 5, "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"user_id\" is required", "path": ["user_id"],
                   "type": "any.required", "context": {"label": "user_id", "key": "user_id"}})
            )
        )
    );

    // null counts as absent.
    let body = json!({"user_id": "u", "amount": null, "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"amount\" is required", "path": ["amount"],
                   "type": "any.required", "context": {"label": "amount", "key": "amount"}})
            )
        )
    );

    let body = json!({"user_id": "u", "amount": 1.5, "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"amount\" must be an integer", "path": ["amount"],
                   "type": "number.integer",
                   "context": {"label": "amount", "value": 1.5, "key": "amount"}})
            )
        )
    );

    let body = json!({"user_id": "u", "amount": "lots", "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"amount\" must be a number", "path": ["amount"],
                   "type": "number.base",
                   "context": {"label": "amount", "value": "lots", "key": "amount"}})
            )
        )
    );

    let body = json!({"user_id": 42, "amount": 1, "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"user_id\" must be a string", "path": ["user_id"],
                   "type": "string.base",
                   "context": {"label": "user_id", "value": 42, "key": "user_id"}})
            )
        )
    );

    let body = json!({"user_id": "u", "amount": 1, "reason": "r", "tip": 2});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"tip\" is not allowed", "path": ["tip"],
                   "type": "object.unknown",
                   "context": {"child": "tip", "label": "tip", "value": 2, "key": "tip"}})
            )
        )
    );

    let body =
        json!({"user_id": "u", "amount": 1, "reason": "r", "item": {"name": "x", "used": true}});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"item.used\" is not allowed", "path": ["item", "used"],
                   "type": "object.unknown",
                   "context": {"child": "used", "label": "item.used", "value": true, "key": "used"}})
            )
        )
    );

    let body = json!({"user_id": "u", "amount": 1, "reason": "r", "item": {"data": {}}});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"item.name\" is required", "path": ["item", "name"],
                   "type": "any.required", "context": {"label": "item.name", "key": "name"}})
            )
        )
    );

    let body = json!({"user_id": "u", "amount": 1, "reason": "r", "item": "sword"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body,
                json!({"message": "\"item\" must be of type object", "path": ["item"],
                   "type": "object.base",
                   "context": {"type": "object", "label": "item", "value": "sword", "key": "item"}})
            )
        )
    );

    let body =
        json!({"user_id": "u", "amount": 1, "reason": "r", "item": {"name": "x", "data": [1]}});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await.1["error"]["details"][0]["type"],
        json!("object.base")
    );

    let body = json!([1, 2]);
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await,
        (
            400,
            joi(
                body.clone(),
                json!({"message": "\"value\" must be of type object", "path": [],
                   "type": "object.base",
                   "context": {"type": "object", "label": "value", "value": body}})
            )
        )
    );

    let body = json!({"user_id": "", "amount": 1, "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body.clone()).await.1["error"]["details"][0]["type"],
        json!("string.empty")
    );

    // Joi converts numeric strings.
    let (status, body) = create_entry(
        &sim,
        &a,
        json!({"user_id": "u", "amount": "12", "reason": "r"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["entry"]["amount"], json!(12));

    let body = json!({"user_id": "u", "amount": 9_007_199_254_740_993u64, "reason": "r"});
    assert_eq!(
        create_entry(&sim, &a, body).await.1["error"]["details"][0]["type"],
        json!("number.unsafe")
    );

    // Nothing but the one valid entry was stored.
    assert_eq!(sim.entries().len(), 1);
}

#[tokio::test]
async fn non_json_bodies_are_400() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let url = format!("{}/api/v1/entry", sim.root_url());
    let client = paykit_core::client::http_client_builder().build().unwrap();

    let response = client
        .post(&url)
        .header("authorization", a.sign_token())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"error": "request body is not valid JSON"})
    );

    // Without a JSON content type the body is ignored (body-parser): `{}` fails validation.
    let response = client
        .post(&url)
        .header("authorization", a.sign_token())
        .header("content-type", "text/plain")
        .body(r#"{"user_id":"u","amount":1,"reason":"r"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body = response.json::<Value>().await.unwrap();
    assert_eq!(body["error"]["_original"], json!({}));
    assert_eq!(body["error"]["details"][0]["type"], json!("any.required"));
    assert!(sim.entries().is_empty());
}

#[tokio::test]
async fn inventory_filters() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let b = sim.create_authority("arcade");
    let item = |user: &str, name: &str| json!({"user_id": user, "amount": 0, "reason": "loot", "item": {"name": name}});
    let (_, e1) = create_entry(&sim, &a, item("alice", "sword")).await;
    let (_, e2) = create_entry(&sim, &b, item("alice", "shield")).await;
    let (_, e3) = create_entry(&sim, &a, item("bob", "bow")).await;
    deposit(&sim, &a, "alice", 10).await; // no item: never in the inventory
    let row = |e: &Value, used: bool| {
        let e = &e["entry"];
        json!({"entry_id": e["entry_id"], "authority_id": e["authority_id"],
               "user_id": e["user_id"], "item": {"name": e["item"]["name"], "used": used}})
    };
    let id = |e: &Value| e["entry"]["entry_id"].as_str().unwrap().to_owned();

    let base = sim.root_url();
    let token = b.sign_token();
    let inventory = |query: String| {
        let url = format!("{base}/api/v1/entry/inventory{query}");
        let token = token.clone();
        async move {
            let (status, body) = get(&url, Some(&token)).await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };

    // Mark the shield used.
    let (status, used_body) = post(
        &format!("{base}/api/v1/entry/{}/inventory/use", id(&e2)),
        Some(&a.sign_token()),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(used_body["entry"]["item"]["used"], json!(true));

    let all = json!({"inventory": [row(&e1, false), row(&e2, true), row(&e3, false)]});
    assert_eq!(inventory(String::new()).await, all);
    assert_eq!(
        inventory("?entry_ids=&user_ids=&authority_ids=&used=".into()).await,
        all
    );
    assert_eq!(
        inventory("?used=false".into()).await,
        json!({"inventory": [row(&e1, false), row(&e3, false)]})
    );
    assert_eq!(
        inventory("?used=true".into()).await,
        json!({"inventory": [row(&e2, true)]})
    );
    assert_eq!(
        inventory("?user_ids=alice".into()).await,
        json!({"inventory": [row(&e1, false), row(&e2, true)]})
    );
    assert_eq!(
        inventory(format!("?authority_ids={}", a.id)).await,
        json!({"inventory": [row(&e1, false), row(&e3, false)]})
    );
    assert_eq!(
        inventory(format!("?entry_ids={},{}", id(&e3), id(&e2))).await,
        json!({"inventory": [row(&e2, true), row(&e3, false)]})
    );
    assert_eq!(
        inventory(format!("?user_ids=alice&authority_ids={}&used=false", a.id)).await,
        json!({"inventory": [row(&e1, false)]})
    );
    assert_eq!(
        inventory("?user_ids=nobody".into()).await,
        json!({"inventory": []})
    );

    let (status, body) = get(
        &format!("{base}/api/v1/entry/inventory?used=maybe"),
        Some(&b.sign_token()),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"error": "query parameter \"used\" must be \"true\" or \"false\""})
    );
}

#[tokio::test]
async fn use_item() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let b = sim.create_authority("arcade");
    let (_, created) = create_entry(
        &sim,
        &a,
        json!({"user_id": "alice", "amount": 3, "reason": "loot",
               "item": {"name": "potion", "data": {"hp": 10}}}),
    )
    .await;
    let entry_id = created["entry"]["entry_id"].as_str().unwrap();
    let base = sim.root_url();
    let url = format!("{base}/api/v1/entry/{entry_id}/inventory/use");

    // Any authority may use it (as upstream).
    let (status, body) = post(&url, Some(&b.sign_token()), None).await;
    assert_eq!(status, 200);
    let mut expected = created.clone();
    expected["entry"]["item"]["used"] = json!(true);
    assert_eq!(body, expected);
    assert_eq!(entries_json(&sim), json!([expected["entry"]]));

    // Using it again is idempotent.
    assert_eq!(
        post(&url, Some(&a.sign_token()), None).await,
        (200, expected)
    );

    // Unknown entry → 404; entry without item → 400.
    assert_eq!(
        post(
            &format!("{base}/api/v1/entry/0123456789abcdef01234567/inventory/use"),
            Some(&a.sign_token()),
            None
        )
        .await,
        (404, json!({"error": "entry not found"}))
    );
    let plain = deposit(&sim, &a, "alice", 1).await;
    assert_eq!(
        post(
            &format!(
                "{base}/api/v1/entry/{}/inventory/use",
                plain["entry_id"].as_str().unwrap()
            ),
            Some(&a.sign_token()),
            None
        )
        .await,
        (400, json!({"error": "entry has no item"}))
    );
    // Bad auth is checked before the entry lookup.
    assert_eq!(
        post(&url, Some("Bearer x"), None).await,
        (403, json!({"error": "forbidden"}))
    );
}

#[tokio::test]
async fn delay_slows_the_answer_not_the_state_change() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    sim.inject(Fault::delay(Duration::from_millis(1500)).on("wallet.create_entry"));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client
        .post(format!("{}/api/v1/entry", sim.root_url()))
        .header("authorization", a.sign_token())
        .json(&json!({"user_id": "alice", "amount": 40, "reason": "slow"}))
        .send()
        .await;
    let error = result.expect_err("the answer is slower than the client's timeout");
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(1400));
    // The request reached the server: the entry exists.
    assert_eq!(sim.total("alice"), 40);
    assert_eq!(sim.entries().len(), 1);

    // A patient client gets the answer after the delay.
    sim.inject(Fault::delay(Duration::from_millis(1500)));
    let started = Instant::now();
    let (status, body) = get(&format!("{}/api/v1/health", sim.root_url()), None).await;
    assert_eq!(
        (status, body),
        (200, json!({"ok": true, "version": "1.1.0"}))
    );
    assert!(started.elapsed() >= Duration::from_millis(1500));

    // The faults are used up: answers are prompt again.
    let started = Instant::now();
    get(&format!("{}/api/v1/health", sim.root_url()), None).await;
    assert!(started.elapsed() < Duration::from_millis(1000));
}

#[tokio::test]
async fn authority_keys_config_and_debug() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    assert_eq!(a.name, "shop");
    assert_eq!(a.id.len(), 24);
    assert_ne!(sim.create_authority("shop").id, a.id);

    let pkcs8 = a.private_key_pem();
    let sec1 = a.private_key_sec1_pem();
    assert!(
        pkcs8.starts_with("-----BEGIN PRIVATE KEY-----\n"),
        "{pkcs8}"
    );
    assert!(pkcs8.trim_end().ends_with("-----END PRIVATE KEY-----"));
    assert!(
        sec1.starts_with("-----BEGIN EC PRIVATE KEY-----\n"),
        "{sec1}"
    );
    assert_ne!(pkcs8, sec1);

    let config: Value = serde_json::from_str(&a.config_json(&sim.root_url())).unwrap();
    assert_eq!(
        config,
        json!({
            "config_schema_version": "0.1.0",
            "api_base_url": sim.root_url(),
            "authority_id": a.id,
            "private_key": pkcs8,
        })
    );
    assert!(a.config_json("x").contains("\n    \"api_base_url\""));

    let debug = format!("{a:?}");
    assert!(debug.contains(&a.id) && debug.contains("shop"), "{debug}");
    assert!(debug.contains("private_key: <redacted>"), "{debug}");
    assert!(!debug.contains("PRIVATE KEY"), "{debug}");
    let pem_body: String = pkcs8.lines().nth(1).unwrap().to_owned();
    assert!(!debug.contains(&pem_body));
    assert!(!format!("{a:#?}").contains(&pem_body));
    assert!(format!("{sim:?}").contains(&sim.base_url()));
    assert!(!format!("{sim:?}").contains(&pem_body));
}

#[tokio::test]
async fn seed_entry_sets_a_balance() {
    let sim = WalletSimulator::start().await;
    let a = sim.create_authority("shop");
    let entry = sim.seed_entry(&a, NewEntry::new("alice", 25, "opening balance"));
    assert_eq!(entry.authority_id, a.id);
    assert_eq!(sim.entries(), vec![entry]);
    assert_eq!(
        sim.wallets(),
        sim.client()
            .list_wallets_page(&paykit_wallet::WalletFilter::new())
            .await
            .unwrap()
            .items
    );
    assert_eq!(sim.total("alice"), 25);
    let (status, _) = create_entry(
        &sim,
        &a,
        json!({"user_id": "alice", "amount": -25, "reason": "spend"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(sim.total("alice"), 0);
}
