//! The API key, a member's password and payment tokens travel in URLs and bodies: none of
//! them may reach a trace (captured here at TRACE), an error's Display or Debug, or a
//! client's Debug — even when the server echoes them back
//! (`../shared/vendors/clubready.md` §3.1).

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paykit_clubready::prelude::*;
use paykit_clubready::{AcctToken, AgreementSale, ClassScheduleFilter, PaymentMethod};
use paykit_core::RetryPolicy;
use rust_decimal::Decimal;
use secrecy::SecretString;
use time::macros::date;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "Sup3rSecretKey+/=";
const PASSWORD: &str = "pa ss&word=1";
const TOKEN: &str = "AT-very-secret-token";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    let encoded: String =
        paykit_core::url::form_urlencoded::byte_serialize(KEY.as_bytes()).collect();
    let encoded_password: String =
        paykit_core::url::form_urlencoded::byte_serialize(PASSWORD.as_bytes()).collect();
    for secret in [
        KEY,
        encoded.as_str(),
        PASSWORD,
        encoded_password.as_str(),
        TOKEN,
    ] {
        assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
    }
}

#[test]
fn no_secret_reaches_traces_errors_or_debug() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // Global (this test binary holds this one test), so that no callsite is cached as
    // uninteresting by another thread first.
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut texts = Vec::new();
    runtime.block_on(async {
        let server = MockServer::start().await;
        // Every failure mode, each echoing its request's secrets back.
        let echo = format!("Bad request /staff?ApiKey={KEY}&format=jsv");
        Mock::given(path("/api/current/staff"))
            .respond_with(ResponseTemplate::new(400).set_body_raw(
                format!("{{ResponseStatus:{{ErrorCode:X,Message:\"{echo}\"}}}}"),
                "application/jsv",
            ))
            .mount(&server)
            .await;
        Mock::given(path("/api/current/staff/types"))
            .respond_with(ResponseTemplate::new(500).set_body_raw(echo.clone(), "text/plain"))
            .mount(&server)
            .await;
        Mock::given(path("/api/current/users/find/login-details"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                format!("{{UserId:x{PASSWORD}{KEY},Success:True}}"),
                "application/jsv",
            ))
            .mount(&server)
            .await;
        Mock::given(path("/api/current/sales/agreement/sale"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                format!("{{success:false,message:\"declined {TOKEN} key {KEY}\"}}"),
                "application/jsv",
            ))
            .mount(&server)
            .await;
        Mock::given(path("/api/current/scheduling/class-schedule"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(format!("Unauthorized {KEY}"), "text/plain"),
            )
            .mount(&server)
            .await;
        Mock::given(path("/api/current/users/12"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
            .mount(&server)
            .await;
        let client = Client::builder(KEY)
            .store_id(100)
            .base_url(format!("{}/api/current", server.uri()))
            .attempt_timeout(Some(Duration::from_millis(100)))
            .retry(
                RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2)),
            )
            .build()
            .unwrap();
        texts.push(format!("{client:?}"));
        let errors = [
            client.list_staff_page().await.unwrap_err(),
            client.list_staff_types_page().await.unwrap_err(),
            client
                .find_user_by_login("ann", &SecretString::from(PASSWORD))
                .await
                .unwrap_err(),
            client
                .create_agreement_sale(
                    &AgreementSale::new(1, "IAT", Decimal::ONE, "10.0.0.1".parse().unwrap())
                        .payment_method(PaymentMethod::acct_token(
                            Decimal::ONE,
                            AcctToken::new(TOKEN),
                        )),
                )
                .await
                .unwrap_err(),
            client
                .get_class_schedule(&ClassScheduleFilter::new(
                    date!(2026 - 06 - 01),
                    date!(2026 - 06 - 02),
                ))
                .await
                .unwrap_err(),
            client.get_user(12).await.unwrap_err(),
        ];
        // A refused connection (transport error).
        let dead = Client::builder(KEY)
            .store_id(1)
            .base_url("http://127.0.0.1:9/api/current")
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let transport = dead.get_user(1).await.unwrap_err();
        for error in errors.iter().chain([&transport]) {
            texts.push(error.to_string());
            texts.push(format!("{error:?}"));
            let mut source = std::error::Error::source(error);
            while let Some(s) = source {
                texts.push(s.to_string());
                texts.push(format!("{s:?}"));
                source = s.source();
            }
        }
        assert!(matches!(errors[0], Error::Validation(_)));
        assert!(matches!(errors[1], Error::Api(_)));
        assert!(matches!(errors[2], Error::Core(_)), "{:?}", errors[2]);
        assert!(matches!(errors[3], Error::Refused(_)));
        assert!(matches!(errors[4], Error::Unauthorized(_)));
        assert!(errors[5].is_timeout());
    });
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("paykit.call"), "traces were captured: {logs}");
    for op in [
        "clubready.find_user_by_login",
        "clubready.create_agreement_sale",
        "clubready.get_class_schedule",
    ] {
        assert!(logs.contains(op), "the call {op} was traced: {logs}");
    }
    assert!(
        logs.contains("/users/find/login-details"),
        "path templates are traced"
    );
    assert_clean("traces", &logs);
    for text in &texts {
        assert_clean("an error or Debug", text);
    }
}
