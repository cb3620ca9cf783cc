//! Joi-like validation of the `POST /api/v1/entry` body.
//!
//! The schema is `{user_id: string (req), amount: integer (req), reason: string (req),
//! item?: {name: string (req), data?: object}}`; null counts as absent; unknown keys are
//! rejected. Failures are shaped like a serialized `@hapi/joi` `ValidationError`:
//! `{"_original": <body>, "details": [{message, path, type, context}]}`. Joi stops at the
//! first error (`abortEarly`), checks declared keys in schema order and unknown keys last,
//! so `details` always has exactly one element.

use serde_json::{Map, Value, json};

use super::state::NewEntry;

/// Largest integer JavaScript represents exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// One Joi failure before it is wrapped with `_original`.
struct Failure {
    kind: &'static str,
    path: Vec<String>,
    value: Option<Value>,
    extra: Vec<(&'static str, Value)>,
}

impl Failure {
    fn new(kind: &'static str, path: &[&str], value: Option<&Value>) -> Failure {
        Failure {
            kind,
            path: path.iter().map(|p| (*p).to_owned()).collect(),
            value: value.cloned(),
            extra: Vec::new(),
        }
    }

    fn into_detail(self) -> Value {
        let label = if self.path.is_empty() {
            "value".to_owned()
        } else {
            self.path.join(".")
        };
        let message = match self.kind {
            "any.required" => format!("\"{label}\" is required"),
            "string.base" => format!("\"{label}\" must be a string"),
            "string.empty" => format!("\"{label}\" is not allowed to be empty"),
            "number.base" => format!("\"{label}\" must be a number"),
            "number.integer" => format!("\"{label}\" must be an integer"),
            "number.unsafe" => format!("\"{label}\" must be a safe number"),
            "object.unknown" => format!("\"{label}\" is not allowed"),
            "object.base" => format!("\"{label}\" must be of type object"),
            other => format!("\"{label}\" failed {other}"),
        };
        let mut context = Map::new();
        for (key, value) in self.extra {
            context.insert(key.to_owned(), value);
        }
        context.insert("label".into(), Value::String(label));
        if let Some(value) = self.value {
            context.insert("value".into(), value);
        }
        if let Some(key) = self.path.last() {
            context.insert("key".into(), Value::String(key.clone()));
        }
        json!({
            "message": message,
            "path": self.path,
            "type": self.kind,
            "context": context,
        })
    }
}

/// Validates an entry body; on failure returns the Joi `ValidationError` JSON.
pub(super) fn validate_entry(body: &Value) -> Result<NewEntry, Value> {
    check_entry(body).map_err(|failure| {
        json!({
            "_original": body,
            "details": [failure.into_detail()],
        })
    })
}

fn check_entry(body: &Value) -> Result<NewEntry, Failure> {
    let Value::Object(map) = body else {
        return Err(Failure::new("object.base", &[], Some(body)).with_type_object());
    };
    let user_id = required_string(map, &["user_id"])?;
    let amount = required_integer(map, "amount")?;
    let reason = required_string(map, &["reason"])?;
    let item = match present(map, "item") {
        None => None,
        Some(Value::Object(item)) => {
            let name = required_string(item, &["item", "name"])?;
            let data = match present(item, "data") {
                None => None,
                Some(Value::Object(data)) => Some(data.clone()),
                Some(other) => {
                    return Err(Failure::new("object.base", &["item", "data"], Some(other))
                        .with_type_object());
                }
            };
            reject_unknown(item, &["name", "data"], &["item"])?;
            Some((name, data))
        }
        Some(other) => {
            return Err(Failure::new("object.base", &["item"], Some(other)).with_type_object());
        }
    };
    reject_unknown(map, &["user_id", "amount", "reason", "item"], &[])?;
    Ok(NewEntry {
        user_id,
        amount,
        reason,
        item,
    })
}

impl Failure {
    fn with_type_object(mut self) -> Failure {
        self.extra.push(("type", json!("object")));
        self
    }
}

/// The value under `key`, with JSON null treated as absent.
fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn required_string(map: &Map<String, Value>, path: &[&str]) -> Result<String, Failure> {
    let key = path.last().expect("non-empty path");
    match present(map, key) {
        None => Err(Failure::new("any.required", path, None)),
        // Joi's string() refuses '' unless allowed explicitly.
        Some(Value::String(s)) if s.is_empty() => {
            Err(Failure::new("string.empty", path, Some(&json!(""))))
        }
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(Failure::new("string.base", path, Some(other))),
    }
}

fn required_integer(map: &Map<String, Value>, key: &str) -> Result<i64, Failure> {
    let path = [key];
    let value = present(map, key).ok_or_else(|| Failure::new("any.required", &path, None))?;
    let number = match value {
        Value::Number(n) => n.as_f64(),
        // Joi's number() converts numeric strings by default (`convert: true`).
        Value::String(s) => parse_numeric_string(s),
        _ => None,
    }
    .ok_or_else(|| Failure::new("number.base", &path, Some(value)))?;
    // Keep exact integers exact (as_f64 would round beyond 2^53).
    if let Some(i) = value.as_i64() {
        if (i as f64).abs() > MAX_SAFE_INTEGER {
            return Err(Failure::new("number.unsafe", &path, Some(value)));
        }
        return Ok(i);
    }
    if number.abs() > MAX_SAFE_INTEGER {
        return Err(Failure::new("number.unsafe", &path, Some(&json!(number))));
    }
    if number.fract() != 0.0 {
        return Err(Failure::new("number.integer", &path, Some(&json!(number))));
    }
    Ok(number as i64)
}

/// Joi's string → number conversion: optional sign, digits with an optional fraction, an
/// optional exponent, surrounding whitespace allowed.
fn parse_numeric_string(s: &str) -> Option<f64> {
    let trimmed = s.trim();
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E');
    if trimmed.is_empty() || !trimmed.chars().all(allowed) {
        return None;
    }
    trimmed.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn reject_unknown(
    map: &Map<String, Value>,
    known: &[&str],
    parent: &[&str],
) -> Result<(), Failure> {
    match map.iter().find(|(key, _)| !known.contains(&key.as_str())) {
        None => Ok(()),
        Some((key, value)) => {
            let mut path = parent.to_vec();
            path.push(key);
            let mut failure = Failure::new("object.unknown", &path, Some(value));
            failure.extra.push(("child", Value::String(key.clone())));
            Err(failure)
        }
    }
}
