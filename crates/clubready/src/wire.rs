//! Lenient readers and exact writers for ClubReady's value forms: money with its scale,
//! club-local dates (`M-D-YYYY`) and times (`8:30 PM`), booleans in any spelling.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::macros::format_description;
use time::{Date, Time};

/// Reads a scalar as text: JSV gives every scalar as text, JSON gives numbers and booleans.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Text)
    }
}

/// The value as text; `None` for an absent, empty or null value.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(d.deserialize_any(Text)?.filter(|t| !t.trim().is_empty()))
}

fn parse_with<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error> {
    match text(d)? {
        None => Ok(None),
        Some(t) => parse(t.trim())
            .map(Some)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&t), &what)),
    }
}

/// Parses a money amount, keeping its scale (`1.00` stays `1.00`); `$` and `,` group
/// separators are accepted.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '$')
        .collect();
    let t = t.strip_prefix('+').unwrap_or(&t);
    if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        t.parse().ok()
    }
}

/// `Decimal` written with its scale, read from a number or a string.
pub(crate) mod decimal {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        Ok(option::deserialize(d)?.unwrap_or_default())
    }

    pub(crate) mod option {
        use super::*;

        #[allow(dead_code)]
        pub(crate) fn serialize<S: Serializer>(
            d: &Option<Decimal>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.collect_str(d),
                None => s.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<Decimal>, D::Error> {
            parse_with(d, "an amount", parse_decimal)
        }
    }
}

/// Parses a club date: `M-D-YYYY` (the schedule's form, no zero padding), `M/D/YYYY`, or
/// `YYYY-MM-DD` (with or without a midnight time part).
pub(crate) fn parse_club_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().unwrap_or(t);
    let mdy = format_description!("[month padding:none]-[day padding:none]-[year]");
    let mdy_slash = format_description!("[month padding:none]/[day padding:none]/[year]");
    let iso = format_description!("[year]-[month]-[day]");
    Date::parse(t, iso)
        .or_else(|_| Date::parse(t, mdy))
        .or_else(|_| Date::parse(t, mdy_slash))
        .ok()
}

/// Formats `YYYY-MM-DD`.
pub(crate) fn iso_date(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// Formats an instant in UTC: `2026-06-01T18:30:00Z`.
pub(crate) fn utc(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
    ))
    .unwrap_or_default()
}

/// Formats `MM/DD/YYYY`.
pub(crate) fn us_date(date: Date) -> String {
    date.format(format_description!("[month]/[day]/[year]"))
        .unwrap_or_default()
}

/// Parses a club-local time of day: `8:30 PM`, `08:30 pm`, or 24-hour `20:30[:00]`.
pub(crate) fn parse_club_time(text: &str) -> Option<Time> {
    let t = text.trim();
    let twelve =
        format_description!("[hour repr:12 padding:none]:[minute] [period case_sensitive:false]");
    let twelve_nospace =
        format_description!("[hour repr:12 padding:none]:[minute][period case_sensitive:false]");
    let hm = format_description!("[hour padding:none]:[minute]");
    let hms = format_description!("[hour padding:none]:[minute]:[second]");
    Time::parse(t, twelve)
        .or_else(|_| Time::parse(t, twelve_nospace))
        .or_else(|_| Time::parse(t, hms))
        .or_else(|_| Time::parse(t, hm))
        .ok()
}

/// Formats `8:30 PM`.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) fn club_time(time: Time) -> String {
    time.format(format_description!(
        "[hour repr:12 padding:none]:[minute] [period]"
    ))
    .unwrap_or_default()
}

/// Formats `M-D-YYYY`.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) fn club_date(date: Date) -> String {
    date.format(format_description!(
        "[month padding:none]-[day padding:none]-[year]"
    ))
    .unwrap_or_default()
}

/// Optional club dates.
pub(crate) mod date_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        parse_with(d, "a date (M-D-YYYY or YYYY-MM-DD)", parse_club_date)
    }
}

/// Optional club times.
pub(crate) mod time_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Time>, D::Error> {
        parse_with(d, "a time of day (8:30 PM)", parse_club_time)
    }
}

/// Parses a boolean in any spelling ServiceStack accepts.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "y" | "yes" | "on" | "t" => Some(true),
        "false" | "0" | "n" | "no" | "off" | "f" => Some(false),
        _ => None,
    }
}

/// Booleans read leniently; absent is `false`.
pub(crate) mod flag {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        Ok(parse_with(d, "a boolean", parse_bool)?.unwrap_or(false))
    }
}

/// Optional booleans read leniently.
pub(crate) mod flag_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        parse_with(d, "a boolean", parse_bool)
    }
}

/// Optional integers read from numbers or strings.
pub(crate) mod int_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        parse_with(d, "an integer", |t| t.parse().ok())
    }
}

/// Optional unsigned ids read from numbers or strings (`0` is no id).
pub(crate) mod id_opt {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Ok(parse_with(d, "an id", |t| t.parse::<u64>().ok())?.filter(|id| *id != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    #[test]
    fn club_dates_and_times_are_local_and_exact() {
        assert_eq!(parse_club_date("6-3-2026"), Some(date!(2026 - 06 - 03)));
        assert_eq!(parse_club_date("12-31-2026"), Some(date!(2026 - 12 - 31)));
        assert_eq!(parse_club_date("2026-06-03"), Some(date!(2026 - 06 - 03)));
        assert_eq!(parse_club_date("6/3/2026"), Some(date!(2026 - 06 - 03)));
        assert_eq!(parse_club_date("13-1-2026"), None);
        assert_eq!(parse_club_time("8:30 PM"), Some(time!(20:30)));
        assert_eq!(parse_club_time("12:05 am"), Some(time!(00:05)));
        assert_eq!(parse_club_time("6:00AM"), Some(time!(06:00)));
        assert_eq!(club_time(time!(20:30)), "8:30 PM");
        assert_eq!(club_date(date!(2026 - 06 - 03)), "6-3-2026");
    }

    #[test]
    fn money_keeps_its_scale() {
        assert_eq!(parse_decimal("1.00").unwrap().to_string(), "1.00");
        assert_eq!(parse_decimal("$1,234.50").unwrap().to_string(), "1234.50");
    }
}
