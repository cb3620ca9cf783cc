//! Lenient readers shared by the models, and the open enums.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

paykit_core::wire_enum! {
    /// The unit of a duration (plans, complimentary subscriptions and extensions).
    pub enum DurationUnits {
        /// `days`.
        Days = "days",
        /// `months`.
        Months = "months",
    }
}

paykit_core::wire_enum! {
    /// A plan's type.
    pub enum PlanType {
        /// `regular`: a paid plan.
        Regular = "regular",
        /// `free_trial`: a free-trial plan ([`crate::Client::subscribe_to_free_trial`]).
        FreeTrial = "free_trial",
    }
}

paykit_core::wire_enum! {
    /// A credit card's type, as Spreedly names it.
    pub enum CardType {
        /// `visa`.
        Visa = "visa",
        /// `master`.
        Master = "master" | "mastercard",
        /// `discover`.
        Discover = "discover",
        /// `american_express`.
        AmericanExpress = "american_express" | "amex",
    }
}

/// A boolean; an empty element (null) or a missing one is `false`.
pub(crate) fn bool_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(false))
}

/// A string that some sources send as a number (`customer-id`).
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    paykit_core::wire_enum::deserialize_text(d)
}

/// An optional string that some sources send as a number.
pub(crate) fn opt_string_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Text(#[serde(deserialize_with = "string_or_number")] String);
    Ok(Option::<Text>::deserialize(d)?.map(|t| t.0))
}

/// An optional instant in RFC 3339 (`2010-02-21T19:04:28Z`).
pub(crate) fn opt_datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => OffsetDateTime::parse(s.trim(), &Rfc3339)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("bad datetime {s:?}: {e}"))),
    }
}

/// Writes an optional instant in RFC 3339, UTC (`2026-06-30T00:00:00Z`).
pub(crate) fn ser_opt_datetime<S: Serializer>(
    value: &Option<OffsetDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        None => s.serialize_none(),
        Some(t) => {
            let text = t
                .to_offset(time::UtcOffset::UTC)
                .format(&Rfc3339)
                .map_err(serde::ser::Error::custom)?;
            s.serialize_str(&text)
        }
    }
}

/// An optional amount: a decimal, or a formatted price such as `$24.00` or `$-49.96`.
pub(crate) fn opt_money<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    match opt_string_or_number(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => {
            let cleaned: String = s
                .chars()
                .filter(|c| c.is_ascii_digit() || matches!(c, '.' | '-'))
                .collect();
            cleaned
                .parse::<Decimal>()
                .map(Some)
                .map_err(|_| serde::de::Error::custom(format!("bad amount {s:?}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use paykit_core::Codec;

    use crate::{Plan, Xml};

    #[test]
    fn a_formatted_price_is_read_as_money() {
        let plan: Plan = Xml::default()
            .decode(b"<subscription-plan><id type=\"integer\">1</id><name>A</name><price>$-49.96</price><amount type=\"decimal\">1e1</amount><plan-type>something_new</plan-type></subscription-plan>")
            .unwrap();
        assert_eq!(plan.price, Some("-49.96".parse().unwrap()));
        assert_eq!(plan.amount, Some("10".parse().unwrap()));
        assert_eq!(
            plan.plan_type,
            Some(crate::PlanType::Other("something_new".into()))
        );
    }
}
