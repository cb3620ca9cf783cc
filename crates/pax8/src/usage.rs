//! Usage summaries and usage lines (pax8.md §1.5, §1.6, §1.7.5).

use paykit_core::{Pages, Request};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, ListPage, push};
use crate::subscriptions::check_date;
use paykit_core::wire_enum;

wire_enum! {
    /// The fields usage summaries can be sorted by (pax8.md §1.5).
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
    /// The company (missing when fetched through a subscription, PY).
    pub company_id: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// The subscription (PY).
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
    /// The currency (PY).
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
    pub usage_date: Option<String>,
    /// The product's name.
    pub product_name: Option<String>,
    /// The product.
    pub product_id: Option<String>,
    /// The unit.
    pub unit_of_measure: Option<String>,
    /// The quantity.
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
    /// The currency (IMP).
    pub currency_code: Option<String>,
}

/// Filters for `GET /subscriptions/{id}/usage-summaries` (pax8.md §1.5).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UsageSummaryFilter {
    /// The page (from 0).
    pub page: Option<u64>,
    /// The page size (1 to 200).
    pub size: Option<u32>,
    /// The sort field.
    pub sort: Option<UsageSummarySort>,
    /// Resource group.
    pub resource_group: Option<String>,
    /// Company.
    pub company_id: Option<String>,
}

/// Filters for `GET /usage-summaries/{id}/usage-lines`: the usage date is required
/// (pax8.md §1.5). Paging works although the docs do not list it (§1.7.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageLineFilter {
    /// The day (yyyy-MM-dd).
    pub usage_date: String,
    /// Only this product.
    pub product_id: Option<String>,
    /// The page (from 0).
    pub page: Option<u64>,
    /// The page size (1 to 200).
    pub size: Option<u32>,
}

impl UsageLineFilter {
    /// The lines of `usage_date` (yyyy-MM-dd).
    pub fn new(usage_date: impl Into<String>) -> Self {
        UsageLineFilter {
            usage_date: usage_date.into(),
            product_id: None,
            page: None,
            size: None,
        }
    }

    fn call(&self, usage_summary_id: &str) -> Result<ListCall, Error> {
        check_date("usageDate", &self.usage_date)?;
        let mut q = vec![("usageDate", self.usage_date.clone())];
        push(&mut q, "productId", &self.product_id);
        Ok(
            ListCall::new("pax8.list_usage_lines", "/usage-summaries/{}/usage-lines")
                .arg(usage_summary_id)
                .query(q),
        )
    }
}

impl UsageSummaryFilter {
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

impl Client {
    /// One page of a subscription's usage summaries
    /// (`GET /subscriptions/{subscriptionId}/usage-summaries`).
    pub async fn list_usage_summaries(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Result<ListPage<UsageSummary>, Error> {
        self.list_page(&filter.call(subscription_id), filter.page, filter.size)
            .await
    }

    /// All of a subscription's usage summaries, fetched lazily.
    pub fn usage_summaries(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Pages<UsageSummary, Error> {
        self.list_pages(filter.call(subscription_id), filter.page, filter.size)
    }

    /// One usage summary (`GET /usage-summaries/{usageSummaryId}`).
    pub async fn get_usage_summary(&self, usage_summary_id: &str) -> Result<UsageSummary, Error> {
        let request =
            Request::get("pax8.get_usage_summary", "/usage-summaries/{}").arg(usage_summary_id);
        self.send(request).await
    }

    /// One page of a summary's usage lines for a day
    /// (`GET /usage-summaries/{usageSummaryId}/usage-lines?usageDate=...`).
    pub async fn list_usage_lines(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Result<ListPage<UsageLine>, Error> {
        let call = filter.call(usage_summary_id)?;
        self.list_page(&call, filter.page, filter.size).await
    }

    /// All of a summary's usage lines for a day, fetched lazily. An invalid date is the
    /// stream's first and only item.
    pub fn usage_lines(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Pages<UsageLine, Error> {
        match filter.call(usage_summary_id) {
            Ok(call) => self.list_pages(call, filter.page, filter.size),
            Err(error) => {
                let mut error = Some(error);
                Pages::new(paykit_core::Cursor::Number(0), move |_| {
                    let error = error.take();
                    async move {
                        match error {
                            Some(error) => Err(error),
                            None => Ok(paykit_core::Page::numbered(Vec::new(), 0, None)),
                        }
                    }
                })
            }
        }
    }
}
