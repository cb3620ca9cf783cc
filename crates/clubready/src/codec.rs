//! Body formats: JSV (ServiceStack's own text format, the default) and JSON (for
//! debugging), each a [`paykit_core::Codec`].

use paykit_core::reqwest::header::HeaderValue;
use paykit_core::{BoxError, Codec};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// ServiceStack's JSV, through `serde_jsv`: `Content-Type: application/jsv`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Jsv;

impl Codec for Jsv {
    fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static("application/jsv")
    }

    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>, BoxError> {
        Ok(serde_jsv::to_vec(value)?)
    }

    fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, BoxError> {
        // ServiceStack's text may start with a BOM and end with a newline.
        let text = std::str::from_utf8(bytes)?;
        let text = text.trim_start_matches('\u{feff}').trim();
        Ok(serde_jsv::from_str(text)?)
    }
}

/// The wire format a [`crate::Client`] speaks: request bodies and answers alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Format {
    /// JSV (`?format=jsv`, `Accept: application/jsv`, `Content-Type: application/jsv`):
    /// ServiceStack's compact format, the default.
    #[default]
    Jsv,
    /// JSON (`?format=json`, `Accept` and `Content-Type: application/json`), easier to read
    /// in a proxy while debugging.
    Json,
}

impl Format {
    /// The `format` query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsv => "jsv",
            Format::Json => "json",
        }
    }

    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Jsv => "application/jsv",
            Format::Json => "application/json",
        }
    }

    pub(crate) fn decode<T: DeserializeOwned>(self, bytes: &[u8]) -> Result<T, BoxError> {
        match self {
            Format::Jsv => Jsv.decode(bytes),
            Format::Json => paykit_core::Json.decode(bytes),
        }
    }

    pub(crate) fn encode<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<u8>, BoxError> {
        match self {
            Format::Jsv => Jsv.encode(value),
            Format::Json => paykit_core::Json.encode(value),
        }
    }
}
