//! Entitlements on the edge host and usage / event reports.

use serde_json::{Value, json};
use wiremock::Request;

use super::routes::{Reply, detail, field, field_error, json_body, ok, query, required_str};
use super::state::{ORG_ID, State, sdk_now};
use crate::wire_time::new_idempotency_key;

/// `GET /entitlements` in every form, `customer_id` or `customerId`, optional
/// feature filter.
pub(super) fn entitlements(request: &Request, state: &mut State) -> Reply {
    let Some(customer_id) = query(request, "customerId", "customer_id").filter(|c| !c.is_empty())
    else {
        return field_error("customer_id", "This field is required.");
    };
    let feature = query(request, "featureId", "feature_id").filter(|f| !f.is_empty());
    if state.customer(&customer_id).is_none() {
        return detail(404, "Customer not found.");
    }
    let entitlements: Vec<Value> = state
        .grants
        .get(&customer_id)
        .map(|grants| {
            grants
                .values()
                .filter(|g| feature.as_ref().is_none_or(|f| *f == g.feature.feature_id))
                .map(|g| g.to_json())
                .collect()
        })
        .unwrap_or_default();
    ok(
        200,
        json!({"customerId": customer_id, "entitlements": entitlements}),
    )
}

/// `POST /report/usage/`: `SET` replaces the usage, `DELTA` adds to it.
pub(super) fn report_usage(request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let (customer_id, feature_id, behaviour) = match (
        required_str(&body, "customerId", "customer_id"),
        required_str(&body, "featureId", "feature_id"),
        required_str(&body, "behaviour", "behaviour"),
    ) {
        (Ok(c), Ok(f), Ok(b)) => (c, f, b),
        (Err(reply), _, _) | (_, Err(reply), _) | (_, _, Err(reply)) => return reply,
    };
    let Some(value) = field(&body, "value", "value").and_then(Value::as_i64) else {
        return field_error("value", "A valid integer is required.");
    };
    if behaviour != "SET" && behaviour != "DELTA" {
        return field_error(
            "behaviour",
            &format!("\"{behaviour}\" is not a valid choice."),
        );
    }
    if state.customer(&customer_id).is_none() {
        return field_error("customerId", "Customer not found.");
    }
    let Some(grant) = state
        .grants
        .get_mut(&customer_id)
        .and_then(|g| g.get_mut(&feature_id))
    else {
        return field_error("featureId", "Feature not found for this customer.");
    };
    if behaviour == "SET" {
        grant.usage = value;
    } else {
        grant.usage = grant.usage.saturating_add(value);
    }
    ok(
        200,
        json!({
            "value": value,
            "customerId": customer_id,
            "featureId": feature_id,
            "behaviour": behaviour,
            "orgId": ORG_ID,
            "eventName": "aggregated.usage",
            "idempotencyKey": new_idempotency_key(),
            "timestamp": sdk_now(),
        }),
    )
}

/// `POST /report/event/`: stored once per idempotency key (a repeat answers the first
/// record again).
pub(super) fn report_event(request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let mut required = Vec::new();
    for (camel, snake) in [
        ("customerId", "customer_id"),
        ("eventName", "event_name"),
        ("idempotencyKey", "idempotency_key"),
        ("timestamp", "timestamp"),
    ] {
        match required_str(&body, camel, snake) {
            Ok(value) => required.push(value),
            Err(reply) => return reply,
        }
    }
    let [customer_id, event_name, key, timestamp] =
        <[String; 4]>::try_from(required).expect("four fields");
    if !is_sdk_timestamp(&timestamp) {
        return field_error("timestamp", "Use the format YYYY-MM-DD HH:MM:SS.ffffff.");
    }
    if state.customer(&customer_id).is_none() {
        return field_error("customerId", "Customer not found.");
    }
    if let Some(seen) = state
        .events
        .iter()
        .find(|e| e["idempotencyKey"] == key.as_str())
    {
        return ok(200, seen.clone());
    }
    let record = json!({
        "customerId": customer_id,
        "eventName": event_name,
        "idempotencyKey": key,
        "timestamp": timestamp,
        "resourceId": field(&body, "resourceId", "resource_id"),
        "properties": field(&body, "properties", "properties"),
        "orgId": ORG_ID,
    });
    state.events.push(record.clone());
    ok(200, record)
}

/// `YYYY-MM-DD HH:MM:SS.ffffff`.
fn is_sdk_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 26
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            19 => *c == b'.',
            _ => c.is_ascii_digit(),
        })
}
