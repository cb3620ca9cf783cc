//! .NET `TimeSpan` / `TimeOnly` as XSD durations for
//! `std::time::Duration`.
//!
//! Writer: `P`, then `nD` if there are days, then a `T` part when there are no days or any
//! hours/minutes/seconds: `nH`, `nM`, seconds with up to 7 fraction digits (trailing zeros
//! trimmed) or `0S` when nothing else was written — `PT0S`, `P1D`, `P1DT1H1M1.001S`.
//! Precision is the .NET tick (100 ns): finer nanoseconds are truncated on write.
//!
//! Reader: an XSD duration (`P…`/`-P…`), the .NET `TimeSpan` form `[-][d.]hh:mm[:ss[.fffffff]]`,
//! or a number of seconds. `std::time::Duration` cannot be negative: a negative text is an
//! error (use `signed` with the `time` feature for `time::Duration`).
//!
//! ```
//! use std::time::Duration;
//! #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
//! struct Slot {
//!     #[serde(with = "serde_jsv::dotnet::timespan")]
//!     length: Duration,
//! }
//! let s = serde_jsv::to_string(&Slot { length: Duration::from_secs(90 * 60) }).unwrap();
//! assert_eq!(s, "{length:PT1H30M}");
//! assert_eq!(serde_jsv::from_str::<Slot>("{length:01:30:00}").unwrap().length, Duration::from_secs(5400));
//! ```

use std::fmt::Write as _;
use std::time::Duration;

use serde::{Deserializer, Serializer};

use super::TextVisitor;

const NANOS_PER_SEC: i128 = 1_000_000_000;

/// Formats a signed number of nanoseconds as an XSD duration the way ServiceStack does.
pub fn format_nanos(nanos: i128) -> String {
    let mut out = String::with_capacity(16);
    out.push_str(if nanos < 0 { "-P" } else { "P" });
    let n = nanos.unsigned_abs();
    let secs = n / 1_000_000_000;
    let ticks = (n % 1_000_000_000) / 100;
    let days = secs / 86_400;
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if days == 0 || h > 0 || m > 0 || s > 0 || ticks > 0 {
        out.push('T');
        if h > 0 {
            let _ = write!(out, "{h}H");
        }
        if m > 0 {
            let _ = write!(out, "{m}M");
        }
        if s > 0 || ticks > 0 {
            let _ = write!(out, "{s}");
            if ticks > 0 {
                let frac = format!("{ticks:07}");
                out.push('.');
                out.push_str(frac.trim_end_matches('0'));
            }
            out.push('S');
        } else if days == 0 && h == 0 && m == 0 {
            out.push_str("0S");
        }
    }
    out
}

/// Formats a `Duration` as an XSD duration.
pub fn format(d: Duration) -> String {
    format_nanos(i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

/// Parses `digits[.fraction]` into nanoseconds times `unit_nanos`; fraction only if allowed.
fn number(s: &str, unit_nanos: i128, allow_frac: bool) -> Option<i128> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) if allow_frac => (i, f),
        Some(_) => return None,
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v: i128 = 0;
    for b in int.bytes() {
        v = v.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let mut total = v.checked_mul(unit_nanos)?;
    // Fraction (seconds only): up to 9 digits, further digits truncated.
    let mut scale = unit_nanos;
    for b in frac.bytes().take(9) {
        scale /= 10;
        total = total.checked_add(i128::from(b - b'0') * scale)?;
    }
    Some(total)
}

fn parse_xsd(body: &str) -> Option<i128> {
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (body, None),
    };
    let mut total: i128 = 0;
    if !date.is_empty() {
        total = number(date.strip_suffix('D')?, 86_400 * NANOS_PER_SEC, false)?;
    }
    if let Some(mut t) = time {
        if t.is_empty() {
            return None;
        }
        for (unit, nanos, frac) in [
            ('H', 3600 * NANOS_PER_SEC, false),
            ('M', 60 * NANOS_PER_SEC, false),
            ('S', NANOS_PER_SEC, true),
        ] {
            if let Some(p) = t.find(unit) {
                total = total.checked_add(number(&t[..p], nanos, frac)?)?;
                t = &t[p + 1..];
            }
        }
        if !t.is_empty() {
            return None;
        }
    } else if date.is_empty() {
        return None;
    }
    Some(total)
}

/// `[d.]hh:mm[:ss[.fffffff]]`.
fn parse_clock(s: &str) -> Option<i128> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let (days, hours) = match parts[0].split_once('.') {
        Some((d, h)) => (number(d, 86_400 * NANOS_PER_SEC, false)?, h),
        None => (0, parts[0]),
    };
    let h = number(hours, 3600 * NANOS_PER_SEC, false)?;
    let m = number(parts[1], 60 * NANOS_PER_SEC, false)?;
    let sec = match parts.get(2) {
        Some(s) => number(s, NANOS_PER_SEC, true)?,
        None => 0,
    };
    if h >= 24 * 3600 * NANOS_PER_SEC || m >= 3600 * NANOS_PER_SEC || sec >= 60 * NANOS_PER_SEC {
        return None;
    }
    days.checked_add(h)?.checked_add(m)?.checked_add(sec)
}

/// Parses any TimeSpan form the ServiceStack reader accepts into signed nanoseconds.
pub fn parse_nanos(text: &str) -> Option<i128> {
    let t = crate::scalar::trim(text);
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let v = if let Some(x) = body.strip_prefix('P') {
        parse_xsd(x)?
    } else if body.contains(':') {
        parse_clock(body)?
    } else {
        let secs = crate::scalar::parse_f64(body)?;
        if !secs.is_finite() || !(0.0..=9.2e9).contains(&secs) {
            return None;
        }
        (secs * 1e9).round() as i128
    };
    Some(if neg { -v } else { v })
}

/// Parses a non-negative duration.
pub fn parse(text: &str) -> Option<Duration> {
    let n = parse_nanos(text)?;
    let n = u128::try_from(n).ok()?;
    let secs = u64::try_from(n / 1_000_000_000).ok()?;
    Some(Duration::new(secs, (n % 1_000_000_000) as u32))
}

/// Serializes a `Duration` as an XSD duration.
pub fn serialize<S: Serializer>(d: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    crate::ser::serialize_raw(serializer, &format(*d))
}

/// Deserializes a `Duration` from any accepted TimeSpan form.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    deserializer.deserialize_str(TextVisitor {
        expecting: "a non-negative TimeSpan (XSD duration)",
        parse,
    })
}

super::option_module!(std::time::Duration);

/// Signed TimeSpans for `time::Duration` (feature `time`): `-P1D`, `-PT0.001S`.
#[cfg(feature = "time")]
pub mod signed {
    use serde::{Deserializer, Serializer};

    use super::super::TextVisitor;

    fn parse(text: &str) -> Option<time::Duration> {
        let n = super::parse_nanos(text)?;
        let secs = i64::try_from(n / 1_000_000_000).ok()?;
        time::Duration::seconds(secs)
            .checked_add(time::Duration::nanoseconds((n % 1_000_000_000) as i64))
    }

    /// Formats a `time::Duration` as an XSD duration.
    pub fn format(d: time::Duration) -> String {
        super::format_nanos(d.whole_nanoseconds())
    }

    /// Serializes a signed duration as an XSD duration.
    pub fn serialize<S: Serializer>(d: &time::Duration, serializer: S) -> Result<S::Ok, S::Error> {
        crate::ser::serialize_raw(serializer, &format(*d))
    }

    /// Deserializes a signed duration from any accepted TimeSpan form.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<time::Duration, D::Error> {
        deserializer.deserialize_str(TextVisitor {
            expecting: "a TimeSpan (XSD duration)",
            parse,
        })
    }

    super::super::option_module!(time::Duration);
}
