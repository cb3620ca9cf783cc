//! .NET `decimal` for `rust_decimal::Decimal` (feature `rust_decimal`):
//! written with its scale kept (`3.30` stays `3.30`), read with .NET's `NumberStyles.Float |
//! AllowThousands` syntax (sign, decimal point, exponent, `,` group separators — quoted).
//!
//! ```
//! use rust_decimal::Decimal;
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Line {
//!     #[serde(with = "serde_jsv::dotnet::decimal")]
//!     amount: Decimal,
//! }
//! let l: Line = serde_jsv::from_str("{Amount:\"1,234.50\"}").unwrap();
//! assert_eq!(serde_jsv::to_string(&l).unwrap(), "{amount:1234.50}");
//! ```

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserializer, Serializer};

use super::TextVisitor;

/// Parses the .NET decimal syntax.
pub fn parse(text: &str) -> Option<Decimal> {
    let t = crate::scalar::trim(text);
    let t = crate::scalar::strip_thousands(t)?;
    let t = t.strip_prefix('+').unwrap_or(&t);
    if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        Decimal::from_str(t).ok()
    }
}

/// Serializes a `Decimal` with its scale.
pub fn serialize<S: Serializer>(d: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(d)
}

/// Deserializes a `Decimal` from its text.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_str(TextVisitor {
        expecting: "a decimal number",
        parse,
    })
}

super::option_module!(rust_decimal::Decimal);
