//! The HTTP surface: one catch-all responder per host that names the operation, lets the
//! shared faults answer first, then checks the key and dispatches by method and path; plus
//! the helpers handlers share.

use std::sync::{Arc, Mutex};

use paykit_core::testing::Faults;
use serde_json::{Map, Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::state::State;
use super::{billing, customers, usage};

/// A status and a JSON body (`None`: no body, for 204).
pub(super) type Reply = (u16, Option<Value>);

/// Which host a responder serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Host {
    Api,
    Edge,
}

struct Responder {
    host: Host,
    state: Arc<Mutex<State>>,
    faults: Faults,
}

pub(super) use paykit_core::testing::lock;

/// Mounts the host's responder on `server`.
pub(super) async fn mount(
    server: &MockServer,
    host: Host,
    state: &Arc<Mutex<State>>,
    faults: &Faults,
) {
    Mock::given(any())
        .respond_with(Responder {
            host,
            state: Arc::clone(state),
            faults: faults.clone(),
        })
        .named(format!("paritydeals {host:?}"))
        .mount(server)
        .await;
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let operation = operation(self.host, request);
        self.faults.respond(operation, || {
            let mut state = lock(&self.state);
            let (status, body) = handle(self.host, request, &mut state);
            drop(state);
            let mut template = ResponseTemplate::new(status);
            if let Some(body) = body {
                template = template.set_body_raw(body.to_string().into_bytes(), "application/json");
            }
            template
        })
    }
}

/// `{"detail": message}` with `status`.
pub(super) fn detail(status: u16, message: &str) -> Reply {
    (status, Some(json!({ "detail": message })))
}

/// A DRF field-validation 400: `{"field": ["message"]}`.
pub(super) fn field_error(field: &str, message: &str) -> Reply {
    (400, Some(json!({ field: [message] })))
}

/// 200 (or another status) with a body.
pub(super) fn ok(status: u16, body: Value) -> Reply {
    (status, Some(body))
}

/// The path's segments after the version path, decoded; `None` when it does not start with
/// `/api/v1` (the edge host also serves the docs' `/entitlements/` without it).
fn route(request: &Request) -> (String, Vec<String>) {
    let segments: Vec<String> = request
        .url
        .path()
        .split('/')
        .skip(1)
        .map(percent_decode)
        .collect();
    (request.method.as_str().to_owned(), segments)
}

fn is_entitlements(segments: &[&str]) -> bool {
    matches!(
        segments,
        ["api", "v1", "entitlements"]
            | ["api", "v1", "entitlements", ""]
            | ["entitlements"]
            | ["entitlements", ""]
    )
}

/// The client's operation name for a request (what `Fault::on` matches).
pub(super) fn operation(host: Host, request: &Request) -> &'static str {
    let (method, segments) = route(request);
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    if method == "GET" && is_entitlements(&segments) {
        let one = request
            .url
            .query_pairs()
            .any(|(k, v)| (k == "feature_id" || k == "featureId") && !v.is_empty());
        return if one {
            "paritydeals.get_entitlement"
        } else {
            "paritydeals.get_all_entitlements"
        };
    }
    if host == Host::Edge {
        return "paritydeals.unknown";
    }
    match (method.as_str(), segments.as_slice()) {
        ("POST", ["api", "v1", "customers", ""]) => "paritydeals.create_customer",
        ("GET", ["api", "v1", "customers", ""]) => "paritydeals.list_customers",
        ("GET", ["api", "v1", "customers", _, ""]) => "paritydeals.get_customer",
        ("PATCH", ["api", "v1", "customers", _, ""]) => "paritydeals.update_customer",
        ("DELETE", ["api", "v1", "customers", _, ""]) => "paritydeals.archive_customer",
        ("POST", ["api", "v1", "checkout", ""]) => "paritydeals.create_checkout_session",
        ("POST", ["api", "v1", "report", "usage", ""]) => "paritydeals.report_usage",
        ("POST", ["api", "v1", "report", "event", ""]) => "paritydeals.report_event",
        ("GET", ["api", "v1", "subscriptions", ""]) => "paritydeals.list_subscriptions",
        ("POST", ["api", "v1", "subscriptions", _, "update", ""]) => {
            "paritydeals.update_subscription"
        }
        ("POST", ["api", "v1", "subscriptions", _, "cancel", ""]) => {
            "paritydeals.cancel_subscription"
        }
        _ => "paritydeals.unknown",
    }
}

fn handle(host: Host, request: &Request, state: &mut State) -> Reply {
    // DRF checks credentials before routing to a view's logic.
    let expected = format!("Bearer {}", state.api_key);
    match request
        .headers
        .get("authorization")
        .map(|v| v.to_str().unwrap_or(""))
    {
        None | Some("") => return detail(401, "Authentication credentials were not provided."),
        Some(given) if given != expected => return detail(401, "Invalid token."),
        Some(_) => {}
    }
    let (method, segments) = route(request);
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = method.as_str();
    // The SDK's `/api/v1/entitlements`, the docs' `/entitlements/`, and the mixed forms;
    // the API host answers them too, as a proxy in front of both hosts would.
    if method == "GET" && is_entitlements(&segments) {
        return usage::entitlements(request, state);
    }
    match host {
        Host::Edge => detail(404, "Not found."),
        Host::Api => match (method, segments.as_slice()) {
            ("POST", ["api", "v1", "customers", ""]) => customers::create(request, state),
            ("GET", ["api", "v1", "customers", ""]) => customers::list(request, state),
            ("GET", ["api", "v1", "customers", id, ""]) => customers::get(id, state),
            ("PATCH", ["api", "v1", "customers", id, ""]) => customers::update(id, request, state),
            ("DELETE", ["api", "v1", "customers", id, ""]) => customers::archive(id, state),
            ("POST", ["api", "v1", "checkout", ""]) => billing::checkout(request, state),
            ("POST", ["api", "v1", "report", "usage", ""]) => usage::report_usage(request, state),
            ("POST", ["api", "v1", "report", "event", ""]) => usage::report_event(request, state),
            ("GET", ["api", "v1", "subscriptions", ""]) => billing::list(request, state),
            ("POST", ["api", "v1", "subscriptions", id, "update", ""]) => {
                billing::update(id, request, state)
            }
            ("POST", ["api", "v1", "subscriptions", id, "cancel", ""]) => {
                billing::cancel(id, request, state)
            }
            _ => detail(404, "Not found."),
        },
    }
}

/// Decodes `%XX` escapes of a path segment.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&segment[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON object body, or DRF's parse-error 400.
pub(super) fn json_body(request: &Request) -> Result<Map<String, Value>, Reply> {
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(detail(400, "Invalid data. Expected a dictionary.")),
        Err(e) => Err(detail(400, &format!("JSON parse error - {e}"))),
    }
}

/// A body field under either casing (the server accepts both); `null` counts as absent.
pub(super) fn field<'a>(
    body: &'a Map<String, Value>,
    camel: &str,
    snake: &str,
) -> Option<&'a Value> {
    body.get(camel)
        .or_else(|| body.get(snake))
        .filter(|v| !v.is_null())
}

/// A required non-empty string field under either casing; the error names the camel key.
pub(super) fn required_str(
    body: &Map<String, Value>,
    camel: &str,
    snake: &str,
) -> Result<String, Reply> {
    match field(body, camel, snake) {
        None => Err(field_error(camel, "This field is required.")),
        Some(Value::String(s)) if s.is_empty() => {
            Err(field_error(camel, "This field may not be blank."))
        }
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(field_error(camel, "Not a valid string.")),
    }
}

/// A query parameter under either casing.
pub(super) fn query(request: &Request, camel: &str, snake: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    [camel, snake].iter().find_map(|name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    })
}

/// A DRF page of `items` for the request's `page` / `page_size` (default 10, at most 100),
/// with absolute `next` / `previous` links that keep the other query parameters.
pub(super) fn paginate(request: &Request, items: Vec<Value>) -> Reply {
    let number = |name: &str, default: usize| -> Result<usize, Reply> {
        match query(request, name, name) {
            None => Ok(default),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| detail(404, "Invalid page.")),
        }
    };
    let page = match number("page", 1) {
        Ok(page) => page,
        Err(reply) => return reply,
    };
    let size = match number("page_size", 10) {
        Ok(size) => size.min(100),
        Err(reply) => return reply,
    };
    let count = items.len();
    let pages = count.div_ceil(size).max(1);
    if page > pages {
        return detail(404, "Invalid page.");
    }
    let link = |to: usize| -> Value {
        // wiremock's request URL names `localhost`; the client used the Host header.
        let mut url = request.url.clone();
        if let Some(host) = request.headers.get("host").and_then(|h| h.to_str().ok())
            && let Ok(base) = wiremock::http::Url::parse(&format!("http://{host}"))
        {
            let _ = url.set_host(base.host_str());
            let _ = url.set_port(base.port());
        }
        let others: Vec<(String, String)> = request
            .url
            .query_pairs()
            .into_owned()
            .filter(|(k, _)| k != "page")
            .collect();
        {
            let mut pairs = url.query_pairs_mut();
            pairs.clear();
            pairs.append_pair("page", &to.to_string());
            for (k, v) in &others {
                pairs.append_pair(k, v);
            }
        }
        Value::String(url.to_string())
    };
    let results: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .collect();
    ok(
        200,
        json!({
            "count": count,
            "next": if page < pages { link(page + 1) } else { Value::Null },
            "previous": if page > 1 { link(page - 1) } else { Value::Null },
            "results": results,
        }),
    )
}
