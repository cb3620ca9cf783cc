//! OAuth2 client credentials and the token cache (pax8.md §1.1), against wiremock.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{
    CLIENT_ID, SECRET, TOKEN, builder, fixture_json, mount_token, requests_to, token_reply,
};
use paykit_pax8::auth::{DEFAULT_AUDIENCE, DEFAULT_TOKEN_URL, LOGIN_TOKEN_URL, PARTNER_AUDIENCE};
use paykit_pax8::{
    CompanyFilter, Error, MemoryTokenCache, SecretString, TokenConfig, TokenRequestStyle,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Mounts `GET /v1/companies/c-1` answering 200 for `Bearer <token>`.
async fn mount_company(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "c-1"})))
        .mount(server)
        .await;
}

#[test]
fn defaults_follow_the_current_documented_form() {
    // pax8.md §1.1: the newer DEVX page: api.pax8.com/v1/token, audience https://api.pax8.com.
    let config = TokenConfig::default();
    assert_eq!(config.token_url, "https://api.pax8.com/v1/token");
    assert_eq!(config.token_url, DEFAULT_TOKEN_URL);
    assert_eq!(config.audience, DEFAULT_AUDIENCE);
    assert_eq!(config.style, TokenRequestStyle::Json);
    let login = TokenConfig::login_pax8();
    assert_eq!(login.token_url, LOGIN_TOKEN_URL);
    assert_eq!(login.audience, PARTNER_AUDIENCE);
    assert_eq!(paykit_pax8::DEFAULT_BASE_URL, "https://api.pax8.com/v1");
}

#[tokio::test]
async fn the_default_token_request_is_json_to_v1_token() {
    // pax8.md §1.1: POST, JSON body with the four fields.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_json(json!({
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
            "audience": "https://api.pax8.com",
            "grant_type": "client_credentials",
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture_json("token_response.json")))
        .expect(1)
        .mount(&server)
        .await;
    mount_company(&server, "eyJhbGciOiJSUzI1NiJ9.fixture-token.sig").await;
    let client = builder(&server).build().unwrap();
    client.get_company("c-1").await.unwrap();
    let token = &requests_to(&server, "/v1/token").await[0];
    assert!(token.headers.get("authorization").is_none());
}

#[tokio::test]
async fn the_login_pax8_form_works_by_configuration() {
    // pax8.md §1.1: login.pax8.com/oauth/token with audience api://p8p.client.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
            "audience": "api://p8p.client",
            "grant_type": "client_credentials",
        })))
        .respond_with(token_reply("login-token", 86_400))
        .expect(1)
        .mount(&server)
        .await;
    mount_company(&server, "login-token").await;
    let config = TokenConfig {
        token_url: format!("{}/oauth/token", server.uri()),
        ..TokenConfig::login_pax8()
    };
    let client = builder(&server).token_config(config).build().unwrap();
    client.get_company("c-1").await.unwrap();
}

#[tokio::test]
async fn form_and_camel_case_bodies_by_configuration() {
    // RFC 6749 form, and the older DEVX token-manager camelCase form (pax8.md §1.1).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(token_reply("form-token", 86_400))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .and(body_json(json!({
            "clientId": CLIENT_ID,
            "clientSecret": SECRET,
            "audience": "api://vendor",
            "grantType": "client_credentials",
        })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(fixture_json("token_response_camel.json")),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_company(&server, "form-token").await;
    mount_company(&server, "legacy-fixture-token").await;

    let form = builder(&server)
        .token_request_style(TokenRequestStyle::Form)
        .build()
        .unwrap();
    form.get_company("c-1").await.unwrap();
    let sent = &requests_to(&server, "/v1/token").await[0];
    let body = String::from_utf8(sent.body.clone()).unwrap();
    assert_eq!(
        body,
        "client_id=client-123&client_secret=s3cr3t-value-never-shown&audience=https%3A%2F%2Fapi.pax8.com&grant_type=client_credentials"
    );

    let camel = builder(&server)
        .token_url(format!("{}/auth/token", server.uri()))
        .audience("api://vendor")
        .token_request_style(TokenRequestStyle::CamelCaseJson)
        .build()
        .unwrap();
    camel.get_company("c-1").await.unwrap();
}

#[tokio::test]
async fn fifty_concurrent_calls_fetch_one_token() {
    // pax8.md §1.1: a token lasts a day; do not fetch one per request.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply(TOKEN, 86_400).set_delay(Duration::from_millis(100)))
        .mount(&server)
        .await;
    mount_company(&server, TOKEN).await;
    let client = builder(&server).build().unwrap();
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_company("c-1").await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    assert_eq!(requests_to(&server, "/v1/companies/c-1").await.len(), 50);
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    // pax8.md §1.1 and §1.2: unlike py-pax8, a token is never used past its expiry.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply(TOKEN, 1))
        .mount(&server)
        .await;
    mount_company(&server, TOKEN).await;
    let client = builder(&server).build().unwrap();
    client.get_company("c-1").await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

#[tokio::test]
async fn a_token_is_refreshed_ahead_of_expiry() {
    // pax8.md §1.2: py-pax8 has no safety margin; IMP refreshes ahead of expiry.
    // 4 s lifetime: refreshed once at most half of it remains, while still valid.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply(TOKEN, 4))
        .mount(&server)
        .await;
    mount_company(&server, TOKEN).await;
    let client = builder(&server).build().unwrap();
    let first_expiry = client.authenticate().await.unwrap();
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert!(std::time::SystemTime::now() < first_expiry);
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

#[tokio::test]
async fn a_401_invalidates_the_token_and_the_call_is_retried_once() {
    // pax8.md §1.3: 401 means no valid API key.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply("old", 86_400))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply("new", 86_400))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .and(header("authorization", "Bearer old"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(
                json!({"type": "UNAUTHORIZED", "message": "expired", "status": 401}),
            ),
        )
        .mount(&server)
        .await;
    mount_company(&server, "new").await;
    let client = builder(&server).build().unwrap();
    let company = client.get_company("c-1").await.unwrap();
    assert_eq!(company.id.as_deref(), Some("c-1"));
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
    assert_eq!(requests_to(&server, "/v1/companies/c-1").await.len(), 2);
    // The new token stays in use.
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_an_api_error_after_one_retry() {
    // pax8.md §1.3: 401, DEVX error shape.
    let server = MockServer::start().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"type": "UNAUTHORIZED", "message": "nope", "status": 401})),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client.get_company("c-1").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().kind.as_deref(),
        Some("UNAUTHORIZED")
    );
    assert_eq!(requests_to(&server, "/v1/companies/c-1").await.len(), 2);
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

#[tokio::test]
async fn bad_credentials_are_a_typed_error_after_exactly_one_token_request() {
    // pax8.md §1.1: 401 {error: access_denied, error_description: Unauthorized}.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(fixture_json("token_error_401.json")),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client
        .list_companies_page(&CompanyFilter::new())
        .await
        .unwrap_err();
    match &err {
        Error::Unauthorized(api) => {
            assert_eq!(api.status.as_u16(), 401);
            assert_eq!(api.kind.as_deref(), Some("access_denied"));
            assert_eq!(api.message.as_deref(), Some("Unauthorized"));
        }
        other => panic!("expected Error::Unauthorized, got {other:?}"),
    }
    assert!(!err.maybe_sent());
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    assert!(requests_to(&server, "/v1/companies").await.is_empty());
    // The failure is not cached: the next call asks again, once.
    let again = client.get_company("c-1").await.unwrap_err();
    assert!(matches!(again, Error::Unauthorized(_)));
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
    let text = format!("{err} {err:?} {again:?} {client:?}");
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test]
async fn a_400_from_the_token_endpoint_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"errors": ["audience is invalid"]})),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client.authenticate().await.unwrap_err();
    assert!(
        matches!(&err, Error::Unauthorized(api) if api.status.as_u16() == 400),
        "{err:?}"
    );
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
}

#[tokio::test]
async fn a_503_from_the_token_endpoint_is_retried() {
    // pax8.md §1.3: 50x is a server error.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_token(&server).await;
    mount_company(&server, TOKEN).await;
    let client = builder(&server).build().unwrap();
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

#[tokio::test]
async fn an_unusable_token_answer_never_quotes_the_body() {
    // pax8.md §1.1: the answer must carry access_token.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": 42, "leak": "tok-secret"})),
        )
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let err = client.authenticate().await.unwrap_err();
    assert!(matches!(err, Error::Token { .. }), "{err:?}");
    assert!(!err.maybe_sent());
    let text = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!text.contains("tok-secret"), "{text}");
}

#[tokio::test]
async fn clients_sharing_a_cache_share_the_token() {
    // pax8.md §1.1: one token per identity (client id + audience).
    let server = MockServer::start().await;
    mount_token(&server).await;
    mount_company(&server, TOKEN).await;
    let cache = Arc::new(MemoryTokenCache::new());
    let a = builder(&server)
        .token_cache_shared(cache.clone())
        .build()
        .unwrap();
    let b = builder(&server)
        .token_cache_shared(cache.clone())
        .build()
        .unwrap();
    a.get_company("c-1").await.unwrap();
    b.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
    // Another identity never gets that token.
    let other = paykit_pax8::Client::builder("other-client", SecretString::from("x"))
        .base_url(format!("{}/v1", server.uri()))
        .token_url(format!("{}/v1/token", server.uri()))
        .token_cache_shared(cache)
        .build()
        .unwrap();
    other.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
}

#[test]
fn debug_never_shows_the_secret_or_the_token() {
    let client = paykit_pax8::Client::builder(CLIENT_ID, SecretString::from(SECRET));
    assert!(!format!("{client:?}").contains(SECRET));
    let token = paykit_pax8::CachedToken::new(SecretString::from(TOKEN), "Bearer", 1);
    assert!(!format!("{token:?}").contains(TOKEN));
    let creds = paykit_pax8::Credentials::new(CLIENT_ID, SecretString::from(SECRET));
    assert!(!format!("{creds:?}").contains(SECRET));
}

#[tokio::test]
async fn concurrent_401s_invalidate_only_the_token_that_failed() {
    // Ten calls share the "old" token and all get 401. The first drops it and fetches
    // "new"; the others must not drop "new" in turn: two token requests in all.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply("old", 86_400).set_delay(Duration::from_millis(100)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply("new", 86_400))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/companies/c-1"))
        .and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(401).set_delay(Duration::from_millis(200)))
        .mount(&server)
        .await;
    mount_company(&server, "new").await;
    let client = builder(&server).build().unwrap();
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_company("c-1").await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 2);
    assert_eq!(requests_to(&server, "/v1/companies/c-1").await.len(), 20);
}

#[tokio::test]
async fn an_expires_in_of_u64_max_is_capped_not_a_panic() {
    // Issue 9 (6): `expires_in` of u64::MAX from the token endpoint panicked on every call.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/token"))
        .respond_with(token_reply(TOKEN, u64::MAX))
        .mount(&server)
        .await;
    mount_company(&server, TOKEN).await;
    let client = builder(&server).build().unwrap();
    let expires = client.authenticate().await.unwrap();
    assert!(expires > std::time::SystemTime::now());
    client.get_company("c-1").await.unwrap();
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 1);
}

/// A cache holding one token whose `expires_at` is u64::MAX, as any process of a fleet may
/// have written it to a file or to Redis.
#[derive(Debug)]
struct FarFuture;

#[paykit_pax8::core::async_trait]
impl paykit_pax8::TokenCache for FarFuture {
    async fn get(
        &self,
        _key: &paykit_pax8::CacheKey,
    ) -> Result<Option<paykit_pax8::CachedToken>, paykit_pax8::core::BoxError> {
        Ok(Some(paykit_pax8::CachedToken::new(
            SecretString::from(TOKEN),
            "Bearer",
            u64::MAX,
        )))
    }
    async fn put(
        &self,
        _key: &paykit_pax8::CacheKey,
        _token: &paykit_pax8::CachedToken,
    ) -> Result<(), paykit_pax8::core::BoxError> {
        Ok(())
    }
    async fn invalidate(
        &self,
        _key: &paykit_pax8::CacheKey,
        _token: &paykit_pax8::CachedToken,
    ) -> Result<(), paykit_pax8::core::BoxError> {
        Ok(())
    }
}

#[tokio::test]
async fn a_cached_expires_at_of_u64_max_is_used_not_a_panic() {
    let server = MockServer::start().await;
    mount_token(&server).await;
    mount_company(&server, TOKEN).await;
    let client = builder(&server).token_cache(FarFuture).build().unwrap();
    client.get_company("c-1").await.unwrap();
    assert_eq!(requests_to(&server, "/v1/token").await.len(), 0);
}

#[tokio::test]
async fn a_refresh_margin_and_jitter_of_duration_max_do_not_panic() {
    let server = MockServer::start().await;
    mount_token(&server).await;
    mount_company(&server, TOKEN).await;
    let config = TokenConfig {
        token_url: format!("{}/v1/token", server.uri()),
        refresh_margin: Duration::MAX,
        refresh_jitter: Duration::MAX,
        ..TokenConfig::default()
    };
    let client = builder(&server).token_config(config).build().unwrap();
    client.get_company("c-1").await.unwrap();
    client.get_company("c-1").await.unwrap();
}
