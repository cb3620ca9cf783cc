//! Entitlements, read from the edge URL, and the official SDK's client-side `has_access`
//! rule.

use paykit_core::Request;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

use crate::client::Client;
use crate::enums::FeatureType;
use crate::error::Error;
use crate::wire_time::{lenient_instant, serialize_instant};

/// One feature's entitlement for a customer (either key casing is read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Entitlement {
    /// The feature's identifier.
    #[serde(alias = "feature_id")]
    pub feature_id: String,
    /// The feature's type.
    #[serde(alias = "feature_type")]
    pub feature_type: FeatureType,
    /// The server's access flag (for meters the client applies its own rule, see
    /// [`Entitlement::allows_access`]).
    #[serde(default, alias = "has_access")]
    pub has_access: bool,
    /// When usage resets. The API sends `yyyy-MM-dd HH:mm:ss` (read as UTC) or ISO-8601;
    /// `None` when absent or unreadable.
    #[serde(
        default,
        alias = "reset_at",
        deserialize_with = "lenient_instant",
        serialize_with = "serialize_instant"
    )]
    pub reset_at: Option<OffsetDateTime>,
    /// Whether the usage limit is enforced.
    #[serde(default, alias = "hard_limit")]
    pub hard_limit: Option<bool>,
    /// The usage limit.
    #[serde(default, alias = "usage_limit", deserialize_with = "lenient_int")]
    pub usage_limit: Option<i64>,
    /// The usage so far.
    #[serde(default, alias = "current_usage", deserialize_with = "lenient_int")]
    pub current_usage: Option<i64>,
    /// What is left; `null` when unknown or unlimited.
    #[serde(default, deserialize_with = "lenient_int")]
    pub remaining: Option<i64>,
}

impl Entitlement {
    /// The official SDK's rule: a `METER` is refused only when `hardLimit` is true and
    /// `remaining` is null or ≤ 0, and allowed otherwise even if `hasAccess` is false; any
    /// other type answers `hasAccess`.
    pub fn allows_access(&self) -> bool {
        match self.feature_type {
            FeatureType::Meter => {
                !(self.hard_limit == Some(true) && self.remaining.is_none_or(|left| left <= 0))
            }
            _ => self.has_access,
        }
    }
}

/// A customer's entitlements: `{customerId, entitlements: [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Entitlements {
    /// The customer.
    #[serde(default, alias = "customer_id")]
    pub customer_id: String,
    /// One per feature.
    #[serde(default)]
    pub entitlements: Vec<Entitlement>,
}

impl Entitlements {
    /// The entitlement of one feature.
    pub fn get(&self, feature_id: &str) -> Option<&Entitlement> {
        self.entitlements
            .iter()
            .find(|e| e.feature_id == feature_id)
    }

    /// [`Entitlement::allows_access`] for `feature_id`; `false` when the feature is absent.
    pub fn has_access(&self, feature_id: &str) -> bool {
        self.get(feature_id).is_some_and(Entitlement::allows_access)
    }
}

/// An integer sent as a number (integral float accepted), a numeric string, or null. Read
/// straight from the deserializer (no intermediate JSON value: this is on every entitlement
/// check's path).
fn lenient_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    deserializer.deserialize_any(LenientInt)
}

struct LenientInt;

impl<'de> Visitor<'de> for LenientInt {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, a numeric string or null")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Some)
            .map_err(|_| E::custom(format!("{v} is not an integer")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e18 {
            Ok(Some(v as i64))
        } else {
            Err(E::custom(format!("{v} is not an integer")))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.trim()
            .parse()
            .map(Some)
            .map_err(|_| E::custom(format!("{v:?} is not an integer")))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Err(E::custom(format!("{v} is not an integer")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Client {
    fn entitlements_request(
        &self,
        operation: &'static str,
        customer_id: &str,
        feature_id: Option<&str>,
    ) -> Result<Request, Error> {
        if customer_id.is_empty() {
            return Err(Error::invalid("customer_id", "must not be empty"));
        }
        if feature_id.is_some_and(str::is_empty) {
            return Err(Error::invalid("feature_id", "must not be empty"));
        }
        let style = self.style;
        Ok(Request::get(operation, self.entitlements_path)
            .query(style.key("customer_id", "customerId"), customer_id)
            .query_opt(style.key("feature_id", "featureId"), feature_id))
    }

    /// Whether the customer may use the feature, by the official SDK's client-side rule
    /// ([`Entitlement::allows_access`]; an absent feature is `false`). API errors are
    /// returned, not turned into `false`. It sends one `get_entitlement` request (the
    /// operation name `paritydeals.get_entitlement`).
    pub async fn has_access(&self, customer_id: &str, feature_id: &str) -> Result<bool, Error> {
        Ok(self
            .get_entitlement(customer_id, feature_id)
            .await?
            .has_access(feature_id))
    }

    /// The customer's entitlement for one feature, as the server lists it
    /// (`GET {edge_url}/entitlements?customer_id=..&feature_id=..`).
    pub async fn get_entitlement(
        &self,
        customer_id: &str,
        feature_id: &str,
    ) -> Result<Entitlements, Error> {
        let request = self.entitlements_request(
            "paritydeals.get_entitlement",
            customer_id,
            Some(feature_id),
        )?;
        self.send_edge(request).await
    }

    /// All of the customer's entitlements (`GET {edge_url}/entitlements?customer_id=..`).
    pub async fn get_all_entitlements(&self, customer_id: &str) -> Result<Entitlements, Error> {
        let request =
            self.entitlements_request("paritydeals.get_all_entitlements", customer_id, None)?;
        self.send_edge(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entitlement(extra: &str) -> Result<Entitlement, serde_json::Error> {
        serde_json::from_str(&format!(
            r#"{{"featureId": "calls", "featureType": "METER", "hasAccess": true{extra}}}"#
        ))
    }

    #[test]
    fn counts_are_read_as_numbers_integral_floats_numeric_strings_or_null() {
        let e = entitlement(r#", "usageLimit": 100, "currentUsage": 40.0, "remaining": " 60 ""#)
            .unwrap();
        assert_eq!(
            (e.usage_limit, e.current_usage, e.remaining),
            (Some(100), Some(40), Some(60))
        );
        let e = entitlement(r#", "usage_limit": null, "current_usage": -3"#).unwrap();
        assert_eq!(
            (e.usage_limit, e.current_usage, e.remaining),
            (None, Some(-3), None)
        );
    }

    #[test]
    fn a_count_that_is_not_an_integer_is_a_decode_error_naming_it() {
        for (extra, message) in [
            (r#", "remaining": 1.5"#, "1.5 is not an integer"),
            (r#", "remaining": "many""#, "\"many\" is not an integer"),
            (r#", "remaining": true"#, "true is not an integer"),
            (
                r#", "remaining": 18446744073709551615"#,
                "18446744073709551615 is not an integer",
            ),
            (
                r#", "remaining": [1]"#,
                "an integer, a numeric string or null",
            ),
        ] {
            let error = entitlement(extra).unwrap_err().to_string();
            assert!(error.contains(message), "{extra}: {error}");
        }
    }
}
