//! Invoices and their items.

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
    /// An invoice's status.
    pub enum InvoiceStatus {
        /// `Unpaid`.
        Unpaid = "Unpaid",
        /// `Paid`.
        Paid = "Paid",
        /// `Void`.
        Void = "Void",
        /// `Carried`.
        Carried = "Carried",
        /// `Nothing Due`.
        NothingDue = "Nothing Due",
    }
}

wire_enum! {
    /// The fields invoices can be sorted by.
    pub enum InvoiceSort {
        /// `invoiceDate`.
        InvoiceDate = "invoiceDate",
        /// `dueDate`.
        DueDate = "dueDate",
        /// `status`.
        Status = "status",
        /// `partnerName`.
        PartnerName = "partnerName",
        /// `total`.
        Total = "total",
        /// `balance`.
        Balance = "balance",
        /// `carriedBalance`.
        CarriedBalance = "carriedBalance",
    }
}

wire_enum! {
    /// An invoice item's type: `payment-credit` and `payment_credit` read alike
    ///.
    pub enum InvoiceItemType {
        /// `rebate`.
        Rebate = "rebate",
        /// `prorate`.
        Prorate = "prorate",
        /// `subscription`.
        Subscription = "subscription",
        /// `payment-credit`.
        PaymentCredit = "payment-credit",
        /// `one-time`.
        OneTime = "one-time",
        /// `service-charge`.
        ServiceCharge = "service-charge",
        /// `service-credit`.
        ServiceCredit = "service-credit",
        /// `invoice-credit`.
        InvoiceCredit = "invoice-credit",
    }
}

wire_enum! {
    /// An invoice item's term: `One-time` and `One Time` read alike.
    pub enum InvoiceTerm {
        /// `3 Year`.
        ThreeYear = "3 Year",
        /// `Annual`.
        Annual = "Annual",
        /// `2 Year`.
        TwoYear = "2 Year",
        /// `Activation`.
        Activation = "Activation",
        /// `One-time`.
        OneTime = "One-time",
        /// `Arrears`.
        Arrears = "Arrears",
        /// `Trial`.
        Trial = "Trial",
        /// `Rebate`.
        Rebate = "Rebate",
        /// `Monthly`.
        Monthly = "Monthly",
    }
}

wire_enum! {
    /// An invoice item's rate type, in any case: the docs say `flat`, the API sends `Flat`
    ///.
    pub enum RateType {
        /// `markup`.
        Markup = "markup",
        /// `single`.
        Single = "single",
        /// `flat`.
        Flat = "flat",
        /// `volume`.
        Volume = "volume",
        /// `tiered`.
        Tiered = "tiered",
    }
}

wire_enum! {
    /// An invoice item's charge type.
    pub enum ItemChargeType {
        /// `flat`.
        Flat = "flat",
        /// `per`.
        Per = "per",
    }
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Invoice {
    /// The id.
    pub id: Option<String>,
    /// The invoice date.
    #[serde(with = "crate::dates::option_date")]
    pub invoice_date: Option<Date>,
    /// The due date.
    #[serde(with = "crate::dates::option_date")]
    pub due_date: Option<Date>,
    /// The status (not in every version of the docs).
    pub status: Option<InvoiceStatus>,
    /// The balance.
    pub balance: Option<Decimal>,
    /// The balance carried over.
    pub carried_balance: Option<Decimal>,
    /// The total.
    pub total: Option<Decimal>,
    /// The partner's name.
    pub partner_name: Option<String>,
    /// The company.
    pub company_id: Option<String>,
    /// The external id.
    pub external_id: Option<String>,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct InvoiceItem {
    /// The id.
    pub id: Option<String>,
    /// The purchase order number.
    pub purchase_order_number: Option<String>,
    /// The item type.
    #[serde(rename = "type")]
    pub kind: Option<InvoiceItemType>,
    /// The company.
    pub company_id: Option<String>,
    /// The external id.
    pub external_id: Option<String>,
    /// The company's name.
    pub company_name: Option<String>,
    /// The period's start.
    #[serde(with = "crate::dates::option_date")]
    pub start_period: Option<Date>,
    /// The period's end.
    #[serde(with = "crate::dates::option_date")]
    pub end_period: Option<Date>,
    /// The quantity.
    pub quantity: Option<Decimal>,
    /// The unit.
    pub unit_of_measure: Option<String>,
    /// The term.
    pub term: Option<InvoiceTerm>,
    /// The SKU.
    pub sku: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// More details.
    pub details: Option<String>,
    /// The rate type.
    pub rate_type: Option<RateType>,
    /// The charge type.
    pub charge_type: Option<ItemChargeType>,
    /// The unit price.
    pub price: Option<Decimal>,
    /// The subtotal.
    pub sub_total: Option<Decimal>,
    /// The unit cost.
    pub cost: Option<Decimal>,
    /// The total cost.
    pub cost_total: Option<Decimal>,
    /// Who offers it.
    pub offered_by: Option<String>,
    /// Whether Pax8 bills it.
    pub billed_by_pax8: Option<bool>,
    /// The total.
    pub total: Option<Decimal>,
    /// The product.
    pub product_id: Option<String>,
    /// The product's name.
    pub product_name: Option<String>,
    /// The billing fee.
    pub billing_fee: Option<Decimal>,
    /// The billing fee rate.
    pub billing_fee_rate: Option<Decimal>,
    /// The amount due.
    pub amount_due: Option<Decimal>,
    /// The currency.
    pub currency_code: Option<String>,
}

/// Filters for `GET /invoices`: `InvoiceFilter::new().status(InvoiceStatus::Unpaid)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InvoiceFilter {
    paging: Paging,
    sort: Option<InvoiceSort>,
    status: Option<InvoiceStatus>,
    invoice_date: Option<Date>,
    invoice_date_range_start: Option<Date>,
    invoice_date_range_end: Option<Date>,
    due_date: Option<Date>,
    total: Option<Decimal>,
    balance: Option<Decimal>,
    carried_balance: Option<Decimal>,
    company_id: Option<String>,
}

impl InvoiceFilter {
    /// Every invoice.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    filter_setters! {
        /// The sort field.
        sort: InvoiceSort,
        /// Status.
        status: InvoiceStatus,
        /// Invoice date.
        invoice_date: Date,
        /// Invoice date range start.
        invoice_date_range_start: Date,
        /// Invoice date range end.
        invoice_date_range_end: Date,
        /// Due date.
        due_date: Date,
        /// Total.
        total: Decimal,
        /// Balance.
        balance: Decimal,
        /// Carried balance.
        carried_balance: Decimal,
        /// Company.
        company_id: String,
    }

    fn call(&self) -> ListCall {
        let date = |d: &Option<Date>| d.map(crate::dates::format_date);
        let mut q = Vec::new();
        push(&mut q, "sort", &self.sort);
        push(&mut q, "status", &self.status);
        push(&mut q, "invoiceDate", &date(&self.invoice_date));
        push(
            &mut q,
            "invoiceDateRangeStart",
            &date(&self.invoice_date_range_start),
        );
        push(
            &mut q,
            "invoiceDateRangeEnd",
            &date(&self.invoice_date_range_end),
        );
        push(&mut q, "dueDate", &date(&self.due_date));
        push(&mut q, "total", &self.total);
        push(&mut q, "balance", &self.balance);
        push(&mut q, "carriedBalance", &self.carried_balance);
        push(&mut q, "companyId", &self.company_id);
        ListCall::new("pax8.list_invoices", "/invoices").query(q)
    }
}

/// Paging for `GET /invoices/{invoiceId}/items` (the API has no other filter).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InvoiceItemFilter {
    paging: Paging,
}

impl InvoiceItemFilter {
    /// Every item.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();
}

fn items_call(invoice_id: &str) -> ListCall {
    ListCall::new("pax8.list_invoice_items", "/invoices/{}/items").arg(invoice_id)
}

impl Client {
    /// Every matching invoice, fetched lazily (`GET /invoices`).
    pub fn list_invoices(&self, filter: &InvoiceFilter) -> Pages<Invoice, Error> {
        self.list_pages(filter.call(), filter.paging)
    }

    /// The one page of invoices the filter names (`GET /invoices`).
    pub async fn list_invoices_page(&self, filter: &InvoiceFilter) -> Result<Page<Invoice>, Error> {
        self.list_page(&filter.call(), filter.paging).await
    }

    /// One invoice (`GET /invoices/{invoiceId}`).
    pub async fn get_invoice(&self, invoice_id: &str) -> Result<Invoice, Error> {
        self.send(Request::get("pax8.get_invoice", "/invoices/{}").arg(invoice_id))
            .await
    }

    /// All of an invoice's items, fetched lazily (`GET /invoices/{invoiceId}/items`).
    pub fn list_invoice_items(
        &self,
        invoice_id: &str,
        filter: &InvoiceItemFilter,
    ) -> Pages<InvoiceItem, Error> {
        self.list_pages(items_call(invoice_id), filter.paging)
    }

    /// The one page of an invoice's items the filter names.
    pub async fn list_invoice_items_page(
        &self,
        invoice_id: &str,
        filter: &InvoiceItemFilter,
    ) -> Result<Page<InvoiceItem>, Error> {
        self.list_page(&items_call(invoice_id), filter.paging).await
    }
}
