//! Invoices and their items (pax8.md §1.5, §1.6, §1.7.4).

use paykit_core::{Pages, Request};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, ListPage, PageRequest, push};
use paykit_core::wire_enum;

wire_enum! {
    /// An invoice's status (pax8.md §1.5).
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
    /// The fields invoices can be sorted by (pax8.md §1.5).
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
    /// An invoice item's type: GEN's `payment-credit` and PY's `payment_credit` read alike
    /// (pax8.md §1.6).
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
    /// An invoice item's term: `One-time` (GEN) and `One Time` (PY) read alike.
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
    /// (pax8.md §1.7.4).
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
    /// An invoice item's charge type (pax8.md §1.6).
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
    pub invoice_date: Option<String>,
    /// The due date.
    pub due_date: Option<String>,
    /// The status (PY; not in GEN's model).
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

/// One line of an invoice (GEN and PY's model).
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
    pub start_period: Option<String>,
    /// The period's end.
    pub end_period: Option<String>,
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

/// Filters for `GET /invoices` (pax8.md §1.5).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceFilter {
    /// The page (from 0).
    pub page: Option<u64>,
    /// The page size (1 to 200).
    pub size: Option<u32>,
    /// The sort field.
    pub sort: Option<InvoiceSort>,
    /// Status.
    pub status: Option<InvoiceStatus>,
    /// Invoice date.
    pub invoice_date: Option<String>,
    /// Invoice date range start.
    pub invoice_date_range_start: Option<String>,
    /// Invoice date range end.
    pub invoice_date_range_end: Option<String>,
    /// Due date.
    pub due_date: Option<String>,
    /// Total.
    pub total: Option<Decimal>,
    /// Balance.
    pub balance: Option<Decimal>,
    /// Carried balance.
    pub carried_balance: Option<Decimal>,
    /// Company.
    pub company_id: Option<String>,
}

impl InvoiceFilter {
    fn call(&self) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "sort", &self.sort);
        push(&mut q, "status", &self.status);
        push(&mut q, "invoiceDate", &self.invoice_date);
        push(
            &mut q,
            "invoiceDateRangeStart",
            &self.invoice_date_range_start,
        );
        push(&mut q, "invoiceDateRangeEnd", &self.invoice_date_range_end);
        push(&mut q, "dueDate", &self.due_date);
        push(&mut q, "total", &self.total);
        push(&mut q, "balance", &self.balance);
        push(&mut q, "carriedBalance", &self.carried_balance);
        push(&mut q, "companyId", &self.company_id);
        ListCall::new("pax8.list_invoices", "/invoices").query(q)
    }
}

fn items_call(invoice_id: &str) -> ListCall {
    ListCall::new("pax8.list_invoice_items", "/invoices/{}/items").arg(invoice_id)
}

impl Client {
    /// One page of invoices (`GET /invoices`).
    pub async fn list_invoices(&self, filter: &InvoiceFilter) -> Result<ListPage<Invoice>, Error> {
        self.list_page(&filter.call(), filter.page, filter.size)
            .await
    }

    /// Every matching invoice, fetched lazily.
    pub fn invoices(&self, filter: &InvoiceFilter) -> Pages<Invoice, Error> {
        self.list_pages(filter.call(), filter.page, filter.size)
    }

    /// One invoice (`GET /invoices/{invoiceId}`).
    pub async fn get_invoice(&self, invoice_id: &str) -> Result<Invoice, Error> {
        self.send(Request::get("pax8.get_invoice", "/invoices/{}").arg(invoice_id))
            .await
    }

    /// One page of an invoice's items (`GET /invoices/{invoiceId}/items`).
    pub async fn list_invoice_items(
        &self,
        invoice_id: &str,
        page: &PageRequest,
    ) -> Result<ListPage<InvoiceItem>, Error> {
        self.list_page(&items_call(invoice_id), page.page, page.size)
            .await
    }

    /// All of an invoice's items, fetched lazily.
    pub fn invoice_items(&self, invoice_id: &str, page: &PageRequest) -> Pages<InvoiceItem, Error> {
        self.list_pages(items_call(invoice_id), page.page, page.size)
    }
}
