//! One exchange with ClubReady: the request body in the client's format or style, and the
//! answer checked for the three failure modes, then decoded with every secret kept out of
//! errors.

use paykit_core::reqwest::header::{HeaderName, HeaderValue};
use paykit_core::{BoxError, Request};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{ApiError, Error};
use crate::options::ParamStyle;
use crate::wire;

/// The `Success`/`Message` envelope of most answers, in either casing.
#[derive(Deserialize, Default)]
struct Envelope {
    #[serde(
        default,
        rename = "Success",
        alias = "success",
        deserialize_with = "wire::flag_opt::deserialize"
    )]
    success: Option<bool>,
    #[serde(
        default,
        rename = "Message",
        alias = "message",
        alias = "error",
        deserialize_with = "wire::text"
    )]
    message: Option<String>,
}

/// An answer whose envelope said `Success: false`: the message and the raw body, for the
/// operations that read such an answer themselves (a duplicate prospect).
pub(crate) struct Declined {
    pub(crate) message: Option<String>,
    pub(crate) body: paykit_core::bytes::Bytes,
    /// An earlier attempt of the call may have reached the server.
    pub(crate) earlier_attempt_maybe_sent: bool,
}

impl Client {
    /// Sets a body in the client's format.
    pub(crate) fn body<T: serde::Serialize + ?Sized>(
        &self,
        request: Request,
        value: &T,
    ) -> Request {
        if matches!(self.param_style, ParamStyle::Query | ParamStyle::Form) {
            let query = match serde_jsv::to_query_string(value) {
                Ok(query) => query,
                Err(source) => return request.body(&Failing(Some(Box::new(source))), &()),
            };
            let pairs = paykit_core::url::form_urlencoded::parse(query.as_bytes());
            if self.param_style == ParamStyle::Query {
                return pairs.fold(request, |r, (k, v)| r.query(k.into_owned(), v.into_owned()));
            }
            let form = paykit_core::url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish();
            return request.raw_body(
                HeaderValue::from_static("application/x-www-form-urlencoded"),
                form.into_bytes(),
            );
        }
        match self.format.encode(value) {
            Ok(bytes) => {
                request.raw_body(HeaderValue::from_static(self.format.content_type()), bytes)
            }
            Err(source) => request.body(&Failing(Some(source)), &()),
        }
    }

    fn secrets<'a>(&'a self, extra: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec![self.api_key.expose_secret()];
        all.extend_from_slice(extra);
        all
    }

    /// Sends and checks the three failure modes; `Ok(Err(declined))` for `Success: false`.
    pub(crate) async fn exchange(
        &self,
        request: Request,
        extra_secrets: &[&str],
    ) -> Result<Result<paykit_core::Response, Declined>, Error> {
        // The secrets to keep out of errors, gathered only when there is an error to clean.
        let secrets = || self.secrets(extra_secrets);
        let response = self
            .core
            .execute(request)
            .await
            .map_err(|e| Error::from_core(e, &secrets()))?;
        match first_char(&response.body) {
            None | Some('[') => return Ok(Ok(response)),
            Some('{') => {}
            Some(_) => return Err(self.not_structured(&response, &secrets())),
        }
        let envelope: Envelope = self.format.decode(&response.body).unwrap_or_default();
        if envelope.success == Some(false) {
            return Ok(Err(Declined {
                message: envelope.message,
                body: response.body.clone(),
                earlier_attempt_maybe_sent: response.earlier_attempt_maybe_sent,
            }));
        }
        Ok(Ok(response))
    }

    /// An answer that is neither an object nor a list: a plain-text refusal (a key without
    /// the operation's scope), or anything else that is not JSV or JSON.
    fn not_structured(&self, response: &paykit_core::Response, secrets: &[&str]) -> Error {
        let text = String::from_utf8_lossy(&response.body);
        let plain = text.trim_start_matches('\u{feff}').trim().trim_matches('"');
        if plain.to_ascii_lowercase().starts_with("unauthorized") {
            // Refused, nothing done.
            return Error::Unauthorized(Box::new(
                ApiError::ok_failure(
                    Some(plain.chars().take(200).collect()),
                    &response.body,
                    secrets,
                )
                .after_earlier_attempts(response.earlier_attempt_maybe_sent),
            ));
        }
        // An HTML page, ...: the call may have been carried out, so it is a decode failure
        // (`maybe_sent`).
        let source: BoxError = "the answer is neither JSV nor JSON".into();
        Error::from_core(
            paykit_core::Error::Decode {
                operation: response.operation(),
                status: response.status,
                content_type: response.content_type().to_owned(),
                snippet: plain.chars().take(256).collect(),
                source,
            },
            secrets,
        )
    }

    pub(crate) fn declined(&self, declined: Declined, extra_secrets: &[&str]) -> Error {
        let secrets = self.secrets(extra_secrets);
        Error::Refused(Box::new(
            ApiError::ok_failure(declined.message, &declined.body, &secrets)
                .after_earlier_attempts(declined.earlier_attempt_maybe_sent),
        ))
    }

    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        response: &paykit_core::Response,
        extra_secrets: &[&str],
    ) -> Result<T, Error> {
        let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
            // An empty answer reads as an empty object.
            b"{}"
        } else {
            &response.body
        };
        self.format.decode(body).map_err(|source| {
            let secrets = self.secrets(extra_secrets);
            let snippet: String = String::from_utf8_lossy(&response.body)
                .chars()
                .take(256)
                .collect();
            Error::from_core(
                paykit_core::Error::Decode {
                    operation: response.operation(),
                    status: response.status,
                    content_type: response.content_type().to_owned(),
                    snippet,
                    source,
                },
                &secrets,
            )
        })
    }

    /// Sends, checks the failure modes, decodes.
    pub(crate) async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.send_with_secrets(request, &[]).await
    }

    /// [`Client::send`] with more values to keep out of errors (a password).
    pub(crate) async fn send_with_secrets<T: DeserializeOwned>(
        &self,
        request: Request,
        extra_secrets: &[&str],
    ) -> Result<T, Error> {
        match self.exchange(request, extra_secrets).await? {
            Ok(response) => self.decode(&response, extra_secrets),
            Err(declined) => Err(self.declined(declined, extra_secrets)),
        }
    }

    /// The client's `X-Forwarded-For` header from a typed IP.
    pub(crate) fn forwarded_for(request: Request, ip: std::net::IpAddr) -> Request {
        let value = HeaderValue::from_str(&ip.to_string()).expect("an IP is a header value");
        request.header(HeaderName::from_static("x-forwarded-for"), value)
    }
}

/// A codec that fails with a stored error, to carry an encoding failure into a request
/// (reported when it is sent, nothing sent).
struct Failing(Option<BoxError>);

impl paykit_core::Codec for Failing {
    fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static("application/octet-stream")
    }
    fn encode<T: serde::Serialize + ?Sized>(&self, _: &T) -> Result<Vec<u8>, BoxError> {
        Err(self
            .0
            .as_ref()
            .map(|e| e.to_string())
            .unwrap_or_default()
            .into())
    }
    fn decode<T: DeserializeOwned>(&self, _: &[u8]) -> Result<T, BoxError> {
        Err("not a decoder".into())
    }
}

/// The first character of an answer after leading byte-order marks and white space
/// (`None` when there is none), read without decoding the rest of the body: a list or an
/// object is told apart from plain text by it alone. Bytes that are not UTF-8 read as
/// U+FFFD, as a lossy decoding would show them.
fn first_char(body: &[u8]) -> Option<char> {
    let mut rest = body;
    let mut after_bom = false;
    while let Some(&lead) = rest.first() {
        let width = match lead {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => return Some(char::REPLACEMENT_CHARACTER),
        };
        let c = rest
            .get(..width)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .and_then(|s| s.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        if c == '\u{feff}' && !after_bom {
            rest = &rest[width..];
            continue;
        }
        after_bom = true;
        if !c.is_whitespace() {
            return Some(c);
        }
        rest = &rest[width..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::first_char;

    #[test]
    fn first_char_reads_past_boms_and_white_space_only() {
        assert_eq!(first_char(b""), None);
        assert_eq!(first_char(b" \r\n\t"), None);
        assert_eq!(first_char(b"[{UserId:1}]"), Some('['));
        assert_eq!(
            first_char(b"\xef\xbb\xbf\xef\xbb\xbf  {Success:false}"),
            Some('{')
        );
        // A BOM after white space is text, as in `trim_start_matches('\u{feff}').trim()`.
        assert_eq!(first_char(b" \xef\xbb\xbf["), Some('\u{feff}'));
        // Unicode white space (U+00A0, U+2003) is skipped like ASCII's.
        assert_eq!(first_char("\u{a0}\u{2003}[1]".as_bytes()), Some('['));
        assert_eq!(first_char(b"\"Unauthorized\""), Some('"'));
        assert_eq!(first_char(b"\xff["), Some(char::REPLACEMENT_CHARACTER));
        assert_eq!(first_char(b"\xe2\x80"), Some(char::REPLACEMENT_CHARACTER));
        assert_eq!(first_char("é[".as_bytes()), Some('é'));
    }
}
