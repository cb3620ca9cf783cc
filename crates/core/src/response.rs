//! A response as the client hands it back: status, headers and the whole body.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use crate::codec::Codec;
use crate::error::Error;

/// How many characters of a body a decode error quotes.
const SNIPPET: usize = 256;

/// A successful (2xx) response, its body read in full (within the client's body cap).
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) operation: &'static str,
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// Whether an earlier attempt of the same call may have reached the server (it got no
    /// answer after the request was written, or a 5xx, before this answer came): a vendor
    /// that reads a 2xx answer as a refusal says so in its error's `maybe_sent()`.
    pub earlier_attempt_maybe_sent: bool,
}

impl Response {
    /// Builds a response by hand (for codecs' and vendors' own tests).
    pub fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Response {
            operation,
            status,
            headers,
            body,
            earlier_attempt_maybe_sent: false,
        }
    }

    /// The operation this answers.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The `Content-Type`, or `""`.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// A hash of the body, for [`crate::Page::with_fingerprint`].
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.body.hash(&mut hasher);
        hasher.finish()
    }

    /// Decodes the body with `codec`; a failure is [`Error::Decode`] with the status, the
    /// content type and the start of the body.
    pub fn decode<T: DeserializeOwned, C: Codec + ?Sized>(&self, codec: &C) -> Result<T, Error> {
        codec.decode(&self.body).map_err(|source| Error::Decode {
            operation: self.operation,
            status: self.status,
            content_type: self.content_type().to_owned(),
            snippet: snippet(&self.body),
            source,
        })
    }
}

/// The start of a body as text, for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(SNIPPET).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}
