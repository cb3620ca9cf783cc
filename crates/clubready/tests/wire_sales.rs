//! Sales calls' exact wire requests (the seed's split sale byte for byte, fields in the
//! query, tokens, guest passes, `X-Forwarded-For`) and their typed answers, against
//! wiremock. Fixtures: `fixtures/clubready/`, in the shapes of
//! `../shared/vendors/clubready.md` §3.4.

mod common;

use common::{KEY, client, fixture, jsv, only_query, pairs};
use paykit_clubready::prelude::*;
use paykit_clubready::{
    AcctToken, AgreementSale, NewAgreement, NewGuestPass, ParamStyle, PaymentMethod,
    PaymentProfileImport, ProfileToken,
};
use rust_decimal::Decimal;
use time::macros::date;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_agreement_sale_is_written_byte_for_byte() {
    let server = MockServer::start().await;
    let expected = String::from_utf8(fixture("agreement_sale_request.jsv")).unwrap();
    Mock::given(method("POST"))
        .and(path("/api/current/sales/agreement/sale"))
        .and(header("x-forwarded-for", "203.0.113.9"))
        .and(header("content-type", "application/jsv"))
        .and(body_string(expected))
        .respond_with(jsv("agreement_sale_response.jsv"))
        .mount(&server)
        .await;
    let sale = AgreementSale::new(
        11,
        "IAT-77",
        Decimal::new(300, 2),
        "203.0.113.9".parse().unwrap(),
    )
    .payment_methods([
        PaymentMethod::acct_token(Decimal::new(100, 2), AcctToken::new("AT-secret-1")),
        PaymentMethod::preferred(Decimal::new(200, 2)),
    ]);
    let done = client(&server).create_agreement_sale(&sale).await.unwrap();
    assert_eq!(done.contract_id, Some(600123));
    assert_eq!(done.message.as_deref(), Some("Sale complete"));
    assert_eq!(
        only_query(&server).await,
        pairs(&[("format", "jsv"), ("StoreId", "100"), ("ApiKey", KEY)])
    );
}

#[tokio::test]
async fn query_style_sends_every_field_in_the_query() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/sales/agreement/add"))
        .and(header("x-forwarded-for", "2001:db8::1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{incompleteAgreementToken:IAT-1,contractId:5,success:true}",
            "application/jsv",
        ))
        .mount(&server)
        .await;
    let client = Client::builder(KEY)
        .store_id(100)
        .param_style(ParamStyle::Query)
        .base_url(format!("{}/api/current", server.uri()))
        .build()
        .unwrap();
    let started = client
        .add_agreement(
            &NewAgreement::new(11, 300, "2001:db8::1".parse().unwrap())
                .installment_id(301)
                .start_date(date!(2026 - 07 - 01)),
        )
        .await
        .unwrap();
    assert_eq!(started.incomplete_agreement_token.as_deref(), Some("IAT-1"));
    assert_eq!(started.contract_id, Some(5));
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    let query: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        query,
        pairs(&[
            ("format", "jsv"),
            ("StoreId", "100"),
            ("MemberId", "11"),
            ("PackageId", "300"),
            ("InstallmentId", "301"),
            ("StartDate", "2026-07-01"),
            ("ApiKey", KEY),
        ])
    );
}

#[tokio::test]
async fn installments_keep_money_scale() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/current/sales/packages/300/installments"))
        .and(query_param("StoreId", "100"))
        .respond_with(jsv("installments.jsv"))
        .mount(&server)
        .await;
    let plans = client(&server)
        .list_installments_page(300)
        .await
        .unwrap()
        .items;
    assert_eq!(plans[0].due_per_payment.unwrap().to_string(), "49.90");
    assert_eq!(plans[0].fees[0].amount.unwrap().to_string(), "25.00");
    assert!(plans[0].fees[0].one_time);
}

#[tokio::test]
async fn money_calls_send_their_tokens_and_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/current/sales/paymentprofile/import"))
        .and(body_string(
            "{AcctToken:AT-9,ProfileToken:eyJ.jwt,NewOwnerId:11}",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{Success:True}", "application/jsv"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/current/sales/paymentprofile/import"))
        .and(body_string(
            "{ProfileToken:eyJ.new,DoNotUpdatePaymentTypePreference:True}",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{Success:True}", "application/jsv"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/current/club/guest-pass/create"))
        .and(body_string(
            "{UserId:11,GuestPassTypeId:2,Activated:2026-06-01,Expires:2026-06-30}",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{Success:True}", "application/jsv"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .import_payment_profile(
            &PaymentProfileImport::with_acct_token(
                AcctToken::new("AT-9"),
                ProfileToken::new("eyJ.jwt"),
            )
            .new_owner_id(11),
        )
        .await
        .unwrap();
    client
        .import_payment_profile(
            &PaymentProfileImport::new(ProfileToken::new("eyJ.new"))
                .do_not_update_payment_type_preference(true),
        )
        .await
        .unwrap();
    client
        .create_guest_pass(
            &NewGuestPass::new(11, 2)
                .activated(date!(2026 - 06 - 01))
                .expires(date!(2026 - 06 - 30)),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_end_users_ip_can_ride_on_every_call_and_a_typed_one_wins() {
    let server = MockServer::start().await;
    Mock::given(path("/api/current/users/11"))
        .and(header("x-forwarded-for", "198.51.100.1"))
        .respond_with(jsv("user_full_detail.jsv"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/current/sales/agreement/add"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{incompleteAgreementToken:IAT-1,success:true}",
            "application/jsv",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server).with_forwarded_for("198.51.100.1".parse().unwrap());
    client.get_user(11).await.unwrap();
    client
        .add_agreement(&NewAgreement::new(11, 300, "203.0.113.9".parse().unwrap()))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let add = requests
        .iter()
        .find(|r| r.url.path().ends_with("/agreement/add"))
        .unwrap();
    let values: Vec<_> = add.headers.get_all("x-forwarded-for").iter().collect();
    assert_eq!(values.len(), 1);
    assert_eq!(values[0], "203.0.113.9");
}
