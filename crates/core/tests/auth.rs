//! Auth hooks: credentials on every attempt, one retry after a 401 when the hook refreshes.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use paykit_core::auth::sensitive_header;
use paykit_core::reqwest::header::{AUTHORIZATION, HeaderName};
use paykit_core::secrecy::SecretString;
use paykit_core::{AuthHook, BoxError, Credential, Error, HeaderAuth, Request, async_trait};
use wiremock::matchers::{any, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn bearer_and_raw_header_auth_reach_the_wire_and_debug_redacts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer sk_live_123"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(header("x-api-key", "raw-secret"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let bearer = HeaderAuth::bearer(SecretString::from("sk_live_123"));
    assert!(!format!("{bearer:?}").contains("sk_live_123"));
    let client = common::builder(&server.uri()).auth(bearer).build().unwrap();
    assert!(!format!("{client:?}").contains("sk_live_123"));
    client.execute(Request::get("t.get", "/x")).await.unwrap();

    let raw = HeaderAuth::raw(
        HeaderName::from_static("x-api-key"),
        SecretString::from("raw-secret"),
    );
    let client = common::builder(&server.uri()).auth(raw).build().unwrap();
    client.execute(Request::post("t.post", "/x")).await.unwrap();
}

#[test]
fn sensitive_headers_are_redacted_by_debug() {
    let value = sensitive_header("Bearer abc").unwrap();
    assert!(value.is_sensitive());
    assert!(!format!("{value:?}").contains("abc"));
}

/// A token source: `token-N`, where N grows each time the token is invalidated.
#[derive(Debug, Default)]
struct Rotating {
    generation: AtomicUsize,
    invalidations: AtomicUsize,
    rejected: std::sync::Mutex<Vec<Credential>>,
    refresh: bool,
}

#[async_trait]
impl AuthHook for Rotating {
    async fn authorize(
        &self,
        request: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, BoxError> {
        let generation = self.generation.load(Ordering::SeqCst);
        let token = format!("token-{generation}");
        request
            .headers_mut()
            .insert(AUTHORIZATION, sensitive_header(&token)?);
        Ok(Credential(generation as u64))
    }
    async fn on_unauthorized(&self, rejected: Credential) -> bool {
        self.invalidations.fetch_add(1, Ordering::SeqCst);
        self.rejected.lock().unwrap().push(rejected);
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.refresh
    }
}

#[tokio::test]
async fn a_401_invalidates_and_retries_once_even_for_a_never_post() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "token-0"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("authorization", "token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let hook = Arc::new(Rotating {
        refresh: true,
        ..Default::default()
    });
    let client = common::builder(&server.uri())
        .auth_shared(hook.clone())
        .build()
        .unwrap();
    client.execute(Request::post("t.pay", "/x")).await.unwrap();
    assert_eq!(hook.invalidations.load(Ordering::SeqCst), 1);
    // The hook is told which credential failed.
    assert_eq!(*hook.rejected.lock().unwrap(), [Credential(0)]);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_again() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let hook = Arc::new(Rotating {
        refresh: true,
        ..Default::default()
    });
    let client = common::builder(&server.uri())
        .auth_shared(hook.clone())
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap(), 401);
    assert_eq!(hook.invalidations.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_hook_without_refresh_gets_one_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let hook = Arc::new(Rotating::default());
    let client = common::builder(&server.uri())
        .auth_shared(hook.clone())
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap(), 401);
}

#[derive(Debug)]
struct Broken;

#[async_trait]
impl AuthHook for Broken {
    async fn authorize(
        &self,
        _: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, BoxError> {
        Err("token endpoint said no".into())
    }
}

#[tokio::test]
async fn a_failing_hook_is_an_auth_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::builder(&server.uri()).auth(Broken).build().unwrap();
    let err = client
        .execute(Request::get("t.get", "/x"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                operation: "t.get",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        std::error::Error::source(&err).unwrap().to_string(),
        "token endpoint said no"
    );
}

/// A hook whose credentials take `delay` to come (a slow token endpoint or cache).
#[derive(Debug)]
struct Slow(std::time::Duration);

#[async_trait]
impl AuthHook for Slow {
    async fn authorize(
        &self,
        _request: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, BoxError> {
        tokio::time::sleep(self.0).await;
        Ok(Credential::default())
    }
}

#[tokio::test]
async fn the_deadline_bounds_a_slow_auth_hook() {
    // Issue 9 (5): a 3 s auth hook made a 300 ms-deadline call take 3 s.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::builder(&server.uri())
        .auth(Slow(std::time::Duration::from_secs(3)))
        .deadline(Some(std::time::Duration::from_millis(300)))
        .build()
        .unwrap();
    let err = client
        .execute(Request::post("t.pay", "/x"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: paykit_core::TimeoutKind::Deadline,
                maybe_sent: false,
                ..
            }
        ),
        "{err:?}"
    );
}
