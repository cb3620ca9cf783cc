//! Every operation against the stateful simulator, in JSV and in JSON, with its rules:
//! duplicates, 7-day windows, credits and wait lists, split sales, keys without scope.

use paykit_clubready::prelude::*;
use paykit_clubready::testing::{ClubReadySimulator, Fault, NewClass, STORE_ID};
use paykit_clubready::{
    AcctToken, AgreementSale, AuthenticationResult, BookingEventFilter, BookingStatus,
    CancelPolicy, CheckIn, ClassScheduleFilter, DateAddedFilter, Format, NewAgreement, NewBooking,
    NewGuestPass, NewProspect, NewUserAgreement, ParamStyle, PaymentMethod, UserActivityFilter,
    UserFilter, UserUpdate, WalletTokenRequest,
};
use rust_decimal::Decimal;
use secrecy::SecretString;
use time::macros::{date, time};
use time::{Duration, OffsetDateTime};

fn dec(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

async fn users_flow(client: &Client, sim: &ClubReadySimulator) {
    let created = client
        .create_prospect(&NewProspect::new(
            "Ada",
            "Lovelace",
            "ada@example.com",
            true,
        ))
        .await
        .unwrap();
    assert!(!created.already_existed);
    let again = client
        .create_prospect(&NewProspect::new("Ada", "L", "ADA@example.com", false))
        .await
        .unwrap();
    assert!(again.already_existed);
    assert_eq!(again.user_id, created.user_id);
    let id = created.user_id.unwrap();

    for n in 0..12 {
        sim.seed_member(NewProspect::new(
            "M",
            format!("{n}"),
            format!("m{n}@x.test"),
            false,
        ));
    }
    let all: Vec<_> = client
        .find_users(&UserFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 13, "two pages of 10 and 3, then an empty one");
    let page2 = client
        .find_users_page(&UserFilter::new().page(2))
        .await
        .unwrap();
    assert_eq!(page2.items.len(), 3);
    assert_eq!(page2.number, Some(2));

    client
        .update_user(id, &UserUpdate::new().first_name("Augusta"))
        .await
        .unwrap();
    let user = client.get_user(id).await.unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Augusta"));
    assert!(user.prospect);
    assert!(client.get_user(999_999).await.unwrap_err().is_not_found());

    let listed: Vec<_> = client
        .list_users(&UserActivityFilter::new(date!(2026 - 01 - 01)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 13);
    let added = client
        .list_users_added_page(&DateAddedFilter::new(
            date!(2026 - 01 - 01),
            date!(2026 - 12 - 31),
        ))
        .await
        .unwrap();
    assert_eq!(added.items.len(), 13);

    sim.set_login(id, "augusta", "right");
    let ok = client
        .find_user_by_login("augusta", &SecretString::from("right"))
        .await
        .unwrap();
    assert_eq!(
        ok.authentication_result,
        Some(AuthenticationResult::Success)
    );
    assert_eq!(ok.home_store_id, Some(STORE_ID));
    let bad = client
        .find_user_by_login("augusta", &SecretString::from("wrong"))
        .await
        .unwrap();
    assert_eq!(
        bad.authentication_result,
        Some(AuthenticationResult::InvalidPassword)
    );
    assert!(!client.check_username("augusta").await.unwrap().valid);
    assert!(client.check_username("someone-new").await.unwrap().valid);
    let barcode = sim
        .users()
        .into_iter()
        .find(|u| u.user_id == id)
        .unwrap()
        .barcode
        .unwrap();
    client
        .check_in(&CheckIn::new(barcode).user_id(id))
        .await
        .unwrap();
    assert!(matches!(
        client.check_in(&CheckIn::new("nope")).await.unwrap_err(),
        Error::Refused(_)
    ));
}

async fn scheduling_flow(client: &Client, sim: &ClubReadySimulator) {
    let a = sim.seed_class(NewClass::new(
        date!(2026 - 06 - 02),
        time!(18:30),
        time!(19:30),
        "Yoga - Studio B",
        1,
    ));
    let b = sim.seed_class(NewClass::new(
        date!(2026 - 06 - 12),
        time!(6:00),
        time!(6:45),
        "Spin",
        10,
    ));
    let two_weeks = ClassScheduleFilter::new(date!(2026 - 06 - 01), date!(2026 - 06 - 14));
    let classes = client.get_class_schedule(&two_weeks).await.unwrap();
    assert_eq!(
        classes.iter().map(|c| c.schedule_id).collect::<Vec<_>>(),
        [a.schedule_id, b.schedule_id]
    );
    assert_eq!(classes[0].start_time, Some(time!(18:30)));
    assert_eq!(classes[0].location(), Some("Studio B"));

    let ann = sim
        .seed_member(NewProspect::new("Ann", "Lee", "ann@x.test", false))
        .user_id;
    let bo = sim
        .seed_member(NewProspect::new("Bo", "Ng", "bo@x.test", false))
        .user_id;
    // No credit: declined.
    assert!(matches!(
        client
            .book_class(&NewBooking::new(ann, a.schedule_id))
            .await
            .unwrap_err(),
        Error::Refused(_)
    ));
    sim.grant_credits(ann, 2);
    sim.grant_credits(bo, 1);
    let check = client.get_booking_status(a.schedule_id, ann).await.unwrap();
    assert!(check.can_book);
    let booking = client
        .book_class(&NewBooking::new(ann, a.schedule_id))
        .await
        .unwrap();
    assert_eq!(sim.credits(ann), 1);
    // Full: declined without wait list, wait-listed with it.
    assert!(
        client
            .book_class(&NewBooking::new(bo, a.schedule_id))
            .await
            .is_err()
    );
    client
        .book_class(&NewBooking::new(bo, a.schedule_id).allow_wait_list(true))
        .await
        .unwrap();
    let roster = client.get_class_roster(a.schedule_id).await.unwrap();
    assert_eq!(roster.class_roster.len(), 1);
    assert_eq!(roster.wait_list.len(), 1);
    assert_eq!(roster.free_spots, Some(0));
    assert_eq!(roster.class_date, Some(date!(2026 - 06 - 02)));
    client.cancel_wait_list(bo, a.schedule_id).await.unwrap();
    client
        .cancel_booking(ann, booking.booking_id.unwrap(), CancelPolicy::Within)
        .await
        .unwrap();
    assert_eq!(
        sim.credits(ann),
        2,
        "a cancellation within policy gives the credit back"
    );
    let credits = client.get_credit_detail(ann).await.unwrap();
    assert_eq!(credits.total_available, Some(2));

    let now = OffsetDateTime::now_utc();
    let events = client
        .get_booking_status_events(&BookingEventFilter::new(
            now - Duration::hours(30),
            now + Duration::hours(1),
        ))
        .await
        .unwrap();
    // Booked, wait-listed, off the wait list, cancelled: every change is an event.
    let statuses: Vec<_> = events.iter().map(|e| e.status.clone().unwrap()).collect();
    assert_eq!(
        statuses,
        [
            BookingStatus::Open,
            BookingStatus::WaitListed,
            BookingStatus::CancelledWithinPolicy,
            BookingStatus::CancelledWithinPolicy
        ]
    );
    assert!(events.iter().all(|e| !e.booked_from_wait_list));
}

async fn sales_flow(client: &Client, sim: &ClubReadySimulator) {
    let package = sim.seed_package("Gold", dec(300));
    let packages: Vec<_> = client.list_packages().try_collect().await.unwrap();
    assert_eq!(packages[0].price.unwrap().to_string(), "3.00");
    let plans: Vec<_> = client
        .list_installments(package.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(plans[0].due_per_payment.unwrap().to_string(), "3.00");
    let calc = client
        .calculate_installment(package.id, plans[0].id)
        .await
        .unwrap();
    assert_eq!(calc.sub_total, Some(dec(300)));
    let member = sim
        .seed_member(NewProspect::new("Pay", "Er", "payer@x.test", false))
        .user_id;
    assert!(
        client
            .get_package_eligibility(member, package.id)
            .await
            .unwrap()
            .eligible
    );
    assert!(
        !client
            .get_package_eligibility(member, 1)
            .await
            .unwrap()
            .eligible
    );

    let ip = "203.0.113.9".parse().unwrap();
    let started = client
        .add_agreement(&NewAgreement::new(member, package.id, ip))
        .await
        .unwrap();
    let token = started.incomplete_agreement_token.unwrap();
    let contract = client.get_agreement_contract(&token).await.unwrap();
    assert!(contract.contract_html.unwrap().contains("package"));
    // Scenario 2: the first card approves only 0.50 of its 1.00; the preferred method pays
    // the rest (up to 2.50).
    sim.limit_acct_token("AT-partial", dec(50));
    let sale = AgreementSale::new(member, &token, dec(300), ip).payment_methods([
        PaymentMethod::acct_token(dec(100), AcctToken::new("AT-partial")),
        PaymentMethod::preferred(dec(250)),
    ]);
    let sold = client.create_agreement_sale(&sale).await.unwrap();
    assert_eq!(sold.contract_id, Some(package.id + 500_000));
    let sales = sim.sales();
    assert_eq!(sales.len(), 1);
    assert_eq!(sales[0].payments, vec![dec(50), dec(250)]);
    // Not covered: declined, nothing kept.
    let started = client
        .add_agreement_new_user(&NewUserAgreement::new(
            "New",
            "Person",
            "new@x.test",
            package.id,
            ip,
        ))
        .await
        .unwrap();
    sim.limit_acct_token("AT-low", dec(10));
    let short = AgreementSale::new(
        started.user_id.unwrap(),
        started.incomplete_agreement_token.unwrap(),
        dec(300),
        ip,
    )
    .payment_method(PaymentMethod::acct_token(
        dec(300),
        AcctToken::new("AT-low"),
    ));
    let err = client.create_agreement_sale(&short).await.unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");
    assert!(!err.maybe_sent());
    assert_eq!(sim.sales().len(), 1);

    // A profile token is single-use.
    let import = paykit_clubready::PaymentProfileImport::new(paykit_clubready::ProfileToken::new(
        "eyJ.single-use",
    ))
    .new_owner_id(member);
    client.import_payment_profile(&import).await.unwrap();
    assert!(matches!(
        client.import_payment_profile(&import).await.unwrap_err(),
        Error::Refused(_)
    ));
    assert_eq!(sim.imported_profiles(), 1);
    // The older form: an account token beside the profile token.
    let older = paykit_clubready::PaymentProfileImport::with_acct_token(
        AcctToken::new("AT-older"),
        paykit_clubready::ProfileToken::new("eyJ.older"),
    );
    client.import_payment_profile(&older).await.unwrap();
    assert_eq!(sim.imported_profiles(), 2);
    let profiles = &paykit_core::testing::Simulator::state(sim)["payment_profiles"];
    assert_eq!(profiles[1]["acct_token"], "AT-older");
    assert_eq!(profiles[0]["new_owner_id"], member);

    let wallet = client
        .create_wallet_token(&WalletTokenRequest::new(member, member))
        .await
        .unwrap();
    assert!(
        wallet
            .wallet_url
            .unwrap()
            .contains(&wallet.wallet_token.unwrap())
    );
}

async fn club_flow(client: &Client, sim: &ClubReadySimulator) {
    assert_eq!(client.list_staff_page().await.unwrap().items.len(), 1);
    assert_eq!(
        client.list_staff_types_page().await.unwrap().items[0]
            .title
            .as_deref(),
        Some("Instructor")
    );
    let stores: Vec<_> = client
        .with_chain_id(10)
        .list_stores()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(stores[0].store_id, STORE_ID);
    let user = sim
        .seed_member(NewProspect::new("G", "P", "gp@x.test", false))
        .user_id;
    client
        .create_guest_pass(&NewGuestPass::new(user, 3).expires(date!(2026 - 12 - 31)))
        .await
        .unwrap();
    let passes = client.list_guest_passes_page(user).await.unwrap().items;
    assert_eq!(passes.len(), 1);
    assert_eq!(passes[0].guest_pass_type_id, Some(3));
}

#[tokio::test]
async fn every_operation_in_jsv() {
    let sim = ClubReadySimulator::start().await;
    let client = sim.client();
    users_flow(&client, &sim).await;
    scheduling_flow(&client, &sim).await;
    sales_flow(&client, &sim).await;
    club_flow(&client, &sim).await;
}

#[tokio::test]
async fn every_operation_in_json_with_fields_in_the_query() {
    let sim = ClubReadySimulator::start().await;
    let client = sim
        .client_builder()
        .format(Format::Json)
        .param_style(ParamStyle::Query)
        .build()
        .unwrap();
    users_flow(&client, &sim).await;
    scheduling_flow(&client, &sim).await;
    sales_flow(&client, &sim).await;
    club_flow(&client, &sim).await;
    assert!(
        sim.requests()
            .await
            .iter()
            .all(|r| r.query_param("format") == Some("json"))
    );
}

#[tokio::test]
async fn every_operation_with_fields_in_a_form() {
    let sim = ClubReadySimulator::start().await;
    let client = sim
        .client_builder()
        .param_style(ParamStyle::Form)
        .build()
        .unwrap();
    users_flow(&client, &sim).await;
    scheduling_flow(&client, &sim).await;
    sales_flow(&client, &sim).await;
    club_flow(&client, &sim).await;
    let requests = sim.requests().await;
    let posts: Vec<_> = requests.iter().filter(|r| r.method == "POST").collect();
    assert!(!posts.is_empty());
    assert!(posts.iter().all(|r| {
        r.header("content-type") == Some("application/x-www-form-urlencoded")
            && r.query_param("FirstName").is_none()
            && r.query_param("UserId").is_none()
    }));
}

#[tokio::test]
async fn the_simulator_refuses_long_windows_and_keys_without_scope() {
    let sim = ClubReadySimulator::start().await;
    // The client splits; a raw 8-day window is refused by the simulator.
    let unscoped = Client::builder(sim.unscoped_api_key())
        .store_id(STORE_ID)
        .base_url(sim.base_url())
        .build()
        .unwrap();
    let err = unscoped
        .get_class_schedule(&ClassScheduleFilter::new(
            date!(2026 - 06 - 01),
            date!(2026 - 06 - 03),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Unauthorized(ref api) if api.status.as_u16() == 200),
        "{err:?}"
    );
    // The same key may still read non-scheduling data.
    assert!(unscoped.list_staff_page().await.is_ok());
    let wrong = Client::builder("nope")
        .store_id(STORE_ID)
        .base_url(sim.base_url())
        .build()
        .unwrap();
    let err = wrong.list_staff_page().await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(ref api) if api.status.as_u16() == 401));
    // Missing X-Forwarded-For cannot be built; a raw request without it is refused.
    let raw = paykit_core::Client::builder("t", sim.base_url())
        .build()
        .unwrap();
    let req = paykit_core::Request::get("t", "/scheduling/class-schedule")
        .query("ApiKey", sim.api_key())
        .query("FromDate", "2026-06-01")
        .query("ToDate", "2026-06-08");
    let err = raw.execute(req).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

#[test]
fn the_blocking_client_has_the_same_operations() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(ClubReadySimulator::start());
    let client = sim.client_builder().build_blocking().unwrap();
    let created = client
        .create_prospect(&NewProspect::new("Bl", "Ock", "block@x.test", false))
        .unwrap();
    assert!(created.user_id.is_some());
    let users: Vec<_> = client
        .find_users(&UserFilter::new())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users.len(), 1);
    sim.seed_package("Gold", dec(100));
    assert_eq!(client.list_packages().count(), 1);
    assert_eq!(client.with_chain_id(10).list_stores().count(), 1);
    drop(runtime);
}

#[tokio::test]
async fn the_simulator_sees_the_key_as_the_query_parameter() {
    let sim = ClubReadySimulator::start().await;
    sim.inject(Fault::status(503).on("clubready.list_staff"));
    let client = sim.client();
    let staff: Vec<_> = client.list_staff().try_collect().await.unwrap();
    assert_eq!(staff.len(), 1);
    let requests = sim.requests().await;
    assert_eq!(requests.len(), 2, "a read is retried after a 503");
    for r in &requests {
        assert_eq!(r.query_param("ApiKey"), Some(sim.api_key()));
        assert!(r.header("authorization").is_none());
    }
}
