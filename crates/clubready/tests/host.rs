//! The simulator as a host of several simulators sees it (`paykit_core::testing::Simulator`):
//! mounted on a server the host started, its connection details, reset, and state / seed.

use paykit_clubready::prelude::*;
use paykit_clubready::testing::{ClubReadySimulator, Fault, NewClass};
use paykit_clubready::{
    AcctToken, AgreementSale, ClassScheduleFilter, NewAgreement, NewBooking, NewGuestPass,
    NewProspect, PaymentMethod, PaymentProfileImport, ProfileToken, UserFilter,
};
use paykit_core::testing::{SimServer, Simulator};
use rust_decimal::Decimal;
use secrecy::SecretString;
use serde_json::{Value, json};
use time::macros::{date, time};

fn value(sim: &ClubReadySimulator, label: &str) -> String {
    sim.connection()
        .into_iter()
        .find(|c| c.label == label)
        .unwrap_or_else(|| panic!("no {label}"))
        .value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_on_a_hosts_server_and_connect_with_what_it_shows() {
    let server = SimServer::builder().try_start().await.unwrap();
    let address = server.address();
    let sim = ClubReadySimulator::start_on(server).await;
    assert_eq!(sim.vendor(), "clubready");
    assert_eq!(sim.server().address(), address);
    let labels: Vec<String> = sim.connection().into_iter().map(|c| c.label).collect();
    assert_eq!(
        labels,
        [
            "base URL",
            "API key",
            "API key without scheduling scope",
            "store id",
            "chain id"
        ]
    );
    assert_eq!(
        value(&sim, "base URL"),
        format!("http://{address}/api/current")
    );
    let store: u64 = value(&sim, "store id").parse().unwrap();
    let chain: u64 = value(&sim, "chain id").parse().unwrap();
    let client = Client::builder(value(&sim, "API key"))
        .store_id(store)
        .base_url(value(&sim, "base URL"))
        .build()
        .unwrap();
    client
        .create_prospect(&NewProspect::new("Ho", "St", "host@x.test", false))
        .await
        .unwrap();
    let stores: Vec<_> = client
        .with_chain_id(chain)
        .list_stores()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(stores[0].store_id, store);
    let unscoped = Client::builder(value(&sim, "API key without scheduling scope"))
        .store_id(store)
        .base_url(value(&sim, "base URL"))
        .build()
        .unwrap();
    let week = ClassScheduleFilter::new(date!(2026 - 06 - 01), date!(2026 - 06 - 07));
    assert!(matches!(
        unscoped.get_class_schedule(&week).await,
        Err(Error::Unauthorized(_))
    ));
    assert!(client.get_class_schedule(&week).await.unwrap().is_empty());
}

#[tokio::test]
async fn reset_forgets_data_and_faults_and_keeps_the_club() {
    let sim = ClubReadySimulator::start().await;
    let fresh = sim.state();
    let client = sim.client();
    let ada = sim
        .seed_member(NewProspect::new("Ada", "L", "ada@x.test", false))
        .user_id;
    sim.seed_package("Gold", Decimal::new(300, 2));
    client.list_staff_page().await.unwrap();
    sim.inject(Fault::status(503).times(5).on("clubready.list_staff_types"));
    assert_ne!(sim.state(), fresh);

    sim.reset();
    sim.server().clear_requests().await;
    assert_eq!(sim.state(), fresh);
    assert!(sim.faults().pending().is_empty());
    assert!(sim.requests().await.is_empty());
    // The built-ins answer; the data is gone; ids start again.
    assert_eq!(client.list_staff_page().await.unwrap().items.len(), 1);
    assert_eq!(client.list_staff_types_page().await.unwrap().items.len(), 1);
    assert!(client.get_user(ada).await.unwrap_err().is_not_found());
    let again = sim.seed_member(NewProspect::new("Bo", "N", "bo@x.test", false));
    assert_eq!(again.user_id, ada);
    assert_eq!(sim.requests().await.len(), 3);
}

#[test]
fn reset_works_outside_a_runtime() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(ClubReadySimulator::start());
    runtime
        .block_on(
            sim.client()
                .create_prospect(&NewProspect::new("Ada", "L", "a@x.test", false)),
        )
        .unwrap();
    let fresh_staff = sim.state()["staff"].clone();
    sim.reset();
    assert_eq!(sim.state()["users"], serde_json::json!([]));
    assert_eq!(sim.state()["staff"], fresh_staff);
}

/// A simulator with something in every collection, made through the client.
async fn busy() -> ClubReadySimulator {
    let sim = ClubReadySimulator::start().await;
    let client = sim.client();
    let ip = "203.0.113.9".parse().unwrap();
    let ada = client
        .create_prospect(&NewProspect::new("Ada", "L", "ada@x.test", false))
        .await
        .unwrap()
        .user_id
        .unwrap();
    let bo = sim
        .seed_member(NewProspect::new("Bo", "N", "bo@x.test", false))
        .user_id;
    sim.set_login(bo, "bo", "pw");
    let class = sim
        .seed_class(NewClass::new(
            date!(2026 - 06 - 03),
            time!(18:30),
            time!(19:30),
            "Yoga",
            1,
        ))
        .schedule_id;
    sim.grant_credits(ada, 2);
    sim.grant_credits(bo, 1);
    client
        .book_class(&NewBooking::new(ada, class))
        .await
        .unwrap();
    client
        .book_class(&NewBooking::new(bo, class).allow_wait_list(true))
        .await
        .unwrap();
    let gold = sim.seed_package("Gold", Decimal::new(300, 2));
    for _ in 0..2 {
        client
            .add_agreement(&NewAgreement::new(ada, gold.id, ip))
            .await
            .unwrap();
    }
    let token = sim.state()["agreements"][0]["incomplete_agreement_token"]
        .as_str()
        .unwrap()
        .to_owned();
    sim.limit_acct_token("AT-part", Decimal::new(50, 2));
    client
        .create_agreement_sale(
            &AgreementSale::new(ada, token, Decimal::new(300, 2), ip).payment_methods([
                PaymentMethod::acct_token(Decimal::new(100, 2), AcctToken::new("AT-part")),
                PaymentMethod::preferred(Decimal::new(250, 2)),
            ]),
        )
        .await
        .unwrap();
    client
        .create_guest_pass(&NewGuestPass::new(bo, 3).expires(date!(2026 - 12 - 31)))
        .await
        .unwrap();
    client
        .import_payment_profile(&PaymentProfileImport::with_acct_token(
            AcctToken::new("AT-9"),
            ProfileToken::new("eyJ.p"),
        ))
        .await
        .unwrap();
    sim
}

#[tokio::test]
async fn state_shows_every_collection_and_seeds_an_equal_simulator() {
    let a = busy().await;
    let state = a.state();
    let keys: Vec<&str> = state
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "users",
        "classes",
        "bookings",
        "booking_status_events",
        "packages",
        "agreements",
        "contracts",
        "acct_token_limits",
        "guest_passes",
        "payment_profiles",
        "stores",
        "staff",
        "staff_types",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    assert_eq!(state["contracts"][0]["amount"], "3.00");
    assert_eq!(state["contracts"][0]["payments"], json!(["0.50", "2.50"]));
    assert_eq!(state["packages"][0]["price"], "3.00");
    assert_eq!(state["classes"][0]["start_time"], "18:30");
    assert_eq!(state["classes"][0]["date"], "2026-06-03");
    assert_eq!(state["users"][0]["credits"], 1);
    assert_eq!(state["guest_passes"][0]["expires"], "2026-12-31");
    assert!(
        state["booking_status_events"][0]["at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let ids: Vec<u64> = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["user_id"].as_u64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by id");

    let b = ClubReadySimulator::start().await;
    b.seed(&state).unwrap();
    assert_eq!(b.state(), state);
    // A fresh simulator's state seeds a fresh one to the same state too.
    let (c, d) = (
        ClubReadySimulator::start().await,
        ClubReadySimulator::start().await,
    );
    d.seed(&c.state()).unwrap();
    assert_eq!(d.state(), c.state());

    // What was seeded works through the client, and new ids come after the seeded ones.
    let client = b.client();
    let bo = client
        .find_user_by_login("bo", &SecretString::from("pw"))
        .await
        .unwrap();
    assert!(bo.is_authenticated());
    let roster = client
        .get_class_roster(state["classes"][0]["schedule_id"].as_u64().unwrap())
        .await
        .unwrap();
    assert_eq!((roster.class_roster.len(), roster.wait_list.len()), (1, 1));
    let new = client
        .create_prospect(&NewProspect::new("New", "One", "new@x.test", false))
        .await
        .unwrap()
        .user_id
        .unwrap();
    let highest = b.state()["contracts"][0]["sale_id"].as_u64().unwrap();
    assert!(new > highest, "{new} after {highest}");
}

#[tokio::test]
async fn seed_adds_records_and_refuses_a_bad_one_naming_it() {
    let sim = ClubReadySimulator::start().await;
    sim.seed(&json!({
        "users": [{"user_id": 5001, "first_name": "Ada", "last_name": "L",
                   "email": "ada@x.test", "member": true, "credits": 3}],
        "classes": [{"schedule_id": 7001, "date": "2026-06-03", "start_time": "18:30",
                     "end_time": "19:30", "title": "Yoga - Studio B", "max_spots": 12}],
        "packages": [{"id": 300, "name": "Gold", "price": "49.90"}],
    }))
    .unwrap();
    let client = sim.client();
    let booking = client
        .book_class(&NewBooking::new(5001, 7001))
        .await
        .unwrap();
    assert!(booking.booking_id.is_some());
    assert_eq!(sim.credits(5001), 2);
    let packages = client.list_packages_page().await.unwrap().items;
    assert_eq!(packages[0].price.unwrap().to_string(), "49.90");
    let found = client
        .find_users_page(&UserFilter::new().email("ada@x.test"))
        .await
        .unwrap();
    assert_eq!(found.items[0].barcode.as_deref(), Some("B5001"));

    let before = sim.state();
    let bad: [(Value, &str); 8] = [
        (
            json!({"users": [{"first_name": "Ok", "last_name": "K", "email": "ok@x.test"},
                             {"first_name": "No", "last_name": "Mail"}]}),
            "users[1].email: is required",
        ),
        (json!({"plans": []}), "unknown section `plans`"),
        (
            json!({"classes": [{"date": "2026-06-03", "start_time": "18:30", "end_time": "19:30",
                                "title": "X", "max_spots": "many"}]}),
            "classes[0].max_spots",
        ),
        (
            json!({"bookings": [{"user_id": 9, "schedule_id": 7001, "status_id": 2}]}),
            "bookings[0].user_id: no user 9",
        ),
        (
            json!({"users": [{"user_id": 5001, "first_name": "A", "last_name": "B",
                              "email": "c@x.test"}]}),
            "users[0].user_id: 5001 is already taken",
        ),
        (
            json!({"packages": [{"name": "P", "price": "cheap"}]}),
            "packages[0].price",
        ),
        (
            json!({"users": [{"first_name": "A", "last_name": "B", "email": "e@x.test",
                              "nickname": "x"}]}),
            "users[0].nickname: unknown field",
        ),
        (json!({"users": {}}), "users: expected a list"),
    ];
    for (seed, expected) in bad {
        let err = sim.seed(&seed).unwrap_err();
        assert!(err.contains(expected), "{err:?} should name {expected:?}");
        assert_eq!(sim.state(), before, "nothing added by {seed}");
    }
}
