//! The API's date and time forms, read and written with the `time` crate, and idempotency
//! keys from `uuid`.

use serde::{Deserialize, Deserializer};
use time::format_description::FormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// `YYYY-MM-DD`: a cancellation date.
pub(crate) const DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// `YYYY-MM-DD HH:MM:SS.ffffff`: the official SDK's event timestamp (UTC).
pub(crate) const EVENT_TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:6]");

/// `YYYY-MM-DD HH:MM:SS` with optional fraction (entitlement `resetAt`, usage timestamps).
const SPACED: &[FormatItem<'static>] = format_description!(
    version = 1,
    "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]"
);

/// `at` in UTC as the event timestamp, or `None` when the year cannot be written in four
/// digits.
pub(crate) fn format_event_timestamp(at: OffsetDateTime) -> Option<String> {
    let utc = at.to_offset(UtcOffset::UTC);
    if !(0..=9999).contains(&utc.year()) {
        return None;
    }
    utc.format(EVENT_TIMESTAMP).ok()
}

/// A date as `YYYY-MM-DD`, or `None` outside years 0 to 9999.
pub(crate) fn format_date(date: Date) -> Option<String> {
    if !(0..=9999).contains(&date.year()) {
        return None;
    }
    date.format(DATE).ok()
}

/// Reads an instant in any form the API uses: RFC 3339 (`2026-01-05T10:00:00.123456Z`), or
/// `YYYY-MM-DD HH:MM:SS[.ffffff]`, which is read as UTC.
pub(crate) fn parse_instant(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .or_else(|| {
            PrimitiveDateTime::parse(text, SPACED)
                .ok()
                .map(PrimitiveDateTime::assume_utc)
        })
        .or_else(|| {
            // `YYYY-MM-DDTHH:MM:SS[.f]` without an offset: UTC.
            PrimitiveDateTime::parse(&text.replacen('T', " ", 1), SPACED)
                .ok()
                .map(PrimitiveDateTime::assume_utc)
        })
}

/// A lenient optional instant: `null`, absent, or a text [`parse_instant`] cannot read all
/// become `None` (the API's forms vary; an unreadable time never fails a whole answer).
pub(crate) fn lenient_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<OffsetDateTime>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(deserializer)?
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .and_then(parse_instant))
}

/// Writes an optional instant as RFC 3339 (for `Serialize` on response models).
pub(crate) fn serialize_instant<S: serde::Serializer>(
    at: &Option<OffsetDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match at.and_then(|at| at.format(&Rfc3339).ok()) {
        Some(text) => serializer.serialize_str(&text),
        None => serializer.serialize_none(),
    }
}

/// A fresh idempotency key: a random (v4) UUID as 32 lowercase hex characters, the shape of
/// the server's own keys.
pub(crate) fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// `date` moved by `days` (earlier when negative), or `None` when that leaves the range
/// `time::Date` covers. Never panics.
pub(crate) fn add_days(date: Date, days: i64) -> Option<Date> {
    let julian = i64::from(date.to_julian_day()).checked_add(days)?;
    Date::from_julian_day(i32::try_from(julian).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn event_timestamps_are_the_sdk_form_in_utc() {
        let at = datetime!(2025-12-31 23:59:59.123456 UTC);
        assert_eq!(
            format_event_timestamp(at).unwrap(),
            "2025-12-31 23:59:59.123456"
        );
        let east = datetime!(2026-01-01 01:00:00 +01:00);
        assert_eq!(
            format_event_timestamp(east).unwrap(),
            "2026-01-01 00:00:00.000000"
        );
    }

    #[test]
    fn instants_read_every_form() {
        let expected = datetime!(2026-01-05 10:00:00.5 UTC);
        for text in [
            "2026-01-05T10:00:00.500000Z",
            "2026-01-05 10:00:00.5",
            "2026-01-05T10:00:00.5",
            "2026-01-05T11:00:00.5+01:00",
        ] {
            assert_eq!(parse_instant(text), Some(expected), "{text}");
        }
        assert_eq!(
            parse_instant("2026-02-01 00:00:00"),
            Some(datetime!(2026-02-01 00:00 UTC))
        );
        assert_eq!(parse_instant("soon"), None);
    }

    #[test]
    fn day_arithmetic_at_the_calendar_edges_is_an_answer_not_a_panic() {
        assert_eq!(
            add_days(date!(2024 - 12 - 31), 1),
            Some(date!(2025 - 01 - 01))
        );
        assert_eq!(
            add_days(date!(2024 - 02 - 28), 1),
            Some(date!(2024 - 02 - 29))
        );
        assert_eq!(add_days(Date::MAX, 1), None);
        assert_eq!(add_days(Date::MIN, -1), None);
        assert_eq!(add_days(Date::MAX, i64::MAX), None);
        assert_eq!(add_days(Date::MIN, i64::MIN), None);
        assert_eq!(add_days(Date::MAX, 0), Some(Date::MAX));
    }

    #[test]
    fn keys_are_32_hex_and_distinct() {
        let a = new_idempotency_key();
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, new_idempotency_key());
    }
}
