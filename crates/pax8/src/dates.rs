//! Dates and instants on the wire.
//!
//! Pax8 sends dates as `2024-05-12` in most places and date-times as `2024-05-12T10:00:00Z`,
//! but its sources disagree on which field is which (a line item's `provisionStartDate` is a
//! date in one source and a date-time in another; a subscription's `createdDate` is a
//! date-time, an order's a date). Readers here accept either form for either type, with or
//! without an offset (a date-time without one is taken as UTC); writers send dates as
//! `yyyy-MM-dd` and instants in RFC 3339.

use serde::{Deserialize, Deserializer, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");
const LOCAL: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");

/// `date` as `yyyy-MM-dd`.
pub(crate) fn format_date(date: Date) -> String {
    date.format(DATE).unwrap_or_default()
}

/// Reads a date from `yyyy-MM-dd` or from the date part of a date-time.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    Date::parse(text, DATE)
        .ok()
        .or_else(|| text.get(..10).and_then(|d| Date::parse(d, DATE).ok()))
}

/// Reads an instant from RFC 3339, a date-time without offset (UTC) or a date (midnight UTC).
pub(crate) fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(instant) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(instant);
    }
    if let Ok(local) = PrimitiveDateTime::parse(text, LOCAL) {
        return Some(local.assume_offset(UtcOffset::UTC));
    }
    Date::parse(text, DATE)
        .ok()
        .map(|d| d.midnight().assume_offset(UtcOffset::UTC))
}

/// Serde for `Option<Date>`: lenient reader, `yyyy-MM-dd` writer. A value that does not
/// read as a date is `None` rather than a decoding failure of the whole answer.
pub(crate) mod option_date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(value: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(date) => s.serialize_str(&format_date(*date)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        Ok(text.as_deref().and_then(parse_date))
    }
}

/// Serde for `Option<OffsetDateTime>`: lenient reader, RFC 3339 writer.
pub(crate) mod option_instant {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value.and_then(|v| v.format(&Rfc3339).ok()) {
            Some(text) => s.serialize_str(&text),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        Ok(text.as_deref().and_then(parse_instant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn lenient_readers() {
        assert_eq!(parse_date("2024-05-12"), Some(date!(2024 - 05 - 12)));
        assert_eq!(
            parse_date("2024-05-12T10:00:00Z"),
            Some(date!(2024 - 05 - 12))
        );
        assert_eq!(parse_date("soon"), None);
        assert_eq!(
            parse_instant("2024-05-12T10:00:00Z"),
            Some(datetime!(2024-05-12 10:00:00 UTC))
        );
        assert_eq!(
            parse_instant("2024-05-12T10:00:00.5"),
            Some(datetime!(2024-05-12 10:00:00.5 UTC))
        );
        assert_eq!(
            parse_instant("2024-05-12T12:00:00+02:00"),
            Some(datetime!(2024-05-12 10:00:00 UTC))
        );
        assert_eq!(
            parse_instant("2024-05-12"),
            Some(datetime!(2024-05-12 0:00 UTC))
        );
        assert_eq!(format_date(date!(2026 - 06 - 30)), "2026-06-30");
    }
}
