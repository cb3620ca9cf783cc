//! The opt-in file token cache: py-pax8's idea (pax8.md §1.2) without its bugs.

mod common;

use common::{TOKEN, builder, fixture, mount_token, requests_to};
use paykit_pax8::{CacheKey, CachedToken, FileTokenCache, SecretString, TokenCache};
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

#[cfg(unix)]
#[tokio::test]
async fn the_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    // pax8.md §1.2: py-pax8 wrote it with default permissions.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nested/dir/token.json");
    let server = MockServer::start().await;
    api(&server).await;
    let client = builder(&server).file_token_cache(&file).build().unwrap();
    client.get_company("c-1").await.unwrap();
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(file.parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o077, 0);
    // Only the file is left: no temporary files behind.
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[tokio::test]
async fn a_new_client_reuses_the_cached_token() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    let server = MockServer::start().await;
    api(&server).await;
    let first = builder(&server).file_token_cache(&file).build().unwrap();
    first.get_company("c-1").await.unwrap();
    drop(first);
    let second = builder(&server).file_token_cache(&file).build().unwrap();
    second.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let tokens = stored["tokens"].as_object().unwrap();
    assert_eq!(tokens.len(), 1);
    let record = tokens.values().next().unwrap();
    assert_eq!(record["access_token"], TOKEN);
    assert_eq!(record["token_type"], "Bearer");
    assert!(record["expires_at"].as_u64().is_some());
}

#[tokio::test]
async fn a_corrupt_file_is_ignored_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    std::fs::write(&file, b"{not json at all").unwrap();
    let server = MockServer::start().await;
    api(&server).await;
    let client = builder(&server).file_token_cache(&file).build().unwrap();
    client.get_company("c-1").await.unwrap();
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(stored["format"], "paykit-pax8-token-cache/1");
}

#[tokio::test]
async fn a_py_pax8_file_is_foreign_and_replaced() {
    // pax8.md §1.2: {token, expiry, default_headers}.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pax8_token.json");
    std::fs::write(&file, fixture("py_pax8_token_cache.json")).unwrap();
    let server = MockServer::start().await;
    api(&server).await;
    let client = builder(&server).file_token_cache(&file).build().unwrap();
    client.get_company("c-1").await.unwrap();
    let sent = requests_to(&server, "/v1/companies/c-1").await;
    assert_eq!(
        sent[0].headers.get("authorization").unwrap(),
        format!("Bearer {TOKEN}").as_str()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("py-pax8-token"));
}

#[tokio::test]
async fn identities_never_share_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let cache = FileTokenCache::new(dir.path().join("t.json"));
    let key = |id: &str, audience: &str| CacheKey {
        client_id: id.into(),
        audience: audience.into(),
        token_url: "https://api.pax8.com/v1/token".into(),
    };
    let far = 4_102_444_800;
    let a = CachedToken::new(SecretString::from("token-a"), "Bearer", far);
    let b = CachedToken::new(SecretString::from("token-b"), "Bearer", far);
    cache
        .put(&key("a", "https://api.pax8.com"), &a)
        .await
        .unwrap();
    cache
        .put(&key("b", "https://api.pax8.com"), &b)
        .await
        .unwrap();
    use secrecy::ExposeSecret;
    let got = cache
        .get(&key("a", "https://api.pax8.com"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.access_token.expose_secret(), "token-a");
    assert!(
        cache
            .get(&key("a", "api://p8p.client"))
            .await
            .unwrap()
            .is_none()
    );
    // Invalidation removes only the token that failed.
    cache
        .invalidate(&key("b", "https://api.pax8.com"), &a)
        .await
        .unwrap();
    assert!(
        cache
            .get(&key("b", "https://api.pax8.com"))
            .await
            .unwrap()
            .is_some()
    );
    cache
        .invalidate(&key("b", "https://api.pax8.com"), &b)
        .await
        .unwrap();
    assert!(
        cache
            .get(&key("b", "https://api.pax8.com"))
            .await
            .unwrap()
            .is_none()
    );
    // Expired tokens are dropped on the next write.
    let old = CachedToken::new(SecretString::from("old"), "Bearer", 1);
    cache.put(&key("c", "x"), &old).await.unwrap();
    cache.put(&key("d", "x"), &a).await.unwrap();
    assert!(cache.get(&key("c", "x")).await.unwrap().is_none());
}

#[tokio::test]
async fn a_401_removes_the_token_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.json");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(common::token_reply("fresh", 86_400))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .and(wiremock::matchers::header("authorization", "Bearer stale"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .and(wiremock::matchers::header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "c-1"})))
        .mount(&server)
        .await;
    // A token another process left behind, revoked on the server.
    let cache = FileTokenCache::new(&file);
    let key = CacheKey {
        client_id: common::CLIENT_ID.into(),
        audience: "https://api.pax8.com".into(),
        token_url: format!("{}/v1/token", server.uri()),
    };
    let stale = CachedToken::new(SecretString::from("stale"), "Bearer", 4_102_444_800);
    cache.put(&key, &stale).await.unwrap();
    let client = builder(&server).file_token_cache(&file).build().unwrap();
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("stale") && text.contains("fresh"), "{text}");
}
