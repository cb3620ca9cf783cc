//! The HTTP surface: one wiremock [`Mock`] per route, all answered by [`Responder`], which
//! holds the shared state and serves pending faults first.

use std::sync::{Arc, Mutex};

use paykit_core::testing::Faults;
use serde_json::{Value, json};
use wiremock::matchers::{any, method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::auth::authenticate;
use super::state::{State, matches};
use super::validate::validate_entry;

/// Express answers JSON with this content type.
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// Which route a [`Responder`] serves.
#[derive(Debug, Clone, Copy)]
enum Route {
    HealthV1,
    HealthV0,
    Wallets,
    CreateEntry,
    Inventory,
    UseItem,
    NotFound,
}

/// A wiremock responder for one route, sharing the simulator's state.
struct Responder {
    route: Route,
    state: Arc<Mutex<State>>,
    faults: Faults,
}

impl Route {
    /// The client's operation name for this route, as `Fault::on` scopes it.
    fn operation(self) -> &'static str {
        match self {
            Route::HealthV1 => "wallet.get_health",
            Route::HealthV0 => "wallet.get_health_v0",
            Route::Wallets => "wallet.list_wallets",
            Route::CreateEntry => "wallet.create_entry",
            Route::Inventory => "wallet.list_inventory",
            Route::UseItem => "wallet.use_item",
            Route::NotFound => "wallet.not_found",
        }
    }
}

/// A status and a JSON body.
type Reply = (u16, Value);

pub(super) use paykit_core::testing::lock;

/// Mounts every route (and the JSON 404 catch-all) on `server`.
pub(super) async fn mount(server: &MockServer, state: &Arc<Mutex<State>>, faults: &Faults) {
    // Express routes are case-insensitive and tolerate one trailing slash (non-strict).
    let routes: [(&str, &str, Route); 6] = [
        ("GET", r"(?i)^/api/v1/health/?$", Route::HealthV1),
        ("GET", r"(?i)^/api/v0/health/?$", Route::HealthV0),
        ("GET", r"(?i)^/api/v1/wallet/?$", Route::Wallets),
        ("POST", r"(?i)^/api/v1/entry/?$", Route::CreateEntry),
        ("GET", r"(?i)^/api/v1/entry/inventory/?$", Route::Inventory),
        (
            "POST",
            r"(?i)^/api/v1/entry/[^/]+/inventory/use/?$",
            Route::UseItem,
        ),
    ];
    for (verb, pattern, route) in routes {
        Mock::given(method(verb))
            .and(path_regex(pattern))
            .respond_with(Responder {
                route,
                state: Arc::clone(state),
                faults: faults.clone(),
            })
            .with_priority(1)
            .named(format!("wallet {route:?}"))
            .mount(server)
            .await;
    }
    Mock::given(any())
        .respond_with(Responder {
            route: Route::NotFound,
            state: Arc::clone(state),
            faults: faults.clone(),
        })
        .with_priority(u8::MAX)
        .named("wallet catch-all 404")
        .mount(server)
        .await;
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        // A fault answered instead (status, dropped connection) leaves the state untouched;
        // a delay or a truncated body changes it now and only spoils the answer.
        self.faults.respond(self.route.operation(), || {
            let (status, body) = handle(self.route, request, &mut lock(&self.state));
            ResponseTemplate::new(status)
                .set_body_raw(body.to_string().into_bytes(), JSON_CONTENT_TYPE)
        })
    }
}

fn handle(route: Route, request: &Request, state: &mut State) -> Reply {
    match route {
        Route::HealthV1 => {
            state.health_checks += 1;
            (
                200,
                json!({"ok": state.health_ok, "version": state.health_version}),
            )
        }
        Route::HealthV0 => (
            200,
            json!({"ok": "server version 0.1.0 has be deprecated", "version": "0.1.0"}),
        ),
        Route::NotFound => not_found(),
        Route::Wallets => authenticated(request, state, wallets),
        Route::CreateEntry => authenticated(request, state, create_entry),
        Route::Inventory => authenticated(request, state, inventory),
        Route::UseItem => authenticated(request, state, use_item),
    }
}

fn not_found() -> Reply {
    (404, json!({"error": "not found"}))
}

/// Runs `handler` for the authenticated authority, or answers 401/403.
fn authenticated(
    request: &Request,
    state: &mut State,
    handler: fn(&Request, &mut State, &str) -> Reply,
) -> Reply {
    match authenticate(request, state) {
        Ok(authority_id) => handler(request, state, &authority_id),
        Err(refusal) => refusal,
    }
}

/// All values of a comma-separated list parameter; absent or empty = no filter.
/// A repeated parameter contributes all its values (the real server would fail on it).
fn list_param(request: &Request, name: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(key, _)| key == name)
        .flat_map(|(_, value)| value.split(',').map(str::to_owned).collect::<Vec<String>>())
        .filter(|v| !v.is_empty())
        .collect()
}

/// GET /api/v1/wallet.
fn wallets(request: &Request, state: &mut State, _authority_id: &str) -> Reply {
    let user_ids = list_param(request, "user_ids");
    let authority_ids = list_param(request, "authority_ids");
    (
        200,
        json!({"wallets": state.wallets(&user_ids, &authority_ids)}),
    )
}

/// The request body as body-parser would hand it over: JSON only for a JSON content type,
/// an empty body is `{}`, anything else leaves `{}` (body-parser ignores other types).
fn json_body(request: &Request) -> Result<Value, Reply> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" || request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(&request.body) {
        // body-parser's strict mode accepts only objects and arrays at the top level.
        Ok(value @ (Value::Object(_) | Value::Array(_))) => Ok(value),
        _ => Err((400, json!({"error": "request body is not valid JSON"}))),
    }
}

/// POST /api/v1/entry.
fn create_entry(request: &Request, state: &mut State, authority_id: &str) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let new = match validate_entry(&body) {
        Ok(new) => new,
        Err(joi_error) => return (400, json!({"error": joi_error})),
    };
    // wallet.md §2.4: a withdrawal must be backed by the user's total across ALL authorities.
    if new.amount < 0 {
        let total = state.total(&new.user_id);
        let needed = new.amount.unsigned_abs();
        if total < 0 || (total as u64) < needed {
            return (
                402,
                json!({"error": format!(
                    "user {} does not have enough money to pay {} as their wallet only has {} in value",
                    new.user_id, needed, total
                )}),
            );
        }
    }
    let entry = state.insert_entry(authority_id, new);
    (200, json!({"entry": entry.to_json()}))
}

/// GET /api/v1/entry/inventory.
fn inventory(request: &Request, state: &mut State, _authority_id: &str) -> Reply {
    let entry_ids = list_param(request, "entry_ids");
    let user_ids = list_param(request, "user_ids");
    let authority_ids = list_param(request, "authority_ids");
    let used = match request
        .url
        .query_pairs()
        .find(|(key, _)| key == "used")
        .map(|(_, value)| value.into_owned())
        .as_deref()
    {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(_) => {
            return (
                400,
                json!({"error": "query parameter \"used\" must be \"true\" or \"false\""}),
            );
        }
    };
    let rows: Vec<Value> = state
        .entries
        .iter()
        .filter(|e| matches(&entry_ids, &e.entry_id))
        .filter(|e| matches(&user_ids, &e.user_id))
        .filter(|e| matches(&authority_ids, &e.authority_id))
        .filter(|e| match (used, &e.item) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(want), Some(item)) => item.used == want,
        })
        .filter_map(|e| e.to_inventory_json())
        .collect();
    (200, json!({"inventory": rows}))
}

/// POST /api/v1/entry/{entry_id}/inventory/use.
fn use_item(request: &Request, state: &mut State, _authority_id: &str) -> Reply {
    // Path: /api/v1/entry/{entry_id}/inventory/use[/]
    let entry_id = request
        .url
        .path_segments()
        .and_then(|mut segments| segments.nth(3))
        .unwrap_or("")
        .to_owned();
    // Like the server, any authority may use any entry's item (../shared/vendors/wallet.md §2.4).
    let Some(entry) = state.entries.iter_mut().find(|e| e.entry_id == entry_id) else {
        return (404, json!({"error": "entry not found"}));
    };
    let Some(item) = entry.item.as_mut() else {
        return (400, json!({"error": "entry has no item"}));
    };
    item.used = true;
    (200, json!({"entry": entry.to_json()}))
}
