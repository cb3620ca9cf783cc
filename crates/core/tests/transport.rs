//! `Transport` and `transport_knobs!`: the eight builder knobs of every vendor client, as a
//! vendor builder uses them, against a loopback wiremock server.

use std::time::Duration;

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use paykit_core::{Client, ClientBuilder, Error, Request, RetryPolicy, TimeoutKind, Transport};

/// A builder of the kind vendor crates write, with every knob from the macro.
struct VendorBuilder {
    base_url: String,
    transport: Transport,
}

impl VendorBuilder {
    paykit_core::transport_knobs! {
        /// Default `paykit-test/<version>`.
        user_agent;
    }

    fn build(self) -> Client {
        let core = Client::builder("test", self.base_url).user_agent("paykit-test/0");
        self.transport.apply(core).build().expect("client")
    }
}

fn vendor(server: &MockServer) -> VendorBuilder {
    VendorBuilder {
        base_url: server.uri(),
        transport: Transport::new(),
    }
}

async fn user_agent_sent(client: &Client, server: &MockServer) -> String {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/ping"))
        .respond_with(ResponseTemplate::new(200))
        .mount(server)
        .await;
    client
        .execute(Request::get("test.ping", "/ping"))
        .await
        .expect("200");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    requests[0].headers["user-agent"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// Whether the client's retry policy makes `n` attempts (read from its `Debug`: the count has
/// no public getter).
fn attempts(client: &Client, n: u32) -> bool {
    format!("{:?}", client.retry_policy()).contains(&format!("max_attempts: {n},"))
}

#[tokio::test]
async fn unset_knobs_keep_the_core_builders_values() {
    let server = MockServer::start().await;
    let client = vendor(&server).build();
    assert_eq!(user_agent_sent(&client, &server).await, "paykit-test/0");
    assert!(attempts(&client, 3), "core's default");
}

#[tokio::test]
async fn user_agent_and_retry_reach_the_client() {
    let server = MockServer::start().await;
    let client = vendor(&server)
        .user_agent("my-app/1.0")
        .retry(RetryPolicy::none())
        .build();
    assert_eq!(user_agent_sent(&client, &server).await, "my-app/1.0");
    assert!(attempts(&client, 1));
}

#[tokio::test]
async fn configure_closures_run_after_the_knobs_in_order() {
    let server = MockServer::start().await;
    let client = vendor(&server)
        .configure(|b| b.user_agent("first"))
        .configure(|b| b.user_agent("second"))
        .user_agent("knob")
        .build();
    assert_eq!(user_agent_sent(&client, &server).await, "second");
}

#[tokio::test]
async fn the_injected_http_client_sends() {
    let server = MockServer::start().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-injected",
        reqwest::header::HeaderValue::from_static("yes"),
    );
    let http = paykit_core::client::http_client_builder()
        .default_headers(headers)
        .build()
        .expect("reqwest");
    let client = vendor(&server)
        .http_client(http)
        .connect_timeout(Duration::from_secs(1))
        .build();
    Mock::given(header("x-injected", "yes"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let response = client
        .execute(Request::get("test.ping", "/ping"))
        .await
        .expect("sent through the injected client");
    assert_eq!(response.status, 204);
}

#[tokio::test]
async fn attempt_timeout_bounds_an_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = vendor(&server)
        .attempt_timeout(Some(Duration::from_millis(50)))
        .retry(RetryPolicy::none())
        .build();
    let err = client
        .execute(Request::get("test.slow", "/slow"))
        .await
        .expect_err("timed out");
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn deadline_and_rate_limit_reach_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    // One request a minute: the second call waits for the limiter past its deadline.
    let client = vendor(&server)
        .rate_limit(Some(paykit_core::RateLimiter::per_minute(1)))
        .deadline(Some(Duration::from_millis(500)))
        .build();
    client
        .execute(Request::get("test.first", "/first"))
        .await
        .expect("the first slot");
    let err = client
        .execute(Request::get("test.second", "/second"))
        .await
        .expect_err("limited");
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Deadline,
                maybe_sent: false,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn rate_limit_none_turns_off_a_limit_the_vendor_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(3)
        .mount(&server)
        .await;
    let core = Client::builder("test", server.uri())
        .rate_limit(Some(paykit_core::RateLimiter::per_minute(1)))
        .deadline(Some(Duration::from_secs(5)));
    let client = Transport::new()
        .rate_limit(None)
        .apply(core)
        .build()
        .expect("client");
    for _ in 0..3 {
        client
            .execute(Request::get("test.ping", "/ping"))
            .await
            .expect("not limited");
    }
}

#[tokio::test]
async fn apply_connection_leaves_out_rate_limit_and_configure() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut transport = Transport::new()
        .user_agent("shared/1")
        .rate_limit(Some(paykit_core::RateLimiter::per_minute(1)))
        .deadline(Some(Duration::from_secs(5)))
        .configure(|b: ClientBuilder| b.user_agent("api only"));
    let token = transport
        .apply_connection(Client::builder("test", server.uri()))
        .build()
        .expect("client");
    // Not limited: three calls within the deadline.
    for _ in 0..3 {
        token
            .execute(Request::get("test.token", "/token"))
            .await
            .expect("not limited");
    }
    assert_eq!(user_agent_sent(&token, &server).await, "shared/1");
    assert!(transport.take_rate_limit().is_some());
    assert!(transport.take_rate_limit().is_none(), "taken");
    let api = transport
        .apply(Client::builder("test", server.uri()))
        .build()
        .expect("client");
    assert_eq!(user_agent_sent(&api, &server).await, "api only");
}

#[test]
fn debug_lists_the_knobs_and_counts_the_closures() {
    let transport = Transport::new()
        .connect_timeout(Duration::from_secs(3))
        .configure(|b| b)
        .configure(|b| b);
    let shown = format!("{transport:?}");
    assert!(shown.contains("connect_timeout: Some(3s)"), "{shown}");
    assert!(shown.contains("configure: 2"), "{shown}");
    assert!(shown.contains("http_client: None"), "{shown}");
}
