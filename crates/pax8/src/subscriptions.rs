//! Subscriptions: list, get, update, cancel, history (pax8.md §1.5, §1.6, §1.7).

use paykit_core::{Json, Pages, Request};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize, Serializer};

use crate::client::Client;
use crate::error::Error;
use crate::orders::ProvisioningValue;
use crate::paging::{Envelope, ListCall, ListPage, push};
use crate::values::{BillingTerm, line_item_term};
use paykit_core::wire_enum;

wire_enum! {
    /// A subscription's status (pax8.md §1.6).
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
    /// The fields subscriptions can be sorted by (pax8.md §1.5).
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
/// `commitment` (pax8.md §1.7.1); both are read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct SubscriptionCommitment {
    /// The commitment term's id.
    pub id: Option<String>,
    /// The term, e.g. `1-Year`.
    pub term: Option<String>,
    /// When it ends.
    pub end_date: Option<String>,
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
    pub quantity: Option<i64>,
    /// When it starts.
    pub start_date: Option<String>,
    /// When it ends.
    pub end_date: Option<String>,
    /// When it was created.
    pub created_date: Option<String>,
    /// When it was last updated.
    pub updated_date: Option<String>,
    /// When billing starts.
    pub billing_start: Option<String>,
    /// The status.
    pub status: Option<SubscriptionStatus>,
    /// The price.
    pub price: Option<Decimal>,
    /// What it costs the partner (PY).
    pub partner_cost: Option<Decimal>,
    /// The currency (PY).
    pub currency_code: Option<String>,
    /// The billing term (`1-Time` and `One-Time` read alike).
    pub billing_term: Option<BillingTerm>,
    /// The provisioning values.
    pub provisioning_details: Vec<ProvisioningValue>,
    /// The commitment (`commitment` live, `commitmentTerm` in the docs).
    #[serde(alias = "commitmentTerm")]
    pub commitment: Option<SubscriptionCommitment>,
    /// The vendor's id for it (IMP).
    pub vendor_subscription_id: Option<String>,
    /// The parent subscription (IMP).
    pub parent_subscription_id: Option<String>,
}

/// A subscription change (`PUT /subscriptions/{id}`): GEN and DK require quantity, start
/// date and billing term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionUpdate {
    /// The new quantity.
    pub quantity: u64,
    /// The start date (yyyy-MM-dd).
    pub start_date: String,
    /// The billing term (sent in the subscription form: `1-Time` for one-time).
    #[serde(serialize_with = "line_item_term")]
    pub billing_term: Option<BillingTerm>,
    /// The end date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// The price (sent as a JSON number).
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
    /// A change to `quantity`, keeping `start_date` and `billing_term`.
    pub fn new(quantity: u64, start_date: impl Into<String>, billing_term: BillingTerm) -> Self {
        SubscriptionUpdate {
            quantity,
            start_date: start_date.into(),
            billing_term: Some(billing_term),
            end_date: None,
            price: None,
            provisioning_details: Vec::new(),
        }
    }
}

fn decimal_number<S: Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value.and_then(|d| d.to_f64()) {
        Some(number) => s.serialize_f64(number),
        None => s.serialize_none(),
    }
}

/// Filters for `GET /subscriptions` (pax8.md §1.5).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubscriptionFilter {
    /// The page (from 0).
    pub page: Option<u64>,
    /// The page size (1 to 200).
    pub size: Option<u32>,
    /// The sort field.
    pub sort: Option<SubscriptionSort>,
    /// Status.
    pub status: Option<SubscriptionStatus>,
    /// Billing term (sent as the filter form, `One-Time`).
    pub billing_term: Option<BillingTerm>,
    /// Company.
    pub company_id: Option<String>,
    /// Product.
    pub product_id: Option<String>,
}

impl SubscriptionFilter {
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

/// `yyyy-MM-dd`, checked by shape (DK validates cancel dates so).
pub(crate) fn check_date(field: &'static str, date: &str) -> Result<(), Error> {
    let b = date.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if shaped {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            format!("{date:?} is not a yyyy-MM-dd date"),
        ))
    }
}

impl Client {
    /// One page of subscriptions (`GET /subscriptions`).
    pub async fn list_subscriptions(
        &self,
        filter: &SubscriptionFilter,
    ) -> Result<ListPage<Subscription>, Error> {
        self.list_page(&filter.call(), filter.page, filter.size)
            .await
    }

    /// Every matching subscription, fetched lazily.
    pub fn subscriptions(&self, filter: &SubscriptionFilter) -> Pages<Subscription, Error> {
        self.list_pages(filter.call(), filter.page, filter.size)
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
        check_date("startDate", &update.start_date)?;
        let request = Request::put("pax8.update_subscription", "/subscriptions/{}")
            .arg(subscription_id)
            .body(&Json, update);
        self.send(request).await
    }

    /// Cancels a subscription, now or on `cancel_date` (yyyy-MM-dd)
    /// (`DELETE /subscriptions/{subscriptionId}`, 204).
    pub async fn cancel_subscription(
        &self,
        subscription_id: &str,
        cancel_date: Option<&str>,
    ) -> Result<(), Error> {
        if let Some(date) = cancel_date {
            check_date("cancelDate", date)?;
        }
        let request = Request::delete("pax8.cancel_subscription", "/subscriptions/{}")
            .arg(subscription_id)
            .query_opt("cancelDate", cancel_date);
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
