//! What traces show: operation and path template per call, an event per attempt, and never an
//! id, a query value or a secret. Alone in its binary: tracing caches callsite interest per
//! process, and another test running first without a subscriber would disable the span.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use paykit_core::Request;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn traces_name_the_operation_and_path_template_never_ids_or_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = common::builder(&server.uri())
        .auth(paykit_core::HeaderAuth::bearer(
            "sk_secret_999".to_owned().into(),
        ))
        .build()
        .unwrap();
    let err = client
        .execute(
            Request::get("acct.get", "/accounts/{}")
                .arg("user-secret-id")
                .query("token", "qs-secret"),
        )
        .await
        .unwrap_err();
    // Issue 9 (9): a transport failure's DEBUG event logged the reqwest error with the full
    // URL (path ids, query values). A refused connection must not either.
    let refused = common::builder("http://127.0.0.1:9")
        .build()
        .unwrap()
        .execute(
            Request::get("acct.get", "/accounts/{}")
                .arg("user-secret-id")
                .query("token", "qs-secret"),
        )
        .await
        .unwrap_err();
    assert!(refused.is_connect(), "{refused:?}");
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("attempt failed"), "{logs}");
    assert!(logs.contains("operation=\"acct.get\""), "{logs}");
    assert!(logs.contains("path=\"/accounts/{}\""), "{logs}");
    assert!(logs.contains("attempt=3"), "{logs}");
    assert!(logs.contains("retry_delay_ms"), "{logs}");
    for secret in ["sk_secret_999", "user-secret-id", "qs-secret"] {
        assert!(!logs.contains(secret), "{secret} leaked: {logs}");
        assert!(
            !format!("{err} {err:?}").contains(secret),
            "{secret} leaked in the error"
        );
    }
}
