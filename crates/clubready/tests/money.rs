//! Money calls (agreement sales, starting agreements for members and new users, payment
//! profile imports in both versions, guest passes) are never resent once they may have
//! reached the server: a 503, a connection dropped after the request
//! was read, and a timeout each give exactly one request, `maybe_sent()`, and nothing
//! done twice. Against the simulator (paykit-core's `SimServer` faults).

use std::time::Duration;

use paykit_clubready::testing::{ClubReadySimulator, Fault};
use paykit_clubready::{
    AcctToken, AgreementSale, Client, Error, NewAgreement, NewGuestPass, NewProspect,
    NewUserAgreement, PaymentMethod, PaymentProfileImport, ProfileToken,
};
use rust_decimal::Decimal;

async fn agreement(sim: &ClubReadySimulator, client: &Client) -> (u64, String) {
    let member = sim.seed_member(NewProspect::new("Mo", "Ney", "mo@example.com", false));
    let package = sim.seed_package("Gold", Decimal::new(4990, 2));
    let started = client
        .add_agreement(&NewAgreement::new(
            member.user_id,
            package.id,
            "198.51.100.7".parse().unwrap(),
        ))
        .await
        .unwrap();
    (member.user_id, started.incomplete_agreement_token.unwrap())
}

/// A fault kind's name and how to make it for an operation.
type MakeFault = Box<dyn Fn(&str) -> Fault>;

fn faults() -> Vec<(&'static str, MakeFault)> {
    vec![
        (
            "503",
            Box::new(|op: &str| Fault::status(503).times(3).on(op)),
        ),
        (
            "dropped connection",
            Box::new(|op: &str| Fault::drop_connection().times(3).on(op)),
        ),
        (
            "timeout",
            Box::new(|op: &str| Fault::delay(Duration::from_millis(800)).times(3).on(op)),
        ),
    ]
}

async fn sim_and_client() -> (ClubReadySimulator, Client) {
    let sim = ClubReadySimulator::start().await;
    let client = sim
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    (sim, client)
}

fn count(requests: &[paykit_clubready::testing::RecordedRequest], path_end: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.path.ends_with(path_end))
        .count()
}

fn check(kind: &str, error: &Error) {
    assert!(error.maybe_sent(), "{kind}: {error:?}");
    match kind {
        "503" => assert_eq!(error.status().map(|s| s.as_u16()), Some(503)),
        "timeout" => assert!(error.is_timeout(), "{error:?}"),
        _ => assert!(matches!(error, Error::Core(_)), "{error:?}"),
    }
}

#[tokio::test]
async fn an_agreement_sale_is_sent_once() {
    for (kind, fault) in faults() {
        let (sim, client) = sim_and_client().await;
        let (member, token) = agreement(&sim, &client).await;
        sim.inject(fault("clubready.create_agreement_sale"));
        let sale = AgreementSale::new(
            member,
            token,
            Decimal::new(4990, 2),
            "198.51.100.7".parse().unwrap(),
        )
        .payment_method(PaymentMethod::preferred(Decimal::new(4990, 2)));
        let error = client.create_agreement_sale(&sale).await.unwrap_err();
        check(kind, &error);
        let requests = sim.requests().await;
        assert_eq!(count(&requests, "/sales/agreement/sale"), 1, "{kind}");
        // The delayed one was processed; the others were not: never twice.
        assert!(sim.sales().len() <= 1, "{kind}");
    }
}

#[tokio::test]
async fn starting_an_agreement_is_sent_once() {
    let ip = "198.51.100.7".parse().unwrap();
    for (kind, fault) in faults() {
        let (sim, client) = sim_and_client().await;
        let member = sim.seed_member(NewProspect::new("Mo", "Ney", "mo@example.com", false));
        let package = sim.seed_package("Gold", Decimal::new(4990, 2));
        sim.inject(fault("clubready.add_agreement"));
        let error = client
            .add_agreement(&NewAgreement::new(member.user_id, package.id, ip))
            .await
            .unwrap_err();
        check(kind, &error);
        sim.inject(fault("clubready.add_agreement_new_user"));
        let error = client
            .add_agreement_new_user(&NewUserAgreement::new(
                "New",
                "User",
                "nu@example.com",
                package.id,
                ip,
            ))
            .await
            .unwrap_err();
        check(kind, &error);
        let requests = sim.requests().await;
        assert_eq!(count(&requests, "/sales/agreement/add"), 1, "{kind}");
        assert_eq!(count(&requests, "/sales/agreement/addNewUser"), 1, "{kind}");
        // At most the delayed ones were carried out: one user added, never two.
        assert!(sim.users().len() <= 2, "{kind}");
    }
}

#[tokio::test]
async fn a_payment_profile_import_is_sent_once_in_either_version() {
    for (kind, fault) in faults() {
        for older in [false, true] {
            let (sim, client) = sim_and_client().await;
            sim.inject(fault("clubready.import_payment_profile"));
            let import = if older {
                PaymentProfileImport::with_acct_token(
                    AcctToken::new("AT-old"),
                    ProfileToken::new("eyJ.old"),
                )
            } else {
                PaymentProfileImport::new(ProfileToken::new("eyJ.once"))
            };
            let error = client.import_payment_profile(&import).await.unwrap_err();
            check(kind, &error);
            let requests = sim.requests().await;
            assert_eq!(
                count(&requests, "/sales/paymentprofile/import"),
                1,
                "{kind}, older: {older}"
            );
            let body = requests.last().unwrap().body_text();
            assert_eq!(body.contains("AcctToken:AT-old"), older, "{body}");
            assert!(sim.imported_profiles() <= 1);
        }
    }
}

#[tokio::test]
async fn a_guest_pass_is_sent_once() {
    for (kind, fault) in faults() {
        let (sim, client) = sim_and_client().await;
        sim.inject(fault("clubready.create_guest_pass"));
        let error = client
            .create_guest_pass(&NewGuestPass::new(1001, 2))
            .await
            .unwrap_err();
        check(kind, &error);
        assert_eq!(
            count(&sim.requests().await, "/club/guest-pass/create"),
            1,
            "{kind}"
        );
        assert!(sim.guest_passes().len() <= 1);
    }
}

#[tokio::test]
async fn a_refusal_is_not_maybe_sent_and_reads_are_retried() {
    let (sim, client) = sim_and_client().await;
    sim.inject(Fault::status(503).times(2).on("clubready.list_packages"));
    sim.seed_package("Gold", Decimal::new(4990, 2));
    let packages = client.list_packages_page().await.unwrap();
    assert_eq!(packages.items.len(), 1);
    assert_eq!(count(&sim.requests().await, "/sales/packages"), 3);
    sim.inject(Fault::status(400).on("clubready.create_guest_pass"));
    let error = client
        .create_guest_pass(&NewGuestPass::new(1001, 2))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Validation(_)));
    assert!(!error.maybe_sent());
}
