//! The simulator's HTTP surface: one responder that names the operation, lets the faults
//! answer first, checks the key, and dispatches by method and path.

use std::sync::{Arc, Mutex};

use paykit_core::testing::Faults;
use paykit_core::testing::wiremock::matchers::any;
use paykit_core::testing::wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use super::{
    DEFAULT_API_KEY, RecordedBooking, RecordedSale, STORE_ID, SimClass, SimEvent, SimUser, State,
    UNSCOPED_API_KEY, lock,
};
use crate::{ClassSession, UserSummary, wire};

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
enum Reply {
    Data(u16, Value),
    Text(u16, &'static str),
}

fn ok(body: Value) -> Reply {
    Reply::Data(200, body)
}

fn status(code: u16, error_code: &str, message: &str) -> Reply {
    Reply::Data(
        code,
        json!({"ResponseStatus": {"ErrorCode": error_code, "Message": message}}),
    )
}

fn declined(message: &str) -> Reply {
    ok(json!({"Success": false, "Message": message}))
}

/// Request parameters, from the query and the body, names compared in any case.
struct Params(Map<String, Value>);

impl Params {
    fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    fn id(&self, name: &str) -> Option<u64> {
        self.text(name)?.trim().parse().ok()
    }

    fn flag(&self, name: &str) -> bool {
        self.text(name)
            .and_then(|t| wire::parse_bool(&t))
            .unwrap_or(false)
    }

    fn decimal(&self, name: &str) -> Option<Decimal> {
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

fn params(request: &Request) -> Params {
    let mut map = Map::new();
    for (k, v) in request.url.query_pairs() {
        let value = if v.starts_with('[') || v.starts_with('{') {
            // ServiceStack's query form writes lists without their brackets.
            serde_jsv::from_str::<serde_jsv::Value>(&v)
                .or_else(|_| serde_jsv::from_str::<serde_jsv::Value>(&format!("[{v}]")))
                .map(jsv_to_json)
                .unwrap_or(Value::String(v.into_owned()))
        } else {
            Value::String(v.into_owned())
        };
        map.insert(k.into_owned(), value);
    }
    let body = String::from_utf8_lossy(&request.body);
    let body = body.trim();
    if !body.is_empty() {
        let is_json = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"));
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

fn segments(request: &Request) -> Vec<String> {
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

pub(super) fn summary(u: &SimUser) -> UserSummary {
    UserSummary {
        user_id: u.user_id,
        first_name: Some(u.first_name.clone()),
        last_name: Some(u.last_name.clone()),
        email: Some(u.email.clone()),
        phone: u.phone.clone(),
        cell_phone: None,
        barcode: Some(u.barcode.clone()),
        primary_store_id: Some(STORE_ID),
    }
}

fn user_json(u: &SimUser) -> Value {
    json!({
        "UserId": u.user_id, "FirstName": u.first_name, "LastName": u.last_name,
        "Email": u.email, "Phone": u.phone.clone().unwrap_or_default(), "Barcode": u.barcode,
        "primary_store_id": STORE_ID,
    })
}

fn booked(state: &State, schedule_id: u64) -> i64 {
    state
        .bookings
        .iter()
        .filter(|b| b.schedule_id == schedule_id && b.status_id == 2)
        .count() as i64
}

pub(super) fn session(state: &State, c: &SimClass) -> ClassSession {
    ClassSession {
        class_id: Some(1),
        schedule_id: c.schedule_id,
        date: Some(c.class.date),
        title: Some(c.class.title.clone()),
        description: None,
        start_time: Some(c.class.start),
        end_time: Some(c.class.end),
        instructor_first_name: None,
        instructor_last_name: None,
        can_directly_book_public: true,
        free_spots: Some(c.class.max_spots - booked(state, c.schedule_id)),
        max_spots: Some(c.class.max_spots),
    }
}

fn session_json(state: &State, c: &SimClass) -> Value {
    json!({
        "ClassId": 1, "ScheduleId": c.schedule_id, "Date": wire::club_date(c.class.date),
        "Title": c.class.title, "StartTime": wire::club_time(c.class.start),
        "EndTime": wire::club_time(c.class.end), "CanDirectlyBookPublic": true,
        "FreeSpots": c.class.max_spots - booked(state, c.schedule_id),
        "MaxSpots": c.class.max_spots,
    })
}

fn money(d: Decimal) -> Value {
    Value::String(d.to_string())
}

fn parse_utc(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

fn event(state: &mut State, b: &RecordedBooking) {
    state.events.push(SimEvent {
        user_id: b.user_id,
        booking_id: b.booking_id,
        schedule_id: b.schedule_id,
        status_id: b.status_id,
        at: OffsetDateTime::now_utc(),
    });
}

fn handle(op: &'static str, request: &Request, state: &mut State) -> Reply {
    let p = params(request);
    let key = p.text("ApiKey");
    match key.as_deref() {
        Some(DEFAULT_API_KEY) => {}
        Some(UNSCOPED_API_KEY) if !request.url.path().contains("/scheduling/") => {}
        Some(UNSCOPED_API_KEY) => return Reply::Text(200, "Unauthorized"),
        _ => return status(401, "Unauthorized", "Invalid ApiKey"),
    }
    let segs = segments(request);
    let store = p.id("StoreId");
    let needs_store = matches!(
        op,
        "clubready.create_prospect"
            | "clubready.check_in"
            | "clubready.book_class"
            | "clubready.add_agreement"
            | "clubready.add_agreement_new_user"
            | "clubready.create_agreement_sale"
    );
    if needs_store && store != Some(STORE_ID) {
        return status(400, "ArgumentException", "StoreId is required");
    }
    let forwarded = request.headers.get("x-forwarded-for").is_some();
    match op {
        "clubready.create_prospect" => {
            let Some(email) = p.text("Email") else {
                return status(400, "ArgumentException", "Email is required");
            };
            if let Some(u) = state
                .users
                .iter()
                .find(|u| u.email.eq_ignore_ascii_case(&email))
            {
                return ok(json!({"success": false, "userId": u.user_id,
                    "message": "A user with this email already exists"}));
            }
            let user_id = state.id();
            state.users.push(SimUser {
                user_id,
                first_name: p.text("FirstName").unwrap_or_default(),
                last_name: p.text("LastName").unwrap_or_default(),
                email,
                phone: p.text("Phone"),
                barcode: format!("B{user_id}"),
                username: p.text("Username"),
                password: None,
                member: false,
            });
            ok(json!({"UserId": user_id, "Success": true,
                "EmailSent": p.flag("SendEmail"), "PackageAdded": false}))
        }
        "clubready.find_users" => {
            let page = p.id("Page").unwrap_or(1).max(1) as usize;
            let email = p.text("Email");
            let barcode = p.text("Barcode");
            let users: Vec<Value> = state
                .users
                .iter()
                .filter(|u| {
                    email
                        .as_ref()
                        .is_none_or(|e| u.email.eq_ignore_ascii_case(e))
                })
                .filter(|u| barcode.as_ref().is_none_or(|b| &u.barcode == b))
                .skip((page - 1) * 10)
                .take(10)
                .map(user_json)
                .collect();
            ok(json!({ "users": users }))
        }
        "clubready.find_user_by_login" => {
            let name = p.text("UserName").unwrap_or_default();
            let password = p.text("Password").unwrap_or_default();
            match state
                .users
                .iter()
                .find(|u| u.username.as_deref() == Some(name.as_str()))
            {
                Some(u) if u.password.as_deref() == Some(password.as_str()) => ok(json!({
                    "UserId": u.user_id, "HomeStoreId": STORE_ID, "Success": true,
                    "AuthenticationResult": "Success"})),
                Some(u) => ok(json!({"UserId": u.user_id, "Success": false,
                    "AuthenticationResult": "InvalidPassword", "Message": "Invalid password"})),
                None => ok(
                    json!({"Success": false, "AuthenticationResult": "InvalidPassword",
                    "Message": "Invalid username or password"}),
                ),
            }
        }
        "clubready.list_users" | "clubready.list_users_added" => Reply::Data(
            200,
            Value::Array(state.users.iter().map(user_json).collect()),
        ),
        "clubready.check_username" => {
            let name = p.text("Username").unwrap_or_default();
            let taken = state
                .users
                .iter()
                .any(|u| u.username.as_deref() == Some(name.as_str()));
            if name.len() < 4 {
                ok(json!({"Valid": false, "StatusCode": 2, "Message": "Too short"}))
            } else if taken {
                ok(json!({"Valid": false, "StatusCode": 1, "Message": "Username taken"}))
            } else {
                ok(json!({"Valid": true, "StatusCode": 0}))
            }
        }
        "clubready.check_in" => {
            let barcode = p.text("Barcode").unwrap_or_default();
            if state.users.iter().any(|u| u.barcode == barcode) {
                ok(json!({"Success": true, "Message": "Checked in"}))
            } else {
                declined("Barcode not found")
            }
        }
        "clubready.get_user" | "clubready.update_user" => {
            let id: Option<u64> = segs.get(1).and_then(|s| s.parse().ok());
            let Some(u) = state.users.iter_mut().find(|u| Some(u.user_id) == id) else {
                return status(404, "NotFound", "User not found");
            };
            if op == "clubready.update_user" {
                if let Some(v) = p.text("FirstName") {
                    u.first_name = v;
                }
                if let Some(v) = p.text("LastName") {
                    u.last_name = v;
                }
                if let Some(v) = p.text("Email") {
                    u.email = v;
                }
                return ok(json!({"Success": true}));
            }
            ok(
                json!({"UserId": u.user_id, "FirstName": u.first_name, "LastName": u.last_name,
                "Email": u.email, "Barcode": u.barcode, "Member": u.member,
                "Prospect": !u.member, "PastDueAmount": "0.00", "HasPastDue": false}),
            )
        }
        "clubready.get_class_schedule" => {
            let (Some(from), Some(to)) = (
                p.text("FromDate").and_then(|d| wire::parse_club_date(&d)),
                p.text("ToDate").and_then(|d| wire::parse_club_date(&d)),
            ) else {
                return status(400, "ArgumentException", "FromDate and ToDate are required");
            };
            if to < from || to - from >= Duration::days(crate::MAX_SCHEDULE_DAYS) {
                return status(
                    400,
                    "ArgumentException",
                    "The date range may not exceed 7 days",
                );
            }
            let mut classes: Vec<&SimClass> = state
                .classes
                .iter()
                .filter(|c| c.class.date >= from && c.class.date <= to)
                .collect();
            classes.sort_by_key(|c| (c.class.date, c.class.start));
            Reply::Data(
                200,
                Value::Array(
                    classes
                        .into_iter()
                        .map(|c| session_json(state, c))
                        .collect(),
                ),
            )
        }
        "clubready.get_class_roster" => {
            let id = p.id("ClassScheduleId");
            let Some(c) = state.classes.iter().find(|c| Some(c.schedule_id) == id) else {
                return declined("Class not found");
            };
            let entry = |b: &RecordedBooking| json!({"BookingId": b.booking_id, "UserId": b.user_id, "BookingStatusId": b.status_id});
            let roster: Vec<Value> = state
                .bookings
                .iter()
                .filter(|b| b.schedule_id == c.schedule_id && b.status_id == 2)
                .map(entry)
                .collect();
            let wait: Vec<Value> = state
                .bookings
                .iter()
                .filter(|b| b.schedule_id == c.schedule_id && b.status_id == 12)
                .map(entry)
                .collect();
            ok(
                json!({"Success": true, "ClassDate": wire::club_date(c.class.date),
                "FreeSpots": c.class.max_spots - roster.len() as i64, "MaxSpots": c.class.max_spots,
                "TotalBooked": roster.len(), "ClassRoster": roster, "WaitList": wait}),
            )
        }
        "clubready.get_booking_status" => {
            let (Some(id), Some(user)) = (p.id("ClassScheduleId"), p.id("UserId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "ClassScheduleId and UserId are required",
                );
            };
            let credits = state.credits.get(&user).copied().unwrap_or(0);
            let mine = |s: i32| {
                state
                    .bookings
                    .iter()
                    .any(|b| b.schedule_id == id && b.user_id == user && b.status_id == s)
            };
            ok(
                json!({"Success": true, "CanBook": credits > 0 && !mine(2), "ConsumesCredit": true,
                "AvailableCredits": credits, "IsBooked": mine(2), "IsWaitListed": mine(12),
                "CancelHours": 12}),
            )
        }
        "clubready.book_class" => {
            let (Some(user), Some(id)) = (p.id("UserId"), p.id("ScheduleId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "UserId and ScheduleId are required",
                );
            };
            let Some(max) = state
                .classes
                .iter()
                .find(|c| c.schedule_id == id)
                .map(|c| c.class.max_spots)
            else {
                return declined("Class not found");
            };
            let credits = state.credits.get(&user).copied().unwrap_or(0);
            if credits <= 0 {
                return declined("No credits available for this class");
            }
            let status_id = if booked(state, id) >= max {
                if !p.flag("AllowWaitList") {
                    return declined("Class is full");
                }
                12
            } else {
                *state.credits.entry(user).or_default() -= 1;
                2
            };
            let booking = RecordedBooking {
                booking_id: state.id(),
                user_id: user,
                schedule_id: id,
                status_id,
            };
            state.bookings.push(booking.clone());
            event(state, &booking);
            let message = if status_id == 12 {
                "Wait listed"
            } else {
                "Booked"
            };
            ok(json!({"BookingId": booking.booking_id, "Message": message}))
        }
        "clubready.update_booking_status" => {
            let (Some(booking_id), Some(new_status)) = (p.id("BookingId"), p.id("StatusId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "BookingId and StatusId are required",
                );
            };
            let Some(index) = state
                .bookings
                .iter()
                .position(|b| b.booking_id == booking_id)
            else {
                return declined("Booking not found");
            };
            let old = state.bookings[index].status_id;
            state.bookings[index].status_id = new_status as i32;
            if old == 2 && new_status == 3 {
                let user = state.bookings[index].user_id;
                *state.credits.entry(user).or_default() += 1;
            }
            let b = state.bookings[index].clone();
            event(state, &b);
            ok(json!({"Success": true, "Message": "Status updated"}))
        }
        "clubready.cancel_wait_list" => {
            let user: Option<u64> = segs.get(1).and_then(|s| s.parse().ok());
            let id = p.id("ClassScheduleId");
            match state
                .bookings
                .iter_mut()
                .find(|b| Some(b.user_id) == user && Some(b.schedule_id) == id && b.status_id == 12)
            {
                Some(b) => {
                    b.status_id = 3;
                    ok(json!({"Success": true}))
                }
                None => declined("Not on the wait list"),
            }
        }
        "clubready.get_booking_status_events" => {
            let (Some(from), Some(to)) = (
                p.text("FromDate").and_then(|d| parse_utc(&d)),
                p.text("ToDate").and_then(|d| parse_utc(&d)),
            ) else {
                return status(400, "ArgumentException", "FromDate and ToDate are required");
            };
            if to - from > Duration::hours(24) {
                return status(
                    400,
                    "ArgumentException",
                    "The window may not exceed 24 hours",
                );
            }
            let events: Vec<Value> = state
                .events
                .iter()
                .filter(|e| e.at >= from && e.at < to)
                .map(|e| {
                    json!({"ChainId": super::CHAIN_ID, "StoreId": STORE_ID, "UserId": e.user_id,
                        "BookingId": e.booking_id, "ClassScheduleId": e.schedule_id,
                        "Status": e.status_id})
                })
                .collect();
            ok(json!({"Success": true, "BookingStatusEvents": events}))
        }
        "clubready.get_credit_detail" => {
            let user: u64 = segs.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            let credits = state.credits.get(&user).copied().unwrap_or(0);
            ok(json!({"Success": true, "TotalAvailable": credits,
                "Credits": [{"ClassId": 1, "Name": "Classes", "Available": credits, "StoreId": STORE_ID}]}))
        }
        "clubready.list_packages" => Reply::Data(
            200,
            Value::Array(
                state
                    .packages
                    .iter()
                    .map(|pk| {
                        json!({"Id": pk.id, "Name": pk.name, "Price": money(pk.price),
                        "ContractId": pk.id + 500_000, "IsAutomRenew": false})
                    })
                    .collect(),
            ),
        ),
        "clubready.list_installments" | "clubready.calculate_installment" => {
            let id: Option<u64> = segs.get(2).and_then(|s| s.parse().ok());
            let Some(pk) = state.packages.iter().find(|pk| Some(pk.id) == id) else {
                return status(404, "NotFound", "Package not found");
            };
            if op == "clubready.calculate_installment" {
                return ok(json!({"SubTotal": money(pk.price),
                    "Payments": [{"PayToday": true, "Amount": money(pk.price)}]}));
            }
            Reply::Data(
                200,
                json!([{"Id": pk.id + 1, "ForOnlineSale": true, "PaymentCount": 1,
                    "DuePerPayment": pk.price.to_string(), "Fees": []}]),
            )
        }
        "clubready.get_package_eligibility" => {
            let id = p.id("PackageId");
            if state.packages.iter().any(|pk| Some(pk.id) == id) {
                ok(json!({"Success": true}))
            } else {
                declined("Package is not available to this member")
            }
        }
        "clubready.add_agreement" | "clubready.add_agreement_new_user" => {
            if !forwarded {
                return status(400, "ArgumentException", "X-Forwarded-For is required");
            }
            let package = p.id("PackageId");
            let Some(pk) = state
                .packages
                .iter()
                .find(|pk| Some(pk.id) == package)
                .cloned()
            else {
                return ok(json!({"success": false, "message": "Package not found"}));
            };
            let member = if op == "clubready.add_agreement" {
                match p.id("MemberId") {
                    Some(m) if state.users.iter().any(|u| u.user_id == m) => m,
                    _ => return ok(json!({"success": false, "message": "Member not found"})),
                }
            } else {
                let user_id = state.id();
                state.users.push(SimUser {
                    user_id,
                    first_name: p.text("FirstName").unwrap_or_default(),
                    last_name: p.text("LastName").unwrap_or_default(),
                    email: p.text("Email").unwrap_or_default(),
                    phone: p.text("Phone"),
                    barcode: format!("B{user_id}"),
                    username: None,
                    password: None,
                    member: false,
                });
                user_id
            };
            let token = format!("IAT-{}", state.id());
            let contract = pk.id + 500_000;
            state
                .agreements
                .insert(token.clone(), (member, pk.id, contract));
            ok(
                json!({"incompleteAgreementToken": token, "contractId": contract,
                "userId": member, "success": true}),
            )
        }
        "clubready.get_agreement_contract" => {
            let token = p.text("IncompleteAgreementToken").unwrap_or_default();
            match state.agreements.get(&token) {
                Some((_, package, _)) => {
                    ok(json!({"success": true, "incompleteAgreementToken": token,
                    "contractHtml": format!("<p>Agreement for package {package}</p>")}))
                }
                None => ok(json!({"success": false, "message": "Unknown agreement token"})),
            }
        }
        "clubready.create_agreement_sale" => sale(&p, forwarded, state),
        "clubready.import_payment_profile" => {
            let Some(token) = p.text("ProfileToken") else {
                return status(400, "ArgumentException", "ProfileToken is required");
            };
            if state.profiles.contains(&token) {
                return declined("Profile token already used");
            }
            state.profiles.push(token);
            ok(json!({"Success": true, "Message": "Imported"}))
        }
        "clubready.create_wallet_token" => {
            let token = format!("WT-{}", state.id());
            ok(json!({"success": true, "walletToken": token,
                "walletUrl": format!("https://wallet.example/{token}")}))
        }
        "clubready.list_stores" => Reply::Data(
            200,
            json!([{"StoreId": STORE_ID, "Name": "Simulated Club"}]),
        ),
        "clubready.list_staff" => Reply::Data(
            200,
            json!([{"UserId": 1, "FirstName": "Sam", "LastName": "Coach", "StaffTypeId": 1}]),
        ),
        "clubready.list_staff_types" => Reply::Data(200, json!([{"Id": 1, "Title": "Instructor"}])),
        "clubready.create_guest_pass" => {
            let (Some(user), Some(kind)) = (p.id("UserId"), p.id("GuestPassTypeId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "UserId and GuestPassTypeId are required",
                );
            };
            let id = state.id();
            state.guest_passes.push((id, user, kind));
            ok(json!({"Success": true, "Message": "Guest pass created"}))
        }
        "clubready.list_guest_passes" => {
            let user = p.id("UserId");
            let passes: Vec<Value> = state
                .guest_passes
                .iter()
                .filter(|(_, u, _)| Some(*u) == user)
                .map(|(id, _, kind)| json!({"GuestPassId": id, "GuestPassTypeId": kind}))
                .collect();
            ok(json!({"Success": true, "GuestPasses": passes}))
        }
        _ => status(404, "NotFound", "No such operation"),
    }
}

// A sale, the payment methods charged in order (the scenario 2: the first may
// approve only part of its amount, the next pays the rest).
fn sale(p: &Params, forwarded: bool, state: &mut State) -> Reply {
    if !forwarded {
        return status(400, "ArgumentException", "X-Forwarded-For is required");
    }
    let token = p.text("IncompleteAgreementToken").unwrap_or_default();
    let Some((member, _, contract)) = state.agreements.get(&token).copied() else {
        return ok(json!({"success": false, "message": "Unknown agreement token"}));
    };
    let Some(total) = p.decimal("PaymentAmount") else {
        return status(400, "ArgumentException", "PaymentAmount is required");
    };
    let methods = match p.get("PaymentMethods") {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(one)) => vec![Value::Object(one.clone())],
        _ => vec![json!({"PaymentAmount": total.to_string(), "UsePreferred": "true"})],
    };
    let mut left = total;
    let mut payments = Vec::new();
    for method in &methods {
        let Value::Object(fields) = method else {
            continue;
        };
        let m = Params(fields.clone());
        let kinds = [
            m.flag("UsePreferred"),
            m.text("AcctToken").is_some(),
            m.text("ProfileToken").is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return status(
                400,
                "ArgumentException",
                "Each payment method needs exactly one of UsePreferred, AcctToken, ProfileToken",
            );
        }
        let cap = m.decimal("PaymentAmount").unwrap_or(left);
        let limit = m
            .text("AcctToken")
            .and_then(|t| state.token_limits.get(&t).copied())
            .unwrap_or(cap);
        let paid = cap.min(limit).min(left).max(Decimal::ZERO);
        left -= paid;
        payments.push(paid);
    }
    if left > Decimal::ZERO {
        return ok(json!({"success": false,
            "message": format!("Payment declined: {} of {} approved", total - left, total)}));
    }
    state.agreements.remove(&token);
    state.sales.push(RecordedSale {
        member_id: member,
        contract_id: contract,
        amount: total,
        payments,
    });
    if let Some(u) = state.users.iter_mut().find(|u| u.user_id == member) {
        u.member = true;
    }
    ok(json!({"success": true, "contractId": contract, "message": "Sale complete"}))
}
