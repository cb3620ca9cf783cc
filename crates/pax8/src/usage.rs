//! Usage summaries and usage lines.

use paykit_core::{Pages, Request};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, Paging, filter_setters, paging_setters, push};
use paykit_core::Page;
use paykit_core::wire_enum;
use time::Date;

wire_enum! {
    /// The fields usage summaries can be sorted by.
    pub enum UsageSummarySort {
        /// `resourceGroup`.
        ResourceGroup = "resourceGroup",
        /// `currentCharges`.
        CurrentCharges = "currentCharges",
        /// `partnerTotal`.
        PartnerTotal = "partnerTotal",
    }
}

/// A usage summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct UsageSummary {
    /// The id.
    pub id: Option<String>,
    /// The company (may be missing when fetched through a subscription).
    pub company_id: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// The subscription.
    pub subscription_id: Option<String>,
    /// The resource group.
    pub resource_group: Option<String>,
    /// The vendor.
    pub vendor_name: Option<String>,
    /// Current charges.
    pub current_charges: Option<Decimal>,
    /// The partner's total.
    pub partner_total: Option<Decimal>,
    /// Whether it is a trial.
    pub is_trial: Option<bool>,
    /// The currency.
    pub currency_code: Option<String>,
}

/// One day's usage of a product.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct UsageLine {
    /// The summary.
    pub usage_summary_id: Option<String>,
    /// The day.
    #[serde(with = "crate::dates::option_date")]
    pub usage_date: Option<Date>,
    /// The product's name.
    pub product_name: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// The unit.
    pub unit_of_measure: Option<String>,
    /// The quantity used: a decimal, since metered usage is fractional (hours, GB).
    pub quantity: Option<Decimal>,
    /// Current charges.
    pub current_charges: Option<Decimal>,
    /// Current profit.
    pub current_profit: Option<Decimal>,
    /// The partner's total.
    pub partner_total: Option<Decimal>,
    /// The unit price.
    pub unit_price: Option<Decimal>,
    /// Whether it is a trial.
    pub is_trial: Option<bool>,
    /// The currency.
    pub currency_code: Option<String>,
}

/// Filters for `GET /subscriptions/{id}/usage-summaries`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct UsageSummaryFilter {
    paging: Paging,
    sort: Option<UsageSummarySort>,
    resource_group: Option<String>,
    company_id: Option<String>,
}

impl UsageSummaryFilter {
    /// Every usage summary of the subscription.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    filter_setters! {
        /// The sort field.
        sort: UsageSummarySort,
        /// Resource group.
        resource_group: String,
        /// Company.
        company_id: String,
    }

    fn call(&self, subscription_id: &str) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "sort", &self.sort);
        push(&mut q, "resourceGroup", &self.resource_group);
        push(&mut q, "companyId", &self.company_id);
        ListCall::new(
            "pax8.list_usage_summaries",
            "/subscriptions/{}/usage-summaries",
        )
        .arg(subscription_id)
        .query(q)
    }
}

/// Filters for `GET /usage-summaries/{id}/usage-lines`: the usage date is required
/// ([`UsageLineFilter::new`]). Paging works although the API's docs do not list it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UsageLineFilter {
    usage_date: Date,
    product_id: Option<String>,
    paging: Paging,
}

impl UsageLineFilter {
    /// The lines of `usage_date` (sent as `yyyy-MM-dd`).
    pub fn new(usage_date: Date) -> Self {
        UsageLineFilter {
            usage_date,
            product_id: None,
            paging: Paging::default(),
        }
    }

    paging_setters!();

    filter_setters! {
        /// Only this product.
        product_id: String,
    }

    fn call(&self, usage_summary_id: &str) -> ListCall {
        let mut q = vec![("usageDate", crate::dates::format_date(self.usage_date))];
        push(&mut q, "productId", &self.product_id);
        ListCall::new("pax8.list_usage_lines", "/usage-summaries/{}/usage-lines")
            .arg(usage_summary_id)
            .query(q)
    }
}

impl Client {
    /// All of a subscription's usage summaries, fetched lazily
    /// (`GET /subscriptions/{subscriptionId}/usage-summaries`).
    pub fn list_usage_summaries(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Pages<UsageSummary, Error> {
        self.list_pages(filter.call(subscription_id), filter.paging)
    }

    /// The one page of a subscription's usage summaries the filter names.
    pub async fn list_usage_summaries_page(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Result<Page<UsageSummary>, Error> {
        self.list_page(&filter.call(subscription_id), filter.paging)
            .await
    }

    /// One usage summary (`GET /usage-summaries/{usageSummaryId}`).
    pub async fn get_usage_summary(&self, usage_summary_id: &str) -> Result<UsageSummary, Error> {
        let request =
            Request::get("pax8.get_usage_summary", "/usage-summaries/{}").arg(usage_summary_id);
        self.send(request).await
    }

    /// All of a summary's usage lines for a day, fetched lazily
    /// (`GET /usage-summaries/{usageSummaryId}/usage-lines?usageDate=...`).
    pub fn list_usage_lines(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Pages<UsageLine, Error> {
        self.list_pages(filter.call(usage_summary_id), filter.paging)
    }

    /// The one page of a summary's usage lines the filter names.
    pub async fn list_usage_lines_page(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Result<Page<UsageLine>, Error> {
        self.list_page(&filter.call(usage_summary_id), filter.paging)
            .await
    }
}
