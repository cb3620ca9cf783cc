//! Retries: which failures are retried, how often, and never where idempotency forbids it.

mod common;

use std::time::Duration;

use paykit_core::retry::{AttemptOutcome, TransientStatus, retry_after};
use paykit_core::testing::faults::{Fault, Faulty};
use paykit_core::testing::raw::{Behavior, RawServer};
use paykit_core::{
    Error, Idempotency, Json, Request, RetryAction, RetryBudget, RetryClassifier, RetryPolicy,
    TimeoutKind,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true}))
}

async fn server_with(faults: Faulty<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(faults)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn transient_statuses_are_retried_for_safe_requests() {
    for status in [408, 429, 500, 502, 503, 504] {
        let faults = Faulty::new(ok())
            .then(Fault::status(status))
            .then(Fault::status(status));
        let server = server_with(faults.clone()).await;
        let client = common::client(&server.uri());
        let v: serde_json::Value = client
            .send(Request::get("t.get", "/r"), &Json)
            .await
            .unwrap();
        assert_eq!(v["ok"], true);
        assert_eq!(faults.served(), 3, "status {status}");
    }
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    for status in [400, 401, 402, 403, 404, 409, 422, 501] {
        let faults = Faulty::new(ok()).then(Fault::status(status));
        let server = server_with(faults.clone()).await;
        let err = common::client(&server.uri())
            .execute(Request::get("t.get", "/r"))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(faults.served(), 1, "status {status}");
    }
}

#[tokio::test]
async fn attempts_are_capped_and_the_last_error_is_returned() {
    let faults = Faulty::new(ok());
    for _ in 0..5 {
        faults.push(Fault::status(503));
    }
    let server = server_with(faults.clone()).await;
    let err = common::client(&server.uri())
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    let http = err.http().expect("a status error");
    assert_eq!(http.status, 503);
    assert_eq!(http.attempts, 3);
    assert_eq!(faults.served(), 3);
}

#[tokio::test]
async fn a_never_retry_post_is_sent_once_on_a_server_error() {
    let faults = Faulty::new(ok()).then(Fault::status(503));
    let server = server_with(faults.clone()).await;
    let req = Request::post("t.pay", "/r").body(&Json, &serde_json::json!({"amount": 1}));
    assert_eq!(req.idempotency_class(), Idempotency::Never);
    let err = common::client(&server.uri())
        .execute(req)
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap(), 503);
    assert_eq!(faults.served(), 1);
}

#[tokio::test]
async fn a_keyed_post_is_retried() {
    let faults = Faulty::new(ok()).then(Fault::status(503));
    let server = server_with(faults.clone()).await;
    let req = Request::post("t.pay", "/r").idempotency(Idempotency::Keyed);
    common::client(&server.uri()).execute(req).await.unwrap();
    assert_eq!(faults.served(), 2);
}

#[tokio::test]
async fn a_dropped_connection_after_the_request_is_never_resent_for_a_never_post() {
    let raw = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let client = common::client(&raw.uri());
    let req = Request::post("t.pay", "/r").body(&Json, &serde_json::json!({"amount": 5}));
    let err = client.execute(req).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                maybe_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.maybe_sent());
    let seen = raw.requests();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].head.starts_with("POST /r HTTP/1.1"));
    assert_eq!(seen[0].body, br#"{"amount":5}"#);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_a_get() {
    let raw = RawServer::start(Behavior::DropAfterRequest).await.unwrap();
    let err = common::client(&raw.uri())
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(raw.requests().len(), 3);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_a_never_post_is_not_resent() {
    let faults = Faulty::new(ok()).then(Fault::delay(Duration::from_secs(5)));
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let err = client
        .execute(Request::post("t.pay", "/r"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                maybe_sent: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_timeout());
    assert_eq!(faults.served(), 1);
}

#[tokio::test]
async fn a_slow_answer_is_retried_for_a_get() {
    let faults = Faulty::new(ok()).then(Fault::delay(Duration::from_secs(5)));
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .attempt_timeout(Some(Duration::from_millis(1000)))
        .build()
        .unwrap();
    client.execute(Request::get("t.get", "/r")).await.unwrap();
    assert_eq!(faults.served(), 2);
}

#[tokio::test]
async fn connect_errors_are_retried_even_for_never_posts_and_say_nothing_was_sent() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = common::client(&format!("http://127.0.0.1:{port}"));
    let err = client
        .execute(Request::post("t.pay", "/r"))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(!err.maybe_sent());
    assert!(Idempotency::Never.allows_retry(false));
    assert!(!Idempotency::Never.allows_retry(true));
}

#[tokio::test]
async fn retry_after_seconds_is_honoured_and_too_long_a_wait_ends_the_call() {
    let faults = Faulty::new(ok()).then(Fault::status(429).retry_after("0"));
    let server = server_with(faults.clone()).await;
    common::client(&server.uri())
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap();
    assert_eq!(faults.served(), 2);

    let faults = Faulty::new(ok()).then(Fault::status(503).retry_after("3600"));
    let server = server_with(faults.clone()).await;
    let err = common::client(&server.uri())
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(
        err.http().unwrap().retry_after(),
        Some(Duration::from_secs(3600))
    );
    assert_eq!(faults.served(), 1);
}

#[tokio::test]
async fn no_back_off_crosses_the_deadline() {
    let faults = Faulty::new(ok()).then(Fault::status(503).retry_after("5"));
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .deadline(Some(Duration::from_millis(2000)))
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap(), 503);
    assert_eq!(faults.served(), 1);
}

#[tokio::test]
async fn the_deadline_cuts_a_hung_attempt() {
    let raw = RawServer::start(Behavior::Hang(Duration::from_secs(10)))
        .await
        .unwrap();
    let client = common::builder(&raw.uri())
        .deadline(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Deadline,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_retry_budget_stops_retry_storms() {
    let faults = Faulty::new(ok());
    for _ in 0..10 {
        faults.push(Fault::status(503));
    }
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .retry(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(2))
                .budget(Some(RetryBudget::new(5, 5, 10))),
        )
        .build()
        .unwrap();
    // First call: one retry paid by the budget, then the bucket is empty.
    client
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(faults.served(), 2);
    assert_eq!(client.retry_policy().budget_ref().unwrap().available(), 0);
    // Second call: no retry at all.
    client
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(faults.served(), 3);
}

#[derive(Debug)]
struct ForbidAll;
impl RetryClassifier for ForbidAll {
    fn classify(&self, _: &AttemptOutcome<'_>) -> RetryAction {
        RetryAction::Forbid
    }
}

#[tokio::test]
async fn the_first_classifier_with_an_opinion_wins() {
    // A vendor classifier in front forbids what the default chain would retry.
    let faults = Faulty::new(ok()).then(Fault::status(503));
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .retry(RetryPolicy::default().classifier_first(ForbidAll))
        .build()
        .unwrap();
    client
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(faults.served(), 1);

    // A chain that retries 409 (a vendor's "try again" status).
    let faults = Faulty::new(ok()).then(Fault::status(409));
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .retry(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(2))
                .classifier_first(TransientStatus::new([
                    paykit_core::reqwest::StatusCode::CONFLICT,
                ])),
        )
        .build()
        .unwrap();
    client.execute(Request::get("t.get", "/r")).await.unwrap();
    assert_eq!(faults.served(), 2);
}

#[test]
fn retry_after_parses_seconds_and_http_dates() {
    use paykit_core::reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
    let now = std::time::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
    let mut h = HeaderMap::new();
    h.insert(RETRY_AFTER, HeaderValue::from_static("120"));
    assert_eq!(retry_after(&h, now), Some(Duration::from_secs(120)));
    h.insert(
        RETRY_AFTER,
        HeaderValue::from_static("Wed, 21 Oct 2015 07:28:30 GMT"),
    );
    assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));
    h.insert(
        RETRY_AFTER,
        HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT"),
    );
    assert_eq!(retry_after(&h, now), Some(Duration::ZERO));
    h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
    assert_eq!(retry_after(&h, now), None);
    assert_eq!(retry_after(&HeaderMap::new(), now), None);
}

#[test]
fn backoff_is_full_jitter_under_the_cap() {
    let policy =
        RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(400));
    for retry in 1..40 {
        let ceiling = Duration::from_millis((100u64 << (retry - 1).min(10)).min(400));
        for _ in 0..50 {
            assert!(policy.backoff_delay(retry) <= ceiling);
        }
    }
    // Jitter: not always the same delay.
    let delays: std::collections::HashSet<_> = (0..20).map(|_| policy.backoff_delay(3)).collect();
    assert!(delays.len() > 1);
}

#[tokio::test]
async fn unmatched_routes_do_not_hide_method_mismatch() {
    // Sanity: a 404 from the mock is a status error with the body kept.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("nope"))
        .mount(&server)
        .await;
    let err = common::client(&server.uri())
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(err.http().unwrap().body_text(), "nope");
    assert_eq!(err.to_string(), "t.get failed: HTTP 404 Not Found: nope");
}

#[tokio::test]
async fn limits_at_their_extremes_never_panic() {
    // Issue 9 (6): deadline(Duration::MAX) and max_retry_after(Duration::MAX) with a huge
    // Retry-After panicked on Instant overflow.
    let faults = Faulty::new(ok()).then(Fault::status(503).retry_after(u64::MAX.to_string()));
    let server = server_with(faults.clone()).await;
    let client = common::builder(&server.uri())
        .deadline(Some(Duration::MAX))
        .retry(RetryPolicy::default().max_retry_after(Duration::MAX))
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap_err();
    assert_eq!(
        err.status().unwrap(),
        503,
        "a wait past any instant ends the call"
    );
    assert_eq!(faults.served(), 1);

    let client = common::builder(&server.uri())
        .deadline(Some(Duration::MAX))
        .attempt_timeout(Some(Duration::MAX))
        .build()
        .unwrap();
    client.execute(Request::get("t.get", "/r")).await.unwrap();
}

#[tokio::test]
async fn a_success_after_a_retry_says_an_earlier_attempt_may_have_reached_the_server() {
    // 503 (maybe processed), then 200: a vendor that reads the 200 as a refusal needs to know.
    let server = server_with(Faulty::new(ok()).then(Fault::status(503))).await;
    let client = common::client(&server.uri());
    let response = client.execute(Request::get("t.get", "/r")).await.unwrap();
    assert!(response.earlier_attempt_maybe_sent);
    // 429 (a refusal), then 200: nothing happened before.
    let server = server_with(Faulty::new(ok()).then(Fault::rate_limited(Duration::ZERO))).await;
    let response = client_for(&server)
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap();
    assert!(!response.earlier_attempt_maybe_sent);
    // One attempt: nothing before it.
    let server = server_with(Faulty::new(ok())).await;
    let response = client_for(&server)
        .execute(Request::get("t.get", "/r"))
        .await
        .unwrap();
    assert!(!response.earlier_attempt_maybe_sent);
}

fn client_for(server: &MockServer) -> paykit_core::Client {
    common::client(&server.uri())
}
