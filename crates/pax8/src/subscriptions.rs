//! Subscriptions: list, get, update, cancel, history.

use paykit_core::{Json, Pages, Request};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use time::{Date, OffsetDateTime};

use crate::client::Client;
use crate::error::Error;
use crate::orders::ProvisioningValue;
use crate::paging::{Envelope, ListCall, Paging, filter_setters, paging_setters, push};
use crate::values::{BillingTerm, option_line_item_term};
use paykit_core::Page;
use paykit_core::wire_enum;

wire_enum! {
    /// A subscription's status.
    pub enum SubscriptionStatus {
        /// `Active`.
        Active = "Active",
        /// `Cancelled`.
        Cancelled = "Cancelled",
        /// `PendingManual`.
        PendingManual = "PendingManual",
        /// `PendingAutomated`.
        PendingAutomated = "PendingAutomated",
        /// `PendingCancel`.
        PendingCancel = "PendingCancel",
        /// `WaitingForDetails`.
        WaitingForDetails = "WaitingForDetails",
        /// `Trial`.
        Trial = "Trial",
        /// `Converted`.
        Converted = "Converted",
        /// `PendingActivation`.
        PendingActivation = "PendingActivation",
        /// `Activated`.
        Activated = "Activated",
    }
}

wire_enum! {
    /// The fields subscriptions can be sorted by.
    pub enum SubscriptionSort {
        /// `quantity`.
        Quantity = "quantity",
        /// `startDate`.
        StartDate = "startDate",
        /// `endDate`.
        EndDate = "endDate",
        /// `createdDate`.
        CreatedDate = "createdDate",
        /// `billingStart`.
        BillingStart = "billingStart",
        /// `price`.
        Price = "price",
    }
}

/// A subscription's commitment. The docs name the field `commitmentTerm`, the live API
/// `commitment`; both are read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SubscriptionCommitment {
    /// The commitment term's id.
    pub id: Option<String>,
    /// The term, e.g. `1-Year`.
    pub term: Option<String>,
    /// When it ends.
    #[serde(with = "crate::dates::option_date")]
    pub end_date: Option<Date>,
}

/// A subscription as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Subscription {
    /// The id.
    pub id: Option<String>,
    /// The company.
    pub company_id: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// The quantity.
    pub quantity: Option<u64>,
    /// When it starts.
    #[serde(with = "crate::dates::option_date")]
    pub start_date: Option<Date>,
    /// When it ends.
    #[serde(with = "crate::dates::option_date")]
    pub end_date: Option<Date>,
    /// When it was created.
    #[serde(with = "crate::dates::option_instant")]
    pub created_date: Option<OffsetDateTime>,
    /// When it was last updated.
    #[serde(with = "crate::dates::option_instant")]
    pub updated_date: Option<OffsetDateTime>,
    /// When billing starts.
    #[serde(with = "crate::dates::option_date")]
    pub billing_start: Option<Date>,
    /// The status.
    pub status: Option<SubscriptionStatus>,
    /// The price.
    pub price: Option<Decimal>,
    /// What it costs the partner.
    pub partner_cost: Option<Decimal>,
    /// The currency.
    pub currency_code: Option<String>,
    /// The billing term (`1-Time` and `One-Time` read alike).
    pub billing_term: Option<BillingTerm>,
    /// The provisioning values.
    pub provisioning_details: Vec<ProvisioningValue>,
    /// The commitment (`commitment` live, `commitmentTerm` in the docs).
    #[serde(alias = "commitmentTerm")]
    pub commitment: Option<SubscriptionCommitment>,
    /// The vendor's id for it.
    pub vendor_subscription_id: Option<String>,
    /// The parent subscription.
    pub parent_subscription_id: Option<String>,
}

/// A subscription change (`PUT /subscriptions/{subscriptionId}`):
/// `SubscriptionUpdate::new().quantity(7)`. Only the fields set are sent.
///
/// Pax8's sources disagree on what this call requires: some list quantity, start date and
/// billing term as mandatory, others accept any one of them. Sending those three is the
/// safe form. An update with nothing set is refused before sending.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SubscriptionUpdate {
    /// The new quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// The start date (sent as `yyyy-MM-dd`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "crate::dates::option_date"
    )]
    pub start_date: Option<Date>,
    /// The billing term (sent in the subscription form: `1-Time` for one-time).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "option_line_item_term"
    )]
    pub billing_term: Option<BillingTerm>,
    /// The end date (sent as `yyyy-MM-dd`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "crate::dates::option_date"
    )]
    pub end_date: Option<Date>,
    /// The price, sent as a JSON number with exactly the decimal's digits.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "decimal_number"
    )]
    pub price: Option<Decimal>,
    /// The provisioning values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisioning_details: Vec<ProvisioningValue>,
}

impl SubscriptionUpdate {
    /// A change with nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The new quantity.
    pub fn quantity(mut self, quantity: u64) -> Self {
        self.quantity = Some(quantity);
        self
    }

    /// The start date.
    pub fn start_date(mut self, date: Date) -> Self {
        self.start_date = Some(date);
        self
    }

    /// The billing term.
    pub fn billing_term(mut self, term: BillingTerm) -> Self {
        self.billing_term = Some(term);
        self
    }

    /// The end date.
    pub fn end_date(mut self, date: Date) -> Self {
        self.end_date = Some(date);
        self
    }

    /// The price.
    pub fn price(mut self, price: Decimal) -> Self {
        self.price = Some(price);
        self
    }

    /// Adds a provisioning value.
    pub fn provisioning_detail(mut self, value: ProvisioningValue) -> Self {
        self.provisioning_details.push(value);
        self
    }

    fn is_empty(&self) -> bool {
        self == &SubscriptionUpdate::default()
    }
}

/// A decimal as a JSON number with exactly its digits (`12.50` stays `12.50`), never
/// through `f64`: written as a raw JSON token.
fn decimal_number<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(decimal) => {
            let raw = serde_json::value::RawValue::from_string(decimal.to_string())
                .map_err(serde::ser::Error::custom)?;
            raw.serialize(s)
        }
        None => s.serialize_none(),
    }
}

/// Filters for `GET /subscriptions`: `SubscriptionFilter::new().company_id(id)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SubscriptionFilter {
    paging: Paging,
    sort: Option<SubscriptionSort>,
    status: Option<SubscriptionStatus>,
    billing_term: Option<BillingTerm>,
    company_id: Option<String>,
    product_id: Option<String>,
}

impl SubscriptionFilter {
    /// Every subscription.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    filter_setters! {
        /// The sort field.
        sort: SubscriptionSort,
        /// Status.
        status: SubscriptionStatus,
        /// Billing term (sent in the filter form, `One-Time`).
        billing_term: BillingTerm,
        /// Company.
        company_id: String,
        /// Product.
        product_id: String,
    }

    fn call(&self) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "sort", &self.sort);
        push(&mut q, "status", &self.status);
        push(&mut q, "billingTerm", &self.billing_term);
        push(&mut q, "companyId", &self.company_id);
        push(&mut q, "productId", &self.product_id);
        ListCall::new("pax8.list_subscriptions", "/subscriptions").query(q)
    }
}

impl Client {
    /// Every matching subscription, fetched lazily (`GET /subscriptions`).
    pub fn list_subscriptions(&self, filter: &SubscriptionFilter) -> Pages<Subscription, Error> {
        self.list_pages(filter.call(), filter.paging)
    }

    /// The one page of subscriptions the filter names (`GET /subscriptions`).
    pub async fn list_subscriptions_page(
        &self,
        filter: &SubscriptionFilter,
    ) -> Result<Page<Subscription>, Error> {
        self.list_page(&filter.call(), filter.paging).await
    }

    /// One subscription (`GET /subscriptions/{subscriptionId}`).
    pub async fn get_subscription(&self, subscription_id: &str) -> Result<Subscription, Error> {
        let request =
            Request::get("pax8.get_subscription", "/subscriptions/{}").arg(subscription_id);
        self.send(request).await
    }

    /// Changes a subscription (`PUT /subscriptions/{subscriptionId}`).
    pub async fn update_subscription(
        &self,
        subscription_id: &str,
        update: &SubscriptionUpdate,
    ) -> Result<Subscription, Error> {
        if update.is_empty() {
            return Err(Error::invalid("update", "nothing to change"));
        }
        let request = Request::put("pax8.update_subscription", "/subscriptions/{}")
            .arg(subscription_id)
            .body(&Json, update);
        self.send(request).await
    }

    /// Cancels a subscription, now or on `cancel_date` (sent as `yyyy-MM-dd`)
    /// (`DELETE /subscriptions/{subscriptionId}`, 204).
    pub async fn cancel_subscription(
        &self,
        subscription_id: &str,
        cancel_date: Option<Date>,
    ) -> Result<(), Error> {
        let request = Request::delete("pax8.cancel_subscription", "/subscriptions/{}")
            .arg(subscription_id)
            .query_opt("cancelDate", cancel_date.map(crate::dates::format_date));
        self.send_empty(request).await.map(drop)
    }

    /// A subscription's past states, full snapshots
    /// (`GET /subscriptions/{subscriptionId}/history`, `{content}` only).
    pub async fn subscription_history(
        &self,
        subscription_id: &str,
    ) -> Result<Vec<Subscription>, Error> {
        let request = Request::get("pax8.subscription_history", "/subscriptions/{}/history")
            .arg(subscription_id);
        let envelope: Envelope<Subscription> = self.send(request).await?;
        Ok(envelope.into_items())
    }
}
