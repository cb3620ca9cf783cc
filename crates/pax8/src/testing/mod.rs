//! A stateful, in-process Pax8 Partner API with fault injection (feature `testing`).
//!
//! [`Pax8Simulator::start`] serves on `127.0.0.1` with Pax8's rules:
//!
//! - **Token endpoint** `POST /v1/token` (and `POST /oauth/token`, the other documented
//!   form): client credentials as JSON (snake or camel case) or a form; 401
//!   `{"error":"access_denied","error_description":"Unauthorized"}` for unknown credentials,
//!   400 for a malformed request; tokens expire after [`Pax8Simulator::set_token_lifetime`]
//!   (default 86400 s). [`Pax8Simulator::tokens_issued`] counts them.
//! - **API** under `/v1`: a `Bearer` token that this simulator issued and that has not
//!   expired, else 401. Companies (created `Inactive`, made `Active` by primary Admin,
//!   Billing and Technical contacts), contacts, products (provision details, dependencies,
//!   pricing), orders (`isMock` validates and creates nothing; real orders create
//!   subscriptions; `orderedBy` read back as `Pax8Partner`), subscriptions (update, cancel
//!   with or without a date, history; the commitment in the live `commitment` field), usage
//!   summaries and lines (the usage date required), invoices and their items.
//! - **Pages**: `page` (from 0, default 0) and `size` (default 10), envelope
//!   `{content, page: {size, totalElements, totalPages, number}}`; a page past the end is
//!   empty. `{content}` alone for provision details, pricing and history.
//! - **Faults**: [`Pax8Simulator::inject`] takes the [`Fault`]s every paykit simulator
//!   shares, scoped with [`Fault::on`] to the client's operation names (`pax8.create_order`,
//!   `pax8.list_companies`, ..., and `pax8.token` for the token endpoint).
//!
//! ```
//! use paykit_pax8::prelude::*;
//! use paykit_pax8::testing::{Fault, Pax8Simulator};
//! use paykit_pax8::{Address, CompanyFilter, NewCompany};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), paykit_pax8::Error> {
//! let sim = Pax8Simulator::start().await;
//! sim.seed_active_company(NewCompany::new(
//!     "Acme Dental",
//!     Address::new().city("Denver").country("US"),
//!     "+1 303 555 0100",
//!     "https://acme.example",
//! ));
//! sim.inject(Fault::status(503).on("pax8.list_companies"));
//! let companies: Vec<_> = sim.client().list_companies(&CompanyFilter::new()).try_collect().await?;
//! assert_eq!(companies.len(), 1); // the 503 was retried
//! # Ok(()) }
//! ```
//!
//! # Simulator choices where Pax8's behaviour is unknown
//!
//! - `size` over 200 (or 0, or not a number) → 400. The API's docs give 200 as the maximum
//!   but not what the server does past it.
//! - Validation failures on create → 422 naming the first missing field.
//! - Filters compare enumerated values leniently (case, spaces and dashes ignored); `sort`
//!   sorts ascending by the named field; an unknown sort field is ignored.
//! - Prices of subscriptions created by orders are 10.00 USD.
//! - A subscription update may carry any subset of its fields.
//! - Paths are matched exactly (an id with escaped characters is compared as sent).

mod handlers;
mod host;
mod routes;
mod state;
mod token;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use paykit_core::testing::wiremock::Mock;
use paykit_core::testing::wiremock::matchers::any;
use paykit_core::testing::{Faults, SimServer};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub use paykit_core::testing::{Fault, RecordedRequest};

use crate::client::{Client, ClientBuilder};
use crate::{
    Company, Dependencies, Invoice, NewCompany, Order, Pricing, Product, ProvisioningDetail,
    Subscription, UsageSummary,
};

use self::routes::{Responder, lock};
use self::state::{State, today};

/// The client id the simulator accepts from the start.
pub const CLIENT_ID: &str = "sim-client-id";
/// The secret of [`CLIENT_ID`].
pub const CLIENT_SECRET: &str = "sim-client-secret";

/// A running Pax8 simulator. Dropping it stops the server.
pub struct Pax8Simulator {
    server: SimServer,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for Pax8Simulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pax8Simulator")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}

/// A product to seed with [`Pax8Simulator::seed_product`] (products are read-only in the
/// Partner API, so the client has no input type for them).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeedProduct {
    name: String,
    vendor_name: String,
    short_description: Option<String>,
    sku: Option<String>,
    vendor_sku: Option<String>,
    monthly_price: Option<(Decimal, Decimal)>,
    provisioning_details: Vec<(String, String)>,
}

impl SeedProduct {
    /// A product `name` by `vendor_name`, with no price and nothing to provision.
    pub fn new(name: impl Into<String>, vendor_name: impl Into<String>) -> Self {
        SeedProduct {
            name: name.into(),
            vendor_name: vendor_name.into(),
            short_description: None,
            sku: None,
            vendor_sku: None,
            monthly_price: None,
            provisioning_details: Vec::new(),
        }
    }

    /// A short description.
    pub fn short_description(mut self, text: impl Into<String>) -> Self {
        self.short_description = Some(text.into());
        self
    }

    /// Pax8's SKU.
    pub fn sku(mut self, sku: impl Into<String>) -> Self {
        self.sku = Some(sku.into());
        self
    }

    /// The vendor's SKU.
    pub fn vendor_sku(mut self, sku: impl Into<String>) -> Self {
        self.vendor_sku = Some(sku.into());
        self
    }

    /// A monthly flat price per user: what the partner pays and the suggested retail price.
    pub fn monthly_price(mut self, partner_buy_rate: Decimal, suggested_retail: Decimal) -> Self {
        self.monthly_price = Some((partner_buy_rate, suggested_retail));
        self
    }

    /// A free-text provisioning detail the product requires (`key`, shown as `label`).
    pub fn provisioning_detail(mut self, key: impl Into<String>, label: impl Into<String>) -> Self {
        self.provisioning_details.push((key.into(), label.into()));
        self
    }
}

fn to_value(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn typed<T: DeserializeOwned + Default>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_default()
}

impl Pax8Simulator {
    /// Starts the simulator on `127.0.0.1` (a free port), empty, with [`CLIENT_ID`] known.
    pub async fn start() -> Pax8Simulator {
        Self::serve(SimServer::start().await).await
    }

    /// Like [`Pax8Simulator::start`], without the record of every request (for long runs:
    /// the record grows with each request; [`Pax8Simulator::requests`] is then empty).
    pub async fn start_unrecorded() -> Pax8Simulator {
        Self::serve(SimServer::builder().record_requests(false).start().await).await
    }

    /// Like [`Pax8Simulator::start`], on a server the caller started (on the address it
    /// chose, e.g. with [`SimServer::builder`]).
    pub async fn start_on(server: SimServer) -> Pax8Simulator {
        Self::serve(server).await
    }

    async fn serve(server: SimServer) -> Pax8Simulator {
        let state = Arc::new(Mutex::new(State::new()));
        Mock::given(any())
            .respond_with(Responder {
                state: Arc::clone(&state),
                faults: server.faults().clone(),
            })
            .named("pax8 simulator")
            .mount(server.mock_server())
            .await;
        Pax8Simulator { server, state }
    }

    /// The server root, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The API base URL, `uri() + "/v1"` (what [`ClientBuilder::base_url`] takes).
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.uri())
    }

    /// The token URL of the current documented form, `uri() + "/v1/token"` (what a client
    /// derives from [`Pax8Simulator::base_url`]).
    pub fn token_url(&self) -> String {
        format!("{}/v1/token", self.uri())
    }

    /// A client builder pointed at the simulator with [`CLIENT_ID`], fast retry back-offs
    /// (1 ms to 10 ms) and no client-side rate limit.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(CLIENT_ID, CLIENT_SECRET)
            .base_url(self.base_url())
            .token_url(self.token_url())
            .rate_limit(None)
            .retry(paykit_core::testing::fast_retry())
    }

    /// A ready client: [`Pax8Simulator::client_builder`], built.
    ///
    /// # Panics
    ///
    /// Never in practice (the builder's settings are valid); a test helper.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("the simulator's client builds")
    }

    /// Adds a fault after those already pending.
    pub fn inject(&self, fault: Fault) {
        self.server.inject(fault);
    }

    /// The pending faults.
    pub fn faults(&self) -> &Faults {
        self.server.faults()
    }

    /// Every request received so far, in order (token requests included; empty with
    /// [`Pax8Simulator::start_unrecorded`]).
    pub async fn requests(&self) -> Vec<RecordedRequest> {
        self.server.requests().await
    }

    /// The TCP connections clients opened to the simulator so far (token endpoint and API
    /// alike: they are one server).
    pub fn connections(&self) -> usize {
        self.server.connections()
    }

    /// Forgets the requests received so far.
    pub async fn clear_requests(&self) {
        self.server.clear_requests().await;
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

    /// Forgets every issued token: the next API call with one gets 401 (and the client
    /// fetches a new token and retries once).
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

    /// Stores a company as the API would create it (`Inactive` until it has primary
    /// contacts) and returns it.
    pub fn seed_company(&self, company: NewCompany) -> Company {
        self.store_company(company, "Inactive")
    }

    /// Stores a company that is already `Active` (it can be ordered for at once).
    pub fn seed_active_company(&self, company: NewCompany) -> Company {
        self.store_company(company, "Active")
    }

    fn store_company(&self, company: NewCompany, status: &str) -> Company {
        let mut value = to_value(&company);
        value["status"] = json!(status);
        value["updatedDate"] = json!(format!("{}T00:00:00Z", today()));
        let mut state = lock(&self.state);
        let stored = seed(&mut state, value, |s| &mut s.companies);
        let id = stored["id"].as_str().unwrap_or_default().to_owned();
        state.contacts.entry(id).or_default();
        typed(stored)
    }

    /// Stores a product and returns it.
    pub fn seed_product(&self, product: SeedProduct) -> Product {
        let mut state = lock(&self.state);
        store_product(&mut state, product)
    }

    /// `count` products named `"<vendor> product NNN"`, each with a monthly flat price
    /// (8.50 USD to the partner, 10.00 suggested), a `domain` provisioning detail and no
    /// dependencies. Returns them in order.
    pub fn seed_products(&self, vendor: &str, count: usize) -> Vec<Product> {
        let mut state = lock(&self.state);
        (1..=count)
            .map(|n| {
                let product = SeedProduct::new(format!("{vendor} product {n:03}"), vendor)
                    .short_description(format!("{vendor} product number {n}"))
                    .sku(format!("SKU-{n:05}"))
                    .vendor_sku(format!("{}-{n}", vendor.to_uppercase()))
                    .monthly_price(Decimal::new(850, 2), Decimal::new(1000, 2))
                    .provisioning_detail("domain", "Domain");
                store_product(&mut state, product)
            })
            .collect()
    }

    /// Replaces a product's prices.
    pub fn set_product_pricing(&self, product_id: &str, pricing: Vec<Pricing>) {
        let values = pricing.iter().map(to_value).collect();
        lock(&self.state)
            .pricing
            .insert(product_id.to_owned(), values);
    }

    /// Replaces a product's provisioning details.
    pub fn set_product_provisioning_details(
        &self,
        product_id: &str,
        details: Vec<ProvisioningDetail>,
    ) {
        let values = details.iter().map(to_value).collect();
        lock(&self.state)
            .provision_details
            .insert(product_id.to_owned(), values);
    }

    /// Replaces a product's dependencies.
    pub fn set_product_dependencies(&self, product_id: &str, dependencies: Dependencies) {
        lock(&self.state)
            .dependencies
            .insert(product_id.to_owned(), to_value(&dependencies));
    }

    /// Stores an Active monthly subscription (10.00 USD, a one-year commitment) and
    /// returns it.
    pub fn seed_subscription(
        &self,
        company_id: &str,
        product_id: &str,
        quantity: u64,
    ) -> Subscription {
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
        let stored = seed(&mut state, subscription, |s| &mut s.subscriptions);
        let id = stored["id"].as_str().unwrap_or_default().to_owned();
        state.history.insert(id, vec![stored.clone()]);
        typed(stored)
    }

    /// Stores an unpaid invoice of `company_id` with `items` items of 12.50 USD each;
    /// returns it.
    pub fn seed_invoice(&self, company_id: &str, items: usize) -> Invoice {
        let mut state = lock(&self.state);
        let total = Decimal::new(1250, 2) * Decimal::from(items as u64);
        let invoice = json!({
            "invoiceDate": today(), "dueDate": today(), "status": "Unpaid",
            "balance": total.to_string(), "carriedBalance": "0", "total": total.to_string(),
            "partnerName": "Sim Partner", "companyId": company_id,
        });
        let stored = seed(&mut state, invoice, |s| &mut s.invoices);
        let id = stored["id"].as_str().unwrap_or_default().to_owned();
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
        state.invoice_items.insert(id, lines);
        typed(stored)
    }

    /// Stores a usage summary of `subscription_id` with one usage line a day for `dates`
    /// (24 hours of compute each); returns it.
    pub fn seed_usage_summary(&self, subscription_id: &str, dates: &[time::Date]) -> UsageSummary {
        let mut state = lock(&self.state);
        let summary = json!({
            "subscriptionId": subscription_id, "productId": "azure", "resourceGroup": "rg-main",
            "vendorName": "Microsoft", "currentCharges": 42.1, "partnerTotal": 40.0,
            "isTrial": false, "currencyCode": "USD",
        });
        let stored = seed(&mut state, summary, |s| &mut s.usage_summaries);
        let id = stored["id"].as_str().unwrap_or_default().to_owned();
        let lines = dates
            .iter()
            .map(|date| {
                json!({
                    "usageSummaryId": id, "usageDate": crate::dates::format_date(*date),
                    "productName": "Azure compute",
                    "productId": "azure", "unitOfMeasure": "Hours", "quantity": 24,
                    "currentCharges": 1.2, "currentProfit": 0.2, "partnerTotal": 1.0,
                    "unitPrice": 0.05, "isTrial": false,
                })
            })
            .collect();
        state.usage_lines.insert(id, lines);
        typed(stored)
    }

    /// Every stored company.
    pub fn companies(&self) -> Vec<Company> {
        let values = lock(&self.state).companies.clone();
        values.into_iter().map(typed).collect()
    }

    /// Every stored product.
    pub fn products(&self) -> Vec<Product> {
        let values = lock(&self.state).products.clone();
        values.into_iter().map(typed).collect()
    }

    /// Every stored order (mock orders are never stored).
    pub fn orders(&self) -> Vec<Order> {
        let values = lock(&self.state).orders.clone();
        values.into_iter().map(typed).collect()
    }

    /// Every stored subscription.
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let values = lock(&self.state).subscriptions.clone();
        values.into_iter().map(typed).collect()
    }
}

fn store_product(state: &mut State, product: SeedProduct) -> Product {
    let value = json!({
        "name": product.name,
        "vendorName": product.vendor_name,
        "shortDescription": product.short_description,
        "sku": product.sku,
        "vendorSku": product.vendor_sku,
    });
    let stored = seed(state, value, |s| &mut s.products);
    let id = stored["id"].as_str().unwrap_or_default().to_owned();
    if let Some((buy, retail)) = product.monthly_price {
        state.pricing.insert(
            id.clone(),
            vec![json!({
                "billingTerm": "Monthly",
                "type": "Flat",
                "unitOfMeasurement": "User",
                "rates": [{"partnerBuyRate": buy.to_string(), "suggestedRetailPrice": retail.to_string(),
                           "startQuantityRange": 1, "endQuantityRange": null,
                           "chargeType": "Per Unit"}],
            })],
        );
    }
    if !product.provisioning_details.is_empty() {
        let details = product
            .provisioning_details
            .into_iter()
            .map(|(key, label)| {
                json!({"label": label, "key": key, "description": format!("The {label}"),
                       "valueType": "Input", "possibleValues": null})
            })
            .collect();
        state.provision_details.insert(id, details);
    }
    typed(stored)
}

/// Stores `value` in the list `list` picks, with an id (added when missing); returns it.
fn seed(state: &mut State, value: Value, list: fn(&mut State) -> &mut Vec<Value>) -> Value {
    let mut value = match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    value.retain(|_, v| !v.is_null());
    let id = match value.get("id").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => state.id(),
    };
    value.insert("id".into(), json!(id));
    let value = Value::Object(value);
    list(state).push(value.clone());
    value
}
