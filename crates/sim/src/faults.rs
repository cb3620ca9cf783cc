//! Faults as JSON, for the admin API: `{"vendor": "pax8", "status": 503, "times": 2, "on":
//! "pax8.create_order"}` in, the pending list out.

use std::time::Duration;

use paykit_core::testing::{Fault, FaultKind};
use serde_json::{Map, Value, json};

/// The kinds the admin API accepts, by name.
pub const KINDS: [&str; 10] = [
    "status",
    "rate_limited",
    "delay",
    "drop_connection",
    "truncated_body",
    "malformed_body",
    "html_error",
    "oversized_body",
    "reset_before_read",
    "close_after_answer",
];

/// Reads a fault: `kind` (default `status` when `status` is given), its parameters
/// (`status`, `retry_after` in seconds or as an HTTP date, `delay_ms`, `bytes`), `times`
/// (default 1) and `on` (an operation such as `pax8.create_order`). The vendor is `vendor`,
/// or the prefix of `on`.
pub fn parse(value: &Value) -> Result<(String, Fault), String> {
    let object = value.as_object().ok_or("a fault is a JSON object")?;
    for key in object.keys() {
        if !matches!(
            key.as_str(),
            "vendor" | "kind" | "status" | "retry_after" | "delay_ms" | "bytes" | "times" | "on"
        ) {
            return Err(format!("unknown fault field {key:?}"));
        }
    }
    let text = |key: &str| -> Result<Option<&str>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(format!("{key} must be a string")),
        }
    };
    let number = |key: &str| -> Result<Option<u64>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_u64()
                .map(Some)
                .ok_or_else(|| format!("{key} must be a whole number")),
        }
    };
    let on = text("on")?;
    let vendor = match (text("vendor")?, on.and_then(|on| on.split_once('.'))) {
        (Some(vendor), _) => vendor.to_owned(),
        (None, Some((prefix, _))) => prefix.to_owned(),
        (None, None) => {
            return Err("say which simulator: \"vendor\", or \"on\" as vendor.operation".into());
        }
    };
    let status = number("status")?
        .map(|s| u16::try_from(s).ok().filter(|s| (100..=599).contains(s)))
        .map(|s| s.ok_or("status must be an HTTP status (100 to 599)"))
        .transpose()?;
    let retry_after = match object.get("retry_after") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_u64()
                .ok_or("retry_after must be whole seconds")?
                .to_string(),
        ),
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err("retry_after must be seconds or an HTTP date".into()),
    };
    let kind = match text("kind")? {
        Some(kind) => kind,
        None if status.is_some() => "status",
        None => return Err(format!("kind is missing; one of {}", KINDS.join(", "))),
    };
    let needs_status = || status.ok_or_else(|| format!("a {kind} fault needs \"status\""));
    let mut fault = match kind {
        "status" => Fault::status(needs_status()?),
        "rate_limited" => Fault::status(429),
        "delay" => Fault::delay(Duration::from_millis(
            number("delay_ms")?.ok_or("a delay fault needs \"delay_ms\"")?,
        )),
        "drop_connection" => Fault::drop_connection(),
        "truncated_body" => Fault::truncated_body(),
        "malformed_body" => Fault::malformed_body(),
        "html_error" => Fault::html_error(needs_status()?),
        "oversized_body" => {
            let bytes = number("bytes")?.ok_or("an oversized_body fault needs \"bytes\"")?;
            Fault::oversized_body(usize::try_from(bytes).map_err(|_| "bytes is too large")?)
        }
        "reset_before_read" => Fault::reset_before_read(),
        "close_after_answer" => Fault::close_after_answer(),
        other => {
            return Err(format!(
                "unknown kind {other:?}; one of {}",
                KINDS.join(", ")
            ));
        }
    };
    if let Some(retry_after) = retry_after {
        if !matches!(kind, "status" | "rate_limited") {
            return Err(format!(
                "retry_after only goes with status faults, not {kind}"
            ));
        }
        fault = fault.retry_after(retry_after);
    } else if kind == "rate_limited" {
        fault = fault.retry_after("1");
    }
    if let Some(times) = number("times")? {
        fault = fault.times(u32::try_from(times).map_err(|_| "times is too large")?);
    }
    if let Some(on) = on {
        fault = fault.on(on);
    }
    Ok((vendor, fault))
}

/// A pending fault as JSON, in the fields [`parse`] reads.
pub fn to_json(fault: &Fault) -> Map<String, Value> {
    let mut row = Map::new();
    let mut put = |key: &str, value: Value| {
        row.insert(key.to_owned(), value);
    };
    match fault.kind() {
        FaultKind::Status {
            status,
            retry_after,
        } => {
            put("kind", json!("status"));
            put("status", json!(status));
            if let Some(retry_after) = retry_after {
                put("retry_after", json!(retry_after));
            }
        }
        FaultKind::Delay(delay) => {
            put("kind", json!("delay"));
            put("delay_ms", json!(delay.as_millis() as u64));
        }
        FaultKind::DropConnection => put("kind", json!("drop_connection")),
        FaultKind::TruncatedBody => put("kind", json!("truncated_body")),
        FaultKind::MalformedBody => put("kind", json!("malformed_body")),
        FaultKind::HtmlError(status) => {
            put("kind", json!("html_error"));
            put("status", json!(status));
        }
        FaultKind::OversizedBody(bytes) => {
            put("kind", json!("oversized_body"));
            put("bytes", json!(bytes));
        }
        FaultKind::ResetBeforeRead => put("kind", json!("reset_before_read")),
        FaultKind::CloseAfterAnswer => put("kind", json!("close_after_answer")),
        _ => put("kind", json!("other")),
    }
    row.insert("times".into(), json!(fault.remaining()));
    if let Some(on) = fault.operation() {
        row.insert("on".into(), json!(on));
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_fault_takes_its_vendor_from_the_operation() {
        let (vendor, fault) =
            parse(&json!({"status": 503, "times": 2, "on": "pax8.create_order"})).unwrap();
        assert_eq!(vendor, "pax8");
        assert_eq!(fault, Fault::status(503).times(2).on("pax8.create_order"));
        assert_eq!(
            Value::Object(to_json(&fault)),
            json!({"kind": "status", "status": 503, "times": 2, "on": "pax8.create_order"})
        );
    }

    #[test]
    fn every_kind_reads_its_parameters() {
        let read = |v: Value| parse(&v).unwrap().1;
        assert_eq!(
            read(json!({"vendor": "wallet", "kind": "rate_limited", "retry_after": 2})),
            Fault::status(429).retry_after("2")
        );
        assert_eq!(
            read(json!({"vendor": "wallet", "kind": "rate_limited"})),
            Fault::status(429).retry_after("1")
        );
        assert_eq!(
            read(json!({"vendor": "wallet", "kind": "delay", "delay_ms": 300})),
            Fault::delay(Duration::from_millis(300))
        );
        assert_eq!(
            read(json!({"vendor": "wallet", "kind": "drop_connection"})),
            Fault::drop_connection()
        );
        assert_eq!(
            read(json!({"vendor": "wallet", "kind": "html_error", "status": 502})),
            Fault::html_error(502)
        );
        assert_eq!(
            read(json!({"vendor": "wallet", "kind": "oversized_body", "bytes": 10})),
            Fault::oversized_body(10)
        );
        for kind in KINDS {
            let fault =
                json!({"vendor": "wallet", "kind": kind, "status": 500, "delay_ms": 1, "bytes": 1});
            let parsed = parse(&fault).unwrap().1;
            assert_eq!(
                to_json(&parsed)["kind"],
                json!(if kind == "rate_limited" {
                    "status"
                } else {
                    kind
                })
            );
        }
    }

    #[test]
    fn bad_faults_say_what_is_wrong() {
        let error = |v: Value| parse(&v).unwrap_err();
        assert!(error(json!({"status": 503})).contains("say which simulator"));
        assert!(error(json!({"vendor": "pax8"})).contains("kind is missing"));
        assert!(error(json!({"vendor": "pax8", "kind": "boom"})).contains("unknown kind"));
        assert!(error(json!({"vendor": "pax8", "status": 42})).contains("100 to 599"));
        assert!(error(json!({"vendor": "pax8", "kind": "delay"})).contains("delay_ms"));
        assert!(error(json!({"vendor": "pax8", "status": 503, "color": 1})).contains("\"color\""));
        assert!(
            error(json!({"vendor": "pax8", "kind": "delay", "delay_ms": 1, "retry_after": 1}))
                .contains("only goes with status")
        );
    }
}
