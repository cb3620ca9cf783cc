//! Error mapping (../shared/vendors/paritydeals.md §1.5): DRF shapes, statuses, client-side refusals, and the
//! API key never shown.

mod common;

use common::{KEY, reply};
use paykit_paritydeals::{
    CancellationType, Client, CustomerFilter, CustomerUpdate, Error, ErrorBody, NewCustomer,
    UsageReport,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(_status: u16, body: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(body).mount(&server).await;
    let client = common::builder(&server.uri(), &server.uri())
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn a_400_field_map_is_invalid_request_with_each_field() {
    let (_s, client) = answering(400, reply(400, "error_400_fields.json")).await;
    let err = client
        .create_customer(&NewCustomer::new("cus_42"))
        .await
        .unwrap_err();
    let Error::Validation(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(
        api.field_errors("customerId"),
        ["customer with this customerId already exists."]
    );
    assert_eq!(api.field_errors("email"), ["Enter a valid email address."]);
    assert!(api.raw_body().contains("customerId"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert!(
        err.to_string()
            .contains("email: Enter a valid email address."),
        "{err}"
    );
}

#[tokio::test]
async fn a_400_status_message_body_is_parsed() {
    let (_s, client) = answering(400, reply(400, "error_400_status_message.json")).await;
    let err = client.get_customer("x").await.unwrap_err();
    assert!(
        matches!(
            err.api_error().map(|a| &a.body),
            Some(ErrorBody::Message { status: Some(s), message })
                if s == "error" && message.starts_with("cancellationDate is required")
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn statuses_map_to_distinct_variants() {
    for (status, fixture) in [
        (401, "error_401_detail.json"),
        (403, "error_403_detail.json"),
        (404, "error_404_detail.json"),
        (500, "error_500_status_message.json"),
        (503, "error_500_status_message.json"),
        (409, "error_404_detail.json"),
        (422, "error_400_fields.json"),
        (429, "error_404_detail.json"),
    ] {
        let (_s, client) = answering(status, reply(status, fixture)).await;
        let err = client.get_customer("cus_42").await.unwrap_err();
        let ok = match status {
            401 => matches!(err, Error::Unauthorized(_)),
            403 => matches!(err, Error::Forbidden(_)),
            404 => matches!(err, Error::NotFound(_)),
            422 => matches!(err, Error::Validation(_)),
            429 => matches!(err, Error::RateLimited(_)) && err.is_rate_limited(),
            _ => matches!(err, Error::Api(_)),
        };
        assert!(ok, "{status}: {err:?}");
        assert_eq!(err.is_not_found(), status == 404);
        // A refusal (4xx) had no effect; a 5xx may have had one.
        assert_eq!(err.maybe_sent(), status >= 500, "{status}");
        let shown = err.to_string();
        assert!(shown.contains(&format!("HTTP {status}")), "{shown}");
        assert_eq!(err.status().unwrap().as_u16(), status);
    }
    let (_s, client) = answering(401, reply(401, "error_401_detail.json")).await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    assert_eq!(
        err.api_error().unwrap().body,
        ErrorBody::Detail("Authentication credentials were not provided.".into())
    );
}

#[tokio::test]
async fn a_429_keeps_the_retry_after() {
    let (_s, client) = answering(
        429,
        ResponseTemplate::new(429)
            .insert_header("retry-after", "7")
            .set_body_json(serde_json::json!({"detail": "Request was throttled."})),
    )
    .await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    let Error::RateLimited(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.retry_after, Some(std::time::Duration::from_secs(7)));
    assert_eq!(api.message.as_deref(), Some("Request was throttled."));
    assert_eq!(
        err.to_string(),
        "rate limited: HTTP 429 Too Many Requests: Request was throttled."
    );
    assert!(!err.maybe_sent());
}

#[tokio::test]
async fn an_echoed_key_never_shows() {
    let (_s, client) = answering(
        401,
        ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "detail": format!("Invalid token: {KEY}. Header was 'Bearer {KEY}'.")
        })),
    )
    .await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(KEY), "{text}");
    }
    assert!(err.to_string().contains("[REDACTED]"), "{err}");
}

#[tokio::test]
async fn a_non_json_body_is_kept_as_text() {
    let (_s, client) = answering(
        502,
        ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"),
    )
    .await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    assert_eq!(
        err.api_error().unwrap().body,
        ErrorBody::Text("<html>Bad Gateway</html>".into())
    );
}

#[tokio::test]
async fn invalid_input_is_refused_without_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    // §1.4 "Cancel subscription": SPECIFIC_DATE needs a date (KQ-sdk validates client-side).
    let err = client
        .cancel_subscription_with("sub_1", CancellationType::SpecificDate, None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "cancellation_date",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.maybe_sent());
    let err = client
        .cancel_subscription_with("sub_1", CancellationType::SpecificDate, Some("30/06/2026"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "cancellation_date",
                ..
            }
        ),
        "{err:?}"
    );
    let err = client
        .cancel_subscription_with("sub_1", CancellationType::Immediate, Some("2026-06-30"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "cancellation_date",
                ..
            }
        ),
        "{err:?}"
    );
    let err = client
        .cancel_subscription_with("sub_1", CancellationType::Other("SOMEDAY".into()), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "cancellation_type",
                ..
            }
        ),
        "{err:?}"
    );
    // A date that cannot be written as YYYY-MM-DD is refused, not sent or panicked on.
    let far = paykit_paritydeals::Cancellation::SpecificDate(paykit_paritydeals::time::Date::MIN);
    let err = client.cancel_subscription("sub_1", &far).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "cancellation_date",
                ..
            }
        ),
        "{err:?}"
    );
    for err in [
        client.get_customer("").await.unwrap_err(),
        client
            .update_customer("cus_1", &CustomerUpdate::new())
            .await
            .unwrap_err(),
        client
            .report_usage(&UsageReport::delta("", "f", 1))
            .await
            .unwrap_err(),
        client.has_access("cus_1", "").await.unwrap_err(),
    ] {
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    }
}

#[tokio::test]
async fn the_key_never_shows_in_debug_or_errors() {
    let (server, client) = answering(401, reply(401, "error_401_detail.json")).await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    let builder = common::builder(&server.uri(), &server.uri());
    for text in [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{err:?}"),
        err.to_string(),
    ] {
        assert!(!text.contains(KEY), "{text}");
    }
    // The key did go out, as a sensitive Bearer header.
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        sent[0].headers.get("authorization").unwrap(),
        format!("Bearer {KEY}").as_str()
    );
}

#[tokio::test]
async fn a_blocking_call_inside_a_runtime_is_an_error_not_a_panic() {
    let client =
        paykit_paritydeals::blocking::Client::from_async(common::client("http://127.0.0.1:9"))
            .unwrap();
    let err = client.get_customer("cus_42").unwrap_err();
    assert!(
        matches!(err, Error::Core(paykit_core::Error::BlockingInsideRuntime)),
        "{err:?}"
    );
    let mut iter = client.list_customers(&CustomerFilter::new());
    assert!(matches!(
        iter.next(),
        Some(Err(Error::Core(paykit_core::Error::BlockingInsideRuntime)))
    ));
    assert!(iter.next().is_none());
}

/// Asserts that `sent` is exactly `count` copies of one request: `method` on `path`, no
/// query, the standard headers (§1.3) and `body` (`None`: no body).
fn assert_sent(
    sent: &[wiremock::Request],
    count: usize,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) {
    assert_eq!(sent.len(), count, "{sent:?}");
    for request in sent {
        assert_eq!(request.method.as_str(), method);
        assert_eq!(request.url.path(), path);
        assert_eq!(request.url.query(), None);
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(
            header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
        assert_eq!(header("accept"), Some("application/json"));
        assert_eq!(header("user-agent"), Some(paykit_paritydeals::USER_AGENT));
        match &body {
            None => assert!(request.body.is_empty(), "{request:?}"),
            Some(expected) => {
                assert_eq!(header("content-type"), Some("application/json"));
                let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
                assert_eq!(&sent, expected);
            }
        }
    }
}

#[tokio::test]
async fn maybe_sent_remembers_an_earlier_attempt_that_may_have_reached_the_server() {
    use paykit_core::testing::faults::{Fault, Faulty};

    // A read answered 503 (maybe processed), retried, then 404: the call may have had its
    // effect although its last answer is a refusal.
    let server = MockServer::start().await;
    let not_found = reply(404, "error_404_detail.json");
    Mock::given(any())
        .respond_with(Faulty::new(not_found.clone()).then(Fault::status(503)))
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let err = client.get_customer("cus_42").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.maybe_sent(), "{err:?}");
    assert!(err.api_error().unwrap().maybe_sent());
    assert_eq!(err.api_error().unwrap().http.attempts, 2);
    let sent = server.received_requests().await.unwrap();
    assert_sent(&sent, 2, "GET", "/api/v1/customers/cus_42/", None);

    // The same 404 alone is a refusal: nothing happened.
    let (server, client) = answering(404, not_found).await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(!err.api_error().unwrap().maybe_sent());
    let sent = server.received_requests().await.unwrap();
    assert_sent(&sent, 1, "GET", "/api/v1/customers/cus_42/", None);

    // A 3xx that was not followed (no Location) reached the server: not a refusal.
    let (server, client) = answering(302, ResponseTemplate::new(302)).await;
    let err = client.get_customer("cus_42").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 302),
        "{err:?}"
    );
    assert!(err.maybe_sent(), "{err:?}");
    let sent = server.received_requests().await.unwrap();
    assert_sent(&sent, 1, "GET", "/api/v1/customers/cus_42/", None);

    // A keyed write (an event with its idempotency key, retried by design) answered 503,
    // then 409 on the retry: the first attempt may have stored the event.
    let server = MockServer::start().await;
    let conflict =
        ResponseTemplate::new(409).set_body_json(serde_json::json!({"detail": "Duplicate event."}));
    Mock::given(any())
        .respond_with(Faulty::new(conflict).then(Fault::status(503)))
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let event = paykit_paritydeals::EventReport::new("cus_42", "file.uploaded")
        .idempotency_key("0123456789abcdef0123456789abcdef")
        .at(time::macros::datetime!(2025-06-01 14:30:45.000001 +02:00))
        .resource_id("bucket-1")
        .property("bytes", 2048);
    let err = client.report_event(&event).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 409),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "HTTP 409 Conflict: Duplicate event.");
    assert!(err.maybe_sent(), "{err:?}");
    let sent = server.received_requests().await.unwrap();
    let body = common::fixture_json("event_request.json");
    assert_sent(&sent, 2, "POST", "/api/v1/report/event/", Some(body));
}
