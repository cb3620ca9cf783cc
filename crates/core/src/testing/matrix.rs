//! The fault matrix: every fault of the shared vocabulary against the three kinds of call a
//! client makes (a read, a write the vendor dedupes by key, a money call that must never be
//! sent twice), with the outcome a user relies on for each cell.
//!
//! A vendor crate's test runs each [`Cell`] against its simulator (injecting
//! [`MatrixFault::fault`] scoped to the call's operation), describes what happened as an
//! [`Observed`], and checks it with [`Cell::check`]. [`print_rows`] prints the rows that
//! `cargo xtask faults` gathers into one table.

use std::fmt;
use std::time::{Duration, SystemTime};

use super::faults::Fault;

/// The kind of call a cell exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// A read (`GET`): retried after any transient failure.
    Read,
    /// A write the vendor dedupes by an idempotency key, or an idempotent `PUT`: retried
    /// like a read.
    Keyed,
    /// A call that moves money and has no key: never sent again once it may have reached
    /// the server.
    Money,
}

impl fmt::Display for CallKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallKind::Read => "read",
            CallKind::Keyed => "keyed write",
            CallKind::Money => "money",
        })
    }
}

/// One fault of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatrixFault {
    /// 500, 502, 503 or 504 with an empty body.
    Status(u16),
    /// 429 with `Retry-After: 1` (seconds).
    RetryAfterSeconds,
    /// 429 with `Retry-After` as an HTTP date one second ahead.
    RetryAfterDate,
    /// The connection closes when the request arrives, before the server reads it.
    ResetBeforeRead,
    /// The server reads the request, then the connection closes without an answer.
    ResetAfterRead,
    /// The server answers after the attempt timed out (it processed the request).
    Timeout,
    /// Half of the answer's body, then the connection closes.
    TruncatedBody,
    /// 200 with a body no codec reads.
    MalformedBody,
    /// 502 with a load balancer's HTML page.
    HtmlErrorPage,
    /// 401: the credentials were refused (a token that expired, a revoked key).
    Unauthorized,
    /// 200 with a body over the client's body cap.
    BodyOverCap,
    /// The connection the client pooled was closed by the server after its last answer.
    IdleClosedConnection,
}

/// Every fault of the matrix, in table order.
pub const ALL_FAULTS: &[MatrixFault] = &[
    MatrixFault::Status(500),
    MatrixFault::Status(502),
    MatrixFault::Status(503),
    MatrixFault::Status(504),
    MatrixFault::RetryAfterSeconds,
    MatrixFault::RetryAfterDate,
    MatrixFault::ResetBeforeRead,
    MatrixFault::ResetAfterRead,
    MatrixFault::Timeout,
    MatrixFault::TruncatedBody,
    MatrixFault::MalformedBody,
    MatrixFault::HtmlErrorPage,
    MatrixFault::Unauthorized,
    MatrixFault::BodyOverCap,
    MatrixFault::IdleClosedConnection,
];

/// The attempt timeout a matrix client must use (the timeout fault answers later).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(300);
/// The body cap a matrix client must use (the over-cap fault sends more).
pub const BODY_LIMIT: usize = 64 * 1024;
/// The deadline a matrix client must use; every cell ends within it.
pub const DEADLINE: Duration = Duration::from_secs(10);

impl fmt::Display for MatrixFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatrixFault::Status(status) => write!(f, "{status}"),
            MatrixFault::RetryAfterSeconds => f.write_str("429, Retry-After in seconds"),
            MatrixFault::RetryAfterDate => f.write_str("429, Retry-After as a date"),
            MatrixFault::ResetBeforeRead => f.write_str("reset before the request is read"),
            MatrixFault::ResetAfterRead => f.write_str("reset after the request is read"),
            MatrixFault::Timeout => f.write_str("timeout"),
            MatrixFault::TruncatedBody => f.write_str("truncated body"),
            MatrixFault::MalformedBody => f.write_str("malformed body"),
            MatrixFault::HtmlErrorPage => f.write_str("HTML error page"),
            MatrixFault::Unauthorized => f.write_str("401 / expired token"),
            MatrixFault::BodyOverCap => f.write_str("body over the cap"),
            MatrixFault::IdleClosedConnection => f.write_str("idle-closed pooled connection"),
        }
    }
}

impl MatrixFault {
    /// The fault to inject, scoped to `operation`; `None` for
    /// [`MatrixFault::IdleClosedConnection`], which needs [`MatrixFault::warm_up`] instead.
    pub fn fault(&self, operation: &str) -> Option<Fault> {
        let fault = match self {
            MatrixFault::Status(status) => Fault::status(*status),
            MatrixFault::RetryAfterSeconds => Fault::rate_limited(Duration::from_secs(1)),
            MatrixFault::RetryAfterDate => {
                let at = SystemTime::now() + Duration::from_secs(2);
                Fault::status(429).retry_after(httpdate::fmt_http_date(at))
            }
            MatrixFault::ResetBeforeRead => return Some(Fault::reset_before_read()),
            MatrixFault::ResetAfterRead => Fault::drop_connection(),
            MatrixFault::Timeout => Fault::delay(ATTEMPT_TIMEOUT * 5),
            MatrixFault::TruncatedBody => Fault::truncated_body(),
            MatrixFault::MalformedBody => Fault::malformed_body(),
            MatrixFault::HtmlErrorPage => Fault::html_error(502),
            MatrixFault::Unauthorized => Fault::status(401),
            MatrixFault::BodyOverCap => Fault::oversized_body(BODY_LIMIT * 4),
            MatrixFault::IdleClosedConnection => return None,
        };
        Some(fault.on(operation))
    }

    /// For [`MatrixFault::IdleClosedConnection`]: the fault to inject before a warm-up call
    /// (any call), after which the cell's call must find its pooled connection closed.
    pub fn warm_up(&self) -> Option<Fault> {
        (*self == MatrixFault::IdleClosedConnection).then(Fault::close_after_answer)
    }
}

/// What one call did, in the vendor-neutral terms the matrix checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    /// Whether the call succeeded.
    pub ok: bool,
    /// The error's `maybe_sent()` (false on success).
    pub maybe_sent: bool,
    /// The error's `is_timeout()`.
    pub timeout: bool,
    /// The error's HTTP status, if any.
    pub status: Option<u16>,
    /// Requests of the call's operation the server read.
    pub requests: usize,
    /// How long the call took.
    pub elapsed: Duration,
    /// The error's text, for the report.
    pub error: String,
}

impl Observed {
    /// What a call that ended with `result` did, given the requests of its operation the
    /// server read and the time it took.
    pub fn of<T, E: crate::VendorError>(
        result: &Result<T, E>,
        requests: usize,
        elapsed: Duration,
    ) -> Observed {
        let error = result.as_ref().err();
        Observed {
            ok: result.is_ok(),
            maybe_sent: error.is_some_and(|e| e.maybe_sent()),
            timeout: error.is_some_and(|e| e.is_timeout()),
            status: error.and_then(|e| e.status()).map(|s| s.as_u16()),
            requests,
            elapsed,
            error: error.map(|e| e.to_string()).unwrap_or_default(),
        }
    }
}

/// One cell: a fault against a kind of call, with the vendor's credential behaviour.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// The fault.
    pub fault: MatrixFault,
    /// The kind of call.
    pub call: CallKind,
    /// Whether the client refreshes its credentials after a 401 and tries once more (an
    /// OAuth2 token) rather than failing (a fixed key).
    pub refreshes_on_401: bool,
}

impl Cell {
    /// Every cell for `calls`.
    pub fn all(calls: &[CallKind], refreshes_on_401: bool) -> Vec<Cell> {
        ALL_FAULTS
            .iter()
            .flat_map(|fault| {
                calls.iter().map(move |call| Cell {
                    fault: *fault,
                    call: *call,
                    refreshes_on_401,
                })
            })
            .collect()
    }

    /// Checks `observed` against what a user relies on for this cell; `Err` says what did
    /// not hold.
    pub fn check(&self, o: &Observed) -> Result<(), String> {
        let retried = self.call != CallKind::Money;
        let expect = |ok: bool, requests: usize, maybe_sent: bool| -> Result<(), String> {
            if o.ok != ok {
                return Err(format!(
                    "expected {}, got {}",
                    if ok { "success" } else { "an error" },
                    if o.ok { "success" } else { o.error.as_str() }
                ));
            }
            if o.requests != requests {
                return Err(format!(
                    "the server read {} requests, expected {requests}",
                    o.requests
                ));
            }
            if !ok && o.maybe_sent != maybe_sent {
                return Err(format!(
                    "maybe_sent() is {}, expected {maybe_sent}",
                    o.maybe_sent
                ));
            }
            if o.elapsed >= DEADLINE {
                return Err(format!("took {:?}, past the deadline", o.elapsed));
            }
            Ok(())
        };
        match self.fault {
            // A 5xx or a broken answer after the request was read: a read or a keyed write is
            // sent again and succeeds; money is sent once and says "maybe sent".
            MatrixFault::Status(_)
            | MatrixFault::ResetAfterRead
            | MatrixFault::TruncatedBody
            | MatrixFault::HtmlErrorPage
            | MatrixFault::Timeout => {
                if retried {
                    expect(true, 2, false)
                } else {
                    expect(false, 1, true)?;
                    if self.fault == MatrixFault::Timeout && !o.timeout {
                        return Err("expected a timeout error".into());
                    }
                    Ok(())
                }
            }
            // A refusal took no effect: every call is sent again after the wait.
            MatrixFault::RetryAfterSeconds | MatrixFault::RetryAfterDate => {
                expect(true, 2, false)?;
                if o.elapsed < Duration::from_millis(900) {
                    return Err(format!("Retry-After not honoured ({:?})", o.elapsed));
                }
                Ok(())
            }
            // The server never read it; the client cannot know that, so money stays unsent
            // and says "maybe sent"; the others go again on a new connection.
            MatrixFault::ResetBeforeRead => {
                if retried {
                    expect(true, 1, false)
                } else {
                    expect(false, 0, true)
                }
            }
            // An undecodable success: the call took effect; nothing is sent again.
            MatrixFault::MalformedBody | MatrixFault::BodyOverCap => expect(false, 1, true),
            MatrixFault::Unauthorized => {
                if self.refreshes_on_401 {
                    expect(true, 2, false)
                } else {
                    expect(false, 1, false)?;
                    match o.status {
                        Some(401) => Ok(()),
                        other => Err(format!("expected status 401, got {other:?}")),
                    }
                }
            }
            MatrixFault::IdleClosedConnection => expect(true, 1, false),
        }
    }
}

/// Prints one `matrix|vendor|fault|call|held` row per cell (read by `cargo xtask faults`)
/// and returns the cells that did not hold.
pub fn print_rows(vendor: &str, results: &[(Cell, Result<(), String>)]) -> Vec<String> {
    let mut failed = Vec::new();
    for (cell, result) in results {
        let verdict = match result {
            Ok(()) => "held".to_owned(),
            Err(why) => {
                failed.push(format!("{vendor}: {} / {}: {why}", cell.fault, cell.call));
                format!("FAILED: {why}")
            }
        };
        println!("matrix|{vendor}|{}|{}|{verdict}", cell.fault, cell.call);
    }
    failed
}
