//! The shared simulator server and fault vocabulary: every fault kind as a client sees it,
//! scoping to one operation, counts, and the request record.

mod common;

use std::time::Duration;

use paykit_core::testing::{Fault, SimServer};
use paykit_core::{Idempotency, Json, Request};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request as WireRequest, ResponseTemplate};

/// A server with `GET /thing` (`sim.get`) and `POST /pay` (`sim.pay`), both consulting the
/// server's faults under their operation names.
async fn server() -> SimServer {
    let sim = SimServer::start().await;
    for (verb, route, operation) in [("GET", "/thing", "sim.get"), ("POST", "/pay", "sim.pay")] {
        let faults = sim.faults().clone();
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(move |_: &WireRequest| {
                faults.respond(operation, || {
                    ResponseTemplate::new(200)
                        .set_body_json(serde_json::json!({"ok": true, "pad": "x".repeat(64)}))
                })
            })
            .mount(sim.mock_server())
            .await;
    }
    sim
}

fn get() -> Request {
    Request::get("sim.get", "/thing")
}

fn pay() -> Request {
    Request::post("sim.pay", "/pay")
        .idempotency(Idempotency::Never)
        .body(&Json, &serde_json::json!({"amount": "1.00"}))
}

#[tokio::test]
async fn a_status_fault_hits_as_many_times_as_asked_then_the_real_answer_comes() {
    let sim = server().await;
    sim.inject(Fault::status(503).times(2));
    let client = common::client(&sim.uri());
    let answer: serde_json::Value = client.send(get(), &Json).await.unwrap();
    assert_eq!(answer["ok"], true);
    assert_eq!(sim.requests().await.len(), 3);
    assert!(sim.faults().pending().is_empty());
    assert_eq!(sim.faults().served(), 2);
}

#[tokio::test]
async fn a_scoped_fault_leaves_other_operations_alone() {
    let sim = server().await;
    sim.inject(Fault::status(503).on("sim.pay"));
    let client = common::client(&sim.uri());
    let _: serde_json::Value = client.send(get(), &Json).await.unwrap();
    assert_eq!(sim.faults().pending().len(), 1);
    let err = client.execute(pay()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(err.maybe_sent(), "a 5xx may have taken effect");
    let requests = sim.requests().await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        ("POST", "/pay")
    );
    assert_eq!(requests[1].body_json().unwrap()["amount"], "1.00");
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn rate_limited_sends_retry_after_and_is_a_definite_refusal() {
    let sim = server().await;
    sim.inject(Fault::rate_limited(Duration::from_millis(1500)));
    let client = common::builder(&sim.uri())
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.execute(pay()).await.unwrap_err();
    let http = err.http().unwrap();
    assert_eq!(http.status.as_u16(), 429);
    assert_eq!(http.headers["retry-after"], "2");
    assert!(!err.maybe_sent(), "a 429 is a refusal: nothing took effect");
}

#[tokio::test]
async fn a_refused_payment_is_retried_after_retry_after() {
    let sim = server().await;
    sim.inject(Fault::rate_limited(Duration::from_millis(10)));
    let client = common::client(&sim.uri());
    let started = std::time::Instant::now();
    client.execute(pay()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited the server's second"
    );
    assert_eq!(sim.requests().await.len(), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_an_unknown_outcome_for_a_payment_and_is_not_resent() {
    let sim = server().await;
    sim.inject(Fault::drop_connection());
    let client = common::client(&sim.uri());
    let err = client.execute(pay()).await.unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(sim.requests().await.len(), 1, "sent once");
}

#[tokio::test]
async fn a_dropped_connection_on_a_read_is_retried() {
    let sim = server().await;
    sim.inject(Fault::drop_connection());
    let client = common::client(&sim.uri());
    let answer: serde_json::Value = client.send(get(), &Json).await.unwrap();
    assert_eq!(answer["ok"], true);
    assert_eq!(sim.requests().await.len(), 2);
}

#[tokio::test]
async fn a_truncated_body_fails_the_call() {
    let sim = server().await;
    sim.inject(Fault::truncated_body().times(5));
    let client = common::builder(&sim.uri())
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<serde_json::Value, _>(get(), &Json)
        .await
        .unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
}

#[tokio::test]
async fn a_delay_processes_the_request_and_answers_late() {
    let sim = server().await;
    sim.inject(Fault::delay(Duration::from_secs(5)));
    let client = common::builder(&sim.uri())
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let err = client.execute(pay()).await.unwrap_err();
    assert!(err.is_timeout() && err.maybe_sent(), "{err:?}");
    assert_eq!(sim.requests().await.len(), 1, "a payment is never resent");
}

#[tokio::test]
async fn the_front_keeps_connections_alive_across_calls() {
    let sim = server().await;
    let client = common::client(&sim.uri());
    for _ in 0..20 {
        let _: serde_json::Value = client.send(get(), &Json).await.unwrap();
    }
    assert_eq!(sim.requests().await.len(), 20);
    sim.clear_requests().await;
    assert!(sim.requests().await.is_empty());
}

#[tokio::test]
async fn maybe_sent_remembers_an_earlier_attempt_that_may_have_arrived() {
    // Issue 9 (4): attempt 1 times out (the server took it), attempt 2 is refused with a 429.
    // The call's error must still say the request may have taken effect.
    let sim = server().await;
    sim.inject(Fault::delay(Duration::from_secs(2)).on("sim.pay"));
    sim.inject(Fault::status(429).on("sim.pay"));
    let client = common::builder(&sim.uri())
        .attempt_timeout(Some(Duration::from_millis(200)))
        .retry(paykit_core::RetryPolicy::default().max_attempts(2))
        .build()
        .unwrap();
    let keyed = Request::post("sim.pay", "/pay")
        .idempotency(Idempotency::Keyed)
        .body(&Json, &serde_json::json!({"key": "k-1"}));
    let err = client.execute(keyed).await.unwrap_err();
    let http = err.http().expect("the last answer was a 429");
    assert_eq!(http.status.as_u16(), 429);
    assert!(http.earlier_attempt_maybe_sent);
    assert!(err.maybe_sent(), "the first attempt may have been recorded");
    assert_eq!(sim.requests().await.len(), 2);
}

#[tokio::test]
async fn a_refusal_with_no_earlier_attempt_is_not_maybe_sent() {
    let sim = server().await;
    sim.inject(Fault::status(409).on("sim.pay"));
    let client = common::client(&sim.uri());
    let err = client.execute(pay()).await.unwrap_err();
    assert!(!err.maybe_sent());
    assert!(!err.http().unwrap().earlier_attempt_maybe_sent);
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_and_not_resent() {
    let sim = server().await;
    sim.inject(Fault::malformed_body());
    let client = common::client(&sim.uri());
    let err = client
        .send::<serde_json::Value, _>(get(), &Json)
        .await
        .unwrap_err();
    assert!(matches!(err, paykit_core::Error::Decode { .. }), "{err:?}");
    assert_eq!(sim.requests().await.len(), 1);
}

#[tokio::test]
async fn an_html_error_page_is_retried_for_a_read() {
    let sim = server().await;
    sim.inject(Fault::html_error(502));
    let client = common::client(&sim.uri());
    let answer: serde_json::Value = client.send(get(), &Json).await.unwrap();
    assert_eq!(answer["ok"], true);
    sim.inject(Fault::html_error(502));
    let err = client.execute(pay()).await.unwrap_err();
    let http = err.http().unwrap();
    assert_eq!(http.status.as_u16(), 502);
    assert!(http.body_text().contains("<html>"));
    assert_eq!(sim.requests().await.len(), 3);
}

#[tokio::test]
async fn an_oversized_body_hits_the_cap() {
    let sim = server().await;
    sim.inject(Fault::oversized_body(64 * 1024));
    let client = common::builder(&sim.uri())
        .body_limit(16 * 1024)
        .build()
        .unwrap();
    let err = client.execute(get()).await.unwrap_err();
    assert!(
        matches!(err, paykit_core::Error::BodyTooLarge { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_reset_before_read_never_reaches_the_server() {
    let sim = server().await;
    sim.inject(Fault::reset_before_read());
    let client = common::client(&sim.uri());
    // A read is sent again on a new connection and answered.
    let answer: serde_json::Value = client.send(get(), &Json).await.unwrap();
    assert_eq!(answer["ok"], true);
    assert_eq!(
        sim.requests().await.len(),
        1,
        "the reset request was never read"
    );
    // A payment is not: the client cannot know the server did not read it.
    sim.inject(Fault::reset_before_read());
    let err = client.execute(pay()).await.unwrap_err();
    assert!(err.maybe_sent(), "{err:?}");
    assert_eq!(
        sim.requests().await.len(),
        1,
        "nothing more reached the server"
    );
}

#[tokio::test]
async fn a_connection_closed_after_an_answer_is_not_reused() {
    let sim = server().await;
    let client = common::builder(&sim.uri())
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    for _ in 0..5 {
        sim.inject(Fault::close_after_answer());
        client.execute(pay()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(sim.requests().await.len(), 5);
}
