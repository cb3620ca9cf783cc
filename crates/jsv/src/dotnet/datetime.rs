//! .NET `DateTime` for the `time` crate (feature `time`).
//!
//! This module handles `time::OffsetDateTime`; [`primitive`] handles
//! `time::PrimitiveDateTime` and [`date`] handles `time::Date` (.NET `DateOnly`).
//!
//! Writer (`DateTimeSerializer.ToShortestXsdDateTimeString`, .NET Core):
//! * time of day exactly midnight → `yyyy-MM-dd` (whatever the offset, as .NET does);
//! * whole seconds, UTC → `yyyy-MM-ddTHH:mm:ssZ`; with fraction → `.fffffffZ` (7 digits);
//! * another offset → `yyyy-MM-ddTHH:mm:ss[.fffffff]±HH:MM`.
//!
//! Precision is the .NET tick (100 ns); finer nanoseconds are truncated on write.
//!
//! Reader (`ParseShortestXsdDateTime`): `/Date(ms[±hhmm])/`, `yyyyMMdd`, `yyyy-M-d` with
//! one- or two-digit month and day, `dd/MM/yyyy`, optionally followed by `T` or a space and
//! `H:mm[:ss[.f…]]`, then optionally `Z`, `±HH:MM`, `±HHMM` or `±HH`. A text without a zone
//! is taken as UTC for `OffsetDateTime`.
//!
//! ```
//! use time::macros::datetime;
//! #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
//! struct Visit {
//!     #[serde(with = "serde_jsv::dotnet::datetime")]
//!     at: time::OffsetDateTime,
//! }
//! let v = Visit { at: datetime!(1979-05-09 00:00:01 UTC) };
//! assert_eq!(serde_jsv::to_string(&v).unwrap(), "{at:1979-05-09T00:00:01Z}");
//! assert_eq!(serde_jsv::from_str::<Visit>("{at:1979-05-09 00:00:01Z}").unwrap(), v);
//! ```

use std::fmt::Write as _;

use serde::{Deserializer, Serializer};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::TextVisitor;

/// A parsed date/time: wall clock plus the offset if the text had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The date and time of day as written.
    pub local: PrimitiveDateTime,
    /// `Some` when the text had `Z`, an offset, or was a `/Date(…)/` instant.
    pub offset: Option<UtcOffset>,
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn ymd(y: u32, m: u32, d: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

fn parse_date(s: &str) -> Option<Date> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(
            digits(&s[..4], 4, 4)?,
            digits(&s[4..6], 2, 2)?,
            digits(&s[6..], 2, 2)?,
        );
    }
    if let [d, m, y] = s.split('/').collect::<Vec<_>>()[..] {
        return ymd(digits(y, 4, 4)?, digits(m, 1, 2)?, digits(d, 1, 2)?);
    }
    match s.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => ymd(digits(y, 4, 4)?, digits(m, 1, 2)?, digits(d, 1, 2)?),
        _ => None,
    }
}

fn parse_time(s: &str) -> Option<Time> {
    let (hms, frac) = match s.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (s, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let (h, m, sec) = match parts[..] {
        [h, m] => (digits(h, 1, 2)?, digits(m, 2, 2)?, 0),
        [h, m, sec] => (digits(h, 1, 2)?, digits(m, 2, 2)?, digits(sec, 2, 2)?),
        _ => return None,
    };
    let mut nanos = 0u32;
    if let Some(f) = frac {
        if f.is_empty() || parts.len() != 3 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut scale = 100_000_000;
        for b in f.bytes().take(9) {
            nanos += u32::from(b - b'0') * scale;
            scale /= 10;
        }
    }
    Time::from_hms_nano(
        u8::try_from(h).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(sec).ok()?,
        nanos,
    )
    .ok()
}

fn parse_offset(s: &str) -> Option<UtcOffset> {
    let (sign, body) = match s.as_bytes().first()? {
        b'+' => (1i8, &s[1..]),
        b'-' => (-1i8, &s[1..]),
        _ => return None,
    };
    let (h, m) = match body.len() {
        2 => (digits(body, 2, 2)?, 0),
        4 => (digits(body.get(..2)?, 2, 2)?, digits(body.get(2..)?, 2, 2)?),
        5 if body.as_bytes()[2] == b':' => {
            (digits(body.get(..2)?, 2, 2)?, digits(body.get(3..)?, 2, 2)?)
        }
        _ => return None,
    };
    // V51 shows ServiceStack reading `-15:00`, beyond .NET's ±14:00 offset range.
    if m > 59 {
        return None;
    }
    UtcOffset::from_hms(
        sign * i8::try_from(h).ok()?,
        sign * i8::try_from(m).ok()?,
        0,
    )
    .ok()
}

/// WCF `/Date(ms[±hhmm])/`: milliseconds since the Unix epoch (UTC).
fn parse_wcf(t: &str) -> Option<Parsed> {
    let inner = t.trim_matches('\\').strip_prefix("/Date(")?;
    let inner = inner.trim_end_matches(['/', '\\']).strip_suffix(')')?;
    let (ms, zone) = match inner.get(1..).and_then(|r| r.find(['+', '-'])) {
        Some(p) => (&inner[..p + 1], Some(&inner[p + 1..])),
        None => (inner, None),
    };
    let ms: i64 = ms.parse().ok()?;
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    let offset = match zone {
        Some(z) => parse_offset(z)?,
        None => UtcOffset::UTC,
    };
    let at = utc.checked_to_offset(offset)?;
    Some(Parsed {
        local: PrimitiveDateTime::new(at.date(), at.time()),
        offset: Some(offset),
    })
}

/// Parses every date/time form ServiceStack's reader accepts.
pub fn parse(text: &str) -> Option<Parsed> {
    let t = crate::scalar::trim(text);
    if t.contains("/Date(") {
        return parse_wcf(t);
    }
    // Date part ends at `T` or a space.
    let (date, rest) = match t.find(['T', ' ']) {
        Some(p) => (&t[..p], Some(t[p + 1..].trim_start())),
        None => (t, None),
    };
    let date = parse_date(date)?;
    let Some(rest) = rest else {
        return Some(Parsed {
            local: PrimitiveDateTime::new(date, Time::MIDNIGHT),
            offset: None,
        });
    };
    let (time, offset) = if let Some(r) = rest.strip_suffix('Z') {
        (r.trim_end(), Some(UtcOffset::UTC))
    } else if let Some(p) = rest.rfind(['+', '-']) {
        (rest[..p].trim_end(), Some(parse_offset(&rest[p..])?))
    } else {
        (rest, None)
    };
    Some(Parsed {
        local: PrimitiveDateTime::new(date, parse_time(time)?),
        offset,
    })
}

fn write_date(out: &mut String, d: Date) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    );
}

/// `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss[.fffffff]`; returns false for date-only.
fn write_local(out: &mut String, dt: PrimitiveDateTime) -> bool {
    write_date(out, dt.date());
    let t = dt.time();
    let ticks = t.nanosecond() / 100;
    if t.hour() == 0 && t.minute() == 0 && t.second() == 0 && ticks == 0 {
        return false;
    }
    let _ = write!(out, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
    if ticks > 0 {
        let _ = write!(out, ".{ticks:07}");
    }
    true
}

/// Formats an `OffsetDateTime` in the shortest .NET form.
pub fn format(dt: OffsetDateTime) -> String {
    let mut out = String::with_capacity(28);
    if write_local(&mut out, PrimitiveDateTime::new(dt.date(), dt.time())) {
        let off = dt.offset();
        if off.is_utc() {
            out.push('Z');
        } else {
            let (h, m, _) = off.as_hms();
            let sign = if off.is_negative() { '-' } else { '+' };
            let _ = write!(out, "{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs());
        }
    }
    out
}

fn parse_offset_dt(text: &str) -> Option<OffsetDateTime> {
    let p = parse(text)?;
    Some(p.local.assume_offset(p.offset.unwrap_or(UtcOffset::UTC)))
}

/// Serializes an `OffsetDateTime` in the shortest .NET form.
pub fn serialize<S: Serializer>(dt: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    crate::ser::serialize_raw(serializer, &format(*dt))
}

/// Deserializes an `OffsetDateTime` from any accepted form (no zone = UTC).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    deserializer.deserialize_str(TextVisitor {
        expecting: "a DateTime",
        parse: parse_offset_dt,
    })
}

super::option_module!(time::OffsetDateTime);

/// `time::PrimitiveDateTime` (a .NET `DateTime` of unspecified kind): written without a zone,
/// `yyyy-MM-dd` at midnight; read from any form, keeping the wall clock and dropping an
/// offset if the text has one (like ServiceStack's `SkipDateTimeConversion`, V51).
pub mod primitive {
    use serde::{Deserializer, Serializer};
    use time::PrimitiveDateTime;

    use super::super::TextVisitor;

    /// Formats without a zone.
    pub fn format(dt: PrimitiveDateTime) -> String {
        let mut out = String::with_capacity(27);
        super::write_local(&mut out, dt);
        out
    }

    fn parse(text: &str) -> Option<PrimitiveDateTime> {
        super::parse(text).map(|p| p.local)
    }

    /// Serializes without a zone.
    pub fn serialize<S: Serializer>(
        dt: &PrimitiveDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        crate::ser::serialize_raw(serializer, &format(*dt))
    }

    /// Deserializes from any accepted form (wall clock).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PrimitiveDateTime, D::Error> {
        deserializer.deserialize_str(TextVisitor {
            expecting: "a DateTime",
            parse,
        })
    }

    super::super::option_module!(time::PrimitiveDateTime);
}

/// `time::Date` (.NET `DateOnly`, V43): `yyyy-MM-dd`; reading a text with a time of day
/// other than midnight is an error.
pub mod date {
    use serde::{Deserializer, Serializer};
    use time::{Date, Time};

    use super::super::TextVisitor;

    /// Formats as `yyyy-MM-dd`.
    pub fn format(d: Date) -> String {
        let mut out = String::with_capacity(10);
        super::write_date(&mut out, d);
        out
    }

    fn parse(text: &str) -> Option<Date> {
        let p = super::parse(text)?;
        (p.local.time() == Time::MIDNIGHT).then(|| p.local.date())
    }

    /// Serializes as `yyyy-MM-dd`.
    pub fn serialize<S: Serializer>(d: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        crate::ser::serialize_raw(serializer, &format(*d))
    }

    /// Deserializes a date.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_str(TextVisitor {
            expecting: "a date",
            parse,
        })
    }

    super::super::option_module!(time::Date);
}
