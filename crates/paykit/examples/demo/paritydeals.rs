//! The ParityDeals leg of the demo.

use std::error::Error;

use paykit::paritydeals::testing::{ParityDealsSimulator, PlanFeature};
use paykit::paritydeals::{
    self, Cancellation, ChargePeriod, Date, FeatureQuantity, NewCheckout, NewCustomer, UsageReport,
};

use crate::step;

/// ParityDeals: a customer, a checkout, usage up to a hard limit, access refused, a
/// subscription cancelled at a date, and the blocking client.
pub async fn run() -> Result<(), Box<dyn Error>> {
    println!("== ParityDeals ==");
    let sim = ParityDealsSimulator::start().await;
    sim.add_plan(
        "pro",
        [
            PlanFeature::meter("api_calls", 5, true),
            PlanFeature::flag("sso"),
        ],
    );
    println!(
        "  simulator: API {} / edge {}",
        sim.api_url(),
        sim.edge_url()
    );
    let client = sim.client_builder().build()?;

    step("create a customer");
    let customer = client
        .create_customer(
            &NewCustomer::new("cus_ada")
                .email("ada@example.com")
                .name("Ada Lovelace"),
        )
        .await?;
    println!(
        "     {} ({}) id {}",
        customer.customer_id,
        customer.email.as_deref().unwrap_or("-"),
        customer.id.as_deref().unwrap_or("-")
    );

    step("checkout for the pro plan");
    let session = client
        .create_checkout_session(
            &NewCheckout::new("pro", ChargePeriod::Monthly)
                .customer_id("cus_ada")
                .success_url("https://example.com/thanks")
                .feature(FeatureQuantity::new("seats", 3)),
        )
        .await?;
    println!(
        "     session {} -> {}",
        session.checkout_session_id, session.checkout_url
    );

    step("usage up to the hard limit (5 api_calls)");
    client
        .report_usage(&UsageReport::set("cus_ada", "api_calls", 2))
        .await?;
    println!("     SET 2");
    for _ in 0..3 {
        let allowed = client.has_access("cus_ada", "api_calls").await?;
        client
            .report_usage(&UsageReport::delta("cus_ada", "api_calls", 1))
            .await?;
        println!(
            "     has_access={allowed}, DELTA +1 -> usage {}",
            sim.usage("cus_ada", "api_calls").unwrap_or(0)
        );
    }

    step("has_access flips to false at the limit");
    let entitlement = client.get_entitlement("cus_ada", "api_calls").await?;
    let meter = entitlement
        .get("api_calls")
        .ok_or("no api_calls entitlement")?;
    let allowed = client.has_access("cus_ada", "api_calls").await?;
    println!(
        "     usage {:?} of {:?}, remaining {:?}, hard limit {:?} -> has_access={allowed}",
        meter.current_usage, meter.usage_limit, meter.remaining, meter.hard_limit
    );
    if allowed {
        return Err("expected has_access to be false at the hard limit".into());
    }
    println!(
        "     sso (a flag) still allowed: {}",
        client.has_access("cus_ada", "sso").await?
    );

    step("list subscriptions with the blocking client");
    // A client of its own: pooled connections belong to the runtime that opened them.
    let blocking_source = sim.client_builder().build()?;
    // A plain thread, as sync code has: blocking calls refuse to run on runtime threads.
    let subscriptions = std::thread::spawn(move || {
        let blocking = paritydeals::blocking::Client::new(blocking_source)?;
        blocking
            .list_subscriptions(Some("cus_ada"), None)
            .collect::<Result<Vec<_>, paritydeals::Error>>()
    })
    .join()
    .map_err(|_| "the blocking thread panicked")??;
    let subscription = subscriptions.first().ok_or("no subscription")?;
    let id = subscription
        .id()
        .ok_or("a subscription without an id")?
        .to_owned();
    println!(
        "     {} plan {:?} status {:?}",
        id,
        subscription.plan_identifier.as_deref().unwrap_or("-"),
        subscription.status.as_deref().unwrap_or("-")
    );

    step("cancel the subscription at a date");
    let date = Date::today_utc().add_days(30);
    let cancelled = client
        .cancel_subscription(&id, &Cancellation::SpecificDate(date))
        .await?;
    println!(
        "     {} (cancels on {date})",
        cancelled.message.as_deref().unwrap_or("cancelled")
    );
    Ok(())
}
