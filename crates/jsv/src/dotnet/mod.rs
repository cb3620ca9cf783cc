//! `#[serde(with = "…")]` helpers for the .NET value forms ServiceStack writes and reads.
//!
//! | module | Rust type | JSV form |
//! |---|---|---|
//! | [`base64`] | `Vec<u8>` | `AEFh/w==` |
//! | [`timespan`] | `std::time::Duration` | XSD duration `P1DT2H3M4.5S` |
//! | `datetime` (feature `time`) | `time::OffsetDateTime`, `PrimitiveDateTime`, `Date` | `2010-12-20`, `1979-05-09T00:00:01Z` |
//! | [`guid`] (feature `uuid` for `uuid::Uuid`) | `uuid::Uuid` | `96d7a49f7a0f46918661217995c5e4cc` |
//! | `decimal` (feature `rust_decimal`) | `rust_decimal::Decimal` | `3.30` (scale kept) |
//!
//! Every module has an `option` submodule for `Option<T>` fields.

pub mod base64;
#[cfg(feature = "time")]
#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
pub mod datetime;
#[cfg(feature = "rust_decimal")]
#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
pub mod decimal;
pub mod guid;
pub mod timespan;

/// Generates an `option` submodule for `Option<$t>` from the parent's serialize/deserialize.
macro_rules! option_module {
    ($t:ty) => {
        /// The same for `Option<…>` fields: `None` is omitted, an empty token reads as `None`
        /// (add `#[serde(default)]` so that an absent property reads as `None` too).
        pub mod option {
            use serde::Deserialize as _;

            /// Serializes `Some` like the parent module, `None` as nothing.
            pub fn serialize<S: serde::Serializer>(
                v: &Option<$t>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                struct W<'a>(&'a $t);
                impl serde::Serialize for W<'_> {
                    fn serialize<S2: serde::Serializer>(&self, s: S2) -> Result<S2::Ok, S2::Error> {
                        super::serialize(self.0, s)
                    }
                }
                match v {
                    Some(x) => s.serialize_some(&W(x)),
                    None => s.serialize_none(),
                }
            }

            /// Deserializes an optional value like the parent module.
            pub fn deserialize<'de, D: serde::Deserializer<'de>>(
                d: D,
            ) -> Result<Option<$t>, D::Error> {
                struct W($t);
                impl<'de> serde::Deserialize<'de> for W {
                    fn deserialize<D2: serde::Deserializer<'de>>(d: D2) -> Result<Self, D2::Error> {
                        super::deserialize(d).map(W)
                    }
                }
                Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
            }
        }
    };
}
pub(crate) use option_module;

/// A visitor that takes the value's text and converts it with `parse`.
pub(crate) struct TextVisitor<T> {
    pub(crate) expecting: &'static str,
    pub(crate) parse: fn(&str) -> Option<T>,
}

impl<T> serde::de::Visitor<'_> for TextVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}
