//! A stateful, in-process Pax8 Partner API on wiremock (feature `testing`).
//!
//! [`Pax8Simulator::start`] serves on `127.0.0.1` with Pax8's rules (facts in
//! `shared/vendors/pax8.md`, sections cited as §1.x):
//!
//! - **Token endpoint** `POST /v1/token` (and `POST /oauth/token`, the other documented
//!   form): client credentials as JSON (snake or camel case) or a form; 401
//!   `{"error":"access_denied","error_description":"Unauthorized"}` for unknown credentials,
//!   400 for a malformed request; tokens expire after [`Pax8Simulator::set_token_lifetime`]
//!   (default 86400 s, §1.1). [`Pax8Simulator::tokens_issued`] counts them.
//! - **API** under `/v1`: a `Bearer` token that this simulator issued and that has not
//!   expired, else 401 in the DEVX error shape (§1.3). Companies (created `Inactive`, made
//!   `Active` by primary Admin, Billing and Technical contacts), contacts, products
//!   (provision details, dependencies, pricing), orders (`isMock` validates and creates
//!   nothing; real orders create subscriptions; `orderedBy` read back as `Pax8Partner`,
//!   §1.7.2), subscriptions (update, cancel with or without a date, history; the
//!   commitment in the live `commitment` field, §1.7.1), usage summaries and lines (the
//!   usage date required), invoices and their items.
//! - **Pages**: `page` (from 0, default 0) and `size` (default 10), envelope
//!   `{content, page: {size, totalElements, totalPages, number}}` (§1.3); a page past the
//!   end is empty. `{content}` alone for provision details, pricing and history.
//! - **Rate limit** (off by default): past [`Pax8Simulator::set_rate_limit`]'s count in a
//!   window, 429 with `Retry-After` (seconds to the window's end).
//!
//! # Simulator choices where Pax8's behaviour is unknown
//!
//! - `size` over 200 (or 0, or not a number) → 400 in the DEVX shape. The facts give 200 as
//!   the maximum but not what the server does past it.
//! - Validation failures on create → 422 with a DEVX body naming the first missing field.
//! - Filters compare enumerated values leniently (case, spaces and dashes ignored); `sort`
//!   sorts ascending by the named field; an unknown sort field is ignored.
//! - Prices of subscriptions created by orders are 10.00 USD.
//! - Paths are matched exactly (an id with escaped characters is compared as sent).

mod handlers;
mod routes;
mod state;
mod token;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paykit_core::RetryPolicy;
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use crate::client::ClientBuilder;

use self::routes::{Responder, lock};
use self::state::{State, today};

/// The client id the simulator accepts from the start.
pub const CLIENT_ID: &str = "sim-client-id";
/// The secret of [`CLIENT_ID`].
pub const CLIENT_SECRET: &str = "sim-client-secret";

/// A running Pax8 simulator. Dropping it stops the server.
pub struct Pax8Simulator {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for Pax8Simulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pax8Simulator")
            .field("uri", &self.uri())
            .finish_non_exhaustive()
    }
}

impl Pax8Simulator {
    /// Starts the simulator on `127.0.0.1` (a free port), empty, with [`CLIENT_ID`] known.
    pub async fn start() -> Pax8Simulator {
        Self::serve(MockServer::start().await).await
    }

    /// Like [`Pax8Simulator::start`], without wiremock's log of every request (for long runs:
    /// the log grows with each request; [`Pax8Simulator::received_requests`] is then empty).
    pub async fn start_unrecorded() -> Pax8Simulator {
        Self::serve(
            MockServer::builder()
                .disable_request_recording()
                .start()
                .await,
        )
        .await
    }

    async fn serve(server: MockServer) -> Pax8Simulator {
        let state = Arc::new(Mutex::new(State::new()));
        Mock::given(any())
            .respond_with(Responder {
                state: Arc::clone(&state),
            })
            .named("pax8 simulator")
            .mount(&server)
            .await;
        Pax8Simulator { server, state }
    }

    /// The server root, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.server.uri().trim_end_matches('/').to_owned()
    }

    /// The API base URL, `uri() + "/v1"`.
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.uri())
    }

    /// The token URL of the current documented form, `uri() + "/v1/token"`.
    pub fn token_url(&self) -> String {
        format!("{}/v1/token", self.uri())
    }

    /// A client builder pointed at the simulator with [`CLIENT_ID`], fast retry back-offs
    /// and no client-side rate limit.
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::new(CLIENT_ID, SecretString::from(CLIENT_SECRET))
            .base_url(self.base_url())
            .token_url(self.token_url())
            .rate_limit_per_minute(None)
            .retry(
                RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(10)),
            )
    }

    /// Accepts another client id and secret.
    pub fn add_credentials(&self, client_id: &str, client_secret: &str) {
        lock(&self.state)
            .credentials
            .insert(client_id.to_owned(), client_secret.to_owned());
    }

    /// How long tokens issued from now on live (default 86400 s). Under a second counts as
    /// a second in `expires_in`, but the token really expires after `lifetime`.
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        lock(&self.state).token_lifetime = lifetime;
    }

    /// Forgets every issued token: the next API call with one gets 401.
    pub fn revoke_tokens(&self) {
        lock(&self.state).tokens.clear();
    }

    /// Tokens issued so far.
    pub fn tokens_issued(&self) -> usize {
        lock(&self.state).tokens_issued
    }

    /// Token requests received so far (issued or refused).
    pub fn token_requests(&self) -> usize {
        lock(&self.state).token_requests
    }

    /// Answers 429 with `Retry-After` once more than `limit` API requests arrive within
    /// `window` (`None`: no limit, the default).
    pub fn set_rate_limit(&self, limit: Option<(u32, Duration)>) {
        let mut state = lock(&self.state);
        state.rate_limit = limit;
        state.window = (std::time::Instant::now(), 0);
    }

    /// Every request received, in order (wiremock's recording).
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Stores a company as it is (an `id` is added if missing) and returns its id. Its
    /// status is kept as given (`"Active"` lets it order at once).
    pub fn seed_company(&self, company: Value) -> String {
        let mut state = lock(&self.state);
        let id = seed(&mut state, company, |s| &mut s.companies);
        state.contacts.entry(id.clone()).or_default();
        id
    }

    /// An `Active` company named `name` in the US.
    pub fn seed_active_company(&self, name: &str) -> String {
        self.seed_company(json!({
            "name": name,
            "address": {"street": "1 Main St", "city": "Denver", "stateOrProvince": "CO",
                        "postalCode": "80202", "country": "US"},
            "phone": "+1 303 555 0100",
            "website": "https://example.com",
            "billOnBehalfOfEnabled": false,
            "selfServiceAllowed": false,
            "orderApprovalRequired": false,
            "status": "Active",
        }))
    }

    /// Stores a product and returns its id.
    pub fn seed_product(&self, product: Value) -> String {
        seed(&mut lock(&self.state), product, |s| &mut s.products)
    }

    /// `count` products named `"<vendor> product NNN"`, with a monthly flat price, a
    /// domain provisioning detail and no dependencies. Returns their ids in order.
    pub fn seed_products(&self, vendor: &str, count: usize) -> Vec<String> {
        let mut state = lock(&self.state);
        (1..=count)
            .map(|n| {
                let product = json!({
                    "name": format!("{vendor} product {n:03}"),
                    "vendorName": vendor,
                    "shortDescription": format!("{vendor} product number {n}"),
                    "sku": format!("SKU-{n:05}"),
                    "vendorSku": format!("{}-{n}", vendor.to_uppercase()),
                });
                let id = seed(&mut state, product, |s| &mut s.products);
                state.pricing.insert(
                    id.clone(),
                    vec![json!({
                        "billingTerm": "Monthly",
                        "type": "Flat",
                        "unitOfMeasurement": "User",
                        "rates": [{"partnerBuyRate": 8.5, "suggestedRetailPrice": 10.0,
                                   "startQuantityRange": 1, "endQuantityRange": null,
                                   "chargeType": "Per Unit"}],
                    })],
                );
                state.provision_details.insert(
                    id.clone(),
                    vec![json!({"label": "Domain", "key": "domain", "description": "The tenant's domain",
                                "valueType": "Input", "possibleValues": null})],
                );
                id
            })
            .collect()
    }

    /// Sets a product's pricing (`{content}` items), provisioning details or dependencies.
    pub fn set_product_extras(
        &self,
        product_id: &str,
        pricing: Option<Vec<Value>>,
        provision_details: Option<Vec<Value>>,
        dependencies: Option<Value>,
    ) {
        let mut state = lock(&self.state);
        if let Some(pricing) = pricing {
            state.pricing.insert(product_id.to_owned(), pricing);
        }
        if let Some(details) = provision_details {
            state
                .provision_details
                .insert(product_id.to_owned(), details);
        }
        if let Some(dependencies) = dependencies {
            state
                .dependencies
                .insert(product_id.to_owned(), dependencies);
        }
    }

    /// Stores a subscription (Active, monthly) and returns its id.
    pub fn seed_subscription(&self, company_id: &str, product_id: &str, quantity: u64) -> String {
        let mut state = lock(&self.state);
        let subscription = json!({
            "companyId": company_id,
            "productId": product_id,
            "quantity": quantity,
            "startDate": today(),
            "createdDate": format!("{}T00:00:00Z", today()),
            "billingTerm": "Monthly",
            "status": "Active",
            "price": 10.0,
            "currencyCode": "USD",
            "commitment": {"id": "c-1", "term": "1-Year", "endDate": "2099-12-31"},
        });
        let id = seed(&mut state, subscription, |s| &mut s.subscriptions);
        let snapshot = state.subscriptions.last().cloned().unwrap_or_default();
        state.history.insert(id.clone(), vec![snapshot]);
        id
    }

    /// Stores an unpaid invoice of `company_id` with `items` items of 12.50 each; returns
    /// its id.
    pub fn seed_invoice(&self, company_id: &str, items: usize) -> String {
        let mut state = lock(&self.state);
        let total = 12.5 * items as f64;
        let invoice = json!({
            "invoiceDate": today(), "dueDate": today(), "status": "Unpaid",
            "balance": total, "carriedBalance": 0, "total": total,
            "partnerName": "Sim Partner", "companyId": company_id,
        });
        let id = seed(&mut state, invoice, |s| &mut s.invoices);
        let lines = (1..=items)
            .map(|n| {
                json!({
                    "id": format!("{id}-item-{n}"), "type": "subscription", "companyId": company_id,
                    "companyName": "Sim company", "startPeriod": today(), "endPeriod": today(),
                    "quantity": 1, "unitOfMeasure": "User", "term": "Monthly", "sku": format!("SKU-{n:05}"),
                    "description": format!("Seat {n}"), "rateType": "Flat", "chargeType": "per",
                    "price": "12.50", "subTotal": "12.50", "cost": 10, "costTotal": 10,
                    "offeredBy": "Pax8", "billedByPax8": true, "total": "12.50",
                    "amountDue": "12.50", "currencyCode": "USD",
                })
            })
            .collect();
        state.invoice_items.insert(id.clone(), lines);
        id
    }

    /// Stores a usage summary of `subscription_id` with one usage line a day for `dates`;
    /// returns its id.
    pub fn seed_usage_summary(&self, subscription_id: &str, dates: &[&str]) -> String {
        let mut state = lock(&self.state);
        let summary = json!({
            "subscriptionId": subscription_id, "productId": "azure", "resourceGroup": "rg-main",
            "vendorName": "Microsoft", "currentCharges": 42.1, "partnerTotal": 40.0,
            "isTrial": false, "currencyCode": "USD",
        });
        let id = seed(&mut state, summary, |s| &mut s.usage_summaries);
        let lines = dates
            .iter()
            .map(|date| {
                json!({
                    "usageSummaryId": id, "usageDate": date, "productName": "Azure compute",
                    "productId": "azure", "unitOfMeasure": "Hours", "quantity": 24,
                    "currentCharges": 1.2, "currentProfit": 0.2, "partnerTotal": 1.0,
                    "unitPrice": 0.05, "isTrial": false,
                })
            })
            .collect();
        state.usage_lines.insert(id.clone(), lines);
        id
    }

    /// A snapshot of a stored company.
    pub fn company(&self, company_id: &str) -> Option<Value> {
        let state = lock(&self.state);
        state
            .companies
            .iter()
            .find(|c| c["id"] == company_id)
            .cloned()
    }

    /// Every stored order.
    pub fn orders(&self) -> Vec<Value> {
        lock(&self.state).orders.clone()
    }

    /// Every stored subscription.
    pub fn subscriptions(&self) -> Vec<Value> {
        lock(&self.state).subscriptions.clone()
    }
}

/// Stores `value` in the list `list` picks, with an id (added when missing).
fn seed(state: &mut State, value: Value, list: fn(&mut State) -> &mut Vec<Value>) -> String {
    let mut value = match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    let id = match value.get("id").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => state.id(),
    };
    value.insert("id".into(), json!(id));
    list(state).push(Value::Object(value));
    id
}
