//! Points where the sources disagree or guess (`../shared/vendors/clubready.md` §3.1-§3.4),
//! each form on the wire against wiremock: restrictions, a page size, fields in a form,
//! the optional prospect and user fields, the check-in time, and the inconsistent casing of
//! `Success`, `UserId` and `Message` in answers.

mod common;

use common::{KEY, client, only_query, pairs};
use paykit_clubready::prelude::*;
use paykit_clubready::{
    AcctToken, AgreementSale, CheckIn, NewAgreement, NewProspect, ParamStyle, PaymentMethod,
    RestrictedResourceType, Restriction, UserFilter, UserUpdate,
};
use rust_decimal::Decimal;
use time::macros::datetime;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn answer(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/jsv")
}

#[tokio::test]
async fn a_restriction_goes_in_the_query_after_the_scope_and_none_by_default() {
    let server = MockServer::start().await;
    Mock::given(path("/api/current/staff"))
        .respond_with(answer("[]"))
        .mount(&server)
        .await;
    Mock::given(path("/api/current/users/checkin"))
        .respond_with(answer("{Success:True}"))
        .mount(&server)
        .await;
    let plain = client(&server);
    plain.list_staff_page().await.unwrap();
    let restricted =
        plain.with_restriction(Some(Restriction::new(RestrictedResourceType::Chain, 10)));
    restricted.list_staff_page().await.unwrap();
    restricted.check_in(&CheckIn::new("0042")).await.unwrap();
    let queries: Vec<Vec<(String, String)>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .collect();
    assert_eq!(
        queries,
        [
            pairs(&[("format", "jsv"), ("StoreId", "100"), ("ApiKey", KEY)]),
            pairs(&[
                ("format", "jsv"),
                ("StoreId", "100"),
                ("RestrictedId", "10"),
                ("RestrictedResourceType", "Chain"),
                ("ApiKey", KEY)
            ]),
            pairs(&[
                ("format", "jsv"),
                ("StoreId", "100"),
                ("RestrictedId", "10"),
                ("RestrictedResourceType", "Chain"),
                ("ApiKey", KEY)
            ]),
        ]
    );
    // Set once on the builder, the same.
    let built = paykit_clubready::Client::builder(KEY)
        .store_id(100)
        .restriction(Restriction::user(7))
        .base_url(format!("{}/api/current", server.uri()))
        .build()
        .unwrap();
    assert_eq!(built.list_staff_page().await.unwrap().items.len(), 0);
    let last = server.received_requests().await.unwrap().pop().unwrap();
    assert!(
        last.url
            .query()
            .unwrap()
            .contains("RestrictedId=7&RestrictedResourceType=User&ApiKey=")
    );
}

#[tokio::test]
async fn find_users_sends_a_page_size_only_when_asked() {
    for (filter, expected) in [
        (
            UserFilter::new().phone("555-0100"),
            vec![
                ("format", "jsv"),
                ("StoreId", "100"),
                ("Phone", "555-0100"),
                ("Page", "1"),
                ("ApiKey", KEY),
            ],
        ),
        (
            UserFilter::new().barcode("0042").page(2).limit(50),
            vec![
                ("format", "jsv"),
                ("StoreId", "100"),
                ("Barcode", "0042"),
                ("Page", "2"),
                ("limit", "50"),
                ("ApiKey", KEY),
            ],
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/current/users/find"))
            .respond_with(answer("{users:[{UserId:11,Phone:555-0100}]}"))
            .mount(&server)
            .await;
        let page = client(&server).find_users_page(&filter).await.unwrap();
        assert_eq!(page.items[0].user_id, 11);
        assert_eq!(only_query(&server).await, pairs(&expected));
    }
}

#[tokio::test]
async fn form_style_posts_the_fields_as_a_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/sales/agreement/add"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(header("x-forwarded-for", "203.0.113.9"))
        .and(body_string("PackageId=300&PromoCode=SPRING+26"))
        .respond_with(answer("{incompleteAgreementToken:IAT-1,success:true}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/current/sales/agreement/sale"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "MemberId=11&IncompleteAgreementToken=IAT-1&PaymentAmount=3.00&PaymentMethods=%7BPaymentAmount%3A1.00%2CAcctToken%3AAT-1%7D%2C%7BPaymentAmount%3A2.00%2CUsePreferred%3Atrue%7D",
        ))
        .respond_with(answer("{success:true,contractId:9}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = paykit_clubready::Client::builder(KEY)
        .store_id(100)
        .param_style(ParamStyle::Form)
        .base_url(format!("{}/api/current", server.uri()))
        .build()
        .unwrap();
    let ip = "203.0.113.9".parse().unwrap();
    client
        .add_agreement(&NewAgreement::new(11, 300, ip).promo_code("SPRING 26"))
        .await
        .unwrap();
    let sold = client
        .create_agreement_sale(
            &AgreementSale::new(11, "IAT-1", Decimal::new(300, 2), ip).payment_methods([
                PaymentMethod::acct_token(Decimal::new(100, 2), AcctToken::new("AT-1")),
                PaymentMethod::preferred(Decimal::new(200, 2)),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(sold.contract_id, Some(9));
    let add = &server.received_requests().await.unwrap()[0];
    let query: Vec<_> = add.url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    assert_eq!(query, ["format", "StoreId", "MemberId", "ApiKey"]);
}

#[tokio::test]
async fn the_optional_prospect_user_and_check_in_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/users/prospect"))
        .and(body_string(
            "{FirstName:Ada,LastName:Lovelace,Email:ada@example.com,SendEmail:False,AssignToId:5,AssignToMethod:1,ContactedHow:Phone,Username:ada.l,EmergencyContactName:Byron,EmergencyContactPhone:555-0199,EmergencyContactType:Parent,PromotionalSmsOptIn:True,NonPromotionalSmsOptIn:False}",
        ))
        .respond_with(answer("{UserId:5001,Success:True}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/current/users/5001"))
        .and(body_string(
            "{EmergencyContactName:Byron,EmergencyContactPhone:555-0199,EmergencyContactType:Parent}",
        ))
        .respond_with(answer("{Success:True}"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/current/users/checkin"))
        .and(body_string(
            "{Barcode:0042,UtcTimeStamp:2026-06-01T16:30:00Z}",
        ))
        .respond_with(answer("{Success:True}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .create_prospect(
            &NewProspect::new("Ada", "Lovelace", "ada@example.com", false)
                .assign_to_id(5)
                .assign_to_method(1)
                .contacted_how("Phone")
                .username("ada.l")
                .emergency_contact_name("Byron")
                .emergency_contact_phone("555-0199")
                .emergency_contact_type("Parent")
                .promotional_sms_opt_in(true)
                .non_promotional_sms_opt_in(false),
        )
        .await
        .unwrap();
    client
        .update_user(
            5001,
            &UserUpdate::new()
                .emergency_contact_name("Byron")
                .emergency_contact_phone("555-0199")
                .emergency_contact_type("Parent"),
        )
        .await
        .unwrap();
    client
        .check_in(&CheckIn::new("0042").utc_time_stamp(datetime!(2026-06-01 18:30 +02:00)))
        .await
        .unwrap();
}

#[tokio::test]
async fn success_user_id_and_message_are_read_in_any_casing() {
    // A refusal, however it is cased.
    for body in [
        "{Success:False,Message:No such barcode}",
        "{success:false,message:No such barcode}",
        "{success:False,error:No such barcode}",
    ] {
        let server = MockServer::start().await;
        Mock::given(path("/api/current/users/checkin"))
            .respond_with(answer(body))
            .mount(&server)
            .await;
        let err = client(&server)
            .check_in(&CheckIn::new("x"))
            .await
            .unwrap_err();
        let Error::Refused(api) = &err else {
            panic!("{body}: {err:?}")
        };
        assert_eq!(api.message.as_deref(), Some("No such barcode"), "{body}");
    }
    // A success, however it is cased.
    for body in [
        "{UserId:5001,Success:True,Message:Created}",
        "{userId:5001,success:true,message:Created}",
        "{userid:5001,Success:true,error:Created}",
    ] {
        let server = MockServer::start().await;
        Mock::given(path("/api/current/users/prospect"))
            .respond_with(answer(body))
            .mount(&server)
            .await;
        let created = client(&server)
            .create_prospect(&NewProspect::new("A", "B", "a@b.test", false))
            .await
            .unwrap();
        assert_eq!(created.user_id, Some(5001), "{body}");
        assert_eq!(created.message.as_deref(), Some("Created"), "{body}");
        assert!(!created.already_existed);
    }
}
