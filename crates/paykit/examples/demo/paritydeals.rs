//! The ParityDeals leg of the demo.

use std::error::Error;

use paykit::paritydeals::prelude::*;
use paykit::paritydeals::testing::{Fault, ParityDealsSimulator, PlanFeature};
use paykit::paritydeals::time::OffsetDateTime;
use paykit::paritydeals::{
    self, Cancellation, ChargePeriod, EventReport, FeatureQuantity, NewCheckout, NewCustomer,
    SubscriptionFilter, SubscriptionUpdate, UsageReport,
};

use crate::{fault_step, or_dash, requests_received, section, step};

/// ParityDeals: a customer, a checkout, usage up to a hard limit, access refused, a plan
/// change, an event sent with an idempotency key and safely retried after a dropped
/// connection, the blocking client, and a subscription cancelled at a date.
pub async fn run() -> Result<(), Box<dyn Error>> {
    let sim = ParityDealsSimulator::start().await;
    sim.seed_plan(
        "pro",
        [
            PlanFeature::meter("api_calls", 5, true),
            PlanFeature::flag("sso"),
        ],
    );
    sim.seed_plan("scale", [PlanFeature::meter("api_calls", 100, true)]);
    section(
        "ParityDeals",
        format!("simulator: API {}, edge {}", sim.base_url(), sim.edge_url()),
    );
    let client = sim.client();

    let customer = client
        .create_customer(
            &NewCustomer::new("cus_ada")
                .email("ada@example.com")
                .name("Ada Lovelace"),
        )
        .await?;
    step(
        "create a customer",
        format!(
            "{} <{}>, customer id {}",
            or_dash(customer.name.as_deref()),
            or_dash(customer.email.as_deref()),
            customer.customer_id
        ),
    );

    let session = client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::Monthly)
                .customer_id("cus_ada")
                .success_url("https://example.com/thanks")
                .feature(FeatureQuantity::new("seats", 3)),
        )
        .await?;
    step(
        "checkout for the pro plan, monthly",
        format!("session {} opened", session.checkout_session_id),
    );

    client
        .report_usage(&UsageReport::set("cus_ada", "api_calls", 2))
        .await?;
    step("set api_calls usage", "usage is 2 of 5");
    for _ in 0..3 {
        let allowed = client.has_access("cus_ada", "api_calls").await?;
        client
            .report_usage(&UsageReport::delta("cus_ada", "api_calls", 1))
            .await?;
        step(
            "check access, then add 1 api call",
            format!(
                "{}; usage now {} of 5",
                if allowed { "allowed" } else { "refused" },
                sim.usage("cus_ada", "api_calls").unwrap_or(0)
            ),
        );
    }

    let entitlements = client.get_entitlement("cus_ada", "api_calls").await?;
    let meter = entitlements
        .get("api_calls")
        .ok_or("no api_calls entitlement")?;
    let allowed = client.has_access("cus_ada", "api_calls").await?;
    if allowed {
        return Err("expected has_access to be false at the hard limit".into());
    }
    step(
        "access at the hard limit",
        format!(
            "refused: {} used of {}, {} left",
            or_dash(meter.current_usage),
            or_dash(meter.usage_limit),
            or_dash(meter.remaining)
        ),
    );
    let sso = client.has_access("cus_ada", "sso").await?;
    step(
        "access to sso (a flag feature)",
        if sso { "allowed" } else { "refused" },
    );

    let subscription = sim
        .subscription_of("cus_ada")
        .ok_or("no subscription after checkout")?;
    client
        .update_subscription(
            &subscription,
            &SubscriptionUpdate::new("scale", ChargePeriod::Yearly),
        )
        .await?;
    let allowed = client.has_access("cus_ada", "api_calls").await?;
    if !allowed {
        return Err("expected the scale plan to restore access".into());
    }
    step(
        "upgrade to the scale plan, yearly",
        "api calls allowed again (limit 100, usage kept)",
    );

    // The guarantee: an event carries an idempotency key, so a retry after a dropped
    // connection cannot count it twice.
    sim.inject(Fault::drop_connection().on("paritydeals.report_event"));
    let event = EventReport::new("cus_ada", "report.exported").property("pages", 12);
    client.report_event(&event).await?;
    let attempts = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path.ends_with("/report/event/"))
        .filter(|r| {
            r.body_json()
                .is_some_and(|b| b["idempotencyKey"] == event.idempotency_key.as_str())
        })
        .count();
    let stored = sim
        .events()
        .iter()
        .filter(|e| e.idempotency_key.as_deref() == Some(event.idempotency_key.as_str()))
        .count();
    if attempts != 2 || stored != 1 {
        return Err(format!(
            "expected 2 attempts with one key and 1 stored event, got {attempts} and {stored}"
        )
        .into());
    }
    fault_step(
        "event with idempotency key, connection dropped",
        attempts - 1,
        "sent again with the same key; the simulator stored it once",
    );

    // A client of its own: pooled connections belong to the runtime that opened them.
    let blocking_source = sim.client();
    // A plain thread, as sync code has: blocking calls refuse to run on runtime threads.
    let subscriptions = std::thread::spawn(move || {
        let blocking = paritydeals::blocking::Client::from_async(blocking_source)?;
        blocking
            .list_subscriptions(&SubscriptionFilter::new().customer_id("cus_ada"))
            .collect::<Result<Vec<_>, paritydeals::Error>>()
    })
    .join()
    .map_err(|_| "the blocking thread panicked")??;
    let listed = subscriptions.first().ok_or("no subscription")?;
    step(
        "list subscriptions from blocking code",
        format!(
            "{}: plan {}, {}",
            or_dash(listed.id()),
            or_dash(listed.plan_identifier.as_deref()),
            or_dash(listed.status.as_deref()).to_lowercase()
        ),
    );

    let cancellation = Cancellation::days_after(OffsetDateTime::now_utc().date(), 30)?;
    let date = cancellation.date().ok_or("a dated cancellation")?;
    let cancelled = client
        .cancel_subscription(&subscription, &cancellation)
        .await?;
    step(
        "cancel the subscription in 30 days",
        format!(
            "ends on {date}: {}",
            cancelled
                .message
                .as_deref()
                .unwrap_or("cancellation scheduled")
        ),
    );

    // The stream of every customer, with the prelude's `TryStreamExt`.
    let customers: Vec<_> = client
        .list_customers(&paritydeals::CustomerFilter::new())
        .try_collect()
        .await?;
    step(
        "list customers",
        match customers.len() {
            1 => "1 customer on record".to_owned(),
            n => format!("{n} customers on record"),
        },
    );

    requests_received(sim.requests().await.len());
    Ok(())
}
