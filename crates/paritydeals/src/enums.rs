//! Every closed set of wire strings, typed, each with an `Other(String)` fallback so that a
//! value the server adds later never breaks decoding. Reading is lenient about case, `-`, `_` and spaces (core's [`wire_enum!`]); writing is exact.

use paykit_core::wire_enum;

wire_enum! {
    /// How often a plan charges (`chargePeriod`).
    pub enum ChargePeriod {
        /// `ONE_TIME`.
        OneTime = "ONE_TIME",
        /// `DAILY`.
        Daily = "DAILY",
        /// `WEEKLY`.
        Weekly = "WEEKLY",
        /// `MONTHLY`.
        Monthly = "MONTHLY",
        /// `THREE_MONTHS`.
        ThreeMonths = "THREE_MONTHS",
        /// `SIX_MONTHS`.
        SixMonths = "SIX_MONTHS",
        /// `YEARLY`.
        Yearly = "YEARLY",
        /// `TWENTY_EIGHT_DAYS` (added later by Kelviq).
        TwentyEightDays = "TWENTY_EIGHT_DAYS",
    }
}

wire_enum! {
    /// The kind of a feature (`featureType`).
    pub enum FeatureType {
        /// `METER`: a metered feature with a usage limit.
        Meter = "METER",
        /// `FLAG`: on or off.
        Flag = "FLAG",
        /// `BOOLEAN` (named in the SDK's model comments).
        Boolean = "BOOLEAN",
        /// `LIMIT` (named in the SDK's model comments).
        Limit = "LIMIT",
        /// `CUSTOMIZABLE` (seen in the list-subscriptions example).
        Customizable = "CUSTOMIZABLE",
    }
}

wire_enum! {
    /// How a usage report changes the stored usage (`behaviour`, British spelling on the
    /// wire).
    pub enum UsageBehaviour {
        /// `SET`: the value replaces the usage. Safe to retry.
        Set = "SET",
        /// `DELTA`: the value is added to the usage. Never retried once it may have been sent.
        Delta = "DELTA",
    }
}

wire_enum! {
    /// When a subscription ends (`cancellationType`). Requests use [`crate::Cancellation`], which carries the date where
    /// one is needed.
    pub enum CancellationType {
        /// `IMMEDIATE`.
        Immediate = "IMMEDIATE",
        /// `CURRENT_PERIOD_ENDS`.
        CurrentPeriodEnds = "CURRENT_PERIOD_ENDS",
        /// `SPECIFIC_DATE` (needs a `cancellationDate`).
        SpecificDate = "SPECIFIC_DATE",
    }
}
