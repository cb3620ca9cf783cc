//! The remaining operations' exact wire requests and typed answers, against wiremock
//! (shapes from `../shared/vendors/clubready.md` §3.4).

use paykit_clubready::prelude::*;
use paykit_clubready::{
    ActivityOperator, CheckIn, DateAddedFilter, NewUserAgreement, Segment, UserActivityFilter,
    WalletTokenRequest,
};
use time::macros::date;
use wiremock::matchers::{body_string, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k-123";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .store_id(100)
        .base_url(format!("{}/api/current", server.uri()))
        .build()
        .unwrap()
}

/// Mounts one expected call: method, path, the exact query (the client's `format` and
/// scope first, the key last), the exact body (`None`: no body), and its JSV answer.
async fn expect(
    server: &MockServer,
    verb: &str,
    route: &str,
    query: &[(&str, &str)],
    body: Option<&str>,
    answer: &str,
) {
    let mut want: Vec<(String, String)> = vec![("format".into(), "jsv".into())];
    want.extend(
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    want.push(("ApiKey".into(), KEY.into()));
    let mock = Mock::given(method(verb))
        .and(path(format!("/api/current{route}")))
        .and(move |r: &wiremock::Request| {
            let got: Vec<(String, String)> = r
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            got == want
        })
        .and(move |r: &wiremock::Request| {
            r.headers
                .get("accept")
                .is_some_and(|v| v == "application/jsv")
        });
    let mock = match body {
        Some(body) => mock.and(body_string(body)),
        None => mock.and(|r: &wiremock::Request| r.body.is_empty()),
    };
    mock.respond_with(
        ResponseTemplate::new(200).set_body_raw(answer.to_owned(), "application/jsv"),
    )
    .expect(1)
    .mount(server)
    .await;
}

#[tokio::test]
async fn user_lists_username_check_and_check_in() {
    let server = MockServer::start().await;
    expect(
        &server,
        "GET",
        "/users",
        &[
            ("StoreId", "100"),
            ("ActivityDate", "2026-05-01"),
            ("ActivityOperator", "LT"),
            ("Segment", "PastDue"),
            ("Version", "2"),
        ],
        None,
        "[{UserId:1,Email:a@x.test,MobilePhone:555}]",
    )
    .await;
    expect(
        &server,
        "GET",
        "/users/date-added",
        &[
            ("StoreId", "100"),
            ("FromDate", "2026-05-01"),
            ("ToDate", "2026-05-31"),
        ],
        None,
        "[{UserId:2},{UserId:3}]",
    )
    .await;
    expect(
        &server,
        "POST",
        "/users/checkusername",
        &[("StoreId", "100")],
        Some("{Username:ann.lee}"),
        "{Valid:False,StatusCode:1,Message:Username taken}",
    )
    .await;
    expect(
        &server,
        "POST",
        "/users/checkin",
        &[("StoreId", "100")],
        Some("{Barcode:0042,UserId:11}"),
        "{Success:True,Message:Checked in}",
    )
    .await;
    let client = client(&server);
    let users: Vec<_> = client
        .list_users(
            &UserActivityFilter::new(date!(2026 - 05 - 01))
                .operator(ActivityOperator::Before)
                .segment(Segment::PastDue)
                .version(2),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users[0].cell_phone.as_deref(), Some("555"));
    let added = client
        .list_users_added_page(&DateAddedFilter::new(
            date!(2026 - 05 - 01),
            date!(2026 - 05 - 31),
        ))
        .await
        .unwrap();
    assert_eq!(added.items.len(), 2);
    let check = client.check_username("ann.lee").await.unwrap();
    assert!(!check.valid);
    assert_eq!(check.status_code, Some(1));
    let ack = client
        .check_in(&CheckIn::new("0042").user_id(11))
        .await
        .unwrap();
    assert_eq!(ack.message.as_deref(), Some("Checked in"));
}

#[tokio::test]
async fn roster_booking_check_wait_list_and_credits() {
    let server = MockServer::start().await;
    expect(
        &server,
        "GET",
        "/scheduling/class-roster",
        &[("StoreId", "100"), ("ClassScheduleId", "9001")],
        None,
        "{Success:True,ClassDate:6/3/2026 6:30:00 PM,FreeSpots:0,MaxSpots:1,TotalBooked:1,LocationType:InPerson,ClassRoster:[{BookingId:70,UserId:11,FirstName:Ann,FirstTimeBooking:True,IsMember:True,CreditsRemaining:4,BookingStatusId:2,BookingStatusDescription:Open}],WaitList:[{BookingId:71,UserId:12,BookingStatusId:WaitListed}]}",
    )
    .await;
    expect(
        &server,
        "GET",
        "/scheduling/booking-status-check",
        &[
            ("StoreId", "100"),
            ("ClassScheduleId", "9001"),
            ("UserId", "11"),
        ],
        None,
        "{Success:True,CanBook:False,ConsumesCredit:True,Source:Package,AvailableCredits:4,IsBooked:True,IsWaitListed:False,CancelHours:12,LeadTime:0}",
    )
    .await;
    expect(
        &server,
        "POST",
        "/scheduling/12/cancel-wait-list",
        &[("StoreId", "100")],
        Some("{ClassScheduleId:9001}"),
        "{Success:True}",
    )
    .await;
    expect(
        &server,
        "GET",
        "/scheduling/11/credit-detail",
        &[("StoreId", "100"), ("FullDetail", "true")],
        None,
        "{Success:True,TotalPurchased:10,TotalAvailable:4,Credits:[{ServiceId:0,ClassId:7,Name:Yoga,Total:10,Available:4,StoreId:100}]}",
    )
    .await;
    let client = client(&server);
    let roster = client.get_class_roster(9001).await.unwrap();
    assert_eq!(roster.class_date, Some(date!(2026 - 06 - 03)));
    assert_eq!(
        roster.class_roster[0].booking_status_id,
        Some(paykit_clubready::BookingStatus::Open)
    );
    assert_eq!(
        roster.wait_list[0].booking_status_id,
        Some(paykit_clubready::BookingStatus::WaitListed)
    );
    assert!(roster.class_roster[0].first_time_booking);
    let check = client.get_booking_status(9001, 11).await.unwrap();
    assert!(!check.can_book && check.is_booked);
    assert_eq!(check.available_credits, Some(4));
    client.cancel_wait_list(12, 9001).await.unwrap();
    let credits = client.get_credit_detail(11).await.unwrap();
    assert_eq!(credits.total_available, Some(4));
    assert_eq!(credits.credits[0].service_id, None, "0 is no id");
    assert_eq!(credits.credits[0].class_id, Some(7));
}

#[tokio::test]
async fn packages_eligibility_agreements_and_wallet() {
    let server = MockServer::start().await;
    expect(
        &server,
        "GET",
        "/sales/packages",
        &[("StoreId", "100")],
        None,
        "[{Id:300,Name:Gold,Price:49.90,ContractId:9,IsAutomRenew:True}]",
    )
    .await;
    expect(
        &server,
        "GET",
        "/sales/packages/300/installments/calculate/301",
        &[("StoreId", "100")],
        None,
        "{SubTotal:99.80,Payments:[{PayToday:True,Amount:49.90},{PayToday:False,Amount:49.90}]}",
    )
    .await;
    expect(
        &server,
        "GET",
        "/sales/members/11/package-eligibility",
        &[("StoreId", "100"), ("PackageId", "300")],
        None,
        "{Success:False,Message:Member already owns this package}",
    )
    .await;
    expect(
        &server,
        "POST",
        "/sales/agreement/addNewUser",
        &[("StoreId", "100")],
        Some("{FirstName:New,LastName:Person,Email:n@x.test,PackageId:300,Phone:555-0101}"),
        "{incompleteAgreementToken:IAT-9,contractId:9,success:true}",
    )
    .await;
    expect(
        &server,
        "GET",
        "/sales/agreement/contract",
        &[("StoreId", "100"), ("IncompleteAgreementToken", "IAT-9")],
        None,
        "{contractHtml:\"<p>Terms, and more</p>\",incompleteAgreementToken:IAT-9,success:true}",
    )
    .await;
    expect(
        &server,
        "GET",
        "/sales/wallet/wallettokencreate",
        &[
            ("StoreId", "100"),
            ("OwnerId", "11"),
            ("OwnerType", "User"),
            ("CreatorId", "5"),
            ("CreatorType", "User"),
            ("Page", "AddCard"),
        ],
        None,
        "{success:true,walletUrl:\"https://wallet.example/x?t=1\",walletToken:WT-1}",
    )
    .await;
    let client = client(&server);
    let packages = client.list_packages_page().await.unwrap();
    assert_eq!(packages.items[0].price.unwrap().to_string(), "49.90");
    assert!(packages.items[0].is_auto_renew);
    let calc = client.calculate_installment(300, 301).await.unwrap();
    assert_eq!(calc.sub_total.unwrap().to_string(), "99.80");
    assert!(calc.payments[0].pay_today);
    let eligibility = client.get_package_eligibility(11, 300).await.unwrap();
    assert!(!eligibility.eligible);
    assert_eq!(
        eligibility.message.as_deref(),
        Some("Member already owns this package")
    );
    let started = client
        .add_agreement_new_user(
            &NewUserAgreement::new(
                "New",
                "Person",
                "n@x.test",
                300,
                "192.0.2.1".parse().unwrap(),
            )
            .phone("555-0101"),
        )
        .await
        .unwrap();
    assert_eq!(started.incomplete_agreement_token.as_deref(), Some("IAT-9"));
    let contract = client.get_agreement_contract("IAT-9").await.unwrap();
    assert_eq!(
        contract.contract_html.as_deref(),
        Some("<p>Terms, and more</p>")
    );
    let wallet = client
        .create_wallet_token(&WalletTokenRequest::new(11, 5))
        .await
        .unwrap();
    assert_eq!(wallet.wallet_token.as_deref(), Some("WT-1"));
    let requests = server.received_requests().await.unwrap();
    let add = requests
        .iter()
        .find(|r| r.url.path().ends_with("addNewUser"))
        .unwrap();
    assert_eq!(
        add.headers
            .get("x-forwarded-for")
            .unwrap()
            .to_str()
            .unwrap(),
        "192.0.2.1"
    );
}

#[tokio::test]
async fn staff_types_and_guest_passes() {
    let server = MockServer::start().await;
    expect(
        &server,
        "GET",
        "/staff",
        &[("StoreId", "100")],
        None,
        "[{UserId:5,FirstName:Sam,LastName:Coach,BioTitle:Coach,Email:sam@x.test,StaffTypeId:1,PhotoUrl:\"https://x.test/p.jpg\"}]",
    )
    .await;
    expect(
        &server,
        "GET",
        "/staff/types",
        &[("StoreId", "100")],
        None,
        "[{Id:1,Title:Instructor},{Id:2,Title:Front Desk}]",
    )
    .await;
    expect(
        &server,
        "GET",
        "/club/guest-pass/get",
        &[("StoreId", "100"), ("UserId", "11")],
        None,
        "{Success:True,GuestPasses:[{GuestPassId:3,GuestPassTypeId:2,Name:Friend,Activated:2026-06-01,Expires:6-30-2026}]}",
    )
    .await;
    let client = client(&server);
    let staff: Vec<_> = client.list_staff().try_collect().await.unwrap();
    assert_eq!(staff[0].photo_url.as_deref(), Some("https://x.test/p.jpg"));
    let types: Vec<_> = client.list_staff_types().try_collect().await.unwrap();
    assert_eq!(types[1].title.as_deref(), Some("Front Desk"));
    let passes: Vec<_> = client.list_guest_passes(11).try_collect().await.unwrap();
    assert_eq!(passes[0].guest_pass_id, Some(3));
    assert_eq!(passes[0].expires, Some(date!(2026 - 06 - 30)));
}
