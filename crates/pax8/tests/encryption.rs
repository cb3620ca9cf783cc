//! The encrypted file token cache (feature `encryption`): a stolen file reveals nothing.
#![cfg(feature = "encryption")]

mod common;

use std::path::Path;

use common::{CLIENT_ID, SECRET, TOKEN, builder, mount_token, requests_to};
use paykit_pax8::{
    CacheEncryptionKey, CacheKey, CachedToken, FileTokenCache, SecretString, TokenCache,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn api(server: &MockServer) {
    mount_token(server).await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "c-1"})))
        .mount(server)
        .await;
}

fn key_a() -> CacheEncryptionKey {
    CacheEncryptionKey::from_bytes([0x11; 32])
}

fn key_b() -> CacheEncryptionKey {
    CacheEncryptionKey::from_hex(&"22".repeat(32)).unwrap()
}

fn identity(server: &MockServer) -> CacheKey {
    CacheKey {
        client_id: CLIENT_ID.into(),
        audience: "https://api.pax8.com".into(),
        token_url: format!("{}/v1/token", server.uri()),
    }
}

async fn call(server: &MockServer, file: &Path, key: CacheEncryptionKey) {
    let client = builder(server)
        .file_token_cache_encrypted(file, key)
        .build()
        .unwrap();
    client.get_company("c-1").await.unwrap();
}

fn assert_nothing_in_clear(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    for clear in [TOKEN, SECRET, CLIENT_ID, "Bearer", "access_token"] {
        assert!(!text.contains(clear), "{clear} in {text}");
    }
    let stored: Value = serde_json::from_str(&text).unwrap();
    let record = &stored["records"][0];
    assert_eq!(record["v"], 1);
    assert_eq!(record["alg"], "xchacha20poly1305");
    assert!(record["nonce"].is_string() && record["ciphertext"].is_string());
}

#[tokio::test]
async fn the_file_holds_neither_token_nor_secret_and_is_reused_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    let server = MockServer::start().await;
    api(&server).await;
    call(&server, &file, key_a()).await;
    assert_nothing_in_clear(&file);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second client (another process, say) with the same key: no second token request.
    call(&server, &file, key_a()).await;
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    let sent = requests_to(&server, "/v1/companies/c-1").await;
    assert_eq!(
        sent[1].headers.get("authorization").unwrap(),
        format!("Bearer {TOKEN}").as_str()
    );
}

#[tokio::test]
async fn another_key_ignores_the_file_fetches_and_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    let server = MockServer::start().await;
    api(&server).await;
    call(&server, &file, key_a()).await;
    call(&server, &file, key_b()).await;
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
    assert_nothing_in_clear(&file);
    // The file is key B's now: key A opens nothing, key B finds its token.
    let id = identity(&server);
    let with_a = FileTokenCache::new(&file).encrypted(key_a());
    assert!(with_a.get(&id).await.unwrap().is_none());
    let with_b = FileTokenCache::new(&file).encrypted(key_b());
    assert!(with_b.get(&id).await.unwrap().is_some());
}

#[tokio::test]
async fn a_tampered_file_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    let server = MockServer::start().await;
    api(&server).await;
    call(&server, &file, key_a()).await;
    let mut stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let ciphertext = stored["records"][0]["ciphertext"].as_str().unwrap();
    // Another valid base64 character in the middle: a changed byte.
    let middle = ciphertext.len() / 2;
    let swapped = if &ciphertext[middle..=middle] == "A" {
        "B"
    } else {
        "A"
    };
    let tampered = format!(
        "{}{swapped}{}",
        &ciphertext[..middle],
        &ciphertext[middle + 1..]
    );
    stored["records"][0]["ciphertext"] = Value::String(tampered);
    std::fs::write(&file, serde_json::to_vec(&stored).unwrap()).unwrap();
    let id = identity(&server);
    assert!(
        FileTokenCache::new(&file)
            .encrypted(key_a())
            .get(&id)
            .await
            .unwrap()
            .is_none()
    );
    call(&server, &file, key_a()).await;
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
    assert_nothing_in_clear(&file);
}

#[tokio::test]
async fn a_plaintext_file_is_never_read_when_encryption_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    let server = MockServer::start().await;
    api(&server).await;
    let planted = CachedToken::new(SecretString::from("planted-token"), "Bearer", 4_102_444_800);
    FileTokenCache::new(&file)
        .put(&identity(&server), &planted)
        .await
        .unwrap();
    call(&server, &file, key_a()).await;
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    let sent = requests_to(&server, "/v1/companies/c-1").await;
    assert_eq!(
        sent[0].headers.get("authorization").unwrap(),
        format!("Bearer {TOKEN}").as_str()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("planted-token"), "{text}");
    assert_nothing_in_clear(&file);
}

#[tokio::test]
async fn a_record_is_bound_to_its_identity() {
    let dir = tempfile::tempdir().unwrap();
    let cache = FileTokenCache::new(dir.path().join("t.json")).encrypted(key_a());
    assert!(cache.is_encrypted());
    let key = |id: &str| CacheKey {
        client_id: id.into(),
        audience: "https://api.pax8.com".into(),
        token_url: "https://api.pax8.com/v1/token".into(),
    };
    let a = CachedToken::new(SecretString::from("token-a"), "Bearer", 4_102_444_800);
    let b = CachedToken::new(SecretString::from("token-b"), "Bearer", 4_102_444_800);
    cache.put(&key("a"), &a).await.unwrap();
    cache.put(&key("b"), &b).await.unwrap();
    assert!(cache.get(&key("a")).await.unwrap().unwrap().same_token(&a));
    assert!(cache.get(&key("b")).await.unwrap().unwrap().same_token(&b));
    assert!(cache.get(&key("c")).await.unwrap().is_none());
    cache.invalidate(&key("a"), &b).await.unwrap();
    assert!(cache.get(&key("a")).await.unwrap().is_some());
    cache.invalidate(&key("a"), &a).await.unwrap();
    assert!(cache.get(&key("a")).await.unwrap().is_none());
    assert!(cache.get(&key("b")).await.unwrap().is_some());
    let debug = format!("{cache:?}");
    assert!(
        debug.contains("REDACTED") && !debug.contains("1111"),
        "{debug}"
    );
}
