//! The Spreedly leg of the demo.

use std::time::Duration;

use paykit::spreedly::prelude::*;
use paykit::spreedly::testing::{Fault, SeedPlan, SpreedlySimulator};
use paykit::spreedly::time::OffsetDateTime;
use paykit::spreedly::{
    CardType, CreditCard, Decimal, DurationUnits, NewComplimentarySubscription, NewFee, NewInvoice,
    NewSubscriber, Payment, PlanFilter, TransactionFilter,
};

use crate::{fault_step, or_dash, requests_received, section, step};

/// An amount as money: `24.00 USD`.
fn money(amount: Option<Decimal>, currency: Option<&str>) -> String {
    match amount {
        Some(amount) => format!("{amount:.2} {}", currency.unwrap_or("USD")),
        None => "-".to_owned(),
    }
}

/// An instant as a date: `2026-06-30`.
fn day(at: Option<OffsetDateTime>) -> String {
    or_dash(at.map(|t| t.date()))
}

/// Spreedly Subscriptions (XML): plans, a subscriber on a free trial, a complimentary
/// subscription, store credit, an invoice paid by card, a fee on the next invoice, a refused
/// action with Spreedly's message, transactions 50 at a time; then the money guarantees
/// against injected faults.
pub async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sim = SpreedlySimulator::start().await;
    let pro = sim.seed_plan(SeedPlan::regular(
        "Pro",
        "pro",
        Decimal::new(2400, 2),
        1,
        DurationUnits::Months,
    ));
    let trial = sim.seed_plan(SeedPlan::free_trial(
        "Pro trial",
        "pro",
        14,
        DurationUnits::Days,
    ));
    section(
        "Spreedly Subscriptions (XML)",
        format!("simulated test site at {}", sim.base_url()),
    );
    let client = sim.client();

    let plans = client.list_plans_page(&PlanFilter::new()).await?;
    let names: Vec<String> = plans
        .items
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                p.name,
                money(p.amount, p.currency_code.as_deref())
            )
        })
        .collect();
    step("plans", names.join(", "));

    let zoe = client
        .get_or_create_subscriber(
            &NewSubscriber::new("42", "Zoë <&> O'Neil").email("zoe@example.com"),
        )
        .await?;
    step(
        "a subscriber",
        format!(
            "customer {} \"{}\", eligible for a free trial: {}",
            zoe.customer_id,
            zoe.screen_name.as_deref().unwrap_or("-"),
            if zoe.eligible_for_free_trial {
                "yes"
            } else {
                "no"
            }
        ),
    );

    let zoe = client.subscribe_to_free_trial("42", trial.id).await?;
    step(
        "free trial",
        format!(
            "on trial, {} until {}",
            or_dash(zoe.feature_level.as_deref()),
            day(zoe.active_until)
        ),
    );

    let refused = client.subscribe_to_free_trial("42", trial.id).await;
    match refused {
        Err(Error::Forbidden(api)) => step(
            "a second free trial",
            format!(
                "refused (HTTP {}): {}",
                api.status.as_u16(),
                api.message.as_deref().unwrap_or("-")
            ),
        ),
        Err(other) => return Err(other.into()),
        Ok(_) => return Err("a second free trial was not refused".into()),
    }

    let ann = client
        .create_subscriber(&NewSubscriber::new("7", "ann"))
        .await?;
    let ann = client
        .create_complimentary_subscription(
            &ann.customer_id,
            &NewComplimentarySubscription::new(3, DurationUnits::Months, "pro"),
        )
        .await?;
    step(
        "complimentary subscription",
        format!("ann active until {}", day(ann.active_until)),
    );

    client.add_store_credit("7", Decimal::new(500, 2)).await?;
    let ann = client.get_subscriber("7").await?;
    step(
        "store credit",
        format!(
            "ann has {}",
            money(ann.store_credit, ann.store_credit_currency_code.as_deref())
        ),
    );

    let invoice = client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("42", "zoe")))
        .await?;
    let card = CreditCard::new(
        "4111111111111111",
        CardType::Visa,
        "123",
        12,
        2030,
        "Zoë",
        "O'Neil",
    );
    let paid = client
        .pay_invoice(&invoice.token, &Payment::credit_card(card))
        .await?;
    step(
        "invoice paid by card",
        format!(
            "{}, {}; Zoë now recurring",
            money(paid.amount, paid.currency_code.as_deref()),
            if paid.closed { "closed" } else { "still open" }
        ),
    );

    client
        .add_fee(
            "42",
            &NewFee::new("Setup", "onboarding", Decimal::new(4900, 2)),
        )
        .await?;
    step("a fee", "49.00 USD added to Zoë's next invoice");

    let transactions: Vec<_> = client
        .list_transactions(&TransactionFilter::new())
        .try_collect()
        .await?;
    step(
        "transactions",
        format!("{} recorded, read 50 per request", transactions.len()),
    );

    let mut received = sim.requests().await.len();

    // Guarantees: money calls are never resent once they may have reached Spreedly.
    for (what, fault, op) in [
        (
            "fee, connection dropped",
            Fault::drop_connection(),
            "spreedly.add_fee",
        ),
        (
            "store credit, 503",
            Fault::status(503),
            "spreedly.add_store_credit",
        ),
        (
            "invoice, answer too slow",
            Fault::delay(Duration::from_secs(2)),
            "spreedly.create_invoice",
        ),
    ] {
        let client = sim
            .client_builder()
            .attempt_timeout(Some(Duration::from_millis(300)))
            .build()?;
        sim.clear_requests().await;
        sim.inject(fault.on(op));
        let result = match op {
            "spreedly.add_fee" => {
                client
                    .add_fee(
                        "42",
                        &NewFee::new("Support", "support", Decimal::new(1000, 2)),
                    )
                    .await
            }
            "spreedly.add_store_credit" => {
                client.add_store_credit("7", Decimal::ONE).await.map(drop)
            }
            _ => client
                .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("42", "zoe")))
                .await
                .map(drop),
        };
        let err = match result {
            Err(err) => err,
            Ok(()) => return Err(format!("{what}: the fault was not seen").into()),
        };
        let sent = sim.requests().await.len();
        received += sent;
        if sent != 1 || !err.maybe_sent() {
            return Err(format!("{what}: {sent} requests, maybe_sent {}", err.maybe_sent()).into());
        }
        fault_step(
            what,
            0,
            "sent once, not retried; reported as possibly carried out",
        );
    }

    requests_received(received);
    Ok(())
}
