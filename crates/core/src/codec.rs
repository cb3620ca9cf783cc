//! Body codecs: how a request body is encoded and a response body decoded.
//!
//! JSON is built in ([`Json`]). Other formats (XML for Spreedly, JSV for ClubReady) implement
//! [`Codec`] in their own crates; core never depends on them.

use reqwest::header::HeaderValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::BoxError;

/// A body format: its content type, an encoder and a decoder.
pub trait Codec: Send + Sync {
    /// The `Content-Type` of encoded bodies (also sent as `Accept`).
    fn content_type(&self) -> HeaderValue;

    /// Encodes a value.
    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>, BoxError>;

    /// Decodes a value.
    fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, BoxError>;
}

/// JSON, through serde_json.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Codec for Json {
    fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static("application/json")
    }

    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>, BoxError> {
        Ok(serde_json::to_vec(value)?)
    }

    fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, BoxError> {
        Ok(serde_json::from_slice(bytes)?)
    }
}
