//! Products: list, get, provisioning details, dependencies, pricing.

use paykit_core::{Pages, Request};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{Envelope, ListCall, Paging, filter_setters, paging_setters, push};
use crate::values::BillingTerm;
use paykit_core::Page;
use paykit_core::wire_enum;

wire_enum! {
    /// The fields products can be sorted by.
    pub enum ProductSort {
        /// `name`.
        Name = "name",
        /// `vendor`.
        Vendor = "vendor",
    }
}

wire_enum! {
    /// How a provisioning detail is entered.
    pub enum ValueType {
        /// `Input`: free text (also sent as the number 2 by some sources; other numbers are
        /// kept in `Other`).
        Input = "Input" | "2",
        /// `Single-Value`: one of `possibleValues`.
        SingleValue = "Single-Value",
        /// `Multi-Value`: several of `possibleValues`.
        MultiValue = "Multi-Value",
    }
}

wire_enum! {
    /// A pricing model.
    pub enum PricingType {
        /// `Flat`.
        Flat = "Flat",
        /// `Volume`.
        Volume = "Volume",
        /// `Tiered`.
        Tiered = "Tiered",
        /// `Mark-Up`.
        MarkUp = "Mark-Up",
    }
}

wire_enum! {
    /// How a rate is charged: `Per Unit`/`Flat Rate` and `per_unit`/`flat_rate`
    ///; both read.
    pub enum ChargeType {
        /// `Per Unit`.
        PerUnit = "Per Unit",
        /// `Flat Rate`.
        FlatRate = "Flat Rate",
    }
}

/// A product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Product {
    /// The id.
    pub id: Option<String>,
    /// The name.
    pub name: Option<String>,
    /// The vendor.
    pub vendor_name: Option<String>,
    /// A short description.
    pub short_description: Option<String>,
    /// Pax8's SKU.
    pub sku: Option<String>,
    /// The vendor's SKU.
    pub vendor_sku: Option<String>,
    /// Another vendor SKU.
    pub alt_vendor_sku: Option<String>,
    /// Whether a commitment is required.
    pub requires_commitment: Option<bool>,
    /// The long description (in a single product's answer only).
    pub description: Option<String>,
}

/// A detail to give when ordering a product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProvisioningDetail {
    /// The label.
    pub label: Option<String>,
    /// The key to send in an order's `provisioningDetails`.
    pub key: Option<String>,
    /// Values (usually absent when read).
    pub values: Vec<String>,
    /// A description.
    pub description: Option<String>,
    /// How it is entered.
    pub value_type: Option<ValueType>,
    /// The allowed values (`null` for `Input`).
    pub possible_values: Option<Vec<String>>,
}

/// A commitment term a product can be bought with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Commitment {
    /// The id (an order line's `commitmentTermId`).
    pub id: Option<String>,
    /// The term, e.g. `3-Year`.
    pub term: Option<String>,
    /// Auto-renews.
    pub auto_renew: Option<bool>,
    /// Renewal window before the term ends (days).
    pub renewal_window_days_before_term_end: Option<i64>,
    /// Renewal window after the term ends (days).
    pub renewal_window_days_after_term_end: Option<i64>,
    /// Quantity may grow.
    pub allow_for_quantity_increase: Option<bool>,
    /// Quantity may shrink.
    pub allow_for_quantity_decrease: Option<bool>,
    /// May be cancelled early.
    pub allow_for_early_cancellation: Option<bool>,
    /// A cancellation fee applies.
    pub cancellation_fee_applied: Option<bool>,
    /// May be transferred.
    pub is_transferable: Option<bool>,
}

/// Products a product needs, by group.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ProductDependency {
    /// The group's name.
    pub name: Option<String>,
    /// The products.
    pub products: Vec<Product>,
}

/// A product's dependencies (`GET /products/{id}/dependencies`, no envelope).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Dependencies {
    /// The commitment terms.
    pub commitment_dependencies: Vec<Commitment>,
    /// The product groups.
    pub product_dependencies: Vec<ProductDependency>,
}

/// One rate of a price.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Rate {
    /// What the partner pays.
    pub partner_buy_rate: Option<Decimal>,
    /// The suggested retail price.
    pub suggested_retail_price: Option<Decimal>,
    /// The first quantity of the range (0 when absent or null).
    #[serde(deserialize_with = "zero_if_null")]
    pub start_quantity_range: Decimal,
    /// The last quantity of the range (`None`: no upper bound).
    pub end_quantity_range: Option<Decimal>,
    /// How it is charged.
    pub charge_type: Option<ChargeType>,
}

/// A product's price for one billing term.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Pricing {
    /// The billing term.
    pub billing_term: Option<BillingTerm>,
    /// The commitment term.
    pub commitment_term: Option<String>,
    /// The commitment term in months.
    pub commitment_term_in_months: Option<i64>,
    /// The pricing model.
    #[serde(rename = "type")]
    pub kind: Option<PricingType>,
    /// The unit.
    pub unit_of_measurement: Option<String>,
    /// The rates.
    pub rates: Vec<Rate>,
    /// The product.
    pub product_id: Option<String>,
    /// The product's name.
    pub product_name: Option<String>,
}

/// Filters for `GET /products`: `ProductFilter::new().vendor_name("Microsoft")`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ProductFilter {
    paging: Paging,
    sort: Option<ProductSort>,
    vendor_name: Option<String>,
    search: Option<String>,
}

impl ProductFilter {
    /// Every product.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    filter_setters! {
        /// The sort field.
        sort: ProductSort,
        /// Only this vendor's products.
        vendor_name: String,
        /// A search text (not in every version of the API's documentation).
        search: String,
    }

    fn call(&self) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "sort", &self.sort);
        push(&mut q, "vendorName", &self.vendor_name);
        push(&mut q, "search", &self.search);
        ListCall::new("pax8.list_products", "/products").query(q)
    }
}

impl Client {
    /// Every matching product, fetched lazily (`GET /products`).
    pub fn list_products(&self, filter: &ProductFilter) -> Pages<Product, Error> {
        self.list_pages(filter.call(), filter.paging)
    }

    /// The one page of products the filter names (`GET /products`).
    pub async fn list_products_page(&self, filter: &ProductFilter) -> Result<Page<Product>, Error> {
        self.list_page(&filter.call(), filter.paging).await
    }

    /// One product (`GET /products/{productId}`).
    pub async fn get_product(&self, product_id: &str) -> Result<Product, Error> {
        self.send(Request::get("pax8.get_product", "/products/{}").arg(product_id))
            .await
    }

    /// What must be given to order a product (`GET /products/{productId}/provision-details`,
    /// `{content}` only).
    pub async fn product_provisioning_details(
        &self,
        product_id: &str,
    ) -> Result<Vec<ProvisioningDetail>, Error> {
        let request = Request::get(
            "pax8.product_provisioning_details",
            "/products/{}/provision-details",
        )
        .arg(product_id);
        let envelope: Envelope<ProvisioningDetail> = self.send(request).await?;
        Ok(envelope.into_items())
    }

    /// A product's dependencies (`GET /products/{productId}/dependencies`).
    pub async fn product_dependencies(&self, product_id: &str) -> Result<Dependencies, Error> {
        let request =
            Request::get("pax8.product_dependencies", "/products/{}/dependencies").arg(product_id);
        self.send(request).await
    }

    /// A product's prices, for one company when given (`GET /products/{productId}/pricing`,
    /// `{content}` only).
    pub async fn product_pricing(
        &self,
        product_id: &str,
        company_id: Option<&str>,
    ) -> Result<Vec<Pricing>, Error> {
        let request = Request::get("pax8.product_pricing", "/products/{}/pricing")
            .arg(product_id)
            .query_opt("companyId", company_id);
        let envelope: Envelope<Pricing> = self.send(request).await?;
        Ok(envelope.into_items())
    }
}

/// A decimal that reads as 0 when the field is null (absent fields take the default too).
fn zero_if_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Ok(Option::<Decimal>::deserialize(d)?.unwrap_or_default())
}
