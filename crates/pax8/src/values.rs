//! Enumerated values: lenient on read, exact on write.
//!
//! Pax8's sources disagree on the spelling of many values: `Pax8Partner`
//! and `Pax8 Partner`, `Flat` and `flat`, `One-Time` and `1-Time`, `payment-credit` and
//! `payment_credit`. Every enum here reads a value whatever its case, spaces, `-` or `_`,
//! knows the recorded aliases, and keeps a value it does not know in `Other(String)`: a new
//! server value never fails decoding.

use paykit_core::wire_enum;
#[cfg(feature = "testing")]
pub(crate) use paykit_core::wire_enum::normalize;

wire_enum! {
    /// A billing term. Read from `One-Time` (filters, pricing) and `1-Time`
    /// (line items, subscriptions) alike.
    pub enum BillingTerm {
        /// `Monthly`.
        Monthly = "Monthly",
        /// `Annual`.
        Annual = "Annual",
        /// `2-Year`.
        TwoYear = "2-Year",
        /// `3-Year`.
        ThreeYear = "3-Year",
        /// `One-Time` (list filters, pricing); `1-Time` in line items and subscriptions.
        OneTime = "One-Time" | "1-Time",
        /// `Trial`.
        Trial = "Trial",
        /// `Activation`.
        Activation = "Activation",
    }
}

impl BillingTerm {
    /// The form line items and subscription bodies use: `1-Time` for
    /// [`BillingTerm::OneTime`], the canonical form otherwise.
    pub fn line_item_str(&self) -> &str {
        match self {
            BillingTerm::OneTime => "1-Time",
            other => other.as_str(),
        }
    }
}

/// Serializes a billing term in the line-item form (`1-Time`).
pub(crate) fn line_item_term<S: serde::Serializer>(
    term: &BillingTerm,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(term.line_item_str())
}

/// Serializes an optional billing term in the line-item form (`1-Time`).
pub(crate) fn option_line_item_term<S: serde::Serializer>(
    term: &Option<BillingTerm>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match term {
        Some(term) => s.serialize_str(term.line_item_str()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_reads_both_spellings() {
        // pax8.md §1.6: "1-Time" in line items, "One-Time" in filters and pricing.
        assert_eq!(BillingTerm::parse("1-Time"), BillingTerm::OneTime);
        assert_eq!(BillingTerm::parse("One-Time"), BillingTerm::OneTime);
        assert_eq!(BillingTerm::parse("one time"), BillingTerm::OneTime);
        assert_eq!(BillingTerm::OneTime.as_str(), "One-Time");
        assert_eq!(BillingTerm::OneTime.line_item_str(), "1-Time");
        assert_eq!(
            BillingTerm::parse("Quarterly"),
            BillingTerm::Other("Quarterly".into())
        );
    }
}
