//! The simulator's HTTP surface: one responder that names the operation, lets the faults
//! answer first, reads the parameters (query, JSV, JSON or form body), checks the key and
//! the club, and hands the call to the handlers of its area.

use std::sync::{Arc, Mutex};

use paykit_core::testing::Faults;
use paykit_core::testing::wiremock::matchers::any;
use paykit_core::testing::wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::state::State;
use super::{DEFAULT_API_KEY, UNSCOPED_API_KEY, lock};
use crate::wire;

struct Responder {
    state: Arc<Mutex<State>>,
    faults: Faults,
}

pub(super) async fn mount(server: &MockServer, state: &Arc<Mutex<State>>, faults: &Faults) {
    Mock::given(any())
        .respond_with(Responder {
            state: Arc::clone(state),
            faults: faults.clone(),
        })
        .named("clubready")
        .mount(server)
        .await;
}

/// An answer: status and body (`Text` for the plain-text failure mode).
pub(super) enum Reply {
    Data(u16, Value),
    Text(u16, &'static str),
}

pub(super) fn ok(body: Value) -> Reply {
    Reply::Data(200, body)
}

pub(super) fn status(code: u16, error_code: &str, message: &str) -> Reply {
    Reply::Data(
        code,
        json!({"ResponseStatus": {"ErrorCode": error_code, "Message": message}}),
    )
}

pub(super) fn declined(message: &str) -> Reply {
    ok(json!({"Success": false, "Message": message}))
}

/// Request parameters, from the query and the body, names compared in any case.
pub(super) struct Params(pub(super) Map<String, Value>);

impl Params {
    pub(super) fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    pub(super) fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub(super) fn id(&self, name: &str) -> Option<u64> {
        self.text(name)?.trim().parse().ok()
    }

    pub(super) fn flag(&self, name: &str) -> bool {
        self.text(name)
            .and_then(|t| wire::parse_bool(&t))
            .unwrap_or(false)
    }

    pub(super) fn decimal(&self, name: &str) -> Option<Decimal> {
        wire::parse_decimal(&self.text(name)?)
    }
}

fn jsv_to_json(value: serde_jsv::Value) -> Value {
    match value {
        serde_jsv::Value::Null => Value::Null,
        serde_jsv::Value::String(s) => Value::String(s),
        serde_jsv::Value::List(l) => Value::Array(l.into_iter().map(jsv_to_json).collect()),
        serde_jsv::Value::Map(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, jsv_to_json(v))).collect())
        }
    }
}

/// Pairs in ServiceStack's query form: a value starting with `[` or `{` is JSV (lists of
/// objects without their brackets).
fn form_pairs(map: &mut Map<String, Value>, text: &[u8]) {
    for (k, v) in paykit_core::url::form_urlencoded::parse(text) {
        let value = if v.starts_with('[') || v.starts_with('{') {
            serde_jsv::from_str::<serde_jsv::Value>(&v)
                .or_else(|_| serde_jsv::from_str::<serde_jsv::Value>(&format!("[{v}]")))
                .map(jsv_to_json)
                .unwrap_or(Value::String(v.into_owned()))
        } else {
            Value::String(v.into_owned())
        };
        map.insert(k.into_owned(), value);
    }
}

fn params(request: &Request) -> Params {
    let mut map = Map::new();
    form_pairs(&mut map, request.url.query().unwrap_or_default().as_bytes());
    let body = String::from_utf8_lossy(&request.body);
    let body = body.trim();
    if !body.is_empty() {
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if content_type.contains("x-www-form-urlencoded") {
            form_pairs(&mut map, body.as_bytes());
            return Params(map);
        }
        let is_json = content_type.contains("json");
        let parsed = if is_json {
            serde_json::from_str::<Value>(body).ok()
        } else {
            serde_jsv::from_str::<serde_jsv::Value>(body)
                .ok()
                .map(jsv_to_json)
        };
        if let Some(Value::Object(fields)) = parsed {
            map.extend(fields);
        }
    }
    Params(map)
}

pub(super) fn segments(request: &Request) -> Vec<String> {
    request
        .url
        .path()
        .trim_start_matches("/api/current")
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The client's operation name for a request (what `Fault::on` matches).
fn operation(request: &Request) -> &'static str {
    let segs = segments(request);
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let post = request.method.as_str() == "POST";
    match (request.method.as_str(), s.as_slice()) {
        ("POST", ["users", "prospect"]) => "clubready.create_prospect",
        ("GET", ["users", "find"]) => "clubready.find_users",
        ("GET", ["users", "find", "login-details"]) => "clubready.find_user_by_login",
        ("GET", ["users", "date-added"]) => "clubready.list_users_added",
        ("GET", ["users"]) => "clubready.list_users",
        ("POST", ["users", "checkusername"]) => "clubready.check_username",
        ("POST", ["users", "checkin"]) => "clubready.check_in",
        ("GET", ["users", _]) => "clubready.get_user",
        ("PUT", ["users", _]) => "clubready.update_user",
        ("GET", ["scheduling", "class-schedule"]) => "clubready.get_class_schedule",
        ("GET", ["scheduling", "class-roster"]) => "clubready.get_class_roster",
        ("GET", ["scheduling", "booking-status-check"]) => "clubready.get_booking_status",
        ("POST", ["scheduling", "class-booking"]) => "clubready.book_class",
        ("POST", ["scheduling", "booking-status-update"]) => "clubready.update_booking_status",
        ("POST", ["scheduling", _, "cancel-wait-list"]) => "clubready.cancel_wait_list",
        ("GET", ["scheduling", "booking-status-events"]) => "clubready.get_booking_status_events",
        ("GET", ["scheduling", _, "credit-detail"]) => "clubready.get_credit_detail",
        ("GET", ["sales", "packages"]) => "clubready.list_packages",
        ("GET", ["sales", "packages", _, "installments"]) => "clubready.list_installments",
        ("GET", ["sales", "packages", _, "installments", "calculate", _]) => {
            "clubready.calculate_installment"
        }
        ("GET", ["sales", "members", _, "package-eligibility"]) => {
            "clubready.get_package_eligibility"
        }
        ("POST", ["sales", "agreement", "add"]) => "clubready.add_agreement",
        ("POST", ["sales", "agreement", "addNewUser"]) => "clubready.add_agreement_new_user",
        ("GET", ["sales", "agreement", "contract"]) => "clubready.get_agreement_contract",
        ("POST", ["sales", "agreement", "sale"]) => "clubready.create_agreement_sale",
        ("POST", ["sales", "paymentprofile", "import"]) => "clubready.import_payment_profile",
        ("GET", ["sales", "wallet", "wallettokencreate"]) => "clubready.create_wallet_token",
        ("GET", ["corp", _, "clubs"]) => "clubready.list_stores",
        ("GET", ["staff"]) => "clubready.list_staff",
        ("GET", ["staff", "types"]) => "clubready.list_staff_types",
        ("POST", ["club", "guest-pass", "create"]) => "clubready.create_guest_pass",
        ("GET", ["club", "guest-pass", "get"]) => "clubready.list_guest_passes",
        _ if post => "clubready.unknown",
        _ => "clubready.unknown",
    }
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let op = operation(request);
        let json = request
            .url
            .query_pairs()
            .any(|(k, v)| k.eq_ignore_ascii_case("format") && v.eq_ignore_ascii_case("json"));
        self.faults.respond(op, || {
            let reply = {
                let mut state = lock(&self.state);
                handle(op, request, &mut state)
            };
            match reply {
                Reply::Text(code, text) => {
                    ResponseTemplate::new(code).set_body_raw(text.as_bytes().to_vec(), "text/plain")
                }
                Reply::Data(code, value) if json => ResponseTemplate::new(code)
                    .set_body_raw(value.to_string().into_bytes(), "application/json"),
                Reply::Data(code, value) => ResponseTemplate::new(code).set_body_raw(
                    serde_jsv::to_string(&value)
                        .unwrap_or_default()
                        .into_bytes(),
                    "application/jsv",
                ),
            }
        })
    }
}

/// What a handler gets: the parameters, the path's segments after `/api/current`, and
/// whether `X-Forwarded-For` came.
pub(super) struct Call {
    pub(super) p: Params,
    pub(super) segs: Vec<String>,
    pub(super) forwarded: bool,
}

impl Call {
    /// The path segment at `index`, as an id.
    pub(super) fn seg_id(&self, index: usize) -> Option<u64> {
        self.segs.get(index).and_then(|s| s.parse().ok())
    }
}

fn handle(op: &'static str, request: &Request, state: &mut State) -> Reply {
    let p = params(request);
    match p.text("ApiKey").as_deref() {
        Some(DEFAULT_API_KEY) => {}
        Some(UNSCOPED_API_KEY) if !request.url.path().contains("/scheduling/") => {}
        Some(UNSCOPED_API_KEY) => return Reply::Text(200, "Unauthorized"),
        _ => return status(401, "Unauthorized", "Invalid ApiKey"),
    }
    let needs_store = matches!(
        op,
        "clubready.create_prospect"
            | "clubready.check_in"
            | "clubready.book_class"
            | "clubready.add_agreement"
            | "clubready.add_agreement_new_user"
            | "clubready.create_agreement_sale"
    );
    let store = p.id("StoreId");
    if needs_store && !store.is_some_and(|s| state.stores.iter().any(|k| k.store_id == s)) {
        return status(400, "ArgumentException", "StoreId is required");
    }
    let call = Call {
        p,
        segs: segments(request),
        forwarded: request.headers.get("x-forwarded-for").is_some(),
    };
    let area = call.segs.first().map(String::as_str).unwrap_or_default();
    match area {
        "users" => super::users::handle(op, &call, state),
        "scheduling" => super::scheduling::handle(op, &call, state),
        _ => super::sales::handle(op, &call, state),
    }
}
