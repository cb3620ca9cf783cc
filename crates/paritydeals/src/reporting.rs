//! Usage and event reporting (`POST /report/usage/`, `POST /report/event/`).

use paykit_core::{Idempotency, Json, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::client::Client;
use crate::customers::put;
use crate::enums::UsageBehaviour;
use crate::error::Error;
use crate::wire_time::{
    format_event_timestamp, lenient_instant, new_idempotency_key, serialize_instant,
};

/// A pre-aggregated usage report.
///
/// `SET` replaces the stored usage and is retried like a read; `DELTA` adds to it and is
/// never resent once it may have reached the server (a resend would count twice).
///
/// ```
/// use paykit_paritydeals::UsageReport;
///
/// let absolute = UsageReport::set("cus_42", "api_calls", 120);
/// let increment = UsageReport::delta("cus_42", "api_calls", 5).resource_id("project-7");
/// # let _ = (absolute, increment);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UsageReport {
    /// The customer.
    pub customer_id: String,
    /// The metered feature.
    pub feature_id: String,
    /// The value: the new usage (`SET`) or the increment (`DELTA`).
    pub value: i64,
    /// `SET` or `DELTA`.
    pub behaviour: UsageBehaviour,
    /// An optional resource the usage belongs to (`resourceId`).
    pub resource_id: Option<String>,
}

impl UsageReport {
    /// A report with the given behaviour.
    pub fn new(
        customer_id: impl Into<String>,
        feature_id: impl Into<String>,
        value: i64,
        behaviour: UsageBehaviour,
    ) -> Self {
        UsageReport {
            customer_id: customer_id.into(),
            feature_id: feature_id.into(),
            value,
            behaviour,
            resource_id: None,
        }
    }

    /// `SET`: the usage becomes `value`.
    pub fn set(customer_id: impl Into<String>, feature_id: impl Into<String>, value: i64) -> Self {
        Self::new(customer_id, feature_id, value, UsageBehaviour::Set)
    }

    /// `DELTA`: `value` is added to the usage.
    pub fn delta(
        customer_id: impl Into<String>,
        feature_id: impl Into<String>,
        value: i64,
    ) -> Self {
        Self::new(customer_id, feature_id, value, UsageBehaviour::Delta)
    }

    /// Sets the resource id.
    pub fn resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    fn body(&self) -> Result<Value, Error> {
        if self.customer_id.is_empty() {
            return Err(Error::invalid("customer_id", "must not be empty"));
        }
        if self.feature_id.is_empty() {
            return Err(Error::invalid("feature_id", "must not be empty"));
        }
        let mut body = Map::new();
        body.insert("value".into(), self.value.into());
        body.insert("customerId".into(), self.customer_id.clone().into());
        body.insert("featureId".into(), self.feature_id.clone().into());
        body.insert("behaviour".into(), self.behaviour.as_str().into());
        put(&mut body, "resourceId", self.resource_id.as_ref());
        Ok(Value::Object(body))
    }

    /// The idempotency class: `SET` may be resent, anything else may not.
    fn idempotency(&self) -> Idempotency {
        match self.behaviour {
            UsageBehaviour::Set => Idempotency::Safe,
            _ => Idempotency::Never,
        }
    }
}

/// The server's record of a usage report (either key casing is read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UsageRecord {
    /// The value reported.
    #[serde(default)]
    pub value: Option<i64>,
    /// The customer.
    #[serde(default, alias = "customer_id")]
    pub customer_id: Option<String>,
    /// The feature.
    #[serde(default, alias = "feature_id")]
    pub feature_id: Option<String>,
    /// `SET` or `DELTA`.
    #[serde(default)]
    pub behaviour: Option<UsageBehaviour>,
    /// The organization.
    #[serde(default, alias = "org_id")]
    pub org_id: Option<String>,
    /// `aggregated.usage`.
    #[serde(default, alias = "event_name")]
    pub event_name: Option<String>,
    /// The server-generated idempotency key (hex).
    #[serde(default, alias = "idempotency_key")]
    pub idempotency_key: Option<String>,
    /// When the server recorded it (sent as `YYYY-MM-DD HH:MM:SS.ffffff`, UTC).
    #[serde(
        default,
        deserialize_with = "lenient_instant",
        serialize_with = "serialize_instant"
    )]
    pub timestamp: Option<OffsetDateTime>,
}

/// A raw event (`POST /report/event/`; in the official SDK, not in the public docs).
///
/// The idempotency key and the timestamp are fixed when the value is built, so sending the
/// same `EventReport` again (by hand or by a retry) is dropped by the server as a duplicate.
///
/// ```
/// use paykit_paritydeals::EventReport;
///
/// let event = EventReport::new("cus_42", "file.uploaded")
///     .property("bytes", 2048)
///     .resource_id("bucket-1");
/// assert_eq!(event.idempotency_key.len(), 32);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventReport {
    /// The customer.
    pub customer_id: String,
    /// The event's name.
    pub event_name: String,
    /// The key the server uses to drop duplicates (generated: a random UUID as 32 hex
    /// characters).
    pub idempotency_key: String,
    /// When the event happened (generated: now). Sent in UTC as
    /// `YYYY-MM-DD HH:MM:SS.ffffff`.
    pub timestamp: OffsetDateTime,
    /// An optional resource id.
    pub resource_id: Option<String>,
    /// Event properties.
    pub properties: Option<Map<String, Value>>,
}

impl EventReport {
    /// An event happening now, with a fresh idempotency key.
    pub fn new(customer_id: impl Into<String>, event_name: impl Into<String>) -> Self {
        EventReport {
            customer_id: customer_id.into(),
            event_name: event_name.into(),
            idempotency_key: new_idempotency_key(),
            timestamp: OffsetDateTime::now_utc(),
            resource_id: None,
            properties: None,
        }
    }

    /// Uses your own idempotency key.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = key.into();
        self
    }

    /// Sets when the event happened (any offset; sent in UTC).
    pub fn at(mut self, at: OffsetDateTime) -> Self {
        self.timestamp = at;
        self
    }

    /// Sets the resource id.
    pub fn resource_id(mut self, resource_id: impl Into<String>) -> Self {
        self.resource_id = Some(resource_id.into());
        self
    }

    /// Adds a property.
    pub fn property(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.properties
            .get_or_insert_with(Map::new)
            .insert(name.into(), value.into());
        self
    }

    fn body(&self) -> Result<Value, Error> {
        for (field, value) in [
            ("customer_id", &self.customer_id),
            ("event_name", &self.event_name),
            ("idempotency_key", &self.idempotency_key),
        ] {
            if value.is_empty() {
                return Err(Error::invalid(field, "must not be empty"));
            }
        }
        let mut body = Map::new();
        body.insert("customerId".into(), self.customer_id.clone().into());
        body.insert("eventName".into(), self.event_name.clone().into());
        body.insert("idempotencyKey".into(), self.idempotency_key.clone().into());
        let timestamp = format_event_timestamp(self.timestamp)
            .ok_or_else(|| Error::invalid("timestamp", "must fall in the years 0 to 9999 (UTC)"))?;
        body.insert("timestamp".into(), timestamp.into());
        put(&mut body, "resourceId", self.resource_id.as_ref());
        put(&mut body, "properties", self.properties.as_ref());
        Ok(Value::Object(body))
    }
}

/// The server's answer to an event: not documented, so every field is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventRecord {
    /// The idempotency key, when echoed.
    #[serde(default, rename = "idempotencyKey", alias = "idempotency_key")]
    pub idempotency_key: Option<String>,
    /// The whole answer (`{}` for an empty body).
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// Decodes a 2xx body; an empty body reads as `{}` (as the SDK does).
pub(crate) fn decode_or_empty<T: serde::de::DeserializeOwned>(
    response: paykit_core::Response,
) -> Result<T, Error> {
    if response.body.iter().all(u8::is_ascii_whitespace) {
        let empty = paykit_core::Response::new(
            response.operation(),
            response.status,
            response.headers,
            paykit_core::bytes::Bytes::from_static(b"{}"),
        );
        return Ok(empty.decode(&Json)?);
    }
    Ok(response.decode(&Json)?)
}

impl Client {
    /// Reports usage (`POST /report/usage/`). `SET` is retried on transient failures;
    /// `DELTA` never is once it may have reached the server (check the usage, then decide).
    pub async fn report_usage(&self, report: &UsageReport) -> Result<UsageRecord, Error> {
        let body = report.body()?;
        let request = Request::post("paritydeals.report_usage", "/report/usage/")
            .idempotency(report.idempotency())
            .body(&Json, &body);
        decode_or_empty(self.execute_api(request).await?)
    }

    /// Reports an event (`POST /report/event/`). It carries an idempotency key, so it is
    /// retried on transient failures, a dropped connection included: the server stores it
    /// once whatever the number of attempts.
    pub async fn report_event(&self, event: &EventReport) -> Result<EventRecord, Error> {
        let body = event.body()?;
        let request = Request::post("paritydeals.report_event", "/report/event/")
            .idempotency(Idempotency::Keyed)
            .body(&Json, &body);
        decode_or_empty(self.execute_api(request).await?)
    }
}
