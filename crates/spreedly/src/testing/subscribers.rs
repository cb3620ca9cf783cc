//! Subscribers: create, update (a new customer id, a card), free trials, plan changes,
//! auto-renew.

use paykit_core::testing::wiremock::Request;

use super::SITE;
use super::routes::{Reply, body, change_subscriber, child, errors, field, text, xml};
use super::shapes::{doc, subscriber_xml};
use super::state::{State, add, new_subscriber, now};
use crate::values::DurationUnits;
use crate::xml::Element;

pub(super) fn create(request: &Request, state: &mut State) -> Reply {
    let Some(el) = body(request).filter(|e| e.name == "subscriber") else {
        return errors(422, &["You must specify subscriber parameters"]);
    };
    let Some(cid) = field(&el, "customer-id") else {
        return errors(422, &["Customer can't be blank"]);
    };
    if state.subscriber(&cid).is_some() {
        return already_exists(&cid);
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

fn already_exists(cid: &str) -> Reply {
    text(
        403,
        format!("A subscriber with a customer-id of {cid} already exists."),
    )
}

/// Spreedly documents no answer body for an update: the simulator answers 200 with none.
pub(super) fn update(request: &Request, state: &mut State, cid: &str) -> Reply {
    let el = body(request).filter(|e| e.name == "subscriber" && !e.children.is_empty());
    let Some(el) = el else {
        return text(422, "You must specify subscriber parameters");
    };
    let new_id = field(&el, "new-customer-id");
    if let Some(id) = &new_id
        && id != cid
        && state.subscriber(id).is_some()
    {
        return already_exists(id);
    }
    let reply = change_subscriber(state, cid, 200, |s| {
        if let Some(id) = &new_id {
            s.customer_id = id.clone();
        }
        if let Some(number) = child(&el, "payment-method")
            .and_then(|m| child(m, "credit-card"))
            .and_then(|c| field(c, "number"))
        {
            s.payment_account_on_file = true;
            s.payment_account_display = Some(masked(&number));
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
        Ok(())
    });
    if reply.status != 200 {
        return reply;
    }
    // The invoices follow the subscriber to its new id.
    if let Some(id) = new_id {
        for i in &mut state.invoices {
            if i.invoice.customer_id.as_deref() == Some(cid) {
                i.invoice.customer_id = Some(id.clone());
            }
        }
        for f in &mut state.fees {
            if f.customer_id == cid {
                f.customer_id = id.clone();
            }
        }
    }
    text(200, "")
}

/// `XXXX-XXXX-XXXX-1111`.
pub(super) fn masked(number: &str) -> String {
    let digits: Vec<char> = number.chars().collect();
    let last4: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("XXXX-XXXX-XXXX-{last4}")
}

fn plan_id(el: Option<&Element>) -> Option<u64> {
    el.and_then(|e| field(e, "id")).and_then(|v| v.parse().ok())
}

fn no_plan(id: u64) -> Reply {
    text(
        404,
        format!("There is no subscription plan with an ID of {id}"),
    )
}

/// The newest version of the plan, at once: no invoice, no charge, `active-until` kept.
pub(super) fn change_plan(request: &Request, state: &mut State, cid: &str) -> Reply {
    let Some(id) = plan_id(body(request).as_ref()) else {
        return text(422, "You must specify the subscription plan id");
    };
    let Some(plan) = state.plans.iter().find(|p| p.id == id).cloned() else {
        return no_plan(id);
    };
    change_subscriber(state, cid, 200, |s| {
        s.feature_level = plan.feature_level.clone();
        s.subscription_plan_name = Some(plan.name.clone());
        Ok(())
    })
}

pub(super) fn free_trial(request: &Request, state: &mut State, cid: &str) -> Reply {
    let Some(id) = plan_id(body(request).as_ref()) else {
        return text(422, "You must specify the subscription plan id");
    };
    if state.subscriber(cid).is_none() {
        return super::routes::no_subscriber(cid);
    }
    let Some(plan) = state.plans.iter().find(|p| p.id == id).cloned() else {
        return no_plan(id);
    };
    change_subscriber(state, cid, 200, |s| {
        if !s.eligible_for_free_trial {
            return Err(text(403, "The subscriber is not eligible for a free trial"));
        }
        if !plan.is_free_trial() {
            return Err(text(
                403,
                "The subscription plan must be a free trial plan.",
            ));
        }
        let units = plan.duration_units.clone().unwrap_or(DurationUnits::Days);
        s.active = true;
        s.on_trial = true;
        s.eligible_for_free_trial = false;
        s.recurring = false;
        s.active_until = Some(add(now(), plan.duration_quantity.unwrap_or(0), &units));
        s.feature_level = plan.feature_level.clone();
        s.subscription_plan_name = Some(plan.name.clone());
        Ok(())
    })
}

pub(super) fn allow_free_trial(state: &mut State, cid: &str) -> Reply {
    change_subscriber(state, cid, 200, |s| {
        s.eligible_for_free_trial = true;
        Ok(())
    })
}

pub(super) fn stop_auto_renew(state: &mut State, cid: &str) -> Reply {
    change_subscriber(state, cid, 200, |s| {
        s.recurring = false;
        Ok(())
    })
}
