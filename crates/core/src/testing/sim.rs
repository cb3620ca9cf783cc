//! [`SimServer`]: the server every vendor simulator runs on, and [`RecordedRequest`], what
//! it received.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use wiremock::MockServer;

use super::faults::{Fault, Faults};
use super::front::Front;

/// A wiremock server behind a small TCP front on `127.0.0.1`: simulators mount their routes
/// on [`SimServer::mock_server`], clients call [`SimServer::uri`], and the front carries out
/// the faults wiremock cannot (a dropped connection, a truncated body).
///
/// Responders consult [`SimServer::faults`] through [`Faults::respond`] with the operation
/// they serve, so that [`Fault::on`] scopes a fault to one operation. Dropping the server
/// stops it.
#[derive(Debug)]
pub struct SimServer {
    mock: MockServer,
    front: Front,
    faults: Faults,
    /// Requests recorded before the last [`SimServer::clear_requests`].
    cleared: AtomicUsize,
}

impl SimServer {
    /// Starts a server on a free loopback port, recording every request.
    pub async fn start() -> SimServer {
        SimServer::builder().start().await
    }

    /// Options: the address to listen on, shared faults, request recording.
    pub fn builder() -> SimServerBuilder {
        SimServerBuilder {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            faults: Faults::new(),
            record: true,
        }
    }

    /// The root URL clients call, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn uri(&self) -> String {
        format!("http://{}", self.front.addr)
    }

    /// The address clients connect to.
    pub fn address(&self) -> SocketAddr {
        self.front.addr
    }

    /// The TCP connections clients opened to this server so far.
    pub fn connections(&self) -> usize {
        self.front.connections.load(Ordering::SeqCst)
    }

    /// The wiremock server behind the front, to mount routes on.
    pub fn mock_server(&self) -> &MockServer {
        &self.mock
    }

    /// The faults the routes consult (clones share them).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Adds a fault after those already pending.
    pub fn inject(&self, fault: Fault) {
        self.faults.inject(fault);
    }

    /// Every request received so far, in order (empty when recording is off). A request
    /// answered by a fault is here too: it reached the server.
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.mock
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .skip(self.cleared.load(Ordering::SeqCst))
            .map(RecordedRequest::from_wiremock)
            .collect()
    }

    /// Forgets the requests received so far (routes and faults stay).
    pub async fn clear_requests(&self) {
        let seen = self
            .mock
            .received_requests()
            .await
            .unwrap_or_default()
            .len();
        self.cleared.store(seen, Ordering::SeqCst);
    }
}

/// Options for a [`SimServer`].
#[derive(Debug)]
pub struct SimServerBuilder {
    bind: SocketAddr,
    faults: Faults,
    record: bool,
}

impl SimServerBuilder {
    /// The address clients connect to (default `127.0.0.1:0`, a free port).
    pub fn bind(mut self, address: SocketAddr) -> Self {
        self.bind = address;
        self
    }

    /// Shares a fault list with other servers (a vendor with two hosts, one simulator).
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Whether requests are recorded for [`SimServer::requests`] (default `true`; turn it
    /// off for long runs, where the record grows with each request).
    pub fn record_requests(mut self, record: bool) -> Self {
        self.record = record;
        self
    }

    /// Starts the server.
    ///
    /// # Panics
    ///
    /// When the address cannot be bound (a test helper: there is nothing to recover).
    pub async fn start(self) -> SimServer {
        let bind = self.bind;
        self.try_start()
            .await
            .unwrap_or_else(|e| panic!("the simulator cannot listen on {bind}: {e}"))
    }

    /// Starts the server, or says why the address cannot be bound (a port in use, an
    /// address this machine does not have): for a long-running server such as
    /// `paykit-sim`, where that is the user's error to report.
    pub async fn try_start(self) -> std::io::Result<SimServer> {
        let mut builder = MockServer::builder();
        if !self.record {
            builder = builder.disable_request_recording();
        }
        let mock = builder.start().await;
        let front = Front::start(self.bind, *mock.address(), self.faults.clone()).await?;
        Ok(SimServer {
            mock,
            front,
            faults: self.faults,
            cleared: AtomicUsize::new(0),
        })
    }
}

/// A request as a simulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as sent (percent-encoding kept).
    pub path: String,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// Converts wiremock's record.
    pub fn from_wiremock(request: &wiremock::Request) -> RecordedRequest {
        RecordedRequest {
            method: request.method.as_str().to_owned(),
            path: request.url.path().to_owned(),
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            headers: request
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: request.body.clone(),
        }
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}
