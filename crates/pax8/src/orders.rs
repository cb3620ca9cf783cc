//! Orders: list, get, create, mock-create (pax8.md §1.5, §1.6, §1.7).

use paykit_core::{Idempotency, Json, Pages, Request};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, ListPage, push};
use crate::values::{BillingTerm, line_item_term};
use paykit_core::wire_enum;

wire_enum! {
    /// Who placed an order. Creating needs `Pax8 Partner` (with a space); reading returns
    /// `Pax8Partner`; both read as [`OrderedBy::Pax8Partner`] (pax8.md §1.7.2).
    pub enum OrderedBy {
        /// `Pax8 Partner` (read also from `Pax8Partner`).
        Pax8Partner = "Pax8 Partner" | "Pax8Partner",
        /// `Customer`.
        Customer = "Customer",
        /// `Pax8`.
        Pax8 = "Pax8",
    }
}

/// A provisioning value sent with a line item: a detail's key and its values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProvisioningValue {
    /// The detail's key.
    pub key: String,
    /// The values.
    pub values: Vec<String>,
}

impl ProvisioningValue {
    /// `key` with one value.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        ProvisioningValue {
            key: key.into(),
            values: vec![value.into()],
        }
    }
}

/// A line item as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct LineItem {
    /// The id.
    pub id: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// The subscription it created.
    pub subscription_id: Option<String>,
    /// The commitment term.
    pub commitment_term_id: Option<String>,
    /// When provisioning starts.
    pub provision_start_date: Option<String>,
    /// The billing term (`1-Time` and `One-Time` read alike).
    pub billing_term: Option<BillingTerm>,
    /// The parent subscription.
    pub parent_subscription_id: Option<String>,
    /// The parent line item's number.
    pub parent_line_item_number: Option<i64>,
    /// This line item's number.
    pub line_item_number: Option<i64>,
    /// The quantity.
    pub quantity: Option<i64>,
    /// The provisioning values.
    pub provisioning_details: Vec<ProvisioningValue>,
}

/// An order as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Order {
    /// The id.
    pub id: Option<String>,
    /// The company.
    pub company_id: Option<String>,
    /// When it was created (a date).
    pub created_date: Option<String>,
    /// Who placed it.
    pub ordered_by: Option<OrderedBy>,
    /// The user who placed it.
    pub ordered_by_user_id: Option<String>,
    /// That user's e-mail.
    pub ordered_by_user_email: Option<String>,
    /// Whether it is scheduled (IMP, read-only).
    pub is_scheduled: Option<bool>,
    /// The line items.
    pub line_items: Vec<LineItem>,
}

/// A line item to order. `productId` and `lineItemNumber` are required (GEN, DK).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLineItem {
    /// The product.
    pub product_id: String,
    /// A number other line items refer to as their parent.
    pub line_item_number: u32,
    /// The quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// The billing term (sent in the line-item form: `1-Time` for one-time).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "line_item_term"
    )]
    pub billing_term: Option<BillingTerm>,
    /// The commitment term, for products that need one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment_term_id: Option<String>,
    /// When provisioning starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provision_start_date: Option<String>,
    /// The parent subscription, for add-ons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_subscription_id: Option<String>,
    /// The parent line item's number, for add-ons ordered together with their parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_line_item_number: Option<u32>,
    /// The provisioning values the product requires.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisioning_details: Vec<ProvisioningValue>,
}

impl NewLineItem {
    /// `quantity` of `product_id` billed by `billing_term`, as line `line_item_number`.
    pub fn new(
        line_item_number: u32,
        product_id: impl Into<String>,
        quantity: u64,
        billing_term: BillingTerm,
    ) -> Self {
        NewLineItem {
            product_id: product_id.into(),
            line_item_number,
            quantity: Some(quantity),
            billing_term: Some(billing_term),
            ..NewLineItem::default()
        }
    }
}

/// An order to place (`POST /orders`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOrder {
    /// The company (must be `Active`).
    pub company_id: String,
    /// The line items.
    pub line_items: Vec<NewLineItem>,
    /// Who places it (sent as `Pax8 Partner` for [`OrderedBy::Pax8Partner`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered_by: Option<OrderedBy>,
}

impl NewOrder {
    fn check(&self) -> Result<(), Error> {
        if self.company_id.is_empty() {
            return Err(Error::invalid("companyId", "must not be empty"));
        }
        if self.line_items.is_empty() {
            return Err(Error::invalid("lineItems", "an order needs a line item"));
        }
        if self.line_items.iter().any(|l| l.product_id.is_empty()) {
            return Err(Error::invalid("lineItems.productId", "must not be empty"));
        }
        Ok(())
    }
}

/// Filters for `GET /orders`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderFilter {
    /// The page (from 0).
    pub page: Option<u64>,
    /// The page size (1 to 200).
    pub size: Option<u32>,
    /// Only this company's orders.
    pub company_id: Option<String>,
}

impl OrderFilter {
    fn call(&self) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "companyId", &self.company_id);
        ListCall::new("pax8.list_orders", "/orders").query(q)
    }
}

impl Client {
    /// One page of orders (`GET /orders`).
    pub async fn list_orders(&self, filter: &OrderFilter) -> Result<ListPage<Order>, Error> {
        self.list_page(&filter.call(), filter.page, filter.size)
            .await
    }

    /// Every matching order, fetched lazily.
    pub fn orders(&self, filter: &OrderFilter) -> Pages<Order, Error> {
        self.list_pages(filter.call(), filter.page, filter.size)
    }

    /// One order (`GET /orders/{orderId}`).
    pub async fn get_order(&self, order_id: &str) -> Result<Order, Error> {
        self.send(Request::get("pax8.get_order", "/orders/{}").arg(order_id))
            .await
    }

    /// Places an order (`POST /orders`).
    ///
    /// Buys things: never resent by a retry once it may have reached the server (only a
    /// failure to connect is retried). When it fails with [`Error::maybe_sent`], list the
    /// company's orders before placing it again.
    pub async fn create_order(&self, order: &NewOrder) -> Result<Order, Error> {
        order.check()?;
        let request = Request::post("pax8.create_order", "/orders")
            .idempotency(Idempotency::Never)
            .body(&Json, order);
        self.send(request).await
    }

    /// Validates an order without placing it (`POST /orders?isMock=true`): the whole
    /// payload is checked, nothing is created (pax8.md §1.5). Being harmless, it is retried
    /// like a read.
    pub async fn create_mock_order(&self, order: &NewOrder) -> Result<Order, Error> {
        order.check()?;
        let request = Request::post("pax8.create_mock_order", "/orders")
            .query("isMock", "true")
            .idempotency(Idempotency::Safe)
            .body(&Json, order);
        self.send(request).await
    }
}
