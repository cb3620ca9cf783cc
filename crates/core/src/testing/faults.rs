//! One fault-injection vocabulary for every simulator: [`Fault`] says what goes wrong, how
//! often and for which operation; [`Faults`] is the shared list a simulator consults before
//! it answers; [`Faulty`] wraps any wiremock responder with a list of its own.
//!
//! ```
//! use std::time::Duration;
//! use paykit_core::testing::Fault;
//!
//! let faults = [
//!     Fault::status(503).times(2).on("pax8.create_order"),
//!     Fault::rate_limited(Duration::from_secs(1)),
//!     Fault::delay(Duration::from_millis(300)),
//!     Fault::drop_connection(),
//!     Fault::truncated_body(),
//! ];
//! assert_eq!(faults[0].operation(), Some("pax8.create_order"));
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use wiremock::{Request, Respond, ResponseTemplate};

/// The response header by which a responder asks [`super::SimServer`]'s front to break the
/// connection (the header itself never reaches the client).
pub(crate) const FAULT_HEADER: &str = "x-paykit-sim-fault";
pub(crate) const DROP: &str = "drop-connection";
pub(crate) const TRUNCATE: &str = "truncated-body";
pub(crate) const CLOSE: &str = "close-after-answer";

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer with this status (and this `Retry-After` value, when set) and an empty body.
    /// The request is not processed.
    Status {
        /// The status code.
        status: u16,
        /// The `Retry-After` header's value (seconds or an HTTP date).
        retry_after: Option<String>,
    },
    /// Process the request, then hold the answer back this long: the request took effect,
    /// the client sees a slow server (and times out if its limits are shorter).
    Delay(Duration),
    /// Read the request, do not process it, close the connection without an answer.
    DropConnection,
    /// Process the request, answer with the full `Content-Length` but only half the body,
    /// then close the connection.
    TruncatedBody,
    /// Answer 200 with a body that is not valid in any format, without processing the
    /// request.
    MalformedBody,
    /// Answer this status with an HTML page (a proxy's or load balancer's error page),
    /// without processing the request.
    HtmlError(u16),
    /// Process the request and answer 200 with a body of this many bytes instead of the
    /// real one (for body caps).
    OversizedBody(usize),
    /// Close the connection as soon as the request arrives, before the server reads it: the
    /// request is neither processed nor recorded. It hits the next request of any operation
    /// (the front cannot tell operations apart, so [`Fault::on`] does not scope it).
    ResetBeforeRead,
    /// Process the request, answer it, then close the connection (a server's keep-alive
    /// timeout): the next request needs a new connection.
    CloseAfterAnswer,
}

/// One injected fault: what goes wrong, how many times (default once) and, optionally, for
/// which operation only (the client's operation name, e.g. `pax8.create_order`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    kind: FaultKind,
    times: u32,
    operation: Option<String>,
}

impl Fault {
    fn new(kind: FaultKind) -> Fault {
        Fault {
            kind,
            times: 1,
            operation: None,
        }
    }

    /// Answer `status` with an empty body, without processing the request.
    pub fn status(status: u16) -> Fault {
        Fault::new(FaultKind::Status {
            status,
            retry_after: None,
        })
    }

    /// Answer 429 with `Retry-After` in whole seconds (rounded up), without processing the
    /// request.
    pub fn rate_limited(retry_after: Duration) -> Fault {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        Fault::status(429).retry_after(seconds.to_string())
    }

    /// Process the request and answer after `delay`.
    pub fn delay(delay: Duration) -> Fault {
        Fault::new(FaultKind::Delay(delay))
    }

    /// Read the request and close the connection without processing it or answering.
    pub fn drop_connection() -> Fault {
        Fault::new(FaultKind::DropConnection)
    }

    /// Process the request and send only half of the answer's body before closing.
    pub fn truncated_body() -> Fault {
        Fault::new(FaultKind::TruncatedBody)
    }

    /// Answer 200 with a body no codec can read, without processing the request.
    pub fn malformed_body() -> Fault {
        Fault::new(FaultKind::MalformedBody)
    }

    /// Answer `status` with an HTML error page, without processing the request.
    pub fn html_error(status: u16) -> Fault {
        Fault::new(FaultKind::HtmlError(status))
    }

    /// Process the request and answer 200 with `bytes` bytes instead of the real body.
    pub fn oversized_body(bytes: usize) -> Fault {
        Fault::new(FaultKind::OversizedBody(bytes))
    }

    /// Close the connection when the request arrives, before the server reads it (nothing
    /// processed, nothing recorded). Not scoped by [`Fault::on`]: it hits the next request.
    pub fn reset_before_read() -> Fault {
        Fault::new(FaultKind::ResetBeforeRead)
    }

    /// Process and answer the request, then close the connection, as a server's keep-alive
    /// timeout does.
    pub fn close_after_answer() -> Fault {
        Fault::new(FaultKind::CloseAfterAnswer)
    }

    /// Adds a `Retry-After` header (seconds or an HTTP date) to a [`Fault::status`] answer.
    pub fn retry_after(mut self, value: impl Into<String>) -> Fault {
        if let FaultKind::Status { retry_after, .. } = &mut self.kind {
            *retry_after = Some(value.into());
        }
        self
    }

    /// How many requests this fault hits before it is used up (default 1; 0 counts as 1).
    pub fn times(mut self, times: u32) -> Fault {
        self.times = times.max(1);
        self
    }

    /// Only requests of this operation are hit (e.g. `wallet.create_entry`).
    pub fn on(mut self, operation: impl Into<String>) -> Fault {
        self.operation = Some(operation.into());
        self
    }

    /// What goes wrong.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }

    /// Requests this fault will still hit.
    pub fn remaining(&self) -> u32 {
        self.times
    }

    /// The operation it is scoped to, if any.
    pub fn operation(&self) -> Option<&str> {
        self.operation.as_deref()
    }

    fn hits(&self, operation: &str) -> bool {
        self.operation.as_deref().is_none_or(|o| o == operation)
    }
}

/// The faults a simulator still has to serve, shared by its responders (clones share one
/// list). Faults are served in the order they were injected: a request takes the first one
/// whose operation matches (or that has none).
#[derive(Debug, Clone, Default)]
pub struct Faults {
    pending: Arc<Mutex<Vec<Fault>>>,
    served: Arc<AtomicUsize>,
}

impl Faults {
    /// An empty list.
    pub fn new() -> Faults {
        Faults::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Fault>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a fault after those already pending.
    pub fn inject(&self, fault: Fault) {
        self.lock().push(fault);
    }

    /// Forgets every pending fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The faults not yet used up, in order.
    pub fn pending(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    /// How many faults were served so far.
    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }

    /// Takes one use of the first fault that hits `operation` (a request the server read:
    /// [`FaultKind::ResetBeforeRead`] is the front's and never taken here).
    pub fn take(&self, operation: &str) -> Option<FaultKind> {
        self.take_where(|f| f.kind != FaultKind::ResetBeforeRead && f.hits(operation))
    }

    /// Takes one use of the first [`FaultKind::ResetBeforeRead`], for the server's front.
    pub(crate) fn take_reset(&self) -> bool {
        self.take_where(|f| f.kind == FaultKind::ResetBeforeRead)
            .is_some()
    }

    fn take_where(&self, hits: impl Fn(&Fault) -> bool) -> Option<FaultKind> {
        let mut pending = self.lock();
        let index = pending.iter().position(hits)?;
        let fault = &mut pending[index];
        let kind = fault.kind.clone();
        fault.times -= 1;
        if fault.times == 0 {
            pending.remove(index);
        }
        self.served.fetch_add(1, Ordering::SeqCst);
        Some(kind)
    }

    /// The answer to a request of `operation`: the next fault's, or `real()`'s when no fault
    /// is pending for it. `real` runs (the request is processed) for no fault, a delay and a
    /// truncated body; it does not run for a status or a dropped connection.
    pub fn respond(
        &self,
        operation: &str,
        real: impl FnOnce() -> ResponseTemplate,
    ) -> ResponseTemplate {
        match self.take(operation) {
            None => real(),
            Some(kind) => apply(kind, real),
        }
    }
}

fn apply(kind: FaultKind, real: impl FnOnce() -> ResponseTemplate) -> ResponseTemplate {
    match kind {
        FaultKind::Status {
            status,
            retry_after,
        } => {
            let template = ResponseTemplate::new(status);
            match retry_after {
                Some(value) => template.insert_header("Retry-After", value.as_str()),
                None => template,
            }
        }
        FaultKind::Delay(delay) => real().set_delay(delay),
        FaultKind::DropConnection => ResponseTemplate::new(502).insert_header(FAULT_HEADER, DROP),
        FaultKind::TruncatedBody => real().insert_header(FAULT_HEADER, TRUNCATE),
        FaultKind::MalformedBody => ResponseTemplate::new(200)
            .set_body_raw(&b"{\"unterminated: <[\x00"[..], "application/json"),
        FaultKind::HtmlError(status) => ResponseTemplate::new(status).set_body_raw(
            format!(
                "<html><head><title>{status} Error</title></head>\
                 <body><h1>{status}</h1><p>The upstream server did not answer.</p></body></html>"
            ),
            "text/html",
        ),
        FaultKind::OversizedBody(bytes) => {
            real();
            ResponseTemplate::new(200).set_body_raw(vec![b' '; bytes], "application/json")
        }
        FaultKind::CloseAfterAnswer => real().insert_header(FAULT_HEADER, CLOSE),
        // Taken by the front, never by a responder.
        FaultKind::ResetBeforeRead => real(),
    }
}

/// A wiremock [`Respond`] that serves its faults first, one per request, then delegates to
/// `inner`. Clones share the list and the counter.
///
/// [`Fault::drop_connection`] and [`Fault::truncated_body`] need a server that can break a
/// connection: mount on [`super::SimServer::mock_server`] and call through
/// [`super::SimServer::uri`] (a bare wiremock server answers them as a 502).
#[derive(Clone)]
pub struct Faulty<R> {
    inner: R,
    faults: Faults,
    served: Arc<AtomicUsize>,
}

impl<R> std::fmt::Debug for Faulty<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Faulty")
            .field("served", &self.served.load(Ordering::SeqCst))
            .finish_non_exhaustive()
    }
}

impl<R: Respond> Faulty<R> {
    /// Wraps `inner` with no faults.
    pub fn new(inner: R) -> Self {
        Faulty {
            inner,
            faults: Faults::new(),
            served: Arc::default(),
        }
    }

    /// Adds a fault.
    pub fn then(self, fault: Fault) -> Self {
        self.faults.inject(fault);
        self
    }

    /// Adds a fault to a running responder.
    pub fn push(&self, fault: Fault) {
        self.faults.inject(fault);
    }

    /// Requests served so far (faults and real answers).
    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }
}

impl<R: Respond> Respond for Faulty<R> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.served.fetch_add(1, Ordering::SeqCst);
        self.faults.respond("", || self.inner.respond(request))
    }
}
