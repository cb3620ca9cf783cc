//! Checkout sessions (`POST /checkout/`).

use paykit_core::{Idempotency, Json, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Client;
use crate::customers::put;
use crate::enums::ChargePeriod;
use crate::error::Error;

/// Which price list a checkout or a plan change uses: an offering, or a pricing table and
/// one of its rules (used only when no offering is given, so the two are exclusive here).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PriceSource {
    /// `offeringId`.
    Offering(String),
    /// `pricingTableId` and `ruleId`.
    PricingTable {
        /// The pricing table's id.
        pricing_table_id: String,
        /// The rule's id.
        rule_id: String,
    },
}

impl PriceSource {
    /// Adds the source's keys; `key(snake, camel)` picks the casing.
    pub(crate) fn put(
        &self,
        body: &mut Map<String, Value>,
        key: impl Fn(&'static str, &'static str) -> &'static str,
    ) {
        match self {
            PriceSource::Offering(id) => {
                body.insert(key("offering_id", "offeringId").into(), id.clone().into());
            }
            PriceSource::PricingTable {
                pricing_table_id,
                rule_id,
            } => {
                body.insert(
                    key("pricing_table_id", "pricingTableId").into(),
                    pricing_table_id.clone().into(),
                );
                body.insert(key("rule_id", "ruleId").into(), rule_id.clone().into());
            }
        }
    }
}

/// A feature and the quantity bought (`{identifier, quantity}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FeatureQuantity {
    /// The feature's identifier.
    pub identifier: String,
    /// How many.
    pub quantity: i64,
}

impl FeatureQuantity {
    /// `quantity` of the feature `identifier`.
    pub fn new(identifier: impl Into<String>, quantity: i64) -> Self {
        FeatureQuantity {
            identifier: identifier.into(),
            quantity,
        }
    }
}

/// A checkout session request.
///
/// ```
/// use paykit_paritydeals::{ChargePeriod, FeatureQuantity, NewCheckout};
///
/// let checkout = NewCheckout::new("pro", ChargePeriod::Monthly)
///     .success_url("https://example.com/thanks")
///     .customer_id("cus_42")
///     .offering_id("8f0c…")
///     .feature(FeatureQuantity::new("seats", 5))
///     .ip_address("203.0.113.7");
/// # let _ = checkout;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NewCheckout {
    /// The plan's identifier.
    pub plan_identifier: String,
    /// The charge period.
    pub charge_period: ChargePeriod,
    /// Where the buyer lands after paying (required by the docs, optional in the official SDK).
    pub success_url: Option<String>,
    /// The offering, or pricing table and rule.
    pub price_source: Option<PriceSource>,
    /// The customer (a new one is created when absent).
    pub customer_id: Option<String>,
    /// Features with quantities.
    pub features: Vec<FeatureQuantity>,
    /// The buyer's IP address, for location pricing.
    pub ip_address: Option<String>,
}

impl NewCheckout {
    /// A checkout for `plan_identifier` charged every `charge_period`.
    pub fn new(plan_identifier: impl Into<String>, charge_period: ChargePeriod) -> Self {
        NewCheckout {
            plan_identifier: plan_identifier.into(),
            charge_period,
            success_url: None,
            price_source: None,
            customer_id: None,
            features: Vec::new(),
            ip_address: None,
        }
    }

    /// Sets the success URL.
    pub fn success_url(mut self, url: impl Into<String>) -> Self {
        self.success_url = Some(url.into());
        self
    }

    /// Uses an offering (replaces a pricing table).
    pub fn offering_id(mut self, offering_id: impl Into<String>) -> Self {
        self.price_source = Some(PriceSource::Offering(offering_id.into()));
        self
    }

    /// Uses a pricing table and rule (replaces an offering).
    pub fn pricing_table(
        mut self,
        pricing_table_id: impl Into<String>,
        rule_id: impl Into<String>,
    ) -> Self {
        self.price_source = Some(PriceSource::PricingTable {
            pricing_table_id: pricing_table_id.into(),
            rule_id: rule_id.into(),
        });
        self
    }

    /// Sets the customer.
    pub fn customer_id(mut self, customer_id: impl Into<String>) -> Self {
        self.customer_id = Some(customer_id.into());
        self
    }

    /// Adds a feature quantity.
    pub fn feature(mut self, feature: FeatureQuantity) -> Self {
        self.features.push(feature);
        self
    }

    /// Sets the buyer's IP address.
    pub fn ip_address(mut self, ip: impl Into<String>) -> Self {
        self.ip_address = Some(ip.into());
        self
    }

    /// The camelCase body (both wire styles).
    pub(crate) fn body(&self) -> Result<Value, Error> {
        if self.plan_identifier.is_empty() {
            return Err(Error::invalid("plan_identifier", "must not be empty"));
        }
        let mut body = Map::new();
        body.insert("planIdentifier".into(), self.plan_identifier.clone().into());
        body.insert("chargePeriod".into(), self.charge_period.as_str().into());
        put(&mut body, "successUrl", self.success_url.as_ref());
        if let Some(source) = &self.price_source {
            source.put(&mut body, |_, camel| camel);
        }
        put(&mut body, "customerId", self.customer_id.as_ref());
        if !self.features.is_empty() {
            put(&mut body, "features", Some(&self.features));
        }
        put(&mut body, "ipAddress", self.ip_address.as_ref());
        Ok(Value::Object(body))
    }
}

/// A created checkout session: send the buyer to `checkout_url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CheckoutSession {
    /// The session's id.
    #[serde(alias = "checkout_session_id")]
    pub checkout_session_id: String,
    /// The hosted payment page.
    #[serde(alias = "checkout_url")]
    pub checkout_url: String,
}

impl Client {
    /// Creates a checkout session (`POST /checkout/`, 201). Never resent once it may have
    /// reached the server.
    pub async fn create_checkout_session(
        &self,
        checkout: &NewCheckout,
    ) -> Result<CheckoutSession, Error> {
        let body = checkout.body()?;
        let request = Request::post("paritydeals.create_checkout_session", "/checkout/")
            .idempotency(Idempotency::Never)
            .body(&Json, &body);
        self.send_api(request).await
    }
}
