//! Money on a subscriber: complimentary subscriptions and time, lifetime comps, store
//! credit, fees.

use paykit_core::testing::wiremock::Request;
use rust_decimal::Decimal;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::routes::{Reply, body, change_subscriber, errors, field, no_subscriber, text};
use super::state::{SimFee, State, add, now, record_transaction};
use crate::values::DurationUnits;
use crate::xml::Element;

fn duration(el: Option<&Element>) -> Result<(u32, DurationUnits), Reply> {
    let mut problems = Vec::new();
    let units = match el.and_then(|e| field(e, "duration-units")).as_deref() {
        Some("days") => Some(DurationUnits::Days),
        Some("months") => Some(DurationUnits::Months),
        _ => {
            problems.push("Duration units must be either 'days' or 'months'");
            None
        }
    };
    let quantity = el
        .and_then(|e| field(e, "duration-quantity"))
        .and_then(|q| q.parse::<u32>().ok());
    let quantity = match quantity {
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

/// Only for inactive subscribers; `active-until` is the start (default now) plus the
/// duration.
pub(super) fn complimentary(request: &Request, state: &mut State, cid: &str) -> Reply {
    let el = body(request);
    let (quantity, units) = match duration(el.as_ref()) {
        Ok(d) => d,
        Err(reply) => return reply,
    };
    let Some(level) = el.as_ref().and_then(|e| field(e, "feature-level")) else {
        return errors(422, &["Feature level can't be blank"]);
    };
    let start = el
        .as_ref()
        .and_then(|e| field(e, "start-time"))
        .and_then(|t| OffsetDateTime::parse(&t, &Rfc3339).ok())
        .unwrap_or_else(now);
    let amount = el
        .as_ref()
        .and_then(|e| field(e, "amount"))
        .and_then(|a| a.parse::<Decimal>().ok());
    let reply = change_subscriber(state, cid, 201, |s| {
        if s.active {
            return Err(text(
                403,
                "Complimentary subscriptions cannot be given to active subscribers.",
            ));
        }
        s.active = true;
        s.on_gift = true;
        s.recurring = false;
        s.active_until = Some(add(start, quantity, &units));
        s.feature_level = Some(level);
        Ok(())
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

/// Only for active subscribers; extends `active-until`.
pub(super) fn time_extension(request: &Request, state: &mut State, cid: &str) -> Reply {
    let (quantity, units) = match duration(body(request).as_ref()) {
        Ok(d) => d,
        Err(reply) => return reply,
    };
    change_subscriber(state, cid, 201, |s| {
        if !s.active {
            return Err(text(
                403,
                "Complimentary time extensions cannot be given to inactive subscribers.",
            ));
        }
        let from = s.active_until.unwrap_or_else(now);
        s.active_until = Some(add(from, quantity, &units));
        Ok(())
    })
}

pub(super) fn lifetime(request: &Request, state: &mut State, cid: &str) -> Reply {
    let Some(level) = body(request).and_then(|e| field(&e, "feature-level")) else {
        return errors(422, &["Feature level can't be blank"]);
    };
    change_subscriber(state, cid, 201, |s| {
        s.active = true;
        s.lifetime_subscription = true;
        s.recurring = false;
        s.active_until = None;
        s.feature_level = Some(level);
        Ok(())
    })
}

/// Negative amounts are allowed while the total stays at or above zero.
pub(super) fn credit(request: &Request, state: &mut State, cid: &str) -> Reply {
    let Some(amount) = body(request)
        .and_then(|e| field(&e, "amount"))
        .and_then(|a| a.parse::<Decimal>().ok())
    else {
        return errors(422, &["Amount is not a number"]);
    };
    change_subscriber(state, cid, 201, |s| {
        let total = s.store_credit.unwrap_or_default() + amount;
        if total < Decimal::ZERO {
            return Err(errors(
                422,
                &["Amount is invalid. The total store credit for a subscriber cannot be negative."],
            ));
        }
        s.store_credit = Some(total);
        Ok(())
    })
}

/// Only for active, recurring subscribers; the fee waits for the next invoice.
pub(super) fn fee(request: &Request, state: &mut State, cid: &str) -> Reply {
    let Some(subscriber) = state.subscriber(cid) else {
        return no_subscriber(cid);
    };
    if !subscriber.active || !subscriber.recurring {
        return errors(
            422,
            &["Fees can only be added to active, recurring subscribers"],
        );
    }
    let el = body(request);
    let name = el.as_ref().and_then(|e| field(e, "name"));
    let amount = el
        .as_ref()
        .and_then(|e| field(e, "amount"))
        .and_then(|a| a.parse::<Decimal>().ok());
    let (Some(name), Some(amount)) = (name, amount) else {
        return errors(422, &["Name can't be blank", "Amount is not a number"]);
    };
    state.fees.push(SimFee {
        customer_id: cid.to_owned(),
        name,
        group: el
            .as_ref()
            .and_then(|e| field(e, "group"))
            .unwrap_or_default(),
        amount,
    });
    text(201, "")
}
