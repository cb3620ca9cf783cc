//! The Spreedly simulator as a host of several simulators (`paykit-sim`) sees it: connection
//! details, reset, and the whole state as JSON, out ([`Simulator::state`]) and in
//! ([`Simulator::seed`]).
//!
//! Every record is written with all its fields, keys in snake case, money as strings with
//! their scale (`"24.00"`), instants in RFC 3339; reading takes the same layout, where only
//! the identifying fields are required and the rest take the values a new record gets.

use paykit_core::testing::{Connection, SimServer, Simulator, lock};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::invoices::{open_invoice, plan_line};
use super::state::{SeedPlan, SimFee, SimInvoice, State, new_subscriber, new_transaction, price};
use super::{API_TOKEN, SITE, SpreedlySimulator};
use crate::models::{Invoice, LineItem, Plan, Subscriber, Transaction, TransactionDetail};
use crate::values::{DurationUnits, PlanType};

/// The top-level sections of [`Simulator::state`], in the order [`Simulator::seed`] reads
/// them (invoices name plans and subscribers).
const SECTIONS: [&str; 4] = ["plans", "subscribers", "invoices", "transactions"];

impl Simulator for SpreedlySimulator {
    fn vendor(&self) -> &'static str {
        "spreedly"
    }

    fn server(&self) -> &SimServer {
        &self.server
    }

    /// The base URL, then the site and the API token, as [`crate::Client::builder`] takes
    /// them.
    fn connection(&self) -> Vec<Connection> {
        vec![
            Connection::new("base URL", self.base_url()),
            Connection::new("site", SITE),
            Connection::new("API token", API_TOKEN),
        ]
    }

    /// Back to the state right after start (no plans, no subscribers) with no pending
    /// fault. Recorded requests stay: forget them with [`SimServer::clear_requests`].
    fn reset(&self) {
        *lock(&self.state) = State::new();
        self.server.faults().clear();
    }

    /// `plans`, `subscribers` (each with the `fees` waiting for its next invoice),
    /// `invoices` (each with the `plan_id` it is for) and `transactions`, sorted by id
    /// (customer id for subscribers, token for invoices).
    fn state(&self) -> Value {
        let state = lock(&self.state);
        let mut plans: Vec<&Plan> = state.plans.iter().collect();
        plans.sort_by_key(|p| p.id);
        let mut subscribers: Vec<&Subscriber> = state.subscribers.iter().collect();
        subscribers.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
        let mut invoices: Vec<&SimInvoice> = state.invoices.iter().collect();
        invoices.sort_by(|a, b| a.invoice.token.cmp(&b.invoice.token));
        let mut transactions: Vec<&Transaction> = state.transactions.iter().collect();
        transactions.sort_by_key(|t| t.id);
        let subscribers = subscribers.into_iter().map(|s| {
            let mut row = subscriber_json(s);
            let fees = state
                .fees
                .iter()
                .filter(|f| f.customer_id == s.customer_id)
                .map(|f| Value::Object(fee_json(f)))
                .collect();
            row.insert("fees".into(), Value::Array(fees));
            Value::Object(row)
        });
        let invoices = invoices.into_iter().map(|i| {
            let mut row = invoice_json(&i.invoice);
            row.insert("plan_id".into(), Value::from(i.plan_id));
            Value::Object(row)
        });
        let mut out = Map::new();
        out.insert(
            "plans".into(),
            plans
                .into_iter()
                .map(|p| Value::Object(plan_json(p)))
                .collect(),
        );
        out.insert("subscribers".into(), subscribers.collect());
        out.insert("invoices".into(), invoices.collect());
        out.insert(
            "transactions".into(),
            transactions
                .into_iter()
                .map(|t| Value::Object(transaction_json(t)))
                .collect(),
        );
        Value::Object(out)
    }

    /// Reads the layout of [`Simulator::state`]. Required: a plan's `name`, a subscriber's
    /// `customer_id`, an invoice's `customer_id` (a subscriber that exists or is seeded
    /// beside it) and `plan_id` (likewise), a fee's `name` and `amount`. Ids, tokens and
    /// timestamps are given out when left out; a plan id, customer id, invoice token or
    /// transaction id that is taken is an error, and so is store credit below zero.
    fn seed(&self, seed: &Value) -> Result<(), String> {
        let mut state = lock(&self.state);
        let mut next = state.clone();
        apply(&mut next, seed).map_err(|e| format!("spreedly: {e}"))?;
        *state = next;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// One JSON value per field type.

/// A field's JSON form; `read` says what it expected when the value does not fit.
trait Field: Sized {
    fn write(&self) -> Value;
    fn read(value: &Value) -> Result<Self, &'static str>;
}

impl Field for String {
    fn write(&self) -> Value {
        Value::String(self.clone())
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        match value {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err("a string"),
        }
    }
}

impl Field for bool {
    fn write(&self) -> Value {
        Value::Bool(*self)
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        value.as_bool().ok_or("true or false")
    }
}

impl Field for u64 {
    fn write(&self) -> Value {
        Value::from(*self)
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        value.as_u64().ok_or("a whole number, 0 or more")
    }
}

impl Field for u32 {
    fn write(&self) -> Value {
        Value::from(*self)
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        value
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or("a whole number from 0 to 4294967295")
    }
}

impl Field for Decimal {
    fn write(&self) -> Value {
        Value::String(self.to_string())
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        const EXPECTED: &str = "an amount as a string, such as \"24.00\"";
        match value {
            Value::String(s) => s.trim().parse().map_err(|_| EXPECTED),
            Value::Number(n) => n.to_string().parse().map_err(|_| EXPECTED),
            _ => Err(EXPECTED),
        }
    }
}

impl Field for OffsetDateTime {
    fn write(&self) -> Value {
        self.format(&Rfc3339)
            .map(Value::String)
            .unwrap_or(Value::Null)
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        value
            .as_str()
            .and_then(|s| OffsetDateTime::parse(s, &Rfc3339).ok())
            .ok_or("an RFC 3339 instant, such as \"2026-01-31T00:00:00Z\"")
    }
}

impl Field for DurationUnits {
    fn write(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        match value.as_str() {
            Some(s @ ("days" | "months")) => Ok(DurationUnits::from(s)),
            _ => Err("\"days\" or \"months\""),
        }
    }
}

impl Field for PlanType {
    fn write(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        value.as_str().map(PlanType::from).ok_or("a string")
    }
}

impl<T: Field> Field for Option<T> {
    fn write(&self) -> Value {
        self.as_ref().map_or(Value::Null, Field::write)
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        match value {
            Value::Null => Ok(None),
            other => T::read(other).map(Some),
        }
    }
}

impl Field for Vec<LineItem> {
    fn write(&self) -> Value {
        self.iter().map(|l| Value::Object(line_json(l))).collect()
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        let items = value.as_array().ok_or("a list of line items")?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let map = item.as_object().ok_or("a list of line items")?;
            let mut line = LineItem {
                amount: None,
                price: None,
                currency_code: None,
                description: None,
                notes: None,
                subscription_plan_version_id: None,
            };
            // A nested record reports its own field in the message.
            fill_line(&mut line, map, "").map_err(|_| {
                "a list of line items (amount, price, currency_code, description, notes, \
                 subscription_plan_version_id)"
            })?;
            out.push(line);
        }
        Ok(out)
    }
}

impl Field for TransactionDetail {
    fn write(&self) -> Value {
        Value::Object(detail_json(self))
    }
    fn read(value: &Value) -> Result<Self, &'static str> {
        const EXPECTED: &str = "an object (payment_method, recurring, feature_level)";
        let map = value.as_object().ok_or(EXPECTED)?;
        let mut detail = TransactionDetail::default();
        fill_detail(&mut detail, map, "").map_err(|_| EXPECTED)?;
        Ok(detail)
    }
}

/// `record!(to_json, fill, Type { field, ... })`: `to_json(&Type) -> Map` writes every
/// listed field under its own (snake case) name; `fill(&mut Type, &Map, at)` sets the
/// fields the map holds, and refuses a value of the wrong type or a key that is not a
/// listed field.
macro_rules! record {
    ($to:ident, $fill:ident, $ty:ty { $($field:ident),* $(,)? }) => {
        fn $to(x: &$ty) -> Map<String, Value> {
            let mut map = Map::new();
            $( map.insert(stringify!($field).to_owned(), Field::write(&x.$field)); )*
            map
        }

        #[allow(dead_code)]
        fn $fill(x: &mut $ty, map: &Map<String, Value>, at: &str) -> Result<(), String> {
            fill_with(map, at, &[$(stringify!($field)),*], |key, value| {
                match key {
                    $( stringify!($field) => x.$field = Field::read(value)?, )*
                    _ => {}
                }
                Ok(())
            })
        }
    };
}

/// Calls `set` for each key of `map`; an unknown key or a value `set` refuses is an error
/// naming `at.key`.
fn fill_with(
    map: &Map<String, Value>,
    at: &str,
    fields: &[&str],
    mut set: impl FnMut(&str, &Value) -> Result<(), &'static str>,
) -> Result<(), String> {
    for (key, value) in map {
        if !fields.contains(&key.as_str()) {
            return Err(format!("{at}.{key}: unknown field"));
        }
        set(key, value).map_err(|expected| format!("{at}.{key}: expected {expected}"))?;
    }
    Ok(())
}

record!(
    plan_json,
    fill_plan,
    Plan {
        id,
        name,
        description,
        terms,
        plan_type,
        price,
        amount,
        currency_code,
        duration_quantity,
        duration_units,
        charge_after_first_period,
        charge_later_duration_quantity,
        charge_later_duration_units,
        enabled,
        force_recurring,
        needs_to_be_renewed,
        feature_level,
        return_url,
        minimum_needed_for_charge,
        setup_fee_amount,
        setup_fee_description,
        setup_fee_currency_code,
        version,
        created_at,
        updated_at,
    }
);

record!(
    subscriber_json,
    fill_subscriber_fields,
    Subscriber {
        customer_id,
        screen_name,
        email,
        token,
        active,
        active_until,
        on_trial,
        on_gift,
        on_metered,
        recurring,
        eligible_for_free_trial,
        eligible_for_setup_fee,
        lifetime_subscription,
        feature_level,
        subscription_plan_name,
        card_expires_before_next_auto_renew,
        grace_until,
        in_grace_period,
        ready_to_renew,
        ready_to_renew_since,
        store_credit,
        store_credit_currency_code,
        billing_first_name,
        billing_last_name,
        billing_address1,
        billing_city,
        billing_state,
        billing_zip,
        billing_country,
        billing_phone_number,
        payment_account_on_file,
        payment_account_display,
        pagination_id,
        created_at,
        updated_at,
    }
);

record!(
    invoice_json,
    fill_invoice_fields,
    Invoice {
        token,
        closed,
        amount,
        price,
        currency_code,
        customer_id,
        line_items,
        subscriber_store_credit,
        response_message,
        response_client_message,
        response_customer_message,
        created_at,
        updated_at,
    }
);

record!(
    line_json,
    fill_line,
    LineItem {
        amount,
        price,
        currency_code,
        description,
        notes,
        subscription_plan_version_id,
    }
);

record!(
    transaction_json,
    fill_transaction,
    Transaction {
        id,
        amount,
        price,
        currency_code,
        description,
        detail_type,
        subscriber_customer_id,
        invoice_id,
        terms,
        detail,
        start_time,
        expires_at,
        created_at,
        updated_at,
    }
);

record!(
    detail_json,
    fill_detail,
    TransactionDetail {
        payment_method,
        recurring,
        feature_level,
    }
);

record!(
    fee_json,
    fill_fee,
    SimFee {
        name,
        group,
        amount
    }
);

// ---------------------------------------------------------------------------------------
// Seeding.

/// Adds the seed's records to `state`, or says which field is wrong (`state` is a copy the
/// caller throws away on error).
fn apply(state: &mut State, seed: &Value) -> Result<(), String> {
    let seed = seed.as_object().ok_or("the seed must be a JSON object")?;
    if let Some(key) = seed.keys().find(|k| !SECTIONS.contains(&k.as_str())) {
        return Err(format!(
            "unknown section {key:?} (expected {})",
            SECTIONS.join(", ")
        ));
    }
    for (i, row) in records(seed, "plans")? {
        seed_plan(state, row, &format!("plans[{i}]"))?;
    }
    for (i, row) in records(seed, "subscribers")? {
        seed_subscriber(state, row, &format!("subscribers[{i}]"))?;
    }
    for (i, row) in records(seed, "invoices")? {
        seed_invoice(state, row, &format!("invoices[{i}]"))?;
    }
    for (i, row) in records(seed, "transactions")? {
        seed_transaction(state, row, &format!("transactions[{i}]"))?;
    }
    Ok(())
}

/// The records of one section, with their index.
type Rows<'a> = Vec<(usize, &'a Map<String, Value>)>;

/// The objects of one section (none when the section is left out).
fn records<'a>(seed: &'a Map<String, Value>, section: &str) -> Result<Rows<'a>, String> {
    match seed.get(section) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(rows)) => rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                row.as_object()
                    .map(|map| (i, map))
                    .ok_or_else(|| format!("{section}[{i}]: expected an object"))
            })
            .collect(),
        Some(_) => Err(format!("{section}: expected a list")),
    }
}

fn required<'a>(map: &'a Map<String, Value>, at: &str, key: &str) -> Result<&'a Value, String> {
    match map.get(key) {
        None | Some(Value::Null) => Err(format!("{at}.{key}: required")),
        Some(value) => Ok(value),
    }
}

fn read<T: Field>(value: &Value, at: &str, key: &str) -> Result<T, String> {
    T::read(value).map_err(|expected| format!("{at}.{key}: expected {expected}"))
}

fn seed_plan(state: &mut State, map: &Map<String, Value>, at: &str) -> Result<(), String> {
    let name: String = read(required(map, at, "name")?, at, "name")?;
    let mut plan = state.plan(SeedPlan::regular(
        name,
        String::new(),
        Decimal::ZERO,
        1,
        DurationUnits::Months,
    ));
    plan.feature_level = None;
    fill_plan(&mut plan, map, at)?;
    if map.contains_key("id") {
        if state.plans.iter().any(|p| p.id == plan.id) {
            return Err(format!("{at}.id: plan {} already exists", plan.id));
        }
        state.next_plan = state.next_plan.max(plan.id);
    } else {
        state.next_plan += 1;
        plan.id = state.next_plan;
    }
    state.plans.push(plan);
    Ok(())
}

fn seed_subscriber(state: &mut State, map: &Map<String, Value>, at: &str) -> Result<(), String> {
    let cid: String = read(required(map, at, "customer_id")?, at, "customer_id")?;
    if cid.trim().is_empty() {
        return Err(format!("{at}.customer_id: must not be empty"));
    }
    if state.subscriber(&cid).is_some() {
        return Err(format!("{at}.customer_id: subscriber {cid} already exists"));
    }
    let mut s = new_subscriber(state, &cid, None, None);
    fill_subscriber_fields(&mut s, &without(map, "fees"), at)?;
    if s.store_credit.is_some_and(|c| c < Decimal::ZERO) {
        return Err(format!("{at}.store_credit: must not be below zero"));
    }
    if let Some(fees) = map.get("fees").filter(|f| !f.is_null()) {
        let fees = fees
            .as_array()
            .ok_or_else(|| format!("{at}.fees: expected a list"))?;
        for (j, fee) in fees.iter().enumerate() {
            let at = format!("{at}.fees[{j}]");
            let fee = fee
                .as_object()
                .ok_or_else(|| format!("{at}: expected an object"))?;
            let name: String = read(required(fee, &at, "name")?, &at, "name")?;
            let amount: Decimal = read(required(fee, &at, "amount")?, &at, "amount")?;
            let mut record = SimFee {
                customer_id: cid.clone(),
                name,
                group: String::new(),
                amount,
            };
            fill_fee(&mut record, fee, &at)?;
            state.fees.push(record);
        }
    }
    state.subscribers.push(s);
    Ok(())
}

/// The map without one key.
fn without(map: &Map<String, Value>, key: &str) -> Map<String, Value> {
    let mut map = map.clone();
    map.remove(key);
    map
}

fn seed_invoice(state: &mut State, map: &Map<String, Value>, at: &str) -> Result<(), String> {
    let cid: String = read(required(map, at, "customer_id")?, at, "customer_id")?;
    if state.subscriber(&cid).is_none() {
        return Err(format!("{at}.customer_id: no subscriber {cid}"));
    }
    let plan_id: u64 = read(required(map, at, "plan_id")?, at, "plan_id")?;
    let Some(plan) = state.plans.iter().find(|p| p.id == plan_id) else {
        return Err(format!("{at}.plan_id: no plan {plan_id}"));
    };
    let lines = vec![plan_line(plan)];
    let token = match map.get("token") {
        Some(value) if !value.is_null() => read(value, at, "token")?,
        _ => state.fresh_token(0x1a4e_0000),
    };
    if state.invoices.iter().any(|i| i.invoice.token == token) {
        return Err(format!("{at}.token: invoice {token} already exists"));
    }
    let mut invoice = open_invoice(token, &cid, lines);
    fill_invoice_fields(&mut invoice, &without(map, "plan_id"), at)?;
    if !map.contains_key("amount") {
        invoice.amount = Some(invoice.line_items.iter().filter_map(|l| l.amount).sum());
    }
    if !map.contains_key("price") {
        invoice.price = invoice.amount.map(price);
    }
    state.invoices.push(SimInvoice { plan_id, invoice });
    Ok(())
}

fn seed_transaction(state: &mut State, map: &Map<String, Value>, at: &str) -> Result<(), String> {
    let mut t = new_transaction(0, "", Decimal::ZERO, "", None);
    t.subscriber_customer_id = None;
    t.description = None;
    fill_transaction(&mut t, map, at)?;
    if map.contains_key("id") {
        if state.transactions.iter().any(|x| x.id == t.id) {
            return Err(format!("{at}.id: transaction {} already exists", t.id));
        }
    } else {
        t.id = state.next_transaction;
    }
    state.next_transaction = state.next_transaction.max(t.id + 1);
    state.transactions.push(t);
    Ok(())
}
