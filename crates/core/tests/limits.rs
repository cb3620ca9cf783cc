//! Body cap, truncated bodies, the client-side rate limiter, the blocking runtime, and what
//! errors reveal.

mod common;

use std::time::Duration;

use paykit_core::blocking::BlockingRuntime;
use paykit_core::testing::raw::{Behavior, RawServer};
use paykit_core::{Error, Json, RateLimiter, Request};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_body_over_the_cap_is_an_error_not_an_allocation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(2048)))
        .mount(&server)
        .await;
    let client = common::builder(&server.uri())
        .body_limit(1024)
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/big"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1024, .. }),
        "{err:?}"
    );
    // Exactly at the cap is fine.
    let client = common::builder(&server.uri())
        .body_limit(2048)
        .build()
        .unwrap();
    assert_eq!(
        client
            .execute(Request::get("t.get", "/big"))
            .await
            .unwrap()
            .body
            .len(),
        2048
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_cap_is_cut_while_streaming() {
    let mut raw = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..8 {
        raw.extend_from_slice(b"200\r\n");
        raw.extend(std::iter::repeat_n(b'y', 0x200));
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let server = RawServer::start(Behavior::Raw(raw)).await.unwrap();
    let client = common::builder(&server.uri())
        .body_limit(1500)
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/big"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1500, .. }),
        "{err:?}"
    );
    let client = common::builder(&server.uri())
        .body_limit(4096)
        .build()
        .unwrap();
    assert_eq!(
        client
            .execute(Request::get("t.get", "/big"))
            .await
            .unwrap()
            .body
            .len(),
        4096
    );
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let server = RawServer::start(Behavior::TruncatedBody).await.unwrap();
    let client = common::builder(&server.uri())
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send::<serde_json::Value, _>(Request::get("t.get", "/x"), &Json)
        .await
        .unwrap_err();
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
}

#[tokio::test(start_paused = true)]
async fn the_rate_limiter_spaces_requests_beyond_the_burst() {
    let limiter = RateLimiter::per_second(4);
    let start = tokio::time::Instant::now();
    for _ in 0..4 {
        limiter.acquire().await;
    }
    assert_eq!(start.elapsed(), Duration::ZERO, "the burst goes at once");
    limiter.acquire().await;
    assert_eq!(start.elapsed(), Duration::from_millis(250));
    assert_eq!(limiter.current_wait(), Duration::from_millis(250));
    tokio::time::advance(Duration::from_secs(10)).await;
    assert_eq!(limiter.current_wait(), Duration::ZERO);

    let limiter = RateLimiter::per_minute(60).with_burst(1);
    let start = tokio::time::Instant::now();
    limiter.acquire().await;
    limiter.acquire().await;
    limiter.acquire().await;
    assert_eq!(start.elapsed(), Duration::from_secs(2));
}

#[tokio::test]
async fn the_rate_limited_client_still_answers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .expect(3)
        .mount(&server)
        .await;
    let client = common::builder(&server.uri())
        .rate_limit(Some(RateLimiter::per_second(1000)))
        .build()
        .unwrap();
    for _ in 0..3 {
        client.execute(Request::get("t.get", "/x")).await.unwrap();
    }
}

#[test]
fn blocking_calls_work_from_sync_code_and_fail_inside_a_runtime() {
    // The server lives on its own runtime thread.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let server = server_rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"n": 7})))
            .mount(&server)
            .await;
        server
    });
    let blocking = BlockingRuntime::new().unwrap();
    let client = common::client(&server.uri());
    let v: serde_json::Value = blocking
        .block_on(client.send(Request::get("t.get", "/x"), &Json))
        .unwrap()
        .unwrap();
    assert_eq!(v["n"], 7);

    // Inside a runtime: an error, not a panic; and dropping the runtime there is fine too.
    let outcome = server_rt.block_on(async move {
        let inner = blocking.block_on(async { 1 });
        drop(blocking);
        inner
    });
    assert!(matches!(outcome, Err(Error::BlockingInsideRuntime)));
}

#[tokio::test]
async fn transport_errors_do_not_carry_the_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = common::builder(&format!("http://127.0.0.1:{port}"))
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .execute(Request::get("t.get", "/x").query("ApiKey", "very-secret"))
        .await
        .unwrap_err();
    let mut text = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        text.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    assert!(!text.contains("very-secret"), "{text}");
}

#[tokio::test]
async fn userinfo_in_the_base_url_is_never_printed() {
    // Issue 9 (9): a base URL with `user:password@` printed the password in Debug and in
    // the configuration error.
    let builder = paykit_core::Client::builder("t", "https://user:hunter2@example.com/v1");
    assert!(!format!("{builder:?}").contains("hunter2"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("hunter2") && shown.contains("[redacted]@example.com"),
        "{shown}"
    );
    let err = paykit_core::Client::builder("t", "https://user:hunter2@exa mple.com/v1")
        .build()
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("hunter2"), "{err}");
}

#[tokio::test]
async fn an_http_error_never_shows_cookies_or_credentials_in_debug() {
    // Issue 9 (9): Set-Cookie reached HttpError's Debug.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(400)
                .insert_header("Set-Cookie", "session=s3cr3t")
                .insert_header("X-Request-Id", "req-1"),
        )
        .mount(&server)
        .await;
    let err = common::client(&server.uri())
        .execute(paykit_core::Request::get("t.get", "/x"))
        .await
        .unwrap_err();
    let shown = format!("{err:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(
        shown.contains("req-1") && shown.contains("set-cookie"),
        "{shown}"
    );
}

/// A server that answers one request per connection, keeps the connection open (HTTP/1.1
/// keep-alive) and closes it after `idle` without another request, as servers' keep-alive
/// timeouts do. Returns its address and the count of requests it answered.
async fn idle_closing_server(
    idle: Duration,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::Ordering;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let served = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let served = served.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                served.fetch_add(1, Ordering::SeqCst);
                let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                let _ = socket.write_all(answer).await;
                tokio::time::sleep(idle).await;
                // Dropped: closed while idle.
            });
        }
    });
    (format!("http://{addr}"), count)
}

#[test]
fn a_blocking_client_never_reuses_a_connection_the_server_closed_while_idle() {
    // Issue 9 (1): the blocking runtime only drove connections inside `block_on`, so a
    // connection the server closed between two calls was reused and a money call failed as
    // "maybe sent" although nothing arrived.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let (uri, served) = server_rt.block_on(idle_closing_server(Duration::from_millis(50)));
    let blocking = BlockingRuntime::new().unwrap();
    let client = common::builder(&uri)
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    for call in 0..5 {
        let pay = Request::post("t.pay", "/pay").idempotency(paykit_core::Idempotency::Never);
        let outcome = blocking.block_on(client.execute(pay)).unwrap();
        assert!(outcome.is_ok(), "call {call}: {:?}", outcome.err());
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(served.load(std::sync::atomic::Ordering::SeqCst), 5);
}

#[test]
fn an_async_client_whose_pool_a_blocking_clone_used_does_not_hang() {
    // Issue 9 (2): connections opened by the blocking runtime were driven only inside its
    // `block_on`; the async clone that reused one then hung for the whole attempt timeout.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let server = server_rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
            .mount(&server)
            .await;
        server
    });
    let blocking = BlockingRuntime::new().unwrap();
    let client = common::builder(&server.uri())
        .attempt_timeout(Some(Duration::from_secs(5)))
        .retry(paykit_core::RetryPolicy::none())
        .build()
        .unwrap();
    blocking
        .block_on(client.execute(Request::get("t.get", "/x")))
        .unwrap()
        .unwrap();
    let async_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    async_rt
        .block_on(client.execute(Request::get("t.get", "/x")))
        .unwrap();
    // Not a timing claim about speed: a hang would end only at the 5 s attempt timeout.
    assert!(started.elapsed() < Duration::from_secs(4));
}

/// A keep-alive server that answers every request on every connection and counts the
/// connections it accepted.
async fn counting_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::Ordering;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut seen = Vec::new();
                loop {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                    while let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                        seen.drain(..end + 4);
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                        if socket.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    (format!("http://{addr}"), accepted)
}

#[tokio::test]
async fn a_connection_idle_past_the_pool_idle_timeout_is_not_reused() {
    // Issue 9 (3): the pool kept idle connections 60 s, longer than the common 5 s server
    // keep-alive, so a request could be written to a connection the server was closing.
    assert!(paykit_core::client::DEFAULT_POOL_IDLE_TIMEOUT < Duration::from_secs(5));
    let (uri, accepted) = counting_server().await;
    let client = common::builder(&uri)
        .pool_idle_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    client.execute(Request::get("t.get", "/a")).await.unwrap();
    client.execute(Request::get("t.get", "/a")).await.unwrap();
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "reused while fresh"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    client.execute(Request::get("t.get", "/a")).await.unwrap();
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "a new one after idling"
    );
}
