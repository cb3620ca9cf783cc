//! Invoices (the Payments API): create one for a plan (the subscriber is created when
//! unknown; pending fees become lines), pay it with a card or the account on file.

use paykit_core::testing::wiremock::Request;
use rust_decimal::Decimal;

use super::routes::{Reply, body, child, field, text, xml};
use super::shapes::{doc, invoice_xml};
use super::state::{
    SimFee, SimInvoice, State, add, new_subscriber, now, price, record_transaction,
};
use super::subscribers::masked;
use crate::models::{Invoice, LineItem, Plan};
use crate::values::DurationUnits;

const CARD_FIELDS: [&str; 7] = [
    "number",
    "card-type",
    "verification-value",
    "month",
    "year",
    "first-name",
    "last-name",
];

/// The line of a plan.
pub(super) fn plan_line(plan: &Plan) -> LineItem {
    let amount = plan.amount.unwrap_or_default();
    LineItem {
        amount: Some(amount),
        price: Some(price(amount)),
        currency_code: Some("USD".into()),
        description: plan.terms.clone(),
        notes: None,
        subscription_plan_version_id: None,
    }
}

/// The line of a fee.
fn fee_line(fee: SimFee) -> LineItem {
    LineItem {
        amount: Some(fee.amount),
        price: Some(price(fee.amount)),
        currency_code: Some("USD".into()),
        description: Some(fee.name),
        notes: Some(fee.group),
        subscription_plan_version_id: None,
    }
}

/// An open invoice of these lines (the stored form: no subscriber).
pub(super) fn open_invoice(token: String, customer_id: &str, lines: Vec<LineItem>) -> Invoice {
    let total: Decimal = lines.iter().filter_map(|l| l.amount).sum();
    let now = now();
    Invoice {
        token,
        closed: false,
        amount: Some(total),
        price: Some(price(total)),
        currency_code: Some("USD".into()),
        customer_id: Some(customer_id.to_owned()),
        subscriber: None,
        line_items: lines,
        subscriber_store_credit: None,
        response_message: None,
        response_client_message: None,
        response_customer_message: None,
        created_at: Some(now),
        updated_at: Some(now),
    }
}

pub(super) fn create(request: &Request, state: &mut State) -> Reply {
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
    if state.subscriber(&cid).is_none() {
        let s = new_subscriber(
            state,
            &cid,
            field(sub, "screen-name").as_deref(),
            field(sub, "email").as_deref(),
        );
        state.subscribers.push(s);
    }
    let mut lines = vec![plan_line(&plan)];
    let (mine, rest): (Vec<SimFee>, Vec<SimFee>) = std::mem::take(&mut state.fees)
        .into_iter()
        .partition(|f| f.customer_id == cid);
    state.fees = rest;
    lines.extend(mine.into_iter().map(fee_line));
    let token = state.fresh_token(0x1a4e_0000);
    let invoice = open_invoice(token, &cid, lines);
    let answer = state.invoice_answer(&invoice);
    state.invoices.push(SimInvoice { plan_id, invoice });
    xml(201, doc(&invoice_xml(&answer)))
}

pub(super) fn pay(request: &Request, state: &mut State, token: &str) -> Reply {
    let Some(index) = state.invoices.iter().position(|i| i.invoice.token == token) else {
        return text(404, format!("There is no invoice with a token of {token}"));
    };
    if state.invoices[index].invoice.closed {
        return text(
            403,
            "Unable to pay an invoice which has already been closed.",
        );
    }
    let el = body(request).filter(|e| e.name == "payment");
    let account = el.as_ref().and_then(|e| field(e, "account-type"));
    let cid = state.invoices[index]
        .invoice
        .customer_id
        .clone()
        .unwrap_or_default();
    let on_file = state
        .subscriber(&cid)
        .is_some_and(|s| s.payment_account_on_file);
    let card = el.as_ref().and_then(|e| child(e, "credit-card"));
    let display = match account.as_deref() {
        Some("credit-card") => {
            let complete = card.is_some_and(|c| CARD_FIELDS.iter().all(|f| field(c, f).is_some()));
            let number = card.and_then(|c| field(c, "number"));
            match number {
                Some(number) if complete => Some(masked(&number)),
                _ => {
                    return text(
                        422,
                        "You must specify credit card parameters for the payment.",
                    );
                }
            }
        }
        Some("on-file") if on_file => None,
        Some("on-file") => return text(422, "The subscriber has no payment account on file."),
        _ => {
            return text(
                422,
                "You must specify credit card parameters for the payment.",
            );
        }
    };
    let plan_id = state.invoices[index].plan_id;
    let plan = state.plans.iter().find(|p| p.id == plan_id).cloned();
    let now = now();
    if let Some(s) = state.subscribers.iter_mut().find(|s| s.customer_id == cid) {
        s.active = true;
        s.recurring = true;
        s.on_trial = false;
        s.payment_account_on_file = true;
        if display.is_some() {
            s.payment_account_display = display;
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
    let invoice = &mut state.invoices[index].invoice;
    invoice.closed = true;
    invoice.updated_at = Some(now);
    invoice.response_message = Some("OK".into());
    if let Some(first) = invoice.line_items.first_mut() {
        first.subscription_plan_version_id = Some(plan_id);
    }
    let amount = invoice.amount.unwrap_or_default();
    let answer = state.invoice_answer(&state.invoices[index].invoice);
    record_transaction(state, &cid, amount, "Payment", None);
    xml(200, doc(&invoice_xml(&answer)))
}
