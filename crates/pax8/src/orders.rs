//! Orders: list, get, create, mock-create.

use paykit_core::{Idempotency, Json, Pages, Request};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, Paging, filter_setters, paging_setters, push};
use crate::values::{BillingTerm, line_item_term};
use paykit_core::Page;
use paykit_core::wire_enum;
use time::Date;

wire_enum! {
    /// Who placed an order. Creating needs `Pax8 Partner` (with a space); reading returns
    /// `Pax8Partner`; both read as [`OrderedBy::Pax8Partner`].
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
    /// When provisioning starts (read from a date or a date-time).
    #[serde(with = "crate::dates::option_date")]
    pub provision_start_date: Option<Date>,
    /// The billing term (`1-Time` and `One-Time` read alike).
    pub billing_term: Option<BillingTerm>,
    /// The parent subscription.
    pub parent_subscription_id: Option<String>,
    /// The parent line item's number.
    pub parent_line_item_number: Option<u64>,
    /// This line item's number.
    pub line_item_number: Option<u64>,
    /// The quantity.
    pub quantity: Option<u64>,
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
    #[serde(with = "crate::dates::option_date")]
    pub created_date: Option<Date>,
    /// Who placed it.
    pub ordered_by: Option<OrderedBy>,
    /// The user who placed it.
    pub ordered_by_user_id: Option<String>,
    /// That user's e-mail.
    pub ordered_by_user_email: Option<String>,
    /// Whether it is scheduled (read-only).
    pub is_scheduled: Option<bool>,
    /// The line items.
    pub line_items: Vec<LineItem>,
}

/// A line item to order: `NewLineItem::new(1, product_id, 5, BillingTerm::Monthly)`, with
/// optional setters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewLineItem {
    /// The product.
    pub product_id: String,
    /// A number other line items refer to as their parent.
    pub line_item_number: u64,
    /// The quantity.
    pub quantity: u64,
    /// The billing term (sent in the line-item form: `1-Time` for one-time).
    #[serde(serialize_with = "line_item_term")]
    pub billing_term: BillingTerm,
    /// The commitment term, for products that need one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment_term_id: Option<String>,
    /// When provisioning starts (`yyyy-MM-dd`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "crate::dates::option_date"
    )]
    pub provision_start_date: Option<Date>,
    /// The parent subscription, for add-ons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_subscription_id: Option<String>,
    /// The parent line item's number, for add-ons ordered together with their parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_line_item_number: Option<u64>,
    /// The provisioning values the product requires.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisioning_details: Vec<ProvisioningValue>,
}

impl NewLineItem {
    /// `quantity` of `product_id` billed by `billing_term`, as line `line_item_number`.
    pub fn new(
        line_item_number: u64,
        product_id: impl Into<String>,
        quantity: u64,
        billing_term: BillingTerm,
    ) -> Self {
        NewLineItem {
            product_id: product_id.into(),
            line_item_number,
            quantity,
            billing_term,
            commitment_term_id: None,
            provision_start_date: None,
            parent_subscription_id: None,
            parent_line_item_number: None,
            provisioning_details: Vec::new(),
        }
    }

    /// The commitment term, for products that need one.
    pub fn commitment_term_id(mut self, id: impl Into<String>) -> Self {
        self.commitment_term_id = Some(id.into());
        self
    }

    /// When provisioning starts.
    pub fn provision_start_date(mut self, date: Date) -> Self {
        self.provision_start_date = Some(date);
        self
    }

    /// The parent subscription, for add-ons.
    pub fn parent_subscription_id(mut self, id: impl Into<String>) -> Self {
        self.parent_subscription_id = Some(id.into());
        self
    }

    /// The parent line item's number, for add-ons ordered together with their parent.
    pub fn parent_line_item_number(mut self, number: u64) -> Self {
        self.parent_line_item_number = Some(number);
        self
    }

    /// Adds a provisioning value the product requires.
    pub fn provisioning_detail(mut self, value: ProvisioningValue) -> Self {
        self.provisioning_details.push(value);
        self
    }
}

/// An order to place (`POST /orders`):
/// `NewOrder::new(company_id).line_item(NewLineItem::new(..))`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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
    /// An order for `company_id`; add at least one line item.
    pub fn new(company_id: impl Into<String>) -> Self {
        NewOrder {
            company_id: company_id.into(),
            line_items: Vec::new(),
            ordered_by: None,
        }
    }

    /// Adds a line item.
    pub fn line_item(mut self, item: NewLineItem) -> Self {
        self.line_items.push(item);
        self
    }

    /// Who places it.
    pub fn ordered_by(mut self, by: OrderedBy) -> Self {
        self.ordered_by = Some(by);
        self
    }

    fn check(&self) -> Result<(), Error> {
        if self.company_id.is_empty() {
            return Err(Error::invalid("company_id", "must not be empty"));
        }
        if self.line_items.is_empty() {
            return Err(Error::invalid("line_items", "an order needs a line item"));
        }
        if self.line_items.iter().any(|l| l.product_id.is_empty()) {
            return Err(Error::invalid("line_items.product_id", "must not be empty"));
        }
        Ok(())
    }
}

/// Filters for `GET /orders`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OrderFilter {
    paging: Paging,
    company_id: Option<String>,
}

impl OrderFilter {
    /// Every order.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    filter_setters! {
        /// Only this company's orders.
        company_id: String,
    }

    fn call(&self) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "companyId", &self.company_id);
        ListCall::new("pax8.list_orders", "/orders").query(q)
    }
}

impl Client {
    /// Every matching order, fetched lazily (`GET /orders`).
    pub fn list_orders(&self, filter: &OrderFilter) -> Pages<Order, Error> {
        self.list_pages(filter.call(), filter.paging)
    }

    /// The one page of orders the filter names (`GET /orders`).
    pub async fn list_orders_page(&self, filter: &OrderFilter) -> Result<Page<Order>, Error> {
        self.list_page(&filter.call(), filter.paging).await
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
    /// payload is checked, nothing is created. Being harmless, it is retried
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
