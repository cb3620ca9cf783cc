//! The exact requests on the wire and the typed results, operation by operation
//! (../shared/vendors/spreedly.md §2.2, fixtures in fixtures/spreedly/).

use std::time::Duration;

use paykit_spreedly::core::RetryPolicy;
use paykit_spreedly::prelude::*;
use paykit_spreedly::time::macros::datetime;
use paykit_spreedly::*;
use wiremock::matchers::{body_string, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "site-token-123";
const BASIC: &str = "Basic c2l0ZS10b2tlbi0xMjM6WA==";
const ROOT: &str = "/api/v4/acme-test";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../fixtures/spreedly/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn xml(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/xml; charset=utf-8")
        .set_body_string(fixture(name))
}

fn text(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/plain")
        .set_body_string(body)
}

fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder("acme-test", TOKEN)
        .base_url(format!("{}{ROOT}", server.uri()))
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
}

async fn mocked() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();
    (server, client)
}

fn p(rest: &str) -> String {
    format!("{ROOT}{rest}")
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Mounts a POST/PUT expecting exactly this XML body, the XML content type and Basic auth.
async fn expect_body(
    server: &MockServer,
    verb: &str,
    at: &str,
    body: &str,
    reply: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(p(at)))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/xml"))
        .and(body_string(format!("{DECL}{body}")))
        .respond_with(reply)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn list_plans_with_auth_accept_and_user_agent() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscription_plans.xml")))
        .and(header("authorization", BASIC))
        .and(header("accept", "application/xml"))
        .and(header(
            "user-agent",
            concat!("paykit-spreedly/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(xml(200, "plans.xml"))
        .expect(3)
        .mount(&server)
        .await;
    let plans: Vec<Plan> = client
        .list_plans(&PlanFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(plans.len(), 2);
    let pro = &plans[0];
    assert_eq!(pro.id, 40);
    assert_eq!(pro.name, "Pro");
    assert_eq!(pro.description, None);
    assert_eq!(pro.price, Some(dec("24.0")));
    assert_eq!(pro.duration_units, Some(DurationUnits::Months));
    assert_eq!(pro.charge_later_duration_quantity, None);
    assert!(pro.enabled && pro.force_recurring && !pro.charge_after_first_period);
    assert_eq!(pro.created_at, Some(datetime!(2009-10-22 14:36:48 UTC)));
    assert!(plans[1].is_free_trial());

    let trials = client
        .list_plans_page(&PlanFilter::new().plan_type(PlanType::FreeTrial))
        .await
        .unwrap();
    assert_eq!(trials.items.len(), 1);
    assert_eq!(trials.items[0].id, 41);
    let found = client.find_plan(41).await.unwrap().unwrap();
    assert_eq!(found.feature_level.as_deref(), Some("pro"));
}

#[tokio::test]
async fn empty_lists_are_nil_classes() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscription_plans.xml")))
        .respond_with(xml(200, "no_plans.xml"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers.xml")))
        .respond_with(xml(200, "no_subscribers.xml"))
        .mount(&server)
        .await;
    assert!(client.find_plan(1).await.unwrap().is_none());
    let subs: Vec<Subscriber> = client
        .list_subscribers(&SubscriberFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert!(subs.is_empty());
}

#[tokio::test]
async fn list_and_get_subscribers() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers.xml")))
        .and(header("authorization", BASIC))
        .respond_with(xml(200, "subscribers.xml"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/42.xml")))
        .and(header("authorization", BASIC))
        .respond_with(xml(200, "subscriber.xml"))
        .expect(1)
        .mount(&server)
        .await;
    let page = client
        .list_subscribers_page(&SubscriberFilter::new())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.items[0].active && !page.items[0].in_grace_period);
    assert_eq!(page.items[1].active_until, None);

    let zoe = client.get_subscriber("42").await.unwrap();
    assert_eq!(zoe.customer_id, "42");
    assert_eq!(zoe.screen_name.as_deref(), Some("Zoë <&>\"'"));
    assert_eq!(zoe.billing_first_name.as_deref(), Some("Zoë"));
    // nil="true" with text: absent by default.
    assert_eq!(zoe.active_until, None);
    assert!(zoe.eligible_for_free_trial);
    assert_eq!(zoe.store_credit, Some(dec("0.0")));
    assert_eq!(zoe.invoices.len(), 1);
    assert_eq!(
        zoe.invoices[0].line_items[0].price.as_deref(),
        Some("$24.00")
    );
    assert_eq!(zoe.invoices[0].amount, Some(dec("24.0")));
}

#[tokio::test]
async fn nil_with_text_can_be_read_as_text() {
    let server = MockServer::start().await;
    let client = builder(&server).nil_text(NilText::Text).build().unwrap();
    Mock::given(method("GET"))
        .and(path(p("/subscribers/42.xml")))
        .respond_with(xml(200, "subscriber.xml"))
        .mount(&server)
        .await;
    let zoe = client.get_subscriber("42").await.unwrap();
    assert_eq!(zoe.active_until, Some(datetime!(2010-02-21 19:04:28 UTC)));
    // An empty nil element is still absent.
    assert_eq!(zoe.grace_until, None);
}

#[tokio::test]
async fn ids_are_path_encoded() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/a%2Fb%3F.xml")))
        .respond_with(xml(200, "subscriber_active.xml"))
        .expect(1)
        .mount(&server)
        .await;
    let ann = client.get_subscriber("a/b?").await.unwrap();
    assert_eq!(ann.customer_id, "7"); // an integer customer-id read as text
    assert_eq!(ann.pagination_id.as_deref(), Some("1001"));
}

#[tokio::test]
async fn create_subscriber_body_and_escaping() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "POST",
        "/subscribers.xml",
        "<subscriber><customer-id>42</customer-id><screen-name>Zoë &lt;&amp;&gt;&quot;&apos;</screen-name><email>zoe@example.com</email></subscriber>",
        xml(201, "subscriber.xml").insert_header("location", "https://spreedly.com/api/v4/acme-test/subscribers/42.xml"),
    )
    .await;
    let zoe = client
        .create_subscriber(&NewSubscriber::new("42", "Zoë <&>\"'").email("zoe@example.com"))
        .await
        .unwrap();
    assert_eq!(zoe.screen_name.as_deref(), Some("Zoë <&>\"'"));
}

#[tokio::test]
async fn get_or_create_falls_back_on_already_exists() {
    let (server, client) = mocked().await;
    Mock::given(method("POST"))
        .and(path(p("/subscribers.xml")))
        .respond_with(text(
            403,
            "A subscriber with a customer-id of 42 already exists.",
        ))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/42.xml")))
        .respond_with(xml(200, "subscriber.xml"))
        .expect(1)
        .mount(&server)
        .await;
    let new = NewSubscriber::new("42", "zoe");
    let zoe = client.get_or_create_subscriber(&new).await.unwrap();
    assert_eq!(zoe.customer_id, "42");
    let err = client.create_subscriber(&new).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.message(),
        Some("A subscriber with a customer-id of 42 already exists.")
    );
    assert!(!err.maybe_sent());
}

#[tokio::test]
async fn update_subscriber_with_new_customer_id() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "PUT",
        "/subscribers/42.xml",
        "<subscriber><new-customer-id>43</new-customer-id><email>new@example.com</email></subscriber>",
        ResponseTemplate::new(200),
    )
    .await;
    let out = client
        .update_subscriber(
            "42",
            &SubscriberUpdate::new()
                .new_customer_id("43")
                .email("new@example.com"),
        )
        .await
        .unwrap();
    assert!(out.is_none());
    let err = client
        .update_subscriber("42", &SubscriberUpdate::new())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "update",
            ..
        }
    ));
}

#[tokio::test]
async fn delete_needs_the_test_site_opt_in() {
    let (server, client) = mocked().await;
    let err = client.delete_subscriber("42").await.unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "test_site",
            ..
        }
    ));
    let err = client.delete_all_subscribers().await.unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "test_site",
            ..
        }
    ));
    assert!(server.received_requests().await.unwrap().is_empty());

    let test = builder(&server).test_site(true).build().unwrap();
    Mock::given(method("DELETE"))
        .and(path(p("/subscribers/42.xml")))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(p("/subscribers.xml")))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    test.delete_subscriber("42").await.unwrap();
    test.delete_all_subscribers().await.unwrap();
}

#[tokio::test]
async fn free_trial_and_eligibility() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "POST",
        "/subscribers/7/subscribe_to_free_trial.xml",
        "<subscription-plan><id>41</id></subscription-plan>",
        xml(200, "subscriber_active.xml"),
    )
    .await;
    let ann = client.subscribe_to_free_trial("7", 41).await.unwrap();
    assert!(ann.on_trial);
    assert_eq!(ann.active_until, Some(datetime!(2026-06-30 0:00 UTC)));

    Mock::given(method("POST"))
        .and(path(p("/subscribers/8/subscribe_to_free_trial.xml")))
        .respond_with(text(403, "The subscriber is not eligible for a free trial"))
        .mount(&server)
        .await;
    let err = client.subscribe_to_free_trial("8", 41).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.message(),
        Some("The subscriber is not eligible for a free trial")
    );

    Mock::given(method("POST"))
        .and(path(p("/subscribers/7/allow_free_trial.xml")))
        .and(header("authorization", BASIC))
        .respond_with(xml(200, "subscriber.xml"))
        .expect(1)
        .mount(&server)
        .await;
    assert!(
        client
            .allow_free_trial("7")
            .await
            .unwrap()
            .eligible_for_free_trial
    );
}

#[tokio::test]
async fn change_plan_and_stop_auto_renew() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "PUT",
        "/subscribers/7/change_subscription_plan.xml",
        "<subscription-plan><id>40</id></subscription-plan>",
        ResponseTemplate::new(200),
    )
    .await;
    assert!(client.change_plan("7", 40).await.unwrap().is_none());
    Mock::given(method("POST"))
        .and(path(p("/subscribers/7/stop_auto_renew.xml")))
        .respond_with(xml(200, "subscriber_active.xml"))
        .expect(1)
        .mount(&server)
        .await;
    let ann = client.stop_auto_renew("7").await.unwrap().unwrap();
    assert!(!ann.recurring);
}

#[tokio::test]
async fn complimentary_subscription_with_start_time_and_amount() {
    let (server, client) = mocked().await;
    // The start-time element closes with the same name it opens with.
    expect_body(
        &server,
        "POST",
        "/subscribers/7/complimentary_subscriptions.xml",
        "<complimentary-subscription><duration-quantity>3</duration-quantity><duration-units>months</duration-units><feature-level>pro</feature-level><start-time>2026-07-01T00:00:00Z</start-time><amount>10.00</amount></complimentary-subscription>",
        xml(201, "subscriber_active.xml"),
    )
    .await;
    let comp = NewComplimentarySubscription::new(3, DurationUnits::Months, "pro")
        .start_time(datetime!(2026-07-01 2:00 +2))
        .amount(dec("10.00"));
    client
        .create_complimentary_subscription("7", &comp)
        .await
        .unwrap();

    Mock::given(method("POST"))
        .and(path(p("/subscribers/8/complimentary_subscriptions.xml")))
        .respond_with(xml(422, "errors_comp_422.xml"))
        .mount(&server)
        .await;
    let err = client
        .create_complimentary_subscription(
            "8",
            &NewComplimentarySubscription::new(1, DurationUnits::Days, "pro"),
        )
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(api.messages.len(), 2);
    assert_eq!(api.messages[1], "Duration quantity can't be blank");
}

#[tokio::test]
async fn time_extension_paths() {
    let (server, client) = mocked().await;
    let body = "<complimentary-time-extension><duration-quantity>14</duration-quantity><duration-units>days</duration-units></complimentary-time-extension>";
    expect_body(
        &server,
        "POST",
        "/subscribers/7/complimentary_time_extensions.xml",
        body,
        xml(201, "subscriber_active.xml"),
    )
    .await;
    expect_body(
        &server,
        "POST",
        "/subscribers/7/complimentary_time_extension.xml",
        body,
        xml(201, "subscriber_active.xml"),
    )
    .await;
    let ext = NewComplimentaryTimeExtension::new(14, DurationUnits::Days);
    client
        .create_complimentary_time_extension("7", &ext)
        .await
        .unwrap();
    let singular = builder(&server)
        .time_extension_path(TimeExtensionPath::Singular)
        .build()
        .unwrap();
    singular
        .create_complimentary_time_extension("7", &ext)
        .await
        .unwrap();
}

#[tokio::test]
async fn lifetime_comp_200_or_201() {
    for status in [200, 201] {
        let (server, client) = mocked().await;
        expect_body(
            &server,
            "POST",
            "/subscribers/7/lifetime_complimentary_subscriptions.xml",
            "<lifetime-complimentary-subscription><feature-level>pro</feature-level></lifetime-complimentary-subscription>",
            xml(status, "subscriber_active.xml"),
        )
        .await;
        client
            .create_lifetime_complimentary_subscription("7", "pro")
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn store_credit_negative_and_refused() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "POST",
        "/subscribers/7/credits.xml",
        "<credit><amount>-2.50</amount></credit>",
        ResponseTemplate::new(201),
    )
    .await;
    assert!(
        client
            .add_store_credit("7", dec("-2.50"))
            .await
            .unwrap()
            .is_none()
    );
    Mock::given(method("POST"))
        .and(path(p("/subscribers/8/credits.xml")))
        .respond_with(xml(422, "errors_credit_422.xml"))
        .mount(&server)
        .await;
    let err = client.add_store_credit("8", dec("-100")).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert!(err.message().unwrap().starts_with("Amount is invalid."));
}

#[tokio::test]
async fn add_fee_body() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "POST",
        "/subscribers/7/fees.xml",
        "<fee><name>Setup</name><description>One-off setup &amp; training</description><group>onboarding</group><amount>49.00</amount></fee>",
        ResponseTemplate::new(201),
    )
    .await;
    client
        .add_fee(
            "7",
            &NewFee::new("Setup", "onboarding", dec("49.00"))
                .description("One-off setup & training"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn invoices_create_and_pay() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "POST",
        "/invoices.xml",
        "<invoice><subscription-plan-id>40</subscription-plan-id><subscriber><customer-id>42</customer-id><screen-name>zoe</screen-name><email>zoe@example.com</email></subscriber></invoice>",
        xml(201, "invoice_closed.xml"),
    )
    .await;
    let invoice = client
        .create_invoice(&NewInvoice::new(
            40,
            NewSubscriber::new("42", "zoe").email("zoe@example.com"),
        ))
        .await
        .unwrap();
    assert_eq!(invoice.token, "5b1f186651dd988865c6573921ec87fa4bec23b8");

    expect_body(
        &server,
        "PUT",
        "/invoices/tok1/pay.xml",
        "<payment><account-type>credit-card</account-type><credit-card><number>4222222222222</number><card-type>visa</card-type><verification-value>123</verification-value><month>12</month><year>2030</year><first-name>Zoë</first-name><last-name>O&apos;Neil</last-name></credit-card></payment>",
        xml(200, "invoice_closed.xml"),
    )
    .await;
    let card = CreditCard::new(
        "4222222222222",
        CardType::Visa,
        "123",
        12,
        2030,
        "Zoë",
        "O'Neil",
    );
    assert!(!format!("{card:?}").contains("4222222222222"));
    let paid = client
        .pay_invoice("tok1", &Payment::credit_card(card))
        .await
        .unwrap();
    assert!(paid.closed);
    assert_eq!(paid.line_items[0].subscription_plan_version_id, Some(55));
    assert!(paid.subscriber.unwrap().active);

    expect_body(
        &server,
        "PUT",
        "/invoices/tok2/pay.xml",
        "<payment><account-type>on-file</account-type></payment>",
        text(
            403,
            "Unable to pay an invoice which has already been closed.",
        ),
    )
    .await;
    let err = client
        .pay_invoice("tok2", &Payment::on_file())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.to_string(),
        "forbidden: HTTP 403 Forbidden: Unable to pay an invoice which has already been closed."
    );
}

fn transactions(from: u64, count: u64) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<transactions type=\"array\">");
    for id in from..from + count {
        out.push_str(&format!(
            "<transaction><amount type=\"decimal\">24.0</amount><created-at type=\"datetime\">2026-01-05T10:00:00Z</created-at><currency-code>USD</currency-code><description>Subscription</description><detail-type>Subscription</detail-type><expires-at type=\"datetime\">2026-02-05T10:00:00Z</expires-at><id type=\"integer\">{id}</id><invoice-id type=\"integer\" nil=\"true\"></invoice-id><start-time type=\"datetime\">2026-01-05T10:00:00Z</start-time><terms>1 month</terms><updated-at type=\"datetime\">2026-01-05T10:00:00Z</updated-at><price>$24.00</price><subscriber-customer-id type=\"integer\">{id}</subscriber-customer-id><detail><payment-method>visa</payment-method><recurring type=\"boolean\">true</recurring><feature-level type=\"string\">pro</feature-level></detail></transaction>"
        ));
    }
    out.push_str("</transactions>");
    out
}

#[tokio::test]
async fn transactions_stream_fifty_at_a_time() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/transactions.xml")))
        .and(query_param_is_missing("since_id"))
        .respond_with(ResponseTemplate::new(200).set_body_string(transactions(1, 50)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/transactions.xml")))
        .and(query_param("since_id", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_string(transactions(51, 50)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/transactions.xml")))
        .and(query_param("since_id", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_string(transactions(101, 3)))
        .expect(1)
        .mount(&server)
        .await;
    let all: Vec<Transaction> = client
        .list_transactions(&TransactionFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 103);
    assert_eq!(all[102].id, 103);
    assert_eq!(
        all[0].detail.as_ref().unwrap().payment_method.as_deref(),
        Some("visa")
    );
    assert_eq!(all[0].invoice_id, None);
    assert_eq!(all[0].subscriber_customer_id.as_deref(), Some("1"));
}

#[tokio::test]
async fn transactions_end_on_an_empty_page_and_since_id_is_sent() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/transactions.xml")))
        .and(query_param("since_id", "7"))
        .respond_with(ResponseTemplate::new(200).set_body_string(transactions(8, 50)))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/transactions.xml")))
        .and(query_param("since_id", "57"))
        .respond_with(xml(200, "no_subscribers.xml"))
        .expect(1)
        .mount(&server)
        .await;
    let all: Vec<Transaction> = client
        .list_transactions(&TransactionFilter::new().since_id(7))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 50);
    let page = client
        .list_transactions_page(&TransactionFilter::new().since_id(7))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 50);
}

#[tokio::test]
async fn errors_by_status_and_never_the_token() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/1.xml")))
        .respond_with(text(401, &format!("HTTP Basic: Access denied. ({TOKEN})")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/401.xml")))
        .respond_with(text(
            404,
            "There is no subscriber with a customer id of 401",
        ))
        .mount(&server)
        .await;
    let err = client.get_subscriber("1").await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized(_)));
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("[REDACTED]"));
    let err = client.get_subscriber("401").await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.message(),
        Some("There is no subscriber with a customer id of 401")
    );
}

#[tokio::test]
async fn an_undecodable_success_never_quotes_the_token() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/5.xml")))
        .respond_with(text(
            200,
            &format!("<subscriber><customer-id>{TOKEN}</oops>"),
        ))
        .mount(&server)
        .await;
    let err = client.get_subscriber("5").await.unwrap_err();
    assert!(matches!(err, Error::Core(_)));
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn idempotent_posts_are_retried_and_money_is_not() {
    let (server, client) = mocked().await;
    Mock::given(method("POST"))
        .and(path(p("/subscribers/7/stop_auto_renew.xml")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p("/subscribers/7/stop_auto_renew.xml")))
        .respond_with(xml(200, "subscriber_active.xml"))
        .mount(&server)
        .await;
    assert!(client.stop_auto_renew("7").await.unwrap().is_some());
    Mock::given(method("POST"))
        .and(path(p("/subscribers/7/fees.xml")))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let err = client
        .add_fee("7", &NewFee::new("Setup", "g", dec("1.00")))
        .await
        .unwrap_err();
    assert!(err.maybe_sent());
    assert!(matches!(err, Error::Api(_)));
}

#[tokio::test]
async fn invoice_refusals_keep_status_and_message() {
    let (server, client) = mocked().await;
    let cases = [
        (404, "There is no subscription plan with an ID of 9"),
        (
            403,
            "The subscription plan is temporarily unavailable for purchase.",
        ),
        (
            422,
            "You must specify both the subscription plan id and subscriber information.",
        ),
    ];
    for (status, message) in cases {
        server.reset().await;
        Mock::given(method("POST"))
            .and(path(p("/invoices.xml")))
            .respond_with(text(status, message))
            .expect(1)
            .mount(&server)
            .await;
        let err = client
            .create_invoice(&NewInvoice::new(9, NewSubscriber::new("1", "a")))
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.message(), Some(message));
        assert!(!err.maybe_sent());
    }
    // A gateway timeout (504) on payment: maybe carried out, and not resent.
    server.reset().await;
    Mock::given(method("PUT"))
        .and(path(p("/invoices/tok/pay.xml")))
        .respond_with(text(504, "Gateway timeout"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client
        .pay_invoice("tok", &Payment::on_file())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)));
    assert!(err.maybe_sent());
    // Nothing is sent for an empty token.
    let err = client
        .pay_invoice(" ", &Payment::on_file())
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
}

#[tokio::test]
async fn update_subscriber_with_a_new_card() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "PUT",
        "/subscribers/42.xml",
        "<subscriber><payment-method><credit-card><number>4111111111111111</number><card-type>master</card-type><verification-value>321</verification-value><month>1</month><year>2031</year><first-name>Zoë</first-name><last-name>Lee</last-name></credit-card></payment-method></subscriber>",
        xml(200, "subscriber.xml"),
    )
    .await;
    let card = CreditCard::new(
        "4111111111111111",
        CardType::Master,
        "321",
        1,
        2031,
        "Zoë",
        "Lee",
    );
    let out = client
        .update_subscriber("42", &SubscriberUpdate::new().credit_card(card))
        .await
        .unwrap();
    assert_eq!(out.unwrap().customer_id, "42");
}

#[tokio::test]
async fn plan_filters_apply_client_side() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscription_plans.xml")))
        .and(query_param_is_missing("feature_level"))
        .respond_with(xml(200, "plans.xml"))
        .expect(3)
        .mount(&server)
        .await;
    let ids = |page: Page<Plan>| page.items.iter().map(|p| p.id).collect::<Vec<_>>();
    let pro = client
        .list_plans_page(&PlanFilter::new().feature_level("pro"))
        .await
        .unwrap();
    assert_eq!(ids(pro), [40, 41]);
    let gold = client
        .list_plans_page(&PlanFilter::new().feature_level("gold"))
        .await
        .unwrap();
    assert!(gold.items.is_empty());
    let disabled = client
        .list_plans_page(&PlanFilter::new().enabled(false))
        .await
        .unwrap();
    assert!(disabled.items.is_empty());
}

#[tokio::test]
async fn underscore_names_and_empty_typed_elements_read_into_the_models() {
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/1.xml")))
        .respond_with(text(
            200,
            "<subscriber><customer_id type=\"integer\">1</customer_id>\
             <in_grace_period type=\"boolean\">true</in_grace_period>\
             <on_trial type=\"boolean\">true</on_trial><feature_level>pro</feature_level>\
             <store-credit type=\"decimal\"></store-credit><grace-until type=\"datetime\"/>\
             <active type=\"boolean\"/><invoices type=\"array\"/></subscriber>",
        ))
        .mount(&server)
        .await;
    let one = client.get_subscriber("1").await.unwrap();
    assert_eq!(one.customer_id, "1");
    assert!(one.in_grace_period && one.on_trial && !one.active);
    assert_eq!(one.feature_level.as_deref(), Some("pro"));
    assert_eq!(one.store_credit, None);
    assert_eq!(one.grace_until, None);
    assert!(one.invoices.is_empty());
}

/// The read-only subscriber fields (../shared/vendors/spreedly.md §2.4, "Fields clients must
/// not send"), with `-` and `_`.
const READ_ONLY: &[&str] = &[
    "active",
    "active-until",
    "card-expires",
    "created-at",
    "eligible-for-free-trial",
    "feature-level",
    "grace-until",
    "in-grace-period",
    "lifetime-subscription",
    "on-trial",
    "ready-to-renew",
    "recurring",
    "store-credit",
    "subscription-plan-name",
    "token",
    "updated-at",
    "invoices",
];

fn assert_no_read_only(body: &str) {
    for name in READ_ONLY {
        for spelling in [name.to_string(), name.replace('-', "_")] {
            assert!(
                !body.contains(&format!("<{spelling}")),
                "{spelling} sent: {body}"
            );
        }
    }
}

#[tokio::test]
async fn read_only_fields_are_never_sent() {
    let (server, client) = mocked().await;
    let create = "<subscriber><customer-id>42</customer-id><screen-name>zoe</screen-name><email>z@example.com</email><billing-first-name>Zoë</billing-first-name><billing-last-name>Lee</billing-last-name></subscriber>";
    expect_body(
        &server,
        "POST",
        "/subscribers.xml",
        create,
        xml(201, "subscriber.xml"),
    )
    .await;
    let update = "<subscriber><new-customer-id>43</new-customer-id><screen-name>zed</screen-name><email>y@example.com</email><billing-first-name>Zed</billing-first-name><billing-last-name>Lee</billing-last-name><payment-method><credit-card><number>4111111111111111</number><card-type>visa</card-type><verification-value>1</verification-value><month>1</month><year>2030</year><first-name>Zed</first-name><last-name>Lee</last-name></credit-card></payment-method></subscriber>";
    expect_body(
        &server,
        "PUT",
        "/subscribers/42.xml",
        update,
        ResponseTemplate::new(200),
    )
    .await;
    client
        .create_subscriber(
            &NewSubscriber::new("42", "zoe")
                .email("z@example.com")
                .billing_first_name("Zoë")
                .billing_last_name("Lee"),
        )
        .await
        .unwrap();
    let card = CreditCard::new(
        "4111111111111111",
        CardType::Visa,
        "1",
        1,
        2030,
        "Zed",
        "Lee",
    );
    client
        .update_subscriber(
            "42",
            &SubscriberUpdate::new()
                .new_customer_id("43")
                .screen_name("zed")
                .email("y@example.com")
                .billing_first_name("Zed")
                .billing_last_name("Lee")
                .credit_card(card),
        )
        .await
        .unwrap();
    assert_no_read_only(create);
    // The update names the subscriber in the path only, never `customer-id` in the body.
    assert_no_read_only(update);
    assert!(!update.contains("<customer-id>"));
}

#[tokio::test]
async fn update_to_a_taken_customer_id_is_forbidden() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "PUT",
        "/subscribers/42.xml",
        "<subscriber><new-customer-id>43</new-customer-id></subscriber>",
        text(403, "A subscriber with a customer-id of 43 already exists."),
    )
    .await;
    let err = client
        .update_subscriber("42", &SubscriberUpdate::new().new_customer_id("43"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.message(),
        Some("A subscriber with a customer-id of 43 already exists.")
    );
}

#[tokio::test]
async fn get_or_create_keeps_any_other_403() {
    let (server, client) = mocked().await;
    Mock::given(method("POST"))
        .and(path(p("/subscribers.xml")))
        .respond_with(text(403, "This endpoint has not been enabled for API use."))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/42.xml")))
        .respond_with(xml(200, "subscriber.xml"))
        .expect(0)
        .mount(&server)
        .await;
    let err = client
        .get_or_create_subscriber(&NewSubscriber::new("42", "zoe"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));
    assert_eq!(
        err.message(),
        Some("This endpoint has not been enabled for API use.")
    );
}

#[tokio::test]
async fn bodiless_posts_send_no_body() {
    let (server, client) = mocked().await;
    for action in ["allow_free_trial", "stop_auto_renew"] {
        Mock::given(method("POST"))
            .and(path(p(&format!("/subscribers/7/{action}.xml"))))
            .and(header("authorization", BASIC))
            .respond_with(xml(200, "subscriber_active.xml"))
            .expect(1)
            .mount(&server)
            .await;
    }
    client.allow_free_trial("7").await.unwrap();
    client.stop_auto_renew("7").await.unwrap();
    for request in server.received_requests().await.unwrap() {
        assert!(request.body.is_empty(), "{}", request.url);
    }
}

#[tokio::test]
async fn pay_invoice_on_file_and_a_missing_card() {
    let (server, client) = mocked().await;
    expect_body(
        &server,
        "PUT",
        "/invoices/tok3/pay.xml",
        "<payment><account-type>on-file</account-type></payment>",
        xml(200, "invoice_closed.xml"),
    )
    .await;
    let paid = client
        .pay_invoice("tok3", &Payment::on_file())
        .await
        .unwrap();
    assert!(paid.closed);
    assert_eq!(paid.amount, Some(dec("24.0")));

    expect_body(
        &server,
        "PUT",
        "/invoices/tok4/pay.xml",
        "<payment><account-type>credit-card</account-type><credit-card><number></number><card-type>visa</card-type><verification-value></verification-value><month>1</month><year>2030</year><first-name></first-name><last-name></last-name></credit-card></payment>",
        text(422, "You must specify credit card parameters for the payment."),
    )
    .await;
    let blank = CreditCard::new("", CardType::Visa, "", 1, 2030, "", "");
    let err = client
        .pay_invoice("tok4", &Payment::credit_card(blank))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(
        err.message(),
        Some("You must specify credit card parameters for the payment.")
    );
    assert!(!err.maybe_sent());
}

/// One money call of each kind against wiremock.
async fn money_call(client: &Client, op: &str) -> Result<(), Error> {
    match op {
        "fees" => {
            client
                .add_fee("7", &NewFee::new("Setup", "g", dec("1.00")))
                .await
        }
        "credits" => client.add_store_credit("7", dec("1.00")).await.map(drop),
        "complimentary_subscriptions" => client
            .create_complimentary_subscription(
                "7",
                &NewComplimentarySubscription::new(1, DurationUnits::Months, "pro"),
            )
            .await
            .map(drop),
        "complimentary_time_extensions" => client
            .create_complimentary_time_extension(
                "7",
                &NewComplimentaryTimeExtension::new(1, DurationUnits::Days),
            )
            .await
            .map(drop),
        "lifetime_complimentary_subscriptions" => client
            .create_lifetime_complimentary_subscription("7", "pro")
            .await
            .map(drop),
        "invoices" => client
            .create_invoice(&NewInvoice::new(40, NewSubscriber::new("7", "ann")))
            .await
            .map(drop),
        _ => client
            .pay_invoice("tok", &Payment::on_file())
            .await
            .map(drop),
    }
}

fn money_path(op: &str) -> String {
    match op {
        "invoices" => p("/invoices.xml"),
        "pay" => p("/invoices/tok/pay.xml"),
        other => p(&format!("/subscribers/7/{other}.xml")),
    }
}

const MONEY: &[&str] = &[
    "fees",
    "credits",
    "complimentary_subscriptions",
    "complimentary_time_extensions",
    "lifetime_complimentary_subscriptions",
    "invoices",
    "pay",
];

#[tokio::test]
async fn money_calls_are_sent_once_after_a_503_or_a_timeout() {
    for op in MONEY {
        // 503: an answer that may follow the effect; not retried (the reads are).
        let (server, client) = mocked().await;
        Mock::given(path(money_path(op)))
            .respond_with(text(503, "Service Unavailable"))
            .expect(1)
            .mount(&server)
            .await;
        let err = money_call(&client, op).await.unwrap_err();
        assert!(matches!(err, Error::Api(_)), "{op}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
        assert!(err.maybe_sent(), "{op}");
        drop(server); // verifies expect(1)

        // Timeout: the request was read, the answer never came in time.
        let server = MockServer::start().await;
        let client = builder(&server)
            .attempt_timeout(Some(Duration::from_millis(200)))
            .build()
            .unwrap();
        Mock::given(path(money_path(op)))
            .respond_with(xml(201, "subscriber_active.xml").set_delay(Duration::from_secs(2)))
            .expect(1)
            .mount(&server)
            .await;
        let err = money_call(&client, op).await.unwrap_err();
        assert!(err.is_timeout(), "{op}: {err:?}");
        assert!(err.maybe_sent(), "{op}");
    }
}

#[tokio::test]
async fn an_answer_over_the_body_cap_is_refused() {
    let server = MockServer::start().await;
    let client = builder(&server)
        .configure(|core| core.body_limit(4 * 1024))
        .build()
        .unwrap();
    let mut huge = String::from("<subscribers type=\"array\">");
    while huge.len() < 8 * 1024 {
        huge.push_str("<subscriber><customer-id>1</customer-id></subscriber>");
    }
    huge.push_str("</subscribers>");
    Mock::given(method("GET"))
        .and(path(p("/subscribers.xml")))
        .respond_with(text(200, &huge))
        .mount(&server)
        .await;
    let err = client
        .list_subscribers_page(&SubscriberFilter::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Core(paykit_core::Error::BodyTooLarge { .. })),
        "{err:?}"
    );
}

/// Asserts that `server` received exactly `count` times `GET <root>/subscribers/401.xml`
/// with Basic auth, the XML accept header, the user agent, no query and no body.
async fn assert_subscriber_reads(server: &MockServer, count: usize) {
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), count, "{sent:?}");
    for request in &sent {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), p("/subscribers/401.xml"));
        assert_eq!(request.url.query(), None);
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        assert_eq!(header("authorization"), Some(BASIC));
        assert_eq!(header("accept"), Some("application/xml"));
        assert_eq!(
            header("user-agent"),
            Some(concat!("paykit-spreedly/", env!("CARGO_PKG_VERSION")))
        );
        assert!(request.body.is_empty(), "{request:?}");
    }
}

#[tokio::test]
async fn maybe_sent_remembers_an_earlier_attempt_that_may_have_reached_the_server() {
    use paykit_core::testing::faults::{Fault, Faulty};
    let message = "There is no subscriber with a customer id of 401";

    // A read answered 503 (maybe processed), retried, then 404 (spreedly.md §2.2): the call
    // may have had its effect although its last answer is a refusal.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/401.xml")))
        .respond_with(Faulty::new(text(404, message)).then(Fault::status(503)))
        .mount(&server)
        .await;
    let err = client.get_subscriber("401").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.message(), Some(message));
    assert!(err.maybe_sent(), "{err:?}");
    assert!(err.api_error().unwrap().maybe_sent());
    assert_subscriber_reads(&server, 2).await;

    // The same 404 alone is a refusal: nothing happened.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/401.xml")))
        .respond_with(text(404, message))
        .mount(&server)
        .await;
    let err = client.get_subscriber("401").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(!err.api_error().unwrap().maybe_sent());
    assert_subscriber_reads(&server, 1).await;

    // A 3xx that was not followed (no Location) reached the server: not a refusal.
    let (server, client) = mocked().await;
    Mock::given(method("GET"))
        .and(path(p("/subscribers/401.xml")))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let err = client.get_subscriber("401").await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 302),
        "{err:?}"
    );
    assert!(err.maybe_sent(), "{err:?}");
    assert_subscriber_reads(&server, 1).await;
}
