//! The resource handlers, over JSON kept in [`State`].

use std::cmp::Ordering;

use paykit_core::testing::wiremock::Request;
use serde_json::{Map, Value, json};

use super::routes::{Reply, error, paged, param};
use super::state::{State, today};

/// Routes `method` and the path segments after `/v1`.
pub(super) fn dispatch(method: &str, path: &[&str], request: &Request, state: &mut State) -> Reply {
    match (method, path) {
        ("GET", ["companies"]) => list_companies(request, state),
        ("POST", ["companies"]) => create_company(request, state),
        ("GET", ["companies", id]) => found(find(&state.companies, id), request),
        ("GET", ["companies", id, "contacts"]) => match state.contacts.get(*id) {
            // Newest first (pax8.md §1.5).
            Some(contacts) => paged(request, contacts.iter().rev().collect()),
            None => not_found(request),
        },
        ("POST", ["companies", id, "contacts"]) => save_contact(request, state, id, None),
        ("GET", ["companies", id, "contacts", contact]) => found(
            state.contacts.get(*id).and_then(|c| find(c, contact)),
            request,
        ),
        ("PUT", ["companies", id, "contacts", contact]) => {
            save_contact(request, state, id, Some(contact))
        }
        ("DELETE", ["companies", id, "contacts", contact]) => {
            let Some(contacts) = state.contacts.get_mut(*id) else {
                return not_found(request);
            };
            let before = contacts.len();
            contacts.retain(|c| c["id"] != *contact);
            if contacts.len() == before {
                return not_found(request);
            }
            state.update_company_status(id);
            (204, Value::Null, None)
        }
        ("GET", ["products"]) => {
            let mut items = filtered(&state.products, request, &["vendorName"]);
            if let Some(search) = param(request, "search") {
                let search = search.to_lowercase();
                items.retain(|p| {
                    p["name"]
                        .as_str()
                        .is_some_and(|n| n.to_lowercase().contains(&search))
                });
            }
            sort(
                &mut items,
                request,
                &[("name", "name"), ("vendor", "vendorName")],
            );
            paged(request, items)
        }
        ("GET", ["products", id]) => found(find(&state.products, id), request),
        ("GET", ["products", id, "provision-details"]) => content(
            find(&state.products, id).map(|_| {
                state
                    .provision_details
                    .get(*id)
                    .cloned()
                    .unwrap_or_default()
            }),
            request,
        ),
        ("GET", ["products", id, "dependencies"]) => found(
            find(&state.products, id).map(|_| {
                state.dependencies.get(*id).cloned().unwrap_or_else(
                    || json!({"commitmentDependencies": [], "productDependencies": []}),
                )
            }),
            request,
        ),
        ("GET", ["products", id, "pricing"]) => content(
            find(&state.products, id).map(|_| state.pricing.get(*id).cloned().unwrap_or_default()),
            request,
        ),
        ("GET", ["orders"]) => paged(request, filtered(&state.orders, request, &["companyId"])),
        ("GET", ["orders", id]) => found(find(&state.orders, id), request),
        ("POST", ["orders"]) => create_order(request, state),
        ("GET", ["subscriptions"]) => {
            let mut items = filtered(
                &state.subscriptions,
                request,
                &["status", "billingTerm", "companyId", "productId"],
            );
            let fields = [
                "quantity",
                "startDate",
                "endDate",
                "createdDate",
                "billingStart",
                "price",
            ];
            sort(&mut items, request, &fields.map(|f| (f, f)));
            paged(request, items)
        }
        ("GET", ["subscriptions", id]) => found(find(&state.subscriptions, id), request),
        ("PUT", ["subscriptions", id]) => update_subscription(request, state, id),
        ("DELETE", ["subscriptions", id]) => cancel_subscription(request, state, id),
        ("GET", ["subscriptions", id, "history"]) => content(
            find(&state.subscriptions, id)
                .map(|_| state.history.get(*id).cloned().unwrap_or_default()),
            request,
        ),
        ("GET", ["subscriptions", id, "usage-summaries"]) => {
            if find(&state.subscriptions, id).is_none() {
                return not_found(request);
            }
            let of_subscription = state
                .usage_summaries
                .iter()
                .filter(|u| u["subscriptionId"] == *id);
            let mut items = filtered(of_subscription, request, &["resourceGroup", "companyId"]);
            let fields = ["resourceGroup", "currentCharges", "partnerTotal"];
            sort(&mut items, request, &fields.map(|f| (f, f)));
            paged(request, items)
        }
        ("GET", ["usage-summaries", id]) => found(find(&state.usage_summaries, id), request),
        ("GET", ["usage-summaries", id, "usage-lines"]) => {
            let Some(date) = param(request, "usageDate") else {
                return error(400, "BAD_REQUEST", "usageDate is required", request);
            };
            let Some(lines) = state.usage_lines.get(*id) else {
                return not_found(request);
            };
            let on_date = lines.iter().filter(|l| l["usageDate"] == date.as_str());
            paged(request, filtered(on_date, request, &["productId"]))
        }
        ("GET", ["invoices"]) => {
            let mut items = filtered(
                &state.invoices,
                request,
                &["status", "companyId", "invoiceDate", "dueDate"],
            );
            let fields = [
                "invoiceDate",
                "dueDate",
                "status",
                "partnerName",
                "total",
                "balance",
                "carriedBalance",
            ];
            sort(&mut items, request, &fields.map(|f| (f, f)));
            paged(request, items)
        }
        ("GET", ["invoices", id]) => found(find(&state.invoices, id), request),
        ("GET", ["invoices", id, "items"]) => match state.invoice_items.get(*id) {
            Some(items) => paged(request, items.iter().collect()),
            None => not_found(request),
        },
        _ => error(404, "NOT_FOUND", "no such resource", request),
    }
}

fn not_found(request: &Request) -> Reply {
    error(404, "NOT_FOUND", "resource not found", request)
}

fn find(items: &[Value], id: &str) -> Option<Value> {
    items.iter().find(|v| v["id"] == id).cloned()
}

fn found(value: Option<Value>, request: &Request) -> Reply {
    match value {
        Some(value) => (200, value, None),
        None => not_found(request),
    }
}

/// `{content: [...]}` without a page object.
fn content(items: Option<Vec<Value>>, request: &Request) -> Reply {
    match items {
        Some(items) => (200, json!({ "content": items }), None),
        None => not_found(request),
    }
}

/// A field at the top level, or in `address` (company filters).
fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    value
        .get(name)
        .filter(|v| !v.is_null())
        .or_else(|| value.get("address").and_then(|a| a.get(name)))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value as filters compare it: case, spaces and dashes ignored, and `1-Time` (line items,
/// subscriptions) equal to `One-Time` (filters).
fn comparable(value: &str) -> String {
    match crate::values::normalize(value) {
        one if one == "1time" => "onetime".to_owned(),
        other => other,
    }
}

/// The items whose `fields` equal the query's values, where given. Enumerated values
/// compare leniently (see [`comparable`]).
/// References only: a page clones just its own items, whatever the total.
fn filtered<'a>(
    items: impl IntoIterator<Item = &'a Value>,
    request: &Request,
    fields: &[&str],
) -> Vec<&'a Value> {
    let wanted: Vec<(&str, String)> = fields
        .iter()
        .filter_map(|f| param(request, f).map(|v| (*f, comparable(&v))))
        .collect();
    items
        .into_iter()
        .filter(|item| {
            wanted.iter().all(|(name, value)| {
                field(item, name).is_some_and(|v| comparable(&text(v)) == *value)
            })
        })
        .collect()
}

/// Sorts by the query's `sort` (one of `fields`: query name → JSON field), ascending.
fn sort(items: &mut [&Value], request: &Request, fields: &[(&str, &str)]) {
    let Some(sort) = param(request, "sort") else {
        return;
    };
    let Some((_, name)) = fields.iter().find(|(q, _)| *q == sort) else {
        return;
    };
    items.sort_by(|a, b| {
        let (a, b) = (field(a, name), field(b, name));
        match (a.and_then(Value::as_f64), b.and_then(Value::as_f64)) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            _ => a.map(text).cmp(&b.map(text)),
        }
    });
}

fn body(request: &Request) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&request.body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn missing(map: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields
        .iter()
        .find(|f| match map.get(**f) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            _ => false,
        })
        .map(|f| f.to_string())
}

fn unprocessable(message: &str, request: &Request) -> Reply {
    error(422, "UNPROCESSABLE_ENTITY", message, request)
}

fn list_companies(request: &Request, state: &State) -> Reply {
    let fields = [
        "city",
        "country",
        "stateOrProvince",
        "postalCode",
        "selfServiceAllowed",
        "billOnBehalfOfEnabled",
        "orderApprovalRequired",
        "status",
    ];
    let mut items = filtered(&state.companies, request, &fields);
    let sorts = ["name", "city", "country", "stateOrProvince", "postalCode"];
    sort(&mut items, request, &sorts.map(|f| (f, f)));
    paged(request, items)
}

fn create_company(request: &Request, state: &mut State) -> Reply {
    let Some(mut company) = body(request) else {
        return error(400, "BAD_REQUEST", "the body is not a JSON object", request);
    };
    if let Some(field) = missing(&company, &["name", "address", "phone", "website"]) {
        return unprocessable(&format!("{field} is required"), request);
    }
    let id = state.id();
    company.insert("id".into(), json!(id));
    // A new company is Inactive until it has primary contacts (pax8.md §1.5).
    company.insert("status".into(), json!("Inactive"));
    company.insert("updatedDate".into(), json!(today()));
    let company = Value::Object(company);
    state.companies.push(company.clone());
    state.contacts.insert(id, Vec::new());
    (200, company, None)
}

fn save_contact(
    request: &Request,
    state: &mut State,
    company_id: &str,
    contact_id: Option<&str>,
) -> Reply {
    if !state.contacts.contains_key(company_id) {
        return not_found(request);
    }
    let Some(mut contact) = body(request) else {
        return error(400, "BAD_REQUEST", "the body is not a JSON object", request);
    };
    if let Some(field) = missing(&contact, &["firstName", "lastName", "email", "phone"]) {
        return unprocessable(&format!("{field} is required"), request);
    }
    // The live API adds undocumented phone fields (pax8.md §1.7.3).
    let phone = contact["phone"].as_str().unwrap_or_default().to_owned();
    contact.entry("phoneNumber").or_insert(json!(phone));
    contact.entry("phoneCountryCode").or_insert(json!("US"));
    contact
        .entry("phoneCountryCallingCode")
        .or_insert(json!("1"));
    contact.entry("types").or_insert(json!([]));
    let new_id = state.id();
    let contacts = state.contacts.entry(company_id.to_owned()).or_default();
    let reply = match contact_id {
        None => {
            contact.insert("id".into(), json!(new_id));
            contact.insert("createdDate".into(), json!(today()));
            let contact = Value::Object(contact);
            contacts.push(contact.clone());
            contact
        }
        Some(id) => {
            let Some(existing) = contacts.iter_mut().find(|c| c["id"] == id) else {
                return not_found(request);
            };
            contact.insert("id".into(), json!(id));
            contact.insert("createdDate".into(), existing["createdDate"].clone());
            *existing = Value::Object(contact);
            existing.clone()
        }
    };
    state.update_company_status(company_id);
    (200, reply, None)
}

fn create_order(request: &Request, state: &mut State) -> Reply {
    let Some(mut order) = body(request) else {
        return error(400, "BAD_REQUEST", "the body is not a JSON object", request);
    };
    if let Some(field) = missing(&order, &["companyId", "lineItems"]) {
        return unprocessable(&format!("{field} is required"), request);
    }
    let company_id = text(&order["companyId"]);
    match find(&state.companies, &company_id) {
        None => return unprocessable("the company does not exist", request),
        Some(company) if company["status"] != "Active" => {
            // A company must be Active before it can be ordered for (pax8.md §1.5).
            return unprocessable("the company is not Active", request);
        }
        Some(_) => {}
    }
    let Some(lines) = order["lineItems"]
        .as_array()
        .cloned()
        .filter(|l| !l.is_empty())
    else {
        return unprocessable("lineItems must not be empty", request);
    };
    for line in &lines {
        if line.get("lineItemNumber").is_none_or(Value::is_null) {
            return unprocessable("lineItemNumber is required", request);
        }
        let product = text(line.get("productId").unwrap_or(&Value::Null));
        if find(&state.products, &product).is_none() {
            return unprocessable(&format!("product {product} does not exist"), request);
        }
    }
    if let Some(by) = order.get("orderedBy").and_then(Value::as_str)
        && !matches!(by, "Pax8 Partner" | "Customer" | "Pax8")
    {
        // Creating needs "Pax8 Partner" with a space (pax8.md §1.7.2).
        return unprocessable(&format!("orderedBy {by:?} is not valid"), request);
    }
    let mock = param(request, "isMock").is_some_and(|m| m == "true");
    let mut stored_lines = Vec::new();
    for line in lines {
        let mut line = line.as_object().cloned().unwrap_or_default();
        line.insert("id".into(), json!(state.id()));
        if !mock {
            let subscription_id = state.id();
            let subscription = json!({
                "id": subscription_id,
                "companyId": company_id,
                "productId": line.get("productId").cloned().unwrap_or(Value::Null),
                "quantity": line.get("quantity").cloned().unwrap_or(json!(1)),
                "startDate": today(),
                "createdDate": format!("{}T00:00:00Z", today()),
                "billingTerm": line.get("billingTerm").cloned().unwrap_or(json!("Monthly")),
                "status": "Active",
                "price": 10.0,
                "currencyCode": "USD",
                "provisioningDetails": line.get("provisioningDetails").cloned().unwrap_or(json!([])),
                // The live API's name for the commitment (pax8.md §1.7.1).
                "commitment": null,
            });
            state
                .history
                .insert(subscription_id.clone(), vec![subscription.clone()]);
            state.subscriptions.push(subscription);
            line.insert("subscriptionId".into(), json!(subscription_id));
        }
        stored_lines.push(Value::Object(line));
    }
    order.insert("lineItems".into(), Value::Array(stored_lines));
    order.insert("createdDate".into(), json!(today()));
    // Read back without the space (pax8.md §1.7.2).
    order.insert("orderedBy".into(), json!("Pax8Partner"));
    if mock {
        // Validated, nothing placed or created (pax8.md §1.5).
        return (200, Value::Object(order), None);
    }
    order.insert("id".into(), json!(state.id()));
    let order = Value::Object(order);
    state.orders.push(order.clone());
    (200, order, None)
}

fn update_subscription(request: &Request, state: &mut State, id: &str) -> Reply {
    let Some(update) = body(request) else {
        return error(400, "BAD_REQUEST", "the body is not a JSON object", request);
    };
    if update.is_empty() {
        return unprocessable("nothing to update", request);
    }
    let Some(subscription) = state.subscriptions.iter_mut().find(|s| s["id"] == id) else {
        return not_found(request);
    };
    for (key, value) in update {
        subscription[key.as_str()] = value;
    }
    subscription["updatedDate"] = json!(format!("{}T00:00:00Z", today()));
    let snapshot = subscription.clone();
    state
        .history
        .entry(id.to_owned())
        .or_default()
        .push(snapshot.clone());
    (200, snapshot, None)
}

fn cancel_subscription(request: &Request, state: &mut State, id: &str) -> Reply {
    let Some(subscription) = state.subscriptions.iter_mut().find(|s| s["id"] == id) else {
        return not_found(request);
    };
    match param(request, "cancelDate") {
        Some(date) => {
            subscription["status"] = json!("PendingCancel");
            subscription["endDate"] = json!(date);
        }
        None => {
            subscription["status"] = json!("Cancelled");
            subscription["endDate"] = json!(today());
        }
    }
    let snapshot = subscription.clone();
    state
        .history
        .entry(id.to_owned())
        .or_default()
        .push(snapshot);
    (204, Value::Null, None)
}
