//! Every operation's exact wire request (method, path, query with the key, headers, JSV
//! body) and its typed answer, against wiremock. Fixtures: `fixtures/clubready/`, in the
//! shapes of `../shared/vendors/clubready.md` §3.4.

mod common;

use common::{KEY, client, fixture, jsv, only_query, pairs};
use paykit_clubready::prelude::*;
use paykit_clubready::{
    AuthenticationResult, BookingEventFilter, BookingStatus, CancelPolicy, ClassScheduleFilter,
    Format, NewBooking, NewGuestPass, NewProspect, PaymentProfileImport, ProfileToken, Scope,
    UserFilter, UserUpdate,
};
use paykit_core::RetryPolicy;
use secrecy::SecretString;
use time::macros::{date, datetime, time};
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn create_prospect_posts_jsv_with_the_key_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/users/prospect"))
        .and(header("accept", "application/jsv"))
        .and(header("content-type", "application/jsv"))
        .and(body_string(
            "{FirstName:Ada,LastName:Lovelace,Email:ada@example.com,SendEmail:True,Gender:F,Phone:555-0100,DateOfBirth:1990-04-09,Note:\"Walk-in, evening\"}",
        ))
        .respond_with(jsv("prospect_created.jsv"))
        .mount(&server)
        .await;
    let created = client(&server)
        .create_prospect(
            &NewProspect::new("Ada", "Lovelace", "ada@example.com", true)
                .gender(paykit_clubready::Gender::Female)
                .phone("555-0100")
                .date_of_birth(date!(1990 - 04 - 09))
                .note("Walk-in, evening"),
        )
        .await
        .unwrap();
    assert_eq!(created.user_id, Some(5001));
    assert!(created.email_sent && !created.package_added && !created.already_existed);
    assert_eq!(
        only_query(&server).await,
        pairs(&[("format", "jsv"), ("StoreId", "100"), ("ApiKey", KEY)])
    );
}

#[tokio::test]
async fn a_duplicate_prospect_is_the_matched_user_in_any_casing() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/users/prospect"))
        .and(query_param("format", "json"))
        .and(header("content-type", "application/json"))
        .and(body_string(
            r#"{"FirstName":"Ada","LastName":"Lovelace","Email":"ada@example.com","SendEmail":false,"DateOfBirth":"04/09/1990"}"#,
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("prospect_duplicate.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .store_id(100)
        .format(Format::Json)
        .birth_date_format(paykit_clubready::BirthDateFormat::MonthDayYear)
        .base_url(format!("{}/api/current", server.uri()))
        .build()
        .unwrap();
    let created = client
        .create_prospect(
            &NewProspect::new("Ada", "Lovelace", "ada@example.com", false)
                .date_of_birth(date!(1990 - 04 - 09)),
        )
        .await
        .unwrap();
    assert!(created.already_existed);
    assert_eq!(created.user_id, Some(4242));
}

#[tokio::test]
async fn find_users_streams_pages_until_an_empty_one() {
    let server = MockServer::start().await;
    for (page, file) in [
        ("1", "users_find_page1.jsv"),
        ("2", "users_find_page2.jsv"),
        ("3", "users_find_empty.jsv"),
    ] {
        Mock::given(method("GET"))
            .and(path("/api/current/users/find"))
            .and(query_param("Page", page))
            .and(query_param("Email", "a@example.com"))
            .and(query_param("ApiKey", KEY))
            .respond_with(jsv(file))
            .expect(1)
            .mount(&server)
            .await;
    }
    let users: Vec<_> = client(&server)
        .find_users(&UserFilter::new().email("a@example.com"))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<u64> = users.iter().map(|u| u.user_id).collect();
    assert_eq!(ids, [11, 12, 13]);
    assert_eq!(users[0].barcode.as_deref(), Some("0042"));
    assert_eq!(users[2].primary_store_id, Some(101));
}

#[tokio::test]
async fn get_user_reads_full_detail() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(jsv("user_full_detail.jsv"))
        .mount(&server)
        .await;
    let user = client(&server).get_user(11).await.unwrap();
    assert_eq!(
        only_query(&server).await,
        pairs(&[
            ("format", "jsv"),
            ("StoreId", "100"),
            ("UserId", "11"),
            ("FullDetail", "true"),
            ("ApiKey", KEY)
        ])
    );
    assert_eq!(user.member_since_date, Some(date!(2025 - 01 - 15)));
    assert_eq!(user.membership_expires_date, Some(date!(2027 - 01 - 15)));
    assert_eq!(user.past_due_amount.unwrap().to_string(), "12.50");
    assert_eq!(user.last_payment_amount.unwrap().to_string(), "49.00");
    assert_eq!(user.address1.as_deref(), Some("1 Main St, Apt 2"));
    assert!(user.has_past_due && user.member && !user.prospect);
    assert_eq!(user.class_attendance_count, Some(27));
}

#[tokio::test]
async fn update_user_puts_only_the_fields_set() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/current/users/11"))
        .and(body_string("{FirstName:Ann,State:MO}"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{Success:True}", "application/jsv"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .update_user(11, &UserUpdate::new().first_name("Ann").state("MO"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_schedule_over_seven_days_is_split_and_merged_in_order() {
    let server = MockServer::start().await;
    for (from, to, file) in [
        ("2026-06-01", "2026-06-07", "class_schedule_week1.jsv"),
        ("2026-06-08", "2026-06-14", "class_schedule_week2.jsv"),
    ] {
        Mock::given(method("GET"))
            .and(path("/api/current/scheduling/class-schedule"))
            .and(query_param("FromDate", from))
            .and(query_param("ToDate", to))
            .and(query_param("StoreId", "100"))
            .respond_with(jsv(file))
            .expect(1)
            .mount(&server)
            .await;
    }
    let classes = client(&server)
        .get_class_schedule(&ClassScheduleFilter::new(
            date!(2026 - 06 - 01),
            date!(2026 - 06 - 14),
        ))
        .await
        .unwrap();
    let ids: Vec<u64> = classes.iter().map(|c| c.schedule_id).collect();
    assert_eq!(ids, [9001, 9002, 9010]);
    let yoga = &classes[0];
    assert_eq!(yoga.date, Some(date!(2026 - 06 - 03)));
    assert_eq!(yoga.start_time, Some(time!(20:30)));
    assert_eq!(yoga.end_time, Some(time!(21:30)));
    assert_eq!(yoga.location(), Some("Studio B"));
    assert_eq!(yoga.name(), Some("Yoga Flow"));
    assert!(!classes[1].can_directly_book_public);
    assert_eq!(classes[2].start_time, Some(time!(12:00)));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn booking_and_cancelling_send_their_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/scheduling/class-booking"))
        .and(body_string(
            "{UserId:11,ScheduleId:9001,AllowWaitList:True}",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{BookingId:70,Message:Booked}", "application/jsv"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/current/scheduling/booking-status-update"))
        .and(body_string("{UserId:11,BookingId:70,StatusId:4}"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{Success:True}", "application/jsv"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let booking = client
        .book_class(&NewBooking::new(11, 9001).allow_wait_list(true))
        .await
        .unwrap();
    assert_eq!(booking.booking_id, Some(70));
    client
        .cancel_booking(11, 70, CancelPolicy::Outside)
        .await
        .unwrap();
}

#[tokio::test]
async fn booking_events_over_a_day_are_split_into_24_hour_calls() {
    let server = MockServer::start().await;
    for (from, to) in [
        ("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"),
        ("2026-06-02T00:00:00Z", "2026-06-02T12:00:00Z"),
    ] {
        Mock::given(method("GET"))
            .and(path("/api/current/scheduling/booking-status-events"))
            .and(query_param("FromDate", from))
            .and(query_param("ToDate", to))
            .and(query_param("BookingTypeFilter", "1"))
            .and(query_param("ConsultFilter", "0"))
            .respond_with(jsv("booking_status_events.jsv"))
            .expect(1)
            .mount(&server)
            .await;
    }
    let events = client(&server)
        .get_booking_status_events(
            &BookingEventFilter::new(
                datetime!(2026-06-01 02:00 +02:00),
                datetime!(2026-06-02 12:00 UTC),
            )
            .booking_type(paykit_clubready::BookingType::Classes),
        )
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].status, Some(BookingStatus::CancelledWithinPolicy));
}

#[tokio::test]
async fn login_lookup_reads_the_authentication_result_of_a_refusal() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/find/login-details"))
        .and(query_param("UserName", "annlee"))
        .and(query_param("Password", "hunter2!"))
        .respond_with(jsv("login_invalid_password.jsv"))
        .mount(&server)
        .await;
    let result = client(&server)
        .find_user_by_login("annlee", &SecretString::from("hunter2!"))
        .await
        .unwrap();
    assert_eq!(
        result.authentication_result,
        Some(AuthenticationResult::InvalidPassword)
    );
    assert!(!result.is_authenticated());
    assert_eq!(result.user_id, None);
}

#[tokio::test]
async fn the_three_failure_modes_are_typed() {
    let server = MockServer::start().await;
    Mock::given(path("/api/current/staff"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(fixture("error_response_status.jsv"), "application/jsv"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/current/scheduling/class-roster"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(fixture("unauthorized.txt"), "text/plain"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/current/scheduling/class-booking"))
        .respond_with(jsv("declined.jsv"))
        .mount(&server)
        .await;
    Mock::given(path("/api/current/club/guest-pass/create"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>Service busy</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    // A 200 that is neither JSV nor JSON: the pass may have been made.
    let err = client
        .create_guest_pass(&NewGuestPass::new(11, 2))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Core(_)), "{err:?}");
    assert!(err.maybe_sent());

    let err = client.list_staff_page().await.unwrap_err();
    let Error::Validation(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.message.as_deref(), Some("StoreId is required"));
    assert_eq!(api.error_code.as_deref(), Some("ArgumentException"));
    assert_eq!(
        api.field_errors("StoreId"),
        vec!["StoreId must not be empty"]
    );
    assert!(!err.maybe_sent());
    assert_eq!(
        err.to_string(),
        "validation failed: HTTP 400 Bad Request: StoreId is required"
    );

    let err = client.get_class_roster(9001).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)), "{err:?}");
    assert_eq!(err.status().unwrap().as_u16(), 200);
    assert!(!err.maybe_sent());

    let err = client
        .book_class(&NewBooking::new(11, 9001))
        .await
        .unwrap_err();
    let Error::Refused(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.message.as_deref(), Some("Class is full"));
    assert!(!err.maybe_sent());
}

#[tokio::test]
async fn a_chain_scope_is_refused_before_sending_where_a_club_is_needed() {
    let server = MockServer::start().await;
    let chain = client(&server).with_scope(Scope::Chain(10));
    let err = chain
        .book_class(&NewBooking::new(11, 9001))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "store_id",
            ..
        }
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
    // Chain scope where the API takes it.
    Mock::given(method("GET"))
        .and(path("/api/current/corp/10/clubs"))
        .and(query_param("ChainId", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "[{StoreId:100,Name:Downtown},{Id:101,StoreName:Uptown}]",
            "application/jsv",
        ))
        .mount(&server)
        .await;
    let stores: Vec<_> = chain.list_stores().try_collect().await.unwrap();
    assert_eq!(stores.len(), 2);
    assert_eq!(stores[1].store_id, 101);
    assert_eq!(stores[1].name.as_deref(), Some("Uptown"));
}

#[tokio::test]
async fn rate_limits_and_server_errors_keep_their_meaning() {
    let server = MockServer::start().await;
    Mock::given(path("/api/current/staff/types"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "7")
                .set_body_raw(
                    "{ResponseStatus:{ErrorCode:TooManyRequests,Message:Slow down}}",
                    "application/jsv",
                ),
        )
        .mount(&server)
        .await;
    Mock::given(path("/api/current/sales/paymentprofile/import"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            "{ResponseStatus:{ErrorCode:NullReferenceException,Message:Oops}}",
            "application/jsv",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .store_id(100)
        .base_url(format!("{}/api/current", server.uri()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.list_staff_types_page().await.unwrap_err();
    assert!(err.is_rate_limited(), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().retry_after,
        Some(std::time::Duration::from_secs(7))
    );
    assert!(!err.maybe_sent());
    // A money call answered 500 is not resent, whatever the policy, and may have happened.
    let err = paykit_clubready::Client::builder(KEY)
        .store_id(100)
        .base_url(format!("{}/api/current", server.uri()))
        .build()
        .unwrap()
        .import_payment_profile(&PaymentProfileImport::new(ProfileToken::new("eyJ")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api(ref api) if api.error_code.as_deref() == Some("NullReferenceException"))
    );
    assert!(err.maybe_sent());
}

/// Asserts that `server` received exactly `count` times `GET /api/current/users/11` with
/// the full-detail query and the key, the JSV accept header, the user agent and no body.
async fn assert_user_reads(server: &MockServer, count: usize) {
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), count, "{sent:?}");
    for request in &sent {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), "/api/current/users/11");
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(
            query,
            pairs(&[
                ("format", "jsv"),
                ("StoreId", "100"),
                ("UserId", "11"),
                ("FullDetail", "true"),
                ("ApiKey", KEY)
            ])
        );
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("accept"), Some("application/jsv"));
        assert_eq!(header("user-agent"), Some(paykit_clubready::USER_AGENT));
        assert!(request.body.is_empty(), "{request:?}");
    }
}

#[tokio::test]
async fn maybe_sent_remembers_an_earlier_attempt_that_may_have_reached_the_server() {
    use paykit_core::testing::faults::{Fault, Faulty};
    let not_found = || {
        ResponseTemplate::new(404).set_body_raw(
            "{ResponseStatus:{ErrorCode:NotFound,Message:No such user}}",
            "application/jsv",
        )
    };

    // A read answered 503 (maybe processed), retried, then 404: the call may have had its
    // effect although its last answer is a refusal.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(Faulty::new(not_found()).then(Fault::status(503)))
        .mount(&server)
        .await;
    let err = client(&server).get_user(11).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().message.as_deref(),
        Some("No such user")
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert!(err.api_error().unwrap().maybe_sent());
    assert_user_reads(&server, 2).await;

    // The same 404 alone is a refusal: nothing happened.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(not_found())
        .mount(&server)
        .await;
    let err = client(&server).get_user(11).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(!err.api_error().unwrap().maybe_sent());
    assert_user_reads(&server, 1).await;

    // A 3xx that was not followed (no Location) reached the server: not a refusal.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let err = client(&server).get_user(11).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 302),
        "{err:?}"
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert_user_reads(&server, 1).await;
}

#[tokio::test]
async fn a_refusal_in_a_200_remembers_an_earlier_attempt_too() {
    use paykit_core::testing::faults::{Fault, Faulty};
    let refused = || {
        ResponseTemplate::new(200)
            .set_body_raw("{Success:False,Message:User is locked}", "application/jsv")
    };
    // 503 (maybe processed), retried, then `Success: false`: the call may have had its effect.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(Faulty::new(refused()).then(Fault::status(503)))
        .mount(&server)
        .await;
    let err = client(&server).get_user(11).await.unwrap_err();
    assert!(matches!(&err, Error::Refused(_)), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().message.as_deref(),
        Some("User is locked")
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert_user_reads(&server, 2).await;

    // The same refusal alone: nothing happened.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(refused())
        .mount(&server)
        .await;
    let err = client(&server).get_user(11).await.unwrap_err();
    assert!(matches!(&err, Error::Refused(_)), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert_user_reads(&server, 1).await;

    // A plain-text `Unauthorized` after a 503 as well.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/users/11"))
        .respond_with(
            Faulty::new(ResponseTemplate::new(200).set_body_raw("Unauthorized", "text/plain"))
                .then(Fault::status(503)),
        )
        .mount(&server)
        .await;
    let err = client(&server).get_user(11).await.unwrap_err();
    assert!(matches!(&err, Error::Unauthorized(_)), "{err:?}");
    assert!(err.maybe_sent(), "{err:?}");
    assert_user_reads(&server, 2).await;
}
