//! Every closed set of wire strings, typed, each with an `Other(String)` fallback so that a
//! value the server adds later never breaks decoding (paritydeals.md §1.4).

/// Declares a wire enum: known variants with their exact wire strings, plus `Other(String)`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the client does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The exact wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::Other(_) => $name::Other(value),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok($name::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok($name::from(value))
            }
        }
    };
}

wire_enum! {
    /// How often a plan charges (`chargePeriod`, paritydeals.md §1.4 "Create checkout").
    pub enum ChargePeriod {
        /// `ONE_TIME`.
        OneTime => "ONE_TIME",
        /// `DAILY`.
        Daily => "DAILY",
        /// `WEEKLY`.
        Weekly => "WEEKLY",
        /// `MONTHLY`.
        Monthly => "MONTHLY",
        /// `THREE_MONTHS`.
        ThreeMonths => "THREE_MONTHS",
        /// `SIX_MONTHS`.
        SixMonths => "SIX_MONTHS",
        /// `YEARLY`.
        Yearly => "YEARLY",
        /// `TWENTY_EIGHT_DAYS` (added later by Kelviq).
        TwentyEightDays => "TWENTY_EIGHT_DAYS",
    }
}

wire_enum! {
    /// The kind of a feature (`featureType`, paritydeals.md §1.4 "Entitlements").
    pub enum FeatureType {
        /// `METER`: a metered feature with a usage limit.
        Meter => "METER",
        /// `FLAG`: on or off.
        Flag => "FLAG",
        /// `BOOLEAN` (named in the SDK's model comments).
        Boolean => "BOOLEAN",
        /// `LIMIT` (named in the SDK's model comments).
        Limit => "LIMIT",
        /// `CUSTOMIZABLE` (seen in the list-subscriptions example).
        Customizable => "CUSTOMIZABLE",
    }
}

wire_enum! {
    /// How a usage report changes the stored usage (`behaviour`, British spelling on the
    /// wire; paritydeals.md §1.4 "Report usage").
    pub enum UsageBehaviour {
        /// `SET`: the value replaces the usage. Safe to retry.
        Set => "SET",
        /// `DELTA`: the value is added to the usage. Never retried once it may have been sent.
        Delta => "DELTA",
    }
}

wire_enum! {
    /// When a subscription ends (`cancellationType`, paritydeals.md §1.4 "Cancel
    /// subscription"). Requests use [`crate::Cancellation`], which carries the date where
    /// one is needed.
    pub enum CancellationType {
        /// `IMMEDIATE`.
        Immediate => "IMMEDIATE",
        /// `CURRENT_PERIOD_ENDS`.
        CurrentPeriodEnds => "CURRENT_PERIOD_ENDS",
        /// `SPECIFIC_DATE` (needs a `cancellationDate`).
        SpecificDate => "SPECIFIC_DATE",
    }
}
