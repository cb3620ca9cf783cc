//! Checkout and subscriptions.

use serde_json::{Map, Value, json};
use wiremock::Request;

use super::routes::{
    Reply, detail, field, field_error, json_body, ok, paginate, query, required_str,
};
use super::state::{State, SubscriptionRecord, iso_now};
use crate::wire_time::DATE;
use crate::{CancellationType, ChargePeriod};
use time::{Date, OffsetDateTime};

/// A known plan and a known charge period from a body (either casing), or the 400.
fn plan_and_period(body: &Map<String, Value>, state: &State) -> Result<(String, String), Reply> {
    let plan = required_str(body, "planIdentifier", "plan_identifier")?;
    let period = required_str(body, "chargePeriod", "charge_period")?;
    if !state.plans.contains_key(&plan) {
        return Err(field_error(
            "planIdentifier",
            &format!("Plan \"{plan}\" does not exist."),
        ));
    }
    if matches!(ChargePeriod::from(period.as_str()), ChargePeriod::Other(_)) {
        return Err(field_error(
            "chargePeriod",
            &format!("\"{period}\" is not a valid choice."),
        ));
    }
    Ok((plan, period))
}

/// `POST /checkout/`: the session is treated as paid at once: the customer (created when
/// absent or unknown) gets an `ACTIVE` subscription and the plan's features.
pub(super) fn checkout(request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let (plan, period) = match plan_and_period(&body, state) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    if let Some(features) = field(&body, "features", "features") {
        let valid = features.as_array().is_some_and(|list| {
            list.iter()
                .all(|f| f["identifier"].is_string() && f["quantity"].is_i64())
        });
        if !valid {
            return field_error(
                "features",
                "Each feature needs an identifier and an integer quantity.",
            );
        }
    }
    let customer_id = match field(&body, "customerId", "customer_id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => state.next_id("cus_sim"),
    };
    if state.customer(&customer_id).is_none() {
        state.insert_customer(&customer_id);
    }
    let subscription_id = state.next_id("sub_sim");
    state.subscriptions.push(SubscriptionRecord {
        id: subscription_id,
        customer_id: customer_id.clone(),
        plan_identifier: plan.clone(),
        charge_period: period,
        status: "ACTIVE",
        cancellation_type: None,
        cancel_at: None,
        created_on: iso_now(),
    });
    state.grant_plan(&customer_id, &plan);
    let session = state.next_id("cs_sim");
    ok(
        201,
        json!({
            "checkoutUrl": format!("https://checkout.stripe.com/c/pay/{session}"),
            "checkoutSessionId": session,
        }),
    )
}

/// `GET /subscriptions/?customer_id=`: DRF pages, creation order.
pub(super) fn list(request: &Request, state: &mut State) -> Reply {
    let customer = query(request, "customerId", "customer_id");
    let items = state
        .subscriptions
        .iter()
        .filter(|s| customer.as_ref().is_none_or(|c| *c == s.customer_id))
        .map(SubscriptionRecord::to_json)
        .collect();
    paginate(request, items)
}

/// The index of a subscription that can still change, or the 404 / 400.
fn changeable(id: &str, state: &State) -> Result<usize, Reply> {
    let index = state
        .subscriptions
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| detail(404, "Not found."))?;
    if state.subscriptions[index].status == "CANCELLED" {
        return Err(detail(400, "This subscription is cancelled."));
    }
    Ok(index)
}

/// `POST /subscriptions/{id}/update/`: a new plan and period (either casing); the
/// customer's features follow the new plan, usage kept.
pub(super) fn update(id: &str, request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let (plan, period) = match plan_and_period(&body, state) {
        Ok(found) => found,
        Err(reply) => return reply,
    };
    let index = match changeable(id, state) {
        Ok(index) => index,
        Err(reply) => return reply,
    };
    let subscription = &mut state.subscriptions[index];
    subscription.plan_identifier = plan.clone();
    subscription.charge_period = period;
    let customer = subscription.customer_id.clone();
    state.grant_plan(&customer, &plan);
    ok(200, json!({"subscriptionId": id}))
}

/// `POST /subscriptions/{id}/cancel/`: `SPECIFIC_DATE` needs a `cancellationDate`
/// (`YYYY-MM-DD`, after today); the other types must not carry one. `IMMEDIATE` ends the
/// subscription and its features now.
pub(super) fn cancel(id: &str, request: &Request, state: &mut State) -> Reply {
    let body = match json_body(request) {
        Ok(body) => body,
        Err(reply) => return reply,
    };
    let kind = match required_str(&body, "cancellationType", "cancellation_type") {
        Ok(kind) => kind,
        Err(reply) => return reply,
    };
    let date = field(&body, "cancellationDate", "cancellation_date");
    let kind = CancellationType::from(kind.as_str());
    let cancel_at = match (&kind, date) {
        (CancellationType::Other(other), _) => {
            return field_error(
                "cancellationType",
                &format!("\"{other}\" is not a valid choice."),
            );
        }
        (CancellationType::SpecificDate, None) => {
            return field_error(
                "cancellationDate",
                "This field is required when cancellationType is SPECIFIC_DATE.",
            );
        }
        (CancellationType::SpecificDate, Some(date)) => {
            match date.as_str().and_then(|d| Date::parse(d, DATE).ok()) {
                Some(date) if date > OffsetDateTime::now_utc().date() => Some(date.to_string()),
                Some(_) => {
                    return field_error("cancellationDate", "The date must be in the future.");
                }
                None => {
                    return field_error(
                        "cancellationDate",
                        "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
                    );
                }
            }
        }
        (_, Some(_)) => {
            return field_error(
                "cancellationDate",
                "This field is only allowed when cancellationType is SPECIFIC_DATE.",
            );
        }
        (_, None) => None,
    };
    let index = match changeable(id, state) {
        Ok(index) => index,
        Err(reply) => return reply,
    };
    let subscription = &mut state.subscriptions[index];
    subscription.cancellation_type = Some(kind.as_str().to_owned());
    let message = match kind {
        CancellationType::Immediate => {
            subscription.status = "CANCELLED";
            let customer = subscription.customer_id.clone();
            state.grants.remove(&customer);
            "Subscription cancelled."
        }
        CancellationType::CurrentPeriodEnds => {
            subscription.cancel_at = Some("CURRENT_PERIOD_END".to_owned());
            "Subscription will be cancelled at the end of the current period."
        }
        _ => {
            subscription.cancel_at = cancel_at;
            "Subscription cancellation scheduled."
        }
    };
    ok(200, json!({ "message": message }))
}
