//! The HTTP surface: one catch-all wiremock responder that serves the injected faults,
//! authenticates and routes every request to its handler.

use std::sync::{Arc, Mutex};

use paykit_core::testing::Faults;
use paykit_core::testing::wiremock::{Request, Respond, ResponseTemplate};
use serde_json::{Value, json};

use super::handlers;
use super::state::State;
use super::token::token;

/// A status, a JSON body (`Null`: none) and a `Retry-After` in seconds.
pub(super) type Reply = (u16, Value, Option<u64>);

pub(super) use paykit_core::testing::lock;

/// Answers every request from the shared state.
pub(super) struct Responder {
    pub(super) state: Arc<Mutex<State>>,
    pub(super) faults: Faults,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.faults.respond(operation(request), || {
            let mut state = lock(&self.state);
            let reply = route(request, &mut state);
            drop(state);
            template(reply)
        })
    }
}

/// The client's operation name for a request (what [`paykit_core::testing::Fault::on`]
/// scopes by), e.g. `pax8.create_order`.
pub(super) fn operation(request: &Request) -> &'static str {
    let path = request.url.path().trim_end_matches('/');
    let method = request.method.as_str();
    if path == "/v1/token" || path == "/oauth/token" {
        return "pax8.token";
    }
    let rest = path.strip_prefix("/v1").unwrap_or(path);
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let mock = param(request, "isMock").is_some_and(|m| m == "true");
    match (method, segments.as_slice()) {
        ("GET", ["companies"]) => "pax8.list_companies",
        ("POST", ["companies"]) => "pax8.create_company",
        ("GET", ["companies", _]) => "pax8.get_company",
        ("GET", ["companies", _, "contacts"]) => "pax8.list_contacts",
        ("POST", ["companies", _, "contacts"]) => "pax8.create_contact",
        ("GET", ["companies", _, "contacts", _]) => "pax8.get_contact",
        ("PUT", ["companies", _, "contacts", _]) => "pax8.update_contact",
        ("DELETE", ["companies", _, "contacts", _]) => "pax8.delete_contact",
        ("GET", ["products"]) => "pax8.list_products",
        ("GET", ["products", _]) => "pax8.get_product",
        ("GET", ["products", _, "provision-details"]) => "pax8.product_provisioning_details",
        ("GET", ["products", _, "dependencies"]) => "pax8.product_dependencies",
        ("GET", ["products", _, "pricing"]) => "pax8.product_pricing",
        ("GET", ["orders"]) => "pax8.list_orders",
        ("GET", ["orders", _]) => "pax8.get_order",
        ("POST", ["orders"]) if mock => "pax8.create_mock_order",
        ("POST", ["orders"]) => "pax8.create_order",
        ("GET", ["subscriptions"]) => "pax8.list_subscriptions",
        ("GET", ["subscriptions", _]) => "pax8.get_subscription",
        ("PUT", ["subscriptions", _]) => "pax8.update_subscription",
        ("DELETE", ["subscriptions", _]) => "pax8.cancel_subscription",
        ("GET", ["subscriptions", _, "history"]) => "pax8.subscription_history",
        ("GET", ["subscriptions", _, "usage-summaries"]) => "pax8.list_usage_summaries",
        ("GET", ["usage-summaries", _]) => "pax8.get_usage_summary",
        ("GET", ["usage-summaries", _, "usage-lines"]) => "pax8.list_usage_lines",
        ("GET", ["invoices"]) => "pax8.list_invoices",
        ("GET", ["invoices", _]) => "pax8.get_invoice",
        ("GET", ["invoices", _, "items"]) => "pax8.list_invoice_items",
        _ => "pax8.unknown",
    }
}

fn template((status, body, retry_after): Reply) -> ResponseTemplate {
    let mut template = ResponseTemplate::new(status);
    if !body.is_null() {
        template = template.set_body_raw(body.to_string().into_bytes(), "application/json");
    }
    if let Some(seconds) = retry_after {
        template = template.insert_header("Retry-After", seconds.to_string().as_str());
    }
    template
}

/// The `{type, message, instance, status, details}` error shape.
pub(super) fn error(status: u16, kind: &str, message: &str, request: &Request) -> Reply {
    (
        status,
        json!({
            "type": kind,
            "message": message,
            "instance": format!("/public{}", request.url.path()),
            "status": status,
            "details": [],
        }),
        None,
    )
}

fn route(request: &Request, state: &mut State) -> Reply {
    let path = request.url.path().trim_end_matches('/');
    let method = request.method.as_str();
    if method == "POST" && (path == "/v1/token" || path == "/oauth/token") {
        return token(request, state);
    }
    let Some(rest) = path.strip_prefix("/v1") else {
        return error(404, "NOT_FOUND", "no such resource", request);
    };
    let authorized = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|token| state.token_valid(token));
    if !authorized {
        return error(401, "UNAUTHORIZED", "no valid access token", request);
    }
    // Ids are UUIDs: segments are compared as sent.
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    handlers::dispatch(method, &segments, request, state)
}

/// A query parameter's value.
pub(super) fn param(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// One page of `items` by `page`/`size` (defaults 0 and 10; size 1 to 200), in the page
/// envelope. A bad page or size is a 400.
pub(super) fn paged(request: &Request, items: Vec<&Value>) -> Reply {
    let number = match param(request, "page").map(|p| p.parse::<u64>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return error(400, "BAD_REQUEST", "page must be a number", request),
    };
    let size = match param(request, "size").map(|s| s.parse::<u64>()) {
        None => 10,
        Some(Ok(s)) if (1..=200).contains(&s) => s,
        _ => {
            return error(
                400,
                "BAD_REQUEST",
                "size must be between 1 and 200",
                request,
            );
        }
    };
    let total = items.len() as u64;
    let content: Vec<Value> = items
        .into_iter()
        .skip(number.saturating_mul(size) as usize)
        .take(size as usize)
        .cloned()
        .collect();
    (
        200,
        json!({
            "content": content,
            "page": {
                "size": size,
                "totalElements": total,
                "totalPages": total.div_ceil(size),
                "number": number,
            }
        }),
        None,
    )
}
