//! The HTTP surface: one catch-all wiremock responder that authenticates, rate-limits and
//! routes every request to its handler.

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};
use wiremock::{Request, Respond, ResponseTemplate};

use super::handlers;
use super::state::State;
use super::token::token;

/// A status, a JSON body (`Null`: none) and a `Retry-After` in seconds.
pub(super) type Reply = (u16, Value, Option<u64>);

/// Locks the state; a panic in another responder must not wedge the simulator.
pub(super) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

/// Answers every request from the shared state.
pub(super) struct Responder {
    pub(super) state: Arc<Mutex<State>>,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.state);
        let (status, body, retry_after) = route(request, &mut state);
        drop(state);
        let mut template = ResponseTemplate::new(status);
        if !body.is_null() {
            template = template.set_body_raw(body.to_string().into_bytes(), "application/json");
        }
        if let Some(seconds) = retry_after {
            template = template.insert_header("Retry-After", seconds.to_string().as_str());
        }
        template
    }
}

/// The DEVX error shape (pax8.md §1.3).
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
    if let Some(seconds) = state.over_rate_limit() {
        let mut reply = error(429, "TOO_MANY_REQUESTS", "too many requests", request);
        reply.2 = Some(seconds);
        return reply;
    }
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
/// envelope (pax8.md §1.3). A bad page or size is a 400.
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
