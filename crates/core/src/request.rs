//! The description of one API call: what a vendor method hands to the client.

use std::borrow::Cow;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::codec::Codec;
use crate::error::Error;

/// Characters kept as they are in a path segment: RFC 3986 "unreserved". Everything else,
/// `/`, `?`, `#` and `%` included, is percent-encoded, so an ID can never change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether a call may be sent again after a failure.
///
/// The client retries only where this allows it, whatever the retry classifiers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Idempotency {
    /// Sending it twice has the same effect as once (reads, PUT, DELETE): retried on any
    /// retryable failure.
    Safe,
    /// Not idempotent by nature, but the request carries a key the vendor uses to drop
    /// duplicates: retried like [`Idempotency::Safe`].
    Keyed,
    /// Moves money or creates something: never sent again once it may have reached the
    /// server. Only failures that prove nothing was sent (no connection could be made) are
    /// retried.
    Never,
}

impl Idempotency {
    /// The class that fits an HTTP method when nothing else is known: GET, HEAD, OPTIONS,
    /// PUT and DELETE are [`Idempotency::Safe`], everything else [`Idempotency::Never`].
    pub fn for_method(method: &Method) -> Self {
        match *method {
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE => {
                Idempotency::Safe
            }
            _ => Idempotency::Never,
        }
    }

    /// Whether a retry is allowed after a failure where the request `maybe_sent`.
    pub fn allows_retry(self, maybe_sent: bool) -> bool {
        match self {
            Idempotency::Safe | Idempotency::Keyed => true,
            Idempotency::Never => !maybe_sent,
        }
    }
}

/// A request body already encoded by its codec.
#[derive(Debug, Clone)]
pub struct Body {
    /// The `Content-Type` to send.
    pub content_type: HeaderValue,
    /// The encoded bytes.
    pub bytes: Bytes,
}

/// One API call, described: method, path template and its arguments, query, headers, body,
/// the operation's name and its [`Idempotency`].
///
/// The path is a template relative to the client's base URL in which each `{}` is replaced by
/// the next argument, percent-encoded as one path segment:
///
/// ```
/// use paykit_core::{Request, Idempotency};
///
/// let req = Request::post("wallet.use_item", "/entry/{}/inventory/use")
///     .arg("a/b?c")
///     .idempotency(Idempotency::Never);
/// assert_eq!(req.render_path().unwrap(), "/entry/a%2Fb%3Fc/inventory/use");
/// assert_eq!(req.path_template(), "/entry/{}/inventory/use");
/// ```
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) template: &'static str,
    pub(crate) args: Vec<String>,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    pub(crate) idempotency: Idempotency,
    pub(crate) error: Option<Error>,
}

impl Request {
    /// A request with the given operation name (for tracing and errors), method and path
    /// template. The idempotency class defaults to [`Idempotency::for_method`].
    pub fn new(operation: &'static str, method: Method, template: &'static str) -> Self {
        let idempotency = Idempotency::for_method(&method);
        Request {
            operation,
            method,
            template,
            args: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            idempotency,
            error: None,
        }
    }

    /// A GET request.
    pub fn get(operation: &'static str, template: &'static str) -> Self {
        Self::new(operation, Method::GET, template)
    }

    /// A POST request (idempotency [`Idempotency::Never`] unless changed).
    pub fn post(operation: &'static str, template: &'static str) -> Self {
        Self::new(operation, Method::POST, template)
    }

    /// A PUT request.
    pub fn put(operation: &'static str, template: &'static str) -> Self {
        Self::new(operation, Method::PUT, template)
    }

    /// A PATCH request (idempotency [`Idempotency::Never`] unless changed).
    pub fn patch(operation: &'static str, template: &'static str) -> Self {
        Self::new(operation, Method::PATCH, template)
    }

    /// A DELETE request.
    pub fn delete(operation: &'static str, template: &'static str) -> Self {
        Self::new(operation, Method::DELETE, template)
    }

    /// The next path argument, filling the next `{}` of the template.
    pub fn arg(mut self, value: impl Into<String>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Adds a query pair. A `&'static str` name is kept as it is, without a copy.
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a query pair when `value` is `Some`.
    pub fn query_opt(
        self,
        name: impl Into<Cow<'static, str>>,
        value: Option<impl Into<String>>,
    ) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sets the body, encoded now with `codec`. An encoding failure is reported when the
    /// request is sent, as [`Error::InvalidRequest`], and nothing goes over the wire.
    pub fn body<C: Codec + ?Sized, T: Serialize + ?Sized>(mut self, codec: &C, value: &T) -> Self {
        match codec.encode(value) {
            Ok(bytes) => {
                self.body = Some(Body {
                    content_type: codec.content_type(),
                    bytes: bytes.into(),
                })
            }
            Err(source) => {
                self.error = Some(Error::InvalidRequest {
                    operation: self.operation,
                    message: "the request body could not be encoded".into(),
                    source: Some(source),
                })
            }
        }
        self
    }

    /// Sets a body that is already encoded.
    pub fn raw_body(mut self, content_type: HeaderValue, bytes: impl Into<Bytes>) -> Self {
        self.body = Some(Body {
            content_type,
            bytes: bytes.into(),
        });
        self
    }

    /// Sets the idempotency class.
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// The operation's name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, as logged (never the raw path: IDs stay out of logs).
    pub fn path_template(&self) -> &'static str {
        self.template
    }

    /// The query pairs.
    pub fn query_pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }

    /// The idempotency class.
    pub fn idempotency_class(&self) -> Idempotency {
        self.idempotency
    }

    /// The body, if any.
    pub fn body_ref(&self) -> Option<&Body> {
        self.body.as_ref()
    }

    /// The path with every `{}` replaced by its percent-encoded argument.
    ///
    /// Fails with [`Error::InvalidRequest`] when the count of arguments does not match the
    /// template, or an argument is empty, `.` or `..` (which would change the path).
    pub fn render_path(&self) -> Result<String, Error> {
        let mut out = String::with_capacity(self.template.len() + 32);
        self.render_path_into(&mut out)?;
        Ok(out)
    }

    /// [`Request::render_path`], appended to `out`.
    pub(crate) fn render_path_into(&self, out: &mut String) -> Result<(), Error> {
        let mut args = self.args.iter();
        let mut rest = self.template;
        while let Some(at) = placeholder(rest) {
            out.push_str(&rest[..at]);
            let Some(arg) = args.next() else {
                return Err(Error::invalid_request(
                    self.operation,
                    format!("path template {} needs more arguments", self.template),
                ));
            };
            if arg.is_empty() || arg == "." || arg == ".." {
                return Err(Error::invalid_request(
                    self.operation,
                    format!("path argument {arg:?} is empty or a dot segment"),
                ));
            }
            out.extend(utf8_percent_encode(arg, SEGMENT));
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        if args.next().is_some() {
            return Err(Error::invalid_request(
                self.operation,
                format!(
                    "path template {} has fewer placeholders than arguments",
                    self.template
                ),
            ));
        }
        Ok(())
    }
}

/// Where the next `{}` of a path template starts (a byte search: cheaper than a substring
/// search for templates this short).
fn placeholder(template: &str) -> Option<usize> {
    let bytes = template.as_bytes();
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == b'{') {
        let at = from + at;
        if bytes.get(at + 1) == Some(&b'}') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}
