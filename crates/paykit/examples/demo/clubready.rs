//! The ClubReady leg of the demo.

use std::error::Error;
use std::time::Duration;

use paykit::clubready::prelude::*;
use paykit::clubready::testing::{ClubReadySimulator, Fault, NewClass};
use paykit::clubready::time::{Date, Month, Time};
use paykit::clubready::{
    AcctToken, AgreementSale, ClassScheduleFilter, Decimal, NewAgreement, NewBooking, NewProspect,
    PaymentMethod, UserFilter,
};

use crate::{fault_step, or_dash, requests_received, section, step};

fn day(date: Option<Date>) -> String {
    or_dash(date)
}

fn clock(time: Option<Time>) -> String {
    time.map_or_else(
        || "-".to_owned(),
        |t| format!("{:02}:{:02}", t.hour(), t.minute()),
    )
}

fn usd(amount: Decimal) -> String {
    format!("{amount} USD")
}

/// ClubReady: a prospect (and the duplicate answer), a two-week schedule fetched in 7-day
/// calls, a booking that uses a credit, a contract sale split across two payment methods
/// whose first card approves only part, a sale never resent after a dropped connection,
/// and a key without scheduling scope refused.
pub async fn run() -> Result<(), Box<dyn Error>> {
    let sim = ClubReadySimulator::start().await;
    section(
        "ClubReady",
        format!("simulator: {} (JSV on the wire)", sim.base_url()),
    );
    let club = sim.client();

    let lead = club
        .create_prospect(&NewProspect::new(
            "Ada",
            "Lovelace",
            "ada@example.com",
            true,
        ))
        .await?;
    let ada = lead.user_id.ok_or("the new prospect has no user id")?;
    step("create a prospect", format!("Ada Lovelace, user {ada}"));
    let again = club
        .create_prospect(&NewProspect::new(
            "Ada",
            "Lovelace",
            "ada@example.com",
            false,
        ))
        .await?;
    if !again.already_existed || again.user_id != Some(ada) {
        return Err("expected the duplicate lead to be the matched user".into());
    }
    step(
        "create the same prospect again",
        format!("already a lead: matched user {}", or_dash(again.user_id)),
    );
    let found: Vec<_> = club
        .find_users(&UserFilter::new().email("ada@example.com"))
        .try_collect()
        .await?;
    step(
        "find users by email",
        format!("{} match, pages read until an empty one", found.len()),
    );

    sim.seed_class(NewClass::new(
        Date::from_calendar_date(2026, Month::June, 3)?,
        Time::from_hms(18, 30, 0)?,
        Time::from_hms(19, 30, 0)?,
        "Yoga Flow - Studio B",
        1,
    ));
    sim.seed_class(NewClass::new(
        Date::from_calendar_date(2026, Month::June, 11)?,
        Time::from_hms(6, 0, 0)?,
        Time::from_hms(6, 45, 0)?,
        "Spin",
        12,
    ));
    let weeks = ClassScheduleFilter::new(
        Date::from_calendar_date(2026, Month::June, 1)?,
        Date::from_calendar_date(2026, Month::June, 14)?,
    );
    let classes = club.get_class_schedule(&weeks).await?;
    let calls = sim
        .requests()
        .await
        .iter()
        .filter(|r| r.path.ends_with("/class-schedule"))
        .count();
    if calls != 2 {
        return Err(format!("expected two 7-day schedule calls, saw {calls}").into());
    }
    let first = classes.first().ok_or("the schedule is empty")?;
    step(
        "class schedule over two weeks",
        format!(
            "{} classes from 2 calls of 7 days; first {} on {} at {} (club time)",
            classes.len(),
            or_dash(first.name()),
            day(first.date),
            clock(first.start_time)
        ),
    );

    sim.grant_credits(ada, 2);
    let booking = club
        .book_class(&NewBooking::new(ada, first.schedule_id))
        .await?;
    step(
        "book the class with a credit",
        format!(
            "booking {}, credits left {}",
            or_dash(booking.booking_id),
            sim.credits(ada)
        ),
    );

    let gold = sim.seed_package("Gold membership", Decimal::new(300, 2));
    let ip = "203.0.113.9".parse()?;
    let started = club
        .add_agreement(&NewAgreement::new(ada, gold.id, ip))
        .await?;
    let token = started
        .incomplete_agreement_token
        .ok_or("no agreement token")?;
    sim.limit_acct_token("card-on-file", Decimal::new(50, 2));
    let sale = AgreementSale::new(ada, &token, Decimal::new(300, 2), ip)
        .payment_method(PaymentMethod::acct_token(
            Decimal::new(100, 2),
            AcctToken::new("card-on-file"),
        ))
        .payment_method(PaymentMethod::preferred(Decimal::new(250, 2)));
    let sold = club.create_agreement_sale(&sale).await?;
    let record = sim.sales().into_iter().last().ok_or("no sale recorded")?;
    let paid: Vec<String> = record.payments.iter().map(|p| usd(*p)).collect();
    step(
        "sell Gold, split across two methods",
        format!(
            "contract {} for {}: the card approved {}, the preferred method {}",
            or_dash(sold.contract_id),
            usd(record.amount),
            paid.first().map_or("-", String::as_str),
            paid.get(1).map_or("-", String::as_str)
        ),
    );

    // A sale whose connection drops after ClubReady read it: never sent twice.
    let started = club
        .add_agreement(&NewAgreement::new(ada, gold.id, ip))
        .await?;
    let again = AgreementSale::new(
        ada,
        started.incomplete_agreement_token.unwrap_or_default(),
        Decimal::new(300, 2),
        ip,
    );
    sim.inject(Fault::drop_connection().on("clubready.create_agreement_sale"));
    let before = sale_requests(&sim).await;
    let error = club
        .create_agreement_sale(&again)
        .await
        .err()
        .ok_or("expected the dropped connection to fail the sale")?;
    let sent = sale_requests(&sim).await - before;
    if sent != 1 || !error.maybe_sent() {
        return Err(format!(
            "the sale was sent {sent} times (maybe sent: {})",
            error.maybe_sent()
        )
        .into());
    }
    fault_step(
        "sale with the connection dropped",
        0,
        "sent once, not retried; reported as possibly made, to check before selling again",
    );

    let unscoped = Client::builder(sim.unscoped_api_key())
        .store_id(paykit::clubready::testing::STORE_ID)
        .base_url(sim.base_url())
        .deadline(Some(Duration::from_secs(5)))
        .build()?;
    match unscoped.get_class_schedule(&weeks).await {
        Err(paykit::clubready::Error::Unauthorized(_)) => step(
            "schedule with a key without scheduling scope",
            "refused: ClubReady answered a plain Unauthorized",
        ),
        other => {
            return Err(format!("expected Unauthorized, got {}", outcome(other)).into());
        }
    }

    requests_received(sim.requests().await.len());
    Ok(())
}

async fn sale_requests(sim: &ClubReadySimulator) -> usize {
    sim.requests()
        .await
        .iter()
        .filter(|r| r.path.ends_with("/agreement/sale"))
        .count()
}

fn outcome<T>(result: Result<T, paykit::clubready::Error>) -> String {
    match result {
        Ok(_) => "success".to_owned(),
        Err(e) => e.to_string(),
    }
}
