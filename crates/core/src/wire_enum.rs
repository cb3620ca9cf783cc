//! Open enums for the values vendors send as strings: typed variants with their exact wire
//! form, aliases for the spellings sources disagree on, lenient reading, and an
//! `Other(String)` variant so that a value the server adds later never breaks decoding.
//!
//! ```
//! paykit_core::wire_enum! {
//!     /// How often a plan charges.
//!     pub enum ChargePeriod {
//!         /// Every month.
//!         Monthly = "MONTHLY",
//!         /// Once (also spelled `1-Time` by some sources).
//!         OneTime = "ONE_TIME" | "1-Time",
//!     }
//! }
//!
//! assert_eq!(ChargePeriod::from("monthly"), ChargePeriod::Monthly); // case, '-', '_', ' ' ignored
//! assert_eq!(ChargePeriod::from("1-time"), ChargePeriod::OneTime); // an alias
//! assert_eq!(ChargePeriod::from("HOURLY"), ChargePeriod::Other("HOURLY".into())); // kept
//! assert_eq!(ChargePeriod::OneTime.as_str(), "ONE_TIME"); // written exactly
//! ```
//!
//! Serde reads strings, and numbers or booleans as their text (an alias such as `"2"` maps a
//! source's numeric form to a variant).

/// Lower case with spaces, `-` and `_` removed: the form wire values are compared in.
pub fn normalize(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether two wire values are the same once [`normalize`]d, without allocating (an exact
/// match is checked first: it is what servers send).
pub fn same(value: &str, known: &str) -> bool {
    fn key(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
    }
    value == known || key(value).eq(key(known))
}

/// Reads a wire value as text: a string as it is, a number or a boolean as its decimal or
/// `true`/`false` text (some sources send enums as numbers), for [`wire_enum!`].
#[doc(hidden)]
pub fn deserialize_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(Text)
}

/// Declares an open string enum (see the [module docs](mod@crate::wire_enum)): each variant has
/// its canonical wire string and optional aliases (`Variant = "CANON" | "alias"`); reading
/// ignores case, spaces, `-` and `_`; an unknown value is kept in `Other(String)`. Implements
/// `as_str`, `parse`, `Display`, `From<&str>`, `From<String>`, `FromStr`, and serde.
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $canon:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as sent.
            Other(::std::string::String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $canon, )+
                    Self::Other(value) => value,
                }
            }

            /// Reads a value leniently (case, spaces, `-` and `_` do not matter; known
            /// aliases accepted); an unknown value becomes `Other`.
            pub fn parse(value: &str) -> Self {
                // The exact spellings first (what servers send), then the lenient comparison.
                $(
                    if value == $canon $( || value == $alias )* {
                        return Self::$variant;
                    }
                )+
                $(
                    if $crate::wire_enum::same(value, $canon)
                        $( || $crate::wire_enum::same(value, $alias) )*
                    {
                        return Self::$variant;
                    }
                )+
                Self::Other(value.to_owned())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::parse(value)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::parse(&value) {
                    Self::Other(_) => Self::Other(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::parse(value))
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                Ok(Self::from($crate::wire_enum::deserialize_text(d)?))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_agrees_with_comparing_normalized_forms() {
        let values = [
            "ONE_TIME",
            "one-time",
            "One Time",
            "onetime",
            "ONE__TIME",
            "1-Time",
            "1time",
            "MONTHLY",
            "monthly ",
            "MONTH",
            "",
            "-",
            "Straße",
            "STRASSE",
            "İ",
            "i̇",
            "ǅ",
            "ǆ",
        ];
        for a in values {
            for b in values {
                assert_eq!(same(a, b), normalize(a) == normalize(b), "{a:?} vs {b:?}");
            }
        }
    }

    crate::wire_enum! {
        /// A test enum.
        pub enum Period {
            /// Monthly.
            Monthly = "MONTHLY",
            /// Once.
            OneTime = "ONE_TIME" | "1-Time",
        }
    }

    #[test]
    fn parse_takes_exact_spellings_aliases_and_lenient_forms() {
        assert_eq!(Period::parse("MONTHLY"), Period::Monthly);
        assert_eq!(Period::parse("1-Time"), Period::OneTime);
        assert_eq!(Period::parse("one time"), Period::OneTime);
        assert_eq!(Period::parse("1_TIME"), Period::OneTime);
        assert_eq!(Period::parse("Yearly"), Period::Other("Yearly".into()));
    }
}
