//! Scripted failures in front of a real responder.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wiremock::{Request, Respond, ResponseTemplate};

/// One injected failure.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status and an empty JSON object.
    Status(u16),
    /// Answer with this status and `Retry-After: <value>` (seconds or an HTTP date).
    RetryAfter(u16, String),
    /// Run the real responder, but hold its answer back for this long (the request has
    /// reached the server and taken effect; the client sees a slow answer).
    Delay(Duration),
    /// Answer with this template as it is.
    Template(ResponseTemplate),
}

/// A wiremock [`Respond`] that serves the scripted faults first, one per request, then
/// delegates to `inner`. Clones share the script and the counter.
#[derive(Clone)]
pub struct Faulty<R> {
    inner: R,
    script: Arc<Mutex<VecDeque<Fault>>>,
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
    /// Wraps `inner` with an empty script.
    pub fn new(inner: R) -> Self {
        Faulty {
            inner,
            script: Arc::default(),
            served: Arc::default(),
        }
    }

    /// Appends a fault to the script.
    pub fn then(self, fault: Fault) -> Self {
        self.push(fault);
        self
    }

    /// Appends a fault to the script of a running responder.
    pub fn push(&self, fault: Fault) {
        self.script
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(fault);
    }

    /// Requests served so far (faults and real answers).
    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }
}

impl<R: Respond> Respond for Faulty<R> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.served.fetch_add(1, Ordering::SeqCst);
        let fault = self
            .script
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front();
        match fault {
            None => self.inner.respond(request),
            Some(Fault::Status(status)) => super::json(status, &serde_json::json!({})),
            Some(Fault::RetryAfter(status, value)) => {
                super::json(status, &serde_json::json!({})).insert_header("Retry-After", value)
            }
            Some(Fault::Delay(delay)) => self.inner.respond(request).set_delay(delay),
            Some(Fault::Template(template)) => template,
        }
    }
}
