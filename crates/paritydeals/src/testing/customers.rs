//! `/customers/`: create 201, get, partial update, DRF list, archive 204.

use serde_json::{Map, Value};
use wiremock::Request;

use super::routes::{Reply, detail, field, field_error, json_body, ok, paginate, required_str};
use super::state::{State, iso_now};

/// Checks the optional fields shared by create and update; `Err` is the 400.
fn check_fields(body: &Map<String, Value>) -> Result<(), Reply> {
    if let Some(email) = field(body, "email", "email") {
        match email.as_str() {
            Some(e) if e.contains('@') && !e.starts_with('@') && !e.ends_with('@') => {}
            _ => return Err(field_error("email", "Enter a valid email address.")),
        }
    }
    if let Some(name) = field(body, "name", "name")
        && !name.is_string()
    {
        return Err(field_error("name", "Not a valid string."));
    }
    if let Some(metadata) = field(body, "metadata", "metadata") {
        let strings = metadata
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_string));
        if !strings {
            return Err(field_error("metadata", "Must be an object of strings."));
        }
    }
    Ok(())
}

/// `POST /customers/`: `customerId` (or `customer_id`) required and unique.
pub(super) fn create(request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let customer_id = match required_str(&body, "customerId", "customer_id") {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_fields(&body) {
        return reply;
    }
    if state.customer(&customer_id).is_some() {
        return field_error(
            "customerId",
            "customer with this customerId already exists.",
        );
    }
    let get = |key: &str| body.get(key).cloned().unwrap_or(Value::Null);
    let (name, email, metadata) = (get("name"), get("email"), get("metadata"));
    let record = state.insert_customer(&customer_id).clone();
    let record = {
        let stored = state
            .customers
            .iter_mut()
            .find(|c| c.id == record.id)
            .expect("just inserted");
        stored.name = name;
        stored.email = email;
        if !metadata.is_null() {
            stored.metadata = metadata;
        }
        stored.clone()
    };
    ok(201, record.to_json())
}

/// `GET /customers/{customerId}/`.
pub(super) fn get(customer_id: &str, state: &mut State) -> Reply {
    match state.customer(customer_id) {
        Some(customer) => ok(200, customer.to_json()),
        None => detail(404, "Not found."),
    }
}

/// `PATCH /customers/{customerId}/`: only the fields sent change; `metadata` replaces.
pub(super) fn update(customer_id: &str, request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    if let Err(reply) = check_fields(&body) {
        return reply;
    }
    let Some(customer) = state
        .customers
        .iter_mut()
        .find(|c| c.customer_id == customer_id && !c.archived)
    else {
        return detail(404, "Not found.");
    };
    for (key, slot) in [
        ("email", &mut customer.email),
        ("name", &mut customer.name),
        ("metadata", &mut customer.metadata),
    ] {
        if let Some(value) = body.get(key) {
            *slot = value.clone();
        }
    }
    customer.modified_on = iso_now();
    ok(200, customer.to_json())
}

/// `GET /customers/?page=&page_size=`: live customers in creation order.
pub(super) fn list(request: &Request, state: &mut State) -> Reply {
    let items = state
        .customers
        .iter()
        .filter(|c| !c.archived)
        .map(|c| c.to_json())
        .collect();
    paginate(request, items)
}

/// `DELETE /customers/{customerId}/`: 204, no body; the customer disappears from reads.
pub(super) fn archive(customer_id: &str, state: &mut State) -> Reply {
    match state
        .customers
        .iter_mut()
        .find(|c| c.customer_id == customer_id && !c.archived)
    {
        Some(customer) => {
            customer.archived = true;
            (204, None)
        }
        None => detail(404, "Not found."),
    }
}
