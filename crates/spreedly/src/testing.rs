//! A stateful, in-process Spreedly Subscriptions site with fault injection (feature
//! `testing`).
//!
//! [`SpreedlySimulator::start`] serves a test site ([`SITE`]) on `127.0.0.1` in Spreedly's
//! real XML shapes (typed attributes, `nil="true"`, `<nil-classes type="array"/>` for empty
//! lists, `in_grace_period` spelled with underscores as some real answers do) and with its
//! rules:
//!
//! - HTTP Basic with [`API_TOKEN`] as the user (any password), else 401
//!   "HTTP Basic: Access denied.";
//! - subscribers: 403 "A subscriber with a customer-id of … already exists." on a taken id,
//!   404 "There is no subscriber with a customer id of …", 422 "You must specify subscriber
//!   parameters" for an empty update, `new-customer-id` on update (403 when taken);
//! - free trials: 403 "The subscriber is not eligible for a free trial" and "The
//!   subscription plan must be a free trial plan.", 422 without a plan id; a trial makes
//!   the subscriber active, on trial and no longer eligible until allowed again;
//! - complimentary subscriptions only for inactive subscribers (403 otherwise), time
//!   extensions only for active ones (403), both extending `active-until`; 422 `<errors>`
//!   for bad durations; lifetime comps answer 201;
//! - store credit may be negative but the total never goes below 0 (422 `<errors>`);
//! - fees only for active, recurring subscribers (422); they are added to the next invoice;
//! - invoices: 404 unknown plan, 403 disabled plan, 422 incomplete; paying closes the
//!   invoice (403 "Unable to pay an invoice which has already been closed." after that),
//!   activates the subscriber and records a transaction;
//! - transactions: `since_id`, 50 at a time.
//!
//! Faults: [`SpreedlySimulator::inject`] takes the [`Fault`]s every paykit simulator shares,
//! scoped with [`Fault::on`] to the client's operation names (`spreedly.add_fee`,
//! `spreedly.pay_invoice`, `spreedly.list_transactions`, ...).
//!
//! ```
//! use paykit_spreedly::prelude::*;
//! use paykit_spreedly::testing::{Fault, SeedPlan, SpreedlySimulator};
//! use paykit_spreedly::{DurationUnits, NewSubscriber};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), paykit_spreedly::Error> {
//! let sim = SpreedlySimulator::start().await;
//! let trial = sim.seed_plan(SeedPlan::free_trial("Pro trial", "pro", 14, DurationUnits::Days));
//! let client = sim.client();
//! let ann = client.create_subscriber(&NewSubscriber::new("7", "ann")).await?;
//! sim.inject(Fault::status(503).on("spreedly.subscribe_to_free_trial"));
//! let err = client.subscribe_to_free_trial(&ann.customer_id, trial.id).await.unwrap_err();
//! assert!(err.maybe_sent()); // not retried: the trial may have started
//! let ann = client.subscribe_to_free_trial(&ann.customer_id, trial.id).await?;
//! assert!(ann.on_trial);
//! # Ok(()) }
//! ```

use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use paykit_core::testing::wiremock::matchers::any;
use paykit_core::testing::wiremock::{Mock, Request, Respond, ResponseTemplate};
use paykit_core::testing::{Faults, SimServer};
use rust_decimal::Decimal;
use time::OffsetDateTime;

pub use paykit_core::testing::{Fault, RecordedRequest};

use crate::client::{Client, ClientBuilder};
use crate::models::{Invoice, LineItem, Plan, Subscriber, Transaction, TransactionDetail};
use crate::subscribers::NewSubscriber;
use crate::values::{DurationUnits, PlanType};
use crate::xml::{Element, escape, parse};

/// The simulated site's name.
pub const SITE: &str = "sim-test";
/// The API token the simulator accepts.
pub const API_TOKEN: &str = "sim-api-token";

const PAGE: usize = 50;

/// A plan to seed with [`SpreedlySimulator::seed_plan`] (plans are read-only in the API).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeedPlan {
    name: String,
    feature_level: String,
    amount: Decimal,
    duration_quantity: u32,
    duration_units: DurationUnits,
    plan_type: PlanType,
    enabled: bool,
}

impl SeedPlan {
    /// A regular plan charging `amount` USD every `quantity` `units`.
    pub fn regular(
        name: impl Into<String>,
        feature_level: impl Into<String>,
        amount: Decimal,
        quantity: u32,
        units: DurationUnits,
    ) -> Self {
        SeedPlan {
            name: name.into(),
            feature_level: feature_level.into(),
            amount,
            duration_quantity: quantity,
            duration_units: units,
            plan_type: PlanType::Regular,
            enabled: true,
        }
    }

    /// A free-trial plan of `quantity` `units`.
    pub fn free_trial(
        name: impl Into<String>,
        feature_level: impl Into<String>,
        quantity: u32,
        units: DurationUnits,
    ) -> Self {
        SeedPlan {
            plan_type: PlanType::FreeTrial,
            ..SeedPlan::regular(name, feature_level, Decimal::ZERO, quantity, units)
        }
    }

    /// Disabled: invoices for it are refused (403).
    pub fn disabled(mut self) -> Self {
        self.enabled = false;
        self
    }
}

/// A fee waiting for the subscriber's next invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SimFee {
    /// The subscriber.
    pub customer_id: String,
    /// The fee's name.
    pub name: String,
    /// Its group.
    pub group: String,
    /// Its amount.
    pub amount: Decimal,
}

#[derive(Default)]
struct State {
    plans: Vec<Plan>,
    subscribers: Vec<Subscriber>,
    invoices: Vec<Invoice>,
    transactions: Vec<Transaction>,
    fees: Vec<SimFee>,
    invoice_plans: Vec<(String, u64)>,
    next_plan: u64,
    next_transaction: u64,
    next_token: u64,
}

use paykit_core::testing::lock;

/// A running Spreedly simulator. Dropping it stops the server.
pub struct SpreedlySimulator {
    server: SimServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for SpreedlySimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpreedlySimulator")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

impl SpreedlySimulator {
    /// Starts a simulator with no plans and no subscribers.
    pub async fn start() -> SpreedlySimulator {
        let server = SimServer::start().await;
        let state = Arc::new(Mutex::new(State {
            next_plan: 100,
            next_transaction: 1,
            ..State::default()
        }));
        Mock::given(any())
            .respond_with(Responder {
                state: state.clone(),
                faults: server.faults().clone(),
            })
            .mount(server.mock_server())
            .await;
        SpreedlySimulator { server, state }
    }

    /// The API root to give [`ClientBuilder::base_url`].
    pub fn base_url(&self) -> String {
        format!("{}/api/v4/{SITE}", self.server.uri())
    }

    /// Where the hosted pages would live.
    pub fn hosted_url(&self) -> String {
        format!("{}/{SITE}", self.server.uri())
    }

    /// A client builder for this simulator: its token, fast retry back-offs, no
    /// client-side rate limit, and [`ClientBuilder::test_site`]`(true)` (the simulator is a
    /// test site).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(SITE, API_TOKEN)
            .base_url(self.base_url())
            .rate_limit(None)
            .test_site(true)
            .retry(paykit_core::testing::fast_retry())
    }

    /// A ready client.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's client settings are valid")
    }

    /// Adds a plan and returns it as the API would.
    pub fn seed_plan(&self, plan: SeedPlan) -> Plan {
        let mut state = lock(&self.state);
        state.next_plan += 1;
        let now = now();
        let plan = Plan {
            id: state.next_plan,
            name: plan.name,
            description: None,
            terms: Some(terms(plan.duration_quantity, &plan.duration_units)),
            plan_type: Some(plan.plan_type),
            price: Some(plan.amount),
            amount: Some(plan.amount),
            currency_code: Some("USD".into()),
            duration_quantity: Some(plan.duration_quantity),
            duration_units: Some(plan.duration_units),
            charge_after_first_period: false,
            charge_later_duration_quantity: None,
            charge_later_duration_units: None,
            enabled: plan.enabled,
            force_recurring: false,
            needs_to_be_renewed: true,
            feature_level: Some(plan.feature_level),
            return_url: None,
            minimum_needed_for_charge: None,
            setup_fee_amount: None,
            setup_fee_description: None,
            setup_fee_currency_code: None,
            version: Some(1),
            created_at: Some(now),
            updated_at: Some(now),
        };
        state.plans.push(plan.clone());
        plan
    }

    /// Adds a subscriber (inactive, eligible for a free trial) and returns it.
    pub fn seed_subscriber(&self, subscriber: NewSubscriber) -> Subscriber {
        let mut state = lock(&self.state);
        let s = new_subscriber(
            &mut state,
            subscriber.customer_id(),
            Some(subscriber.screen_name_ref()),
            subscriber.email_ref(),
        );
        state.subscribers.push(s.clone());
        s
    }

    /// The plans.
    pub fn plans(&self) -> Vec<Plan> {
        lock(&self.state).plans.clone()
    }

    /// The subscribers, in creation order.
    pub fn subscribers(&self) -> Vec<Subscriber> {
        lock(&self.state).subscribers.clone()
    }

    /// One subscriber.
    pub fn subscriber(&self, customer_id: &str) -> Option<Subscriber> {
        lock(&self.state)
            .subscribers
            .iter()
            .find(|s| s.customer_id == customer_id)
            .cloned()
    }

    /// The invoices.
    pub fn invoices(&self) -> Vec<Invoice> {
        lock(&self.state).invoices.clone()
    }

    /// The transactions.
    pub fn transactions(&self) -> Vec<Transaction> {
        lock(&self.state).transactions.clone()
    }

    /// The fees waiting for an invoice.
    pub fn fees(&self) -> Vec<SimFee> {
        lock(&self.state).fees.clone()
    }

    /// Records a transaction for `customer_id` (for paging tests) and returns it.
    pub fn seed_transaction(
        &self,
        customer_id: &str,
        amount: Decimal,
        description: &str,
    ) -> Transaction {
        let mut state = lock(&self.state);
        record_transaction(&mut state, customer_id, amount, description, None)
    }

    /// Serves `fault` to the next matching request.
    pub fn inject(&self, fault: Fault) {
        self.server.inject(fault);
    }

    /// The pending faults.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Every request received so far, in order.
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests().await
    }

    /// Forgets the requests received so far.
    pub async fn clear_requests(&self) {
        self.server.clear_requests().await;
    }
}

fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

fn terms(quantity: u32, units: &DurationUnits) -> String {
    let unit = match units {
        DurationUnits::Days => "day",
        _ => "month",
    };
    if quantity == 1 {
        format!("1 {unit}")
    } else {
        format!("{quantity} {unit}s")
    }
}

/// `from` plus `quantity` `units` (a month keeps its day, clamped to the month's length).
fn add(from: OffsetDateTime, quantity: u32, units: &DurationUnits) -> OffsetDateTime {
    match units {
        DurationUnits::Days => from + time::Duration::days(i64::from(quantity)),
        _ => {
            let total = i64::from(from.month() as u8) - 1 + i64::from(quantity);
            let year = from.year() + i32::try_from(total / 12).unwrap_or(0);
            let month = time::Month::try_from(u8::try_from(total % 12 + 1).unwrap_or(1))
                .unwrap_or(time::Month::January);
            let day = from.day().min(time::util::days_in_month(month, year));
            time::Date::from_calendar_date(year, month, day)
                .map(|d| from.replace_date(d))
                .unwrap_or(from)
        }
    }
}

fn new_subscriber(
    state: &mut State,
    customer_id: &str,
    screen_name: Option<&str>,
    email: Option<&str>,
) -> Subscriber {
    state.next_token += 1;
    let now = now();
    Subscriber {
        customer_id: customer_id.to_owned(),
        screen_name: screen_name.map(str::to_owned),
        email: email.map(str::to_owned),
        token: Some(format!("{:040x}", 0x5eed_0000_u64 + state.next_token)),
        active: false,
        active_until: None,
        on_trial: false,
        on_gift: false,
        on_metered: false,
        recurring: false,
        eligible_for_free_trial: true,
        eligible_for_setup_fee: true,
        lifetime_subscription: false,
        feature_level: None,
        subscription_plan_name: None,
        card_expires_before_next_auto_renew: false,
        grace_until: None,
        in_grace_period: false,
        ready_to_renew: false,
        ready_to_renew_since: None,
        store_credit: Some(Decimal::new(0, 1)),
        store_credit_currency_code: Some("USD".into()),
        billing_first_name: None,
        billing_last_name: None,
        billing_address1: None,
        billing_city: None,
        billing_state: None,
        billing_zip: None,
        billing_country: None,
        billing_phone_number: None,
        payment_account_on_file: false,
        payment_account_display: None,
        pagination_id: None,
        invoices: Vec::new(),
        created_at: Some(now),
        updated_at: Some(now),
    }
}

fn record_transaction(
    state: &mut State,
    customer_id: &str,
    amount: Decimal,
    description: &str,
    invoice: Option<u64>,
) -> Transaction {
    let id = state.next_transaction;
    state.next_transaction += 1;
    let now = now();
    let t = Transaction {
        id,
        amount: Some(amount),
        price: Some(price(amount)),
        currency_code: Some("USD".into()),
        description: Some(description.to_owned()),
        detail_type: Some("Subscription".into()),
        subscriber_customer_id: Some(customer_id.to_owned()),
        invoice_id: invoice,
        terms: None,
        detail: Some(TransactionDetail::default()),
        start_time: Some(now),
        expires_at: None,
        created_at: Some(now),
        updated_at: Some(now),
    };
    state.transactions.push(t.clone());
    t
}

fn price(amount: Decimal) -> String {
    format!("${:.2}", amount)
}

// ---------------------------------------------------------------------------------------
// The HTTP surface.

/// A status, a content type and a body, plus an optional `Location`.
struct Reply {
    status: u16,
    xml: bool,
    body: String,
    location: Option<String>,
}

fn xml(status: u16, body: String) -> Reply {
    Reply {
        status,
        xml: true,
        body,
        location: None,
    }
}

fn text(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        xml: false,
        body: body.into(),
        location: None,
    }
}

fn errors(status: u16, messages: &[&str]) -> Reply {
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n");
    for m in messages {
        let _ = writeln!(body, "  <error>{}</error>", escape(m));
    }
    body.push_str("</errors>\n");
    xml(status, body)
}

struct Responder {
    state: Arc<Mutex<State>>,
    faults: Faults,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let segments = segments(request);
        let op = operation(request.method.as_str(), &segments);
        self.faults.respond(op, || {
            let reply = {
                let mut state = lock(&self.state);
                route(request, &segments, &mut state)
            };
            let mut template = ResponseTemplate::new(reply.status).set_body_raw(
                reply.body.into_bytes(),
                if reply.xml {
                    "application/xml; charset=utf-8"
                } else {
                    "text/plain; charset=utf-8"
                },
            );
            if let Some(location) = reply.location {
                template = template.insert_header("location", location.as_str());
            }
            template
        })
    }
}

/// The path below `/api/v4/{site}`, split, `.xml` removed from the last part, each part
/// percent-decoded.
fn segments(request: &Request) -> Vec<String> {
    let path = request.url.path();
    let rest = path
        .strip_prefix(&format!("/api/v4/{SITE}"))
        .unwrap_or("/unknown");
    let rest = rest.strip_suffix(".xml").unwrap_or(rest);
    rest.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            paykit_core::url::form_urlencoded::parse(
                format!("x={}", s.replace('+', "%2B")).as_bytes(),
            )
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
        })
        .collect()
}

/// The client's operation name for a request (what [`Fault::on`] scopes by).
fn operation(method: &str, segments: &[String]) -> &'static str {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method, s.as_slice()) {
        ("GET", ["subscription_plans"]) => "spreedly.list_plans",
        ("GET", ["subscribers"]) => "spreedly.list_subscribers",
        ("POST", ["subscribers"]) => "spreedly.create_subscriber",
        ("DELETE", ["subscribers"]) => "spreedly.delete_all_subscribers",
        ("GET", ["subscribers", _]) => "spreedly.get_subscriber",
        ("PUT", ["subscribers", _]) => "spreedly.update_subscriber",
        ("DELETE", ["subscribers", _]) => "spreedly.delete_subscriber",
        ("PUT", ["subscribers", _, "change_subscription_plan"]) => "spreedly.change_plan",
        ("POST", ["subscribers", _, "complimentary_subscriptions"]) => {
            "spreedly.create_complimentary_subscription"
        }
        (
            "POST",
            [
                "subscribers",
                _,
                "complimentary_time_extensions" | "complimentary_time_extension",
            ],
        ) => "spreedly.create_complimentary_time_extension",
        ("POST", ["subscribers", _, "lifetime_complimentary_subscriptions"]) => {
            "spreedly.create_lifetime_complimentary_subscription"
        }
        ("POST", ["subscribers", _, "credits"]) => "spreedly.add_store_credit",
        ("POST", ["subscribers", _, "fees"]) => "spreedly.add_fee",
        ("POST", ["subscribers", _, "stop_auto_renew"]) => "spreedly.stop_auto_renew",
        ("POST", ["subscribers", _, "subscribe_to_free_trial"]) => {
            "spreedly.subscribe_to_free_trial"
        }
        ("POST", ["subscribers", _, "allow_free_trial"]) => "spreedly.allow_free_trial",
        ("POST", ["invoices"]) => "spreedly.create_invoice",
        ("PUT", ["invoices", _, "pay"]) => "spreedly.pay_invoice",
        ("GET", ["transactions"]) => "spreedly.list_transactions",
        _ => "spreedly.unknown",
    }
}

fn authorized(request: &Request) -> bool {
    use base64ct::Encoding as _;
    let Some(value) = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some(encoded) = value.strip_prefix("Basic ") else {
        return false;
    };
    let Ok(decoded) = base64ct::Base64::decode_vec(encoded.trim()) else {
        return false;
    };
    let decoded = String::from_utf8_lossy(&decoded);
    decoded.split_once(':').map(|(user, _)| user) == Some(API_TOKEN)
}

fn body(request: &Request) -> Option<Element> {
    parse(&request.body).ok()
}

fn child<'a>(el: &'a Element, name: &str) -> Option<&'a Element> {
    el.children.iter().find(|c| c.name == name)
}

fn field(el: &Element, name: &str) -> Option<String> {
    child(el, name)
        .filter(|c| !c.nil)
        .map(|c| c.text.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn route(request: &Request, segments: &[String], state: &mut State) -> Reply {
    if !authorized(request) {
        return text(401, "HTTP Basic: Access denied.\n");
    }
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method.as_str();
    match (method, s.as_slice()) {
        ("GET", ["subscription_plans"]) => xml(
            200,
            list("subscription-plans", state.plans.iter().map(plan_xml)),
        ),
        ("GET", ["subscribers"]) => xml(
            200,
            list(
                "subscribers",
                state.subscribers.iter().map(|s| subscriber_xml(s, false)),
            ),
        ),
        ("DELETE", ["subscribers"]) => {
            state.subscribers.clear();
            text(200, "")
        }
        ("POST", ["subscribers"]) => create_subscriber(request, state),
        ("GET", ["subscribers", cid]) => {
            with_subscriber(state, cid, |s, _| xml(200, doc(&subscriber_xml(s, true))))
        }
        ("PUT", ["subscribers", cid]) => update_subscriber(request, state, cid),
        ("DELETE", ["subscribers", cid]) => {
            let before = state.subscribers.len();
            state.subscribers.retain(|s| s.customer_id != *cid);
            if state.subscribers.len() == before {
                no_subscriber(cid)
            } else {
                text(200, "")
            }
        }
        ("POST", ["subscribers", cid, action]) | ("PUT", ["subscribers", cid, action]) => {
            subscriber_action(request, state, cid, action)
        }
        ("POST", ["invoices"]) => create_invoice(request, state),
        ("PUT", ["invoices", token, "pay"]) => pay_invoice(request, state, token),
        ("GET", ["transactions"]) => {
            let since = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "since_id")
                .and_then(|(_, v)| v.parse::<u64>().ok())
                .unwrap_or(0);
            let items: Vec<String> = state
                .transactions
                .iter()
                .filter(|t| t.id > since)
                .take(PAGE)
                .map(transaction_xml)
                .collect();
            xml(200, list("transactions", items.into_iter()))
        }
        _ => text(404, "Not found\n"),
    }
}

fn no_subscriber(cid: &str) -> Reply {
    text(
        404,
        format!("There is no subscriber with a customer id of {cid}"),
    )
}

fn with_subscriber(
    state: &mut State,
    cid: &str,
    f: impl FnOnce(&mut Subscriber, &[Plan]) -> Reply,
) -> Reply {
    let plans = state.plans.clone();
    match state.subscribers.iter_mut().find(|s| s.customer_id == cid) {
        Some(s) => {
            let reply = f(s, &plans);
            s.updated_at = Some(now());
            reply
        }
        None => no_subscriber(cid),
    }
}

fn create_subscriber(request: &Request, state: &mut State) -> Reply {
    let Some(el) = body(request).filter(|e| e.name == "subscriber") else {
        return errors(422, &["You must specify subscriber parameters"]);
    };
    let Some(cid) = field(&el, "customer-id") else {
        return errors(422, &["Customer can't be blank"]);
    };
    if state.subscribers.iter().any(|s| s.customer_id == cid) {
        return text(
            403,
            format!("A subscriber with a customer-id of {cid} already exists."),
        );
    }
    let mut s = new_subscriber(
        state,
        &cid,
        field(&el, "screen-name").as_deref(),
        field(&el, "email").as_deref(),
    );
    s.billing_first_name = field(&el, "billing-first-name");
    s.billing_last_name = field(&el, "billing-last-name");
    state.subscribers.push(s.clone());
    let mut reply = xml(201, doc(&subscriber_xml(&s, true)));
    reply.location = Some(format!("/api/v4/{SITE}/subscribers/{cid}.xml"));
    reply
}

fn update_subscriber(request: &Request, state: &mut State, cid: &str) -> Reply {
    let el = body(request).filter(|e| e.name == "subscriber" && !e.children.is_empty());
    let Some(el) = el else {
        return text(422, "You must specify subscriber parameters");
    };
    let new_id = field(&el, "new-customer-id");
    if let Some(id) = &new_id
        && id != cid
        && state.subscribers.iter().any(|s| &s.customer_id == id)
    {
        return text(
            403,
            format!("A subscriber with a customer-id of {id} already exists."),
        );
    }
    with_subscriber(state, cid, |s, _| {
        if let Some(id) = new_id {
            s.customer_id = id;
        }
        if let Some(number) = child(&el, "payment-method")
            .and_then(|m| child(m, "credit-card"))
            .and_then(|c| field(c, "number"))
        {
            let last4: String = number
                .chars()
                .skip(number.len().saturating_sub(4))
                .collect();
            s.payment_account_on_file = true;
            s.payment_account_display = Some(format!("XXXX-XXXX-XXXX-{last4}"));
        }
        for (name, slot) in [
            ("screen-name", &mut s.screen_name),
            ("email", &mut s.email),
            ("billing-first-name", &mut s.billing_first_name),
            ("billing-last-name", &mut s.billing_last_name),
        ] {
            if let Some(v) = field(&el, name) {
                *slot = Some(v);
            }
        }
        text(200, "")
    })
}

fn plan_id(el: Option<&Element>) -> Option<u64> {
    el.and_then(|e| field(e, "id")).and_then(|v| v.parse().ok())
}

fn duration(el: &Element) -> Result<(u32, DurationUnits), Reply> {
    let mut problems = Vec::new();
    let units = match field(el, "duration-units").as_deref() {
        Some("days") => Some(DurationUnits::Days),
        Some("months") => Some(DurationUnits::Months),
        _ => {
            problems.push("Duration units must be either 'days' or 'months'");
            None
        }
    };
    let quantity = match field(el, "duration-quantity").and_then(|q| q.parse::<u32>().ok()) {
        Some(q) if q > 0 => Some(q),
        _ => {
            problems.push("Duration quantity can't be blank");
            None
        }
    };
    match (quantity, units) {
        (Some(q), Some(u)) => Ok((q, u)),
        _ => Err(errors(422, &problems)),
    }
}

fn subscriber_action(request: &Request, state: &mut State, cid: &str, action: &str) -> Reply {
    let method = request.method.as_str();
    let el = body(request);
    match (method, action) {
        ("PUT", "change_subscription_plan") => {
            let Some(id) = plan_id(el.as_ref()) else {
                return text(422, "You must specify the subscription plan id");
            };
            let Some(plan) = state.plans.iter().find(|p| p.id == id).cloned() else {
                return text(
                    404,
                    format!("There is no subscription plan with an ID of {id}"),
                );
            };
            with_subscriber(state, cid, |s, _| {
                s.feature_level = plan.feature_level.clone();
                s.subscription_plan_name = Some(plan.name.clone());
                xml(200, doc(&subscriber_xml(s, true)))
            })
        }
        ("POST", "subscribe_to_free_trial") => {
            let Some(id) = plan_id(el.as_ref()) else {
                return text(422, "You must specify the subscription plan id");
            };
            if !state.subscribers.iter().any(|s| s.customer_id == cid) {
                return no_subscriber(cid);
            }
            let Some(plan) = state.plans.iter().find(|p| p.id == id).cloned() else {
                return text(
                    404,
                    format!("There is no subscription plan with an ID of {id}"),
                );
            };
            with_subscriber(state, cid, |s, _| {
                if !s.eligible_for_free_trial {
                    return text(403, "The subscriber is not eligible for a free trial");
                }
                if !plan.is_free_trial() {
                    return text(403, "The subscription plan must be a free trial plan.");
                }
                let units = plan.duration_units.clone().unwrap_or(DurationUnits::Days);
                s.active = true;
                s.on_trial = true;
                s.eligible_for_free_trial = false;
                s.recurring = false;
                s.active_until = Some(add(now(), plan.duration_quantity.unwrap_or(0), &units));
                s.feature_level = plan.feature_level.clone();
                s.subscription_plan_name = Some(plan.name.clone());
                xml(200, doc(&subscriber_xml(s, true)))
            })
        }
        ("POST", "allow_free_trial") => with_subscriber(state, cid, |s, _| {
            s.eligible_for_free_trial = true;
            xml(200, doc(&subscriber_xml(s, true)))
        }),
        ("POST", "stop_auto_renew") => with_subscriber(state, cid, |s, _| {
            s.recurring = false;
            xml(200, doc(&subscriber_xml(s, true)))
        }),
        ("POST", "complimentary_subscriptions") => {
            let Some(el) = el else {
                return errors(422, &["Duration quantity can't be blank"]);
            };
            let (quantity, units) = match duration(&el) {
                Ok(d) => d,
                Err(reply) => return reply,
            };
            let Some(level) = field(&el, "feature-level") else {
                return errors(422, &["Feature level can't be blank"]);
            };
            let start = field(&el, "start-time")
                .and_then(|t| {
                    OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
                })
                .unwrap_or_else(now);
            let amount = field(&el, "amount").and_then(|a| a.parse::<Decimal>().ok());
            let reply = with_subscriber(state, cid, |s, _| {
                if s.active {
                    return text(
                        403,
                        "Complimentary subscriptions cannot be given to active subscribers.",
                    );
                }
                s.active = true;
                s.on_gift = true;
                s.recurring = false;
                s.active_until = Some(add(start, quantity, &units));
                s.feature_level = Some(level.clone());
                xml(201, doc(&subscriber_xml(s, true)))
            });
            if reply.status == 201 {
                record_transaction(
                    state,
                    cid,
                    amount.unwrap_or(Decimal::ZERO),
                    "Complimentary subscription",
                    None,
                );
            }
            reply
        }
        ("POST", "complimentary_time_extensions" | "complimentary_time_extension") => {
            let Some(el) = el else {
                return errors(422, &["Duration quantity can't be blank"]);
            };
            let (quantity, units) = match duration(&el) {
                Ok(d) => d,
                Err(reply) => return reply,
            };
            with_subscriber(state, cid, |s, _| {
                if !s.active {
                    return text(
                        403,
                        "Complimentary time extensions cannot be given to inactive subscribers.",
                    );
                }
                let from = s.active_until.unwrap_or_else(now);
                s.active_until = Some(add(from, quantity, &units));
                xml(201, doc(&subscriber_xml(s, true)))
            })
        }
        ("POST", "lifetime_complimentary_subscriptions") => {
            let Some(level) = el.as_ref().and_then(|e| field(e, "feature-level")) else {
                return errors(422, &["Feature level can't be blank"]);
            };
            with_subscriber(state, cid, |s, _| {
                s.active = true;
                s.lifetime_subscription = true;
                s.recurring = false;
                s.active_until = None;
                s.feature_level = Some(level);
                xml(201, doc(&subscriber_xml(s, true)))
            })
        }
        ("POST", "credits") => {
            let Some(amount) = el
                .as_ref()
                .and_then(|e| field(e, "amount"))
                .and_then(|a| a.parse::<Decimal>().ok())
            else {
                return errors(422, &["Amount is not a number"]);
            };
            with_subscriber(state, cid, |s, _| {
                let total = s.store_credit.unwrap_or_default() + amount;
                if total < Decimal::ZERO {
                    return errors(
                        422,
                        &[
                            "Amount is invalid. The total store credit for a subscriber cannot be negative.",
                        ],
                    );
                }
                s.store_credit = Some(total);
                xml(201, doc(&subscriber_xml(s, true)))
            })
        }
        ("POST", "fees") => {
            let Some(el) = el else {
                return errors(422, &["Name can't be blank"]);
            };
            let Some(subscriber) = state.subscribers.iter().find(|s| s.customer_id == cid) else {
                return no_subscriber(cid);
            };
            if !subscriber.active || !subscriber.recurring {
                return errors(
                    422,
                    &["Fees can only be added to active, recurring subscribers"],
                );
            }
            let (Some(name), Some(amount)) = (
                field(&el, "name"),
                field(&el, "amount").and_then(|a| a.parse::<Decimal>().ok()),
            ) else {
                return errors(422, &["Name can't be blank", "Amount is not a number"]);
            };
            state.fees.push(SimFee {
                customer_id: cid.to_owned(),
                name,
                group: field(&el, "group").unwrap_or_default(),
                amount,
            });
            text(201, "")
        }
        _ => text(404, "Not found\n"),
    }
}

fn create_invoice(request: &Request, state: &mut State) -> Reply {
    let el = body(request).filter(|e| e.name == "invoice");
    let plan_id = el
        .as_ref()
        .and_then(|e| field(e, "subscription-plan-id"))
        .and_then(|v| v.parse::<u64>().ok());
    let sub = el.as_ref().and_then(|e| child(e, "subscriber"));
    let cid = sub.and_then(|s| field(s, "customer-id"));
    let (Some(plan_id), Some(sub), Some(cid)) = (plan_id, sub, cid) else {
        return text(
            422,
            "You must specify both the subscription plan id and subscriber information.",
        );
    };
    let Some(plan) = state.plans.iter().find(|p| p.id == plan_id).cloned() else {
        return text(
            404,
            format!("There is no subscription plan with an ID of {plan_id}"),
        );
    };
    if !plan.enabled {
        return text(
            403,
            "The subscription plan is temporarily unavailable for purchase.",
        );
    }
    if !state.subscribers.iter().any(|s| s.customer_id == cid) {
        let s = new_subscriber(
            state,
            &cid,
            field(sub, "screen-name").as_deref(),
            field(sub, "email").as_deref(),
        );
        state.subscribers.push(s);
    }
    let amount = plan.amount.unwrap_or_default();
    let mut lines = vec![LineItem {
        amount: Some(amount),
        price: Some(price(amount)),
        currency_code: Some("USD".into()),
        description: plan.terms.clone(),
        notes: None,
        subscription_plan_version_id: None,
    }];
    let (mine, rest): (Vec<SimFee>, Vec<SimFee>) = std::mem::take(&mut state.fees)
        .into_iter()
        .partition(|f| f.customer_id == cid);
    state.fees = rest;
    for fee in mine {
        lines.push(LineItem {
            amount: Some(fee.amount),
            price: Some(price(fee.amount)),
            currency_code: Some("USD".into()),
            description: Some(fee.name),
            notes: Some(fee.group),
            subscription_plan_version_id: None,
        });
    }
    let total: Decimal = lines.iter().filter_map(|l| l.amount).sum();
    state.next_token += 1;
    let now = now();
    let subscriber = state
        .subscribers
        .iter()
        .find(|s| s.customer_id == cid)
        .cloned();
    let invoice = Invoice {
        token: format!("{:040x}", 0x1a4e_0000_u64 + state.next_token),
        closed: false,
        amount: Some(total),
        price: Some(price(total)),
        currency_code: Some("USD".into()),
        customer_id: Some(cid.clone()),
        subscriber: subscriber.map(Box::new),
        line_items: lines,
        subscriber_store_credit: None,
        response_message: None,
        response_client_message: None,
        response_customer_message: None,
        created_at: Some(now),
        updated_at: Some(now),
    };
    state.invoices.push(invoice.clone());
    state.invoice_plans.push((invoice.token.clone(), plan_id));
    xml(201, doc(&invoice_xml(&invoice)))
}

fn pay_invoice(request: &Request, state: &mut State, token: &str) -> Reply {
    let Some(index) = state.invoices.iter().position(|i| i.token == token) else {
        return text(404, format!("There is no invoice with a token of {token}"));
    };
    if state.invoices[index].closed {
        return text(
            403,
            "Unable to pay an invoice which has already been closed.",
        );
    }
    let el = body(request).filter(|e| e.name == "payment");
    let account = el.as_ref().and_then(|e| field(e, "account-type"));
    let cid = state.invoices[index]
        .customer_id
        .clone()
        .unwrap_or_default();
    let on_file = state
        .subscribers
        .iter()
        .any(|s| s.customer_id == cid && s.payment_account_on_file);
    let card = el.as_ref().and_then(|e| child(e, "credit-card"));
    let display = match account.as_deref() {
        Some("credit-card") => {
            let ok = card.is_some_and(|c| {
                [
                    "number",
                    "card-type",
                    "verification-value",
                    "month",
                    "year",
                    "first-name",
                    "last-name",
                ]
                .iter()
                .all(|f| field(c, f).is_some())
            });
            if !ok {
                return text(
                    422,
                    "You must specify credit card parameters for the payment.",
                );
            }
            let number = card.and_then(|c| field(c, "number")).unwrap_or_default();
            let last4: String = number
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("XXXX-XXXX-XXXX-{last4}")
        }
        Some("on-file") if on_file => String::new(),
        Some("on-file") => return text(422, "The subscriber has no payment account on file."),
        _ => {
            return text(
                422,
                "You must specify credit card parameters for the payment.",
            );
        }
    };
    let plan_id = state
        .invoice_plans
        .iter()
        .find(|(t, _)| t == token)
        .map(|(_, id)| *id);
    let plan = plan_id.and_then(|id| state.plans.iter().find(|p| p.id == id).cloned());
    let now = now();
    if let Some(s) = state.subscribers.iter_mut().find(|s| s.customer_id == cid) {
        s.active = true;
        s.recurring = true;
        s.on_trial = false;
        s.payment_account_on_file = true;
        if !display.is_empty() {
            s.payment_account_display = Some(display);
        }
        if let Some(plan) = &plan {
            let units = plan.duration_units.clone().unwrap_or(DurationUnits::Months);
            let from = s.active_until.filter(|t| *t > now).unwrap_or(now);
            s.active_until = Some(add(from, plan.duration_quantity.unwrap_or(1), &units));
            s.feature_level = plan.feature_level.clone();
            s.subscription_plan_name = Some(plan.name.clone());
        }
        s.updated_at = Some(now);
    }
    let subscriber = state
        .subscribers
        .iter()
        .find(|s| s.customer_id == cid)
        .cloned();
    let amount = state.invoices[index].amount.unwrap_or_default();
    let invoice = &mut state.invoices[index];
    invoice.closed = true;
    invoice.updated_at = Some(now);
    invoice.response_message = Some("OK".into());
    invoice.subscriber = subscriber.map(Box::new);
    if let Some(first) = invoice.line_items.first_mut() {
        first.subscription_plan_version_id = plan_id;
    }
    let invoice = invoice.clone();
    record_transaction(state, &cid, amount, "Payment", None);
    xml(200, doc(&invoice_xml(&invoice)))
}

// ---------------------------------------------------------------------------------------
// The XML shapes.

fn doc(body: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n")
}

fn list(name: &str, items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        return doc("<nil-classes type=\"array\"/>");
    }
    doc(&format!(
        "<{name} type=\"array\">{}</{name}>",
        items.concat()
    ))
}

#[derive(Default)]
struct W(String);

impl W {
    fn s(&mut self, name: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => {
                let _ = write!(self.0, "<{name}>{}</{name}>", escape(v));
            }
            None => {
                let _ = write!(self.0, "<{name} nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn typed_s(&mut self, name: &str, v: Option<&str>) -> &mut Self {
        let _ = write!(
            self.0,
            "<{name} type=\"string\">{}</{name}>",
            escape(v.unwrap_or(""))
        );
        self
    }
    fn b(&mut self, name: &str, v: bool) -> &mut Self {
        let _ = write!(self.0, "<{name} type=\"boolean\">{v}</{name}>");
        self
    }
    fn i(&mut self, name: &str, v: Option<u64>) -> &mut Self {
        match v {
            Some(v) => {
                let _ = write!(self.0, "<{name} type=\"integer\">{v}</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name} type=\"integer\" nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn d(&mut self, name: &str, v: Option<Decimal>) -> &mut Self {
        match v {
            Some(v) => {
                let _ = write!(self.0, "<{name} type=\"decimal\">{v}</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name} type=\"decimal\" nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn t(&mut self, name: &str, v: Option<OffsetDateTime>) -> &mut Self {
        let text = v.and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
        match text {
            Some(text) => {
                let _ = write!(self.0, "<{name} type=\"datetime\">{text}</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name} type=\"datetime\" nil=\"true\"></{name}>");
            }
        }
        self
    }
    fn raw(&mut self, xml: &str) -> &mut Self {
        self.0.push_str(xml);
        self
    }
    fn wrap(&self, name: &str) -> String {
        format!("<{name}>{}</{name}>", self.0)
    }
}

fn plan_xml(p: &Plan) -> String {
    let mut w = W::default();
    w.d("amount", p.amount)
        .b("charge-after-first-period", p.charge_after_first_period)
        .i(
            "charge-later-duration-quantity",
            p.charge_later_duration_quantity.map(u64::from),
        )
        .s(
            "charge-later-duration-units",
            p.charge_later_duration_units.as_ref().map(|u| u.as_str()),
        )
        .t("created-at", p.created_at)
        .s("currency-code", p.currency_code.as_deref())
        .s("description", p.description.as_deref())
        .i("duration-quantity", p.duration_quantity.map(u64::from))
        .s(
            "duration-units",
            p.duration_units.as_ref().map(|u| u.as_str()),
        )
        .b("enabled", p.enabled)
        .typed_s("feature-level", p.feature_level.as_deref())
        .b("force-recurring", p.force_recurring)
        .i("id", Some(p.id))
        .s("name", Some(&p.name))
        .b("needs-to-be-renewed", p.needs_to_be_renewed)
        .s("plan-type", p.plan_type.as_ref().map(|t| t.as_str()))
        .s("return-url", p.return_url.as_deref())
        .s("terms", p.terms.as_deref())
        .t("updated-at", p.updated_at)
        .d("price", p.price)
        .i("version", p.version);
    w.wrap("subscription-plan")
}

fn subscriber_xml(s: &Subscriber, with_invoices: bool) -> String {
    let mut w = W::default();
    w.t("active-until", s.active_until)
        .s("billing-first-name", s.billing_first_name.as_deref())
        .s("billing-last-name", s.billing_last_name.as_deref())
        .b(
            "card-expires-before-next-auto-renew",
            s.card_expires_before_next_auto_renew,
        )
        .t("created-at", s.created_at)
        .s("customer-id", Some(&s.customer_id))
        .b("eligible-for-free-trial", s.eligible_for_free_trial)
        .b("eligible-for-setup-fee", s.eligible_for_setup_fee)
        .s("email", s.email.as_deref())
        .b("lifetime-subscription", s.lifetime_subscription)
        .b("on-trial", s.on_trial)
        .b("on-gift", s.on_gift)
        .b("on-metered", s.on_metered)
        .b("ready-to-renew", s.ready_to_renew)
        .t("ready-to-renew-since", s.ready_to_renew_since)
        .b("recurring", s.recurring)
        .s("screen-name", s.screen_name.as_deref())
        .d("store-credit", s.store_credit)
        .s(
            "store-credit-currency-code",
            s.store_credit_currency_code.as_deref(),
        )
        .s("token", s.token.as_deref())
        .t("updated-at", s.updated_at)
        .t("grace-until", s.grace_until)
        // Some real answers spell this one with underscores, and send it empty.
        .raw(if s.in_grace_period {
            "<in_grace_period type=\"boolean\">true</in_grace_period>"
        } else {
            "<in_grace_period type=\"boolean\"></in_grace_period>"
        })
        .b("active", s.active)
        .typed_s("feature-level", s.feature_level.as_deref())
        .s(
            "subscription-plan-name",
            s.subscription_plan_name.as_deref(),
        )
        .b("payment-account-on-file", s.payment_account_on_file)
        .s(
            "payment-account-display",
            s.payment_account_display.as_deref(),
        );
    if with_invoices {
        if s.invoices.is_empty() {
            w.raw("<invoices type=\"array\"/>");
        } else {
            let inner: String = s.invoices.iter().map(invoice_xml).collect();
            w.raw(&format!("<invoices type=\"array\">{inner}</invoices>"));
        }
    }
    w.wrap("subscriber")
}

fn invoice_xml(i: &Invoice) -> String {
    let mut w = W::default();
    w.b("closed", i.closed)
        .t("created-at", i.created_at)
        .s("token", Some(&i.token))
        .t("updated-at", i.updated_at)
        .s("price", i.price.as_deref())
        .d("amount", i.amount)
        .s("currency-code", i.currency_code.as_deref())
        .s("response-message", i.response_message.as_deref());
    if let Some(s) = &i.subscriber {
        w.raw(&subscriber_xml(s, false));
    }
    if i.line_items.is_empty() {
        w.raw("<line-items type=\"array\"/>");
    } else {
        let mut lines = String::from("<line-items type=\"array\">");
        for l in &i.line_items {
            let mut lw = W::default();
            lw.d("amount", l.amount)
                .s("currency-code", l.currency_code.as_deref())
                .s("description", l.description.as_deref())
                .s("notes", l.notes.as_deref())
                .s("price", l.price.as_deref());
            if let Some(v) = l.subscription_plan_version_id {
                lw.i("subscription-plan-version-id", Some(v));
            }
            lines.push_str(&lw.wrap("line-item"));
        }
        lines.push_str("</line-items>");
        w.raw(&lines);
    }
    w.wrap("invoice")
}

fn transaction_xml(t: &Transaction) -> String {
    let mut w = W::default();
    w.d("amount", t.amount)
        .t("created-at", t.created_at)
        .s("currency-code", t.currency_code.as_deref())
        .s("description", t.description.as_deref())
        .s("detail-type", t.detail_type.as_deref())
        .t("expires-at", t.expires_at)
        .i("id", Some(t.id))
        .i("invoice-id", t.invoice_id)
        .t("start-time", t.start_time)
        .s("terms", t.terms.as_deref())
        .t("updated-at", t.updated_at)
        .s("price", t.price.as_deref())
        .s(
            "subscriber-customer-id",
            t.subscriber_customer_id.as_deref(),
        );
    let detail = t.detail.clone().unwrap_or_default();
    let mut d = W::default();
    d.s("payment-method", detail.payment_method.as_deref())
        .b("recurring", detail.recurring)
        .typed_s("feature-level", detail.feature_level.as_deref());
    w.raw(&d.wrap("detail"));
    w.wrap("transaction")
}
