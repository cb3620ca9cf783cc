//! Every operation against the stateful simulator, its rules, and the money-safety
//! guarantees under injected faults (503, dropped connection, timeout).

use std::time::Duration;

use paykit_spreedly::prelude::*;
use paykit_spreedly::testing::{API_TOKEN, Fault, SeedPlan, SpreedlySimulator};
use paykit_spreedly::*;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

struct Setup {
    sim: SpreedlySimulator,
    client: Client,
    pro: Plan,
    trial: Plan,
}

async fn setup() -> Setup {
    let sim = SpreedlySimulator::start().await;
    let pro = sim.seed_plan(SeedPlan::regular(
        "Pro",
        "pro",
        dec("24.00"),
        1,
        DurationUnits::Months,
    ));
    let trial = sim.seed_plan(SeedPlan::free_trial(
        "Pro trial",
        "pro",
        14,
        DurationUnits::Days,
    ));
    let client = sim.client();
    Setup {
        sim,
        client,
        pro,
        trial,
    }
}

#[tokio::test]
async fn plans_and_subscribers() {
    let Setup {
        sim, client, pro, ..
    } = setup().await;
    let plans: Vec<Plan> = client
        .list_plans(&PlanFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(plans, sim.plans());
    assert_eq!(
        client.find_plan(pro.id).await.unwrap().unwrap().amount,
        Some(dec("24.00"))
    );
    let none: Vec<Subscriber> = client
        .list_subscribers(&SubscriberFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty()); // served as <nil-classes type="array"/>

    let zoe = client
        .create_subscriber(&NewSubscriber::new("42", "Zoë <&>\"'").email("zoe@example.com"))
        .await
        .unwrap();
    assert_eq!(zoe.screen_name.as_deref(), Some("Zoë <&>\"'"));
    assert!(zoe.eligible_for_free_trial && !zoe.active);
    let err = client
        .create_subscriber(&NewSubscriber::new("42", "again"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.message(),
        Some("A subscriber with a customer-id of 42 already exists.")
    );
    let same = client
        .get_or_create_subscriber(&NewSubscriber::new("42", "again"))
        .await
        .unwrap();
    assert_eq!(same.screen_name, zoe.screen_name);

    client
        .update_subscriber(
            "42",
            &SubscriberUpdate::new()
                .new_customer_id("43")
                .email("z@example.com"),
        )
        .await
        .unwrap();
    assert!(
        client
            .get_subscriber("42")
            .await
            .unwrap_err()
            .is_not_found()
    );
    let moved = client.get_subscriber("43").await.unwrap();
    assert_eq!(moved.email.as_deref(), Some("z@example.com"));
    assert_eq!(sim.subscribers().len(), 1);

    client.delete_subscriber("43").await.unwrap();
    assert!(sim.subscribers().is_empty());
    sim.seed_subscriber(NewSubscriber::new("1", "one"));
    client.delete_all_subscribers().await.unwrap();
    assert!(sim.subscribers().is_empty());

    let guarded = sim.client_builder().test_site(false).build().unwrap();
    assert!(matches!(
        guarded.delete_all_subscribers().await.unwrap_err(),
        Error::InvalidInput {
            field: "test_site",
            ..
        }
    ));
}

#[tokio::test]
async fn wrong_token_is_unauthorized() {
    let sim = SpreedlySimulator::start().await;
    let client = Client::builder(testing::SITE, "not-the-token")
        .base_url(sim.base_url())
        .build()
        .unwrap();
    let err = client
        .list_plans_page(&PlanFilter::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)));
    assert_eq!(err.message(), Some("HTTP Basic: Access denied."));
    let auth = sim.requests().await[0]
        .header("authorization")
        .unwrap()
        .to_owned();
    assert!(auth.starts_with("Basic "));
    assert_ne!(auth, API_TOKEN);
}

#[tokio::test]
async fn trials_comps_credit_fees_invoices_transactions() {
    let Setup {
        sim,
        client,
        pro,
        trial,
    } = setup().await;
    sim.seed_subscriber(NewSubscriber::new("7", "ann"));

    // Free trial, then not eligible, then allowed again.
    let ann = client.subscribe_to_free_trial("7", trial.id).await.unwrap();
    assert!(ann.on_trial && ann.active && !ann.eligible_for_free_trial);
    let err = client
        .subscribe_to_free_trial("7", trial.id)
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        Some("The subscriber is not eligible for a free trial")
    );
    assert!(
        client
            .allow_free_trial("7")
            .await
            .unwrap()
            .eligible_for_free_trial
    );
    let err = client
        .subscribe_to_free_trial("7", pro.id)
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        Some("The subscription plan must be a free trial plan.")
    );

    // Comps: refused for an active subscriber; time extensions extend active-until.
    let err = client
        .create_complimentary_subscription(
            "7",
            &NewComplimentarySubscription::new(1, DurationUnits::Months, "pro"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    let before = sim.subscriber("7").unwrap().active_until.unwrap();
    let after = client
        .create_complimentary_time_extension(
            "7",
            &NewComplimentaryTimeExtension::new(10, DurationUnits::Days),
        )
        .await
        .unwrap()
        .active_until
        .unwrap();
    assert_eq!(after - before, time::Duration::days(10));

    sim.seed_subscriber(NewSubscriber::new("8", "bob"));
    let start = time::macros::datetime!(2026-01-31 0:00 UTC);
    let bob = client
        .create_complimentary_subscription(
            "8",
            &NewComplimentarySubscription::new(1, DurationUnits::Months, "pro")
                .start_time(start)
                .amount(dec("10.00")),
        )
        .await
        .unwrap();
    assert_eq!(
        bob.active_until,
        Some(time::macros::datetime!(2026-02-28 0:00 UTC))
    );
    let err = client
        .create_complimentary_time_extension(
            "9",
            &NewComplimentaryTimeExtension::new(1, DurationUnits::Days),
        )
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    let lifetime = client
        .create_lifetime_complimentary_subscription("8", "gold")
        .await
        .unwrap();
    assert!(lifetime.lifetime_subscription);

    // Store credit: negative allowed down to zero, not below.
    client.add_store_credit("7", dec("5.00")).await.unwrap();
    client.add_store_credit("7", dec("-2.50")).await.unwrap();
    assert_eq!(sim.subscriber("7").unwrap().store_credit, Some(dec("2.50")));
    let err = client.add_store_credit("7", dec("-3")).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert!(err.message().unwrap().starts_with("Amount is invalid."));

    // Fees: refused for a subscriber on a trial (not recurring).
    let fee = NewFee::new("Setup", "onboarding", dec("49.00"));
    let err = client.add_fee("7", &fee).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)));

    // Invoice, paid with a card: the subscriber becomes active and recurring.
    let invoice = client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("7", "ann")))
        .await
        .unwrap();
    assert!(!invoice.closed);
    let card = CreditCard::new(
        "4111111111111111",
        CardType::Visa,
        "123",
        12,
        2030,
        "Ann",
        "Lee",
    );
    let paid = client
        .pay_invoice(&invoice.token, &Payment::credit_card(card))
        .await
        .unwrap();
    assert!(paid.closed);
    let ann = paid.subscriber.unwrap();
    assert!(ann.active && ann.recurring);
    let err = client
        .pay_invoice(&invoice.token, &Payment::on_file())
        .await
        .unwrap_err();
    assert_eq!(
        err.message(),
        Some("Unable to pay an invoice which has already been closed.")
    );
    // Now a fee is accepted and lands on the next invoice.
    client.add_fee("7", &fee).await.unwrap();
    assert_eq!(sim.fees().len(), 1);
    let next = client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("7", "ann")))
        .await
        .unwrap();
    assert_eq!(next.amount, Some(dec("73.00")));
    client
        .pay_invoice(&next.token, &Payment::on_file())
        .await
        .unwrap();

    // Unknown plan and disabled plan.
    let err = client
        .create_invoice(&NewInvoice::new(999, NewSubscriber::new("7", "ann")))
        .await
        .unwrap_err();
    assert!(err.is_not_found());

    let txs: Vec<Transaction> = client
        .list_transactions(&TransactionFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(txs.len(), sim.transactions().len());
    assert!(!txs.is_empty());

    let stopped = client.stop_auto_renew("7").await.unwrap().unwrap();
    assert!(!stopped.recurring);
    let changed = client.change_plan("7", trial.id).await.unwrap().unwrap();
    assert_eq!(changed.subscription_plan_name.as_deref(), Some("Pro trial"));
}

#[tokio::test]
async fn transactions_page_by_fifty() {
    let sim = SpreedlySimulator::start().await;
    for i in 0..120 {
        sim.seed_transaction("1", Decimal::from(i), "Payment");
    }
    let client = sim.client();
    let all: Vec<Transaction> = client
        .list_transactions(&TransactionFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 120);
    let requests = sim.requests().await;
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].query_param("since_id"), None);
    assert_eq!(requests[1].query_param("since_id"), Some("50"));
    assert_eq!(requests[2].query_param("since_id"), Some("100"));
    let since: Vec<Transaction> = client
        .list_transactions(&TransactionFilter::new().since_id(110))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(since.len(), 10);
}

/// One money call of each kind, against a simulator where it can succeed.
async fn money_call(
    client: &Client,
    op: &str,
    invoice_token: &str,
    plan: u64,
) -> Result<(), Error> {
    match op {
        "spreedly.add_fee" => {
            client
                .add_fee("7", &NewFee::new("Setup", "g", dec("1.00")))
                .await
        }
        "spreedly.add_store_credit" => client.add_store_credit("7", dec("1.00")).await.map(drop),
        "spreedly.create_complimentary_subscription" => client
            .create_complimentary_subscription(
                "8",
                &NewComplimentarySubscription::new(1, DurationUnits::Months, "pro"),
            )
            .await
            .map(drop),
        "spreedly.create_complimentary_time_extension" => client
            .create_complimentary_time_extension(
                "7",
                &NewComplimentaryTimeExtension::new(1, DurationUnits::Days),
            )
            .await
            .map(drop),
        "spreedly.create_lifetime_complimentary_subscription" => client
            .create_lifetime_complimentary_subscription("8", "pro")
            .await
            .map(drop),
        "spreedly.create_invoice" => client
            .create_invoice(&NewInvoice::new(plan, NewSubscriber::new("7", "ann")))
            .await
            .map(drop),
        "spreedly.pay_invoice" => client
            .pay_invoice(invoice_token, &Payment::on_file())
            .await
            .map(drop),
        other => panic!("{other}"),
    }
}

const MONEY: &[&str] = &[
    "spreedly.add_fee",
    "spreedly.add_store_credit",
    "spreedly.create_complimentary_subscription",
    "spreedly.create_complimentary_time_extension",
    "spreedly.create_lifetime_complimentary_subscription",
    "spreedly.create_invoice",
    "spreedly.pay_invoice",
];

#[tokio::test]
async fn money_calls_are_sent_once_under_every_fault() {
    for fault in ["503", "drop", "timeout"] {
        for op in MONEY {
            let Setup { sim, pro, .. } = setup().await;
            let client = sim
                .client_builder()
                .attempt_timeout(Some(Duration::from_millis(300)))
                .build()
                .unwrap();
            // 7: active and recurring with a card on file and an open invoice; 8: inactive.
            sim.seed_subscriber(NewSubscriber::new("7", "ann"));
            sim.seed_subscriber(NewSubscriber::new("8", "bob"));
            let first = client
                .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("7", "ann")))
                .await
                .unwrap();
            let card = CreditCard::new("4111111111111111", CardType::Visa, "1", 1, 2030, "A", "L");
            client
                .pay_invoice(&first.token, &Payment::credit_card(card))
                .await
                .unwrap();
            let open = client
                .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("7", "ann")))
                .await
                .unwrap();
            sim.clear_requests().await;
            let injected = match fault {
                "503" => Fault::status(503),
                "drop" => Fault::drop_connection(),
                _ => Fault::delay(Duration::from_secs(2)),
            };
            sim.inject(injected.on(*op));
            let err = money_call(&client, op, &open.token, pro.id)
                .await
                .expect_err(&format!("{op} under {fault}"));
            assert!(err.maybe_sent(), "{op} under {fault}: {err}");
            if fault == "timeout" {
                assert!(err.is_timeout(), "{op}: {err}");
            }
            assert_eq!(
                sim.requests().await.len(),
                1,
                "{op} under {fault} was resent"
            );
        }
    }
}

#[tokio::test]
async fn reads_are_retried_after_a_503() {
    let Setup { sim, client, .. } = setup().await;
    sim.inject(Fault::status(503).times(2).on("spreedly.list_plans"));
    let plans = client.list_plans_page(&PlanFilter::new()).await.unwrap();
    assert_eq!(plans.items.len(), 2);
    assert_eq!(sim.requests().await.len(), 3);
}

#[test]
fn blocking_client_lists_and_refuses_inside_a_runtime() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(SpreedlySimulator::start());
    sim.seed_plan(SeedPlan::regular(
        "Pro",
        "pro",
        dec("24.00"),
        1,
        DurationUnits::Months,
    ));
    for i in 0..60 {
        sim.seed_transaction("1", Decimal::from(i), "Payment");
    }
    let client = sim.client_builder().build_blocking().unwrap();
    let plans: Vec<Plan> = client
        .list_plans(&PlanFilter::new())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(plans.len(), 1);
    let txs: Vec<Transaction> = client
        .list_transactions(&TransactionFilter::new())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(txs.len(), 60);
    client
        .create_subscriber(&NewSubscriber::new("5", "eve"))
        .unwrap();
    assert_eq!(client.get_subscriber("5").unwrap().customer_id, "5");
    let inside = rt.block_on(async { client.get_subscriber("5") });
    assert!(matches!(
        inside,
        Err(Error::Core(paykit_core::Error::BlockingInsideRuntime))
    ));
}

#[tokio::test]
async fn singular_extension_path_and_disabled_plans() {
    let Setup { sim, pro, .. } = setup().await;
    let client = sim
        .client_builder()
        .time_extension_path(TimeExtensionPath::Singular)
        .build()
        .unwrap();
    sim.seed_subscriber(NewSubscriber::new("8", "bob"));
    client
        .create_complimentary_subscription(
            "8",
            &NewComplimentarySubscription::new(1, DurationUnits::Days, "pro"),
        )
        .await
        .unwrap();
    client
        .create_complimentary_time_extension(
            "8",
            &NewComplimentaryTimeExtension::new(1, DurationUnits::Months),
        )
        .await
        .unwrap();
    let last = sim.requests().await.pop().unwrap();
    assert!(
        last.path
            .ends_with("/subscribers/8/complimentary_time_extension.xml")
    );
    assert!(
        last.body_text()
            .contains("<duration-units>months</duration-units>")
    );

    let off = sim.seed_plan(
        SeedPlan::regular("Old", "basic", dec("5.00"), 1, DurationUnits::Months).disabled(),
    );
    let err = client
        .create_invoice(&NewInvoice::new(off.id, NewSubscriber::new("8", "bob")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    // Card data missing: 422 with Spreedly's text.
    let open = client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("9", "new")))
        .await
        .unwrap();
    let err = client
        .pay_invoice(&open.token, &Payment::on_file())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert!(
        sim.subscriber("9").is_some(),
        "the invoice created the subscriber"
    );
}

#[tokio::test]
async fn refusals_the_payments_api_and_filters() {
    let Setup {
        sim, client, pro, ..
    } = setup().await;
    sim.seed_subscriber(NewSubscriber::new("1", "one"));
    sim.seed_subscriber(NewSubscriber::new("2", "two"));

    // Every subscriber, in creation order.
    let all: Vec<Subscriber> = client
        .list_subscribers(&SubscriberFilter::new())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.customer_id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);

    // A new customer id that is taken: 403 with Spreedly's text, nothing changed.
    let err = client
        .update_subscriber("1", &SubscriberUpdate::new().new_customer_id("2"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.message(),
        Some("A subscriber with a customer-id of 2 already exists.")
    );
    assert!(sim.subscriber("1").is_some());
    // An empty update never leaves the client; a subscriber that does not exist is 404.
    let err = client
        .update_subscriber("404", &SubscriberUpdate::new().email("x@example.com"))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.message(),
        Some("There is no subscriber with a customer id of 404")
    );

    // Plan filters, client-side.
    let trials = client
        .list_plans_page(&PlanFilter::new().plan_type(PlanType::FreeTrial))
        .await
        .unwrap();
    assert_eq!(trials.items.len(), 1);
    let gold = client
        .list_plans_page(&PlanFilter::new().feature_level("gold"))
        .await
        .unwrap();
    assert!(gold.items.is_empty());

    // Card parameters missing: 422 with Spreedly's text, the invoice stays open.
    let open = client
        .create_invoice(&NewInvoice::new(pro.id, NewSubscriber::new("1", "one")))
        .await
        .unwrap();
    let blank = CreditCard::new("", CardType::Visa, "", 1, 2030, "", "");
    let err = client
        .pay_invoice(&open.token, &Payment::credit_card(blank))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(
        err.message(),
        Some("You must specify credit card parameters for the payment.")
    );
    // Unknown invoice: 404.
    let err = client
        .pay_invoice("nope", &Payment::on_file())
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    // The gateway times out (504): a typed error, maybe carried out, sent once.
    sim.clear_requests().await;
    sim.inject(Fault::status(504).on("spreedly.pay_invoice"));
    let card = CreditCard::new("4111111111111111", CardType::Visa, "1", 1, 2030, "O", "N");
    let err = client
        .pay_invoice(&open.token, &Payment::credit_card(card.clone()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(504));
    assert!(err.maybe_sent());
    assert_eq!(sim.requests().await.len(), 1);
    // Paid at last: closed, the subscriber active on the plan, and a single read lists it.
    let paid = client
        .pay_invoice(&open.token, &Payment::credit_card(card))
        .await
        .unwrap();
    assert!(paid.closed);
    assert_eq!(
        paid.line_items[0].subscription_plan_version_id,
        Some(pro.id)
    );
    let one = client.get_subscriber("1").await.unwrap();
    assert!(one.active && one.recurring && one.payment_account_on_file);
    assert_eq!(one.feature_level.as_deref(), Some("pro"));
    assert_eq!(
        one.payment_account_display.as_deref(),
        Some("XXXX-XXXX-XXXX-1111")
    );
    assert_eq!(one.invoices.len(), 1);
    assert!(one.invoices[0].closed);

    // Hosted pages point at the simulator's site.
    assert_eq!(client.hosted_url(), sim.hosted_url());
    assert_eq!(
        client.account_url(one.token.as_deref().unwrap(), Some("https://app.example/")),
        format!(
            "{}/subscriber_accounts/{}?return_url=https%3A%2F%2Fapp.example%2F",
            sim.hosted_url(),
            one.token.unwrap()
        )
    );
}

#[tokio::test]
async fn the_simulator_serves_the_real_xml_shapes() {
    let Setup { sim, client, .. } = setup().await;
    let http = paykit_core::reqwest::Client::new();
    let get = |rest: &str| {
        http.get(format!("{}{rest}", sim.base_url()))
            .basic_auth(API_TOKEN, Some("X"))
            .send()
    };
    let empty = get("/subscribers.xml").await.unwrap().text().await.unwrap();
    assert!(empty.contains("<nil-classes type=\"array\"/>"), "{empty}");
    sim.seed_subscriber(NewSubscriber::new("7", "Zoë <&>"));
    let one = get("/subscribers/7.xml").await.unwrap();
    assert!(
        one.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let one = one.text().await.unwrap();
    for shape in [
        "<active type=\"boolean\">false</active>",
        "<active-until type=\"datetime\" nil=\"true\"></active-until>",
        "<in_grace_period type=\"boolean\"></in_grace_period>",
        "<store-credit type=\"decimal\">0.0</store-credit>",
        "<screen-name>Zoë &lt;&amp;&gt;</screen-name>",
        "<invoices type=\"array\"/>",
    ] {
        assert!(one.contains(shape), "{shape} not in {one}");
    }
    // Both error shapes: plain text and an <errors> list.
    let missing = get("/subscribers/8.xml").await.unwrap();
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(
        missing.text().await.unwrap(),
        "There is no subscriber with a customer id of 8"
    );
    let err = client.add_store_credit("7", dec("-1")).await.unwrap_err();
    let api = err.api_error().unwrap();
    assert!(
        api.body.contains("<errors>\n  <error>Amount is invalid."),
        "{}",
        api.body
    );
    assert_eq!(api.messages.len(), 1);
    // A wrong token: 401 in plain text.
    let denied = http
        .get(format!("{}/subscribers.xml", sim.base_url()))
        .basic_auth("wrong", Some("X"))
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status().as_u16(), 401);
}
