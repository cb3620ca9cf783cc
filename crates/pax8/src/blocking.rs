//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name and arguments. The
//! stream methods (`companies`, `products`, ...) return every item at once (`Vec`). Each
//! call runs on a private runtime; called from inside an async runtime it returns
//! [`Error::Core`] with [`paykit_core::Error::BlockingInsideRuntime`] instead of panicking.

use std::sync::Arc;

use paykit_core::blocking::BlockingRuntime;

use crate::{
    Company, CompanyFilter, Contact, Dependencies, Error, Invoice, InvoiceFilter, InvoiceItem,
    ListPage, NewCompany, NewContact, NewOrder, Order, OrderFilter, PageRequest, Pricing, Product,
    ProductFilter, ProvisioningDetail, Subscription, SubscriptionFilter, SubscriptionUpdate,
    UsageLine, UsageLineFilter, UsageSummary, UsageSummaryFilter,
};

/// A blocking Pax8 client.
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<BlockingRuntime>,
}

impl Client {
    /// Wraps an async client (build it with [`crate::ClientBuilder`]).
    pub fn new(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new().map_err(Error::Core)?),
        })
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    fn run<T>(&self, f: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(f).map_err(Error::Core)?
    }

    /// See [`crate::Client::authenticate`].
    pub fn authenticate(&self) -> Result<std::time::SystemTime, Error> {
        self.run(self.inner.authenticate())
    }

    /// See [`crate::Client::list_companies`].
    pub fn list_companies(&self, filter: &CompanyFilter) -> Result<ListPage<Company>, Error> {
        self.run(self.inner.list_companies(filter))
    }

    /// Every item of [`crate::Client::companies`], fetched page by page.
    pub fn companies(&self, filter: &CompanyFilter) -> Result<Vec<Company>, Error> {
        self.run(self.inner.companies(filter).all_items())
    }

    /// See [`crate::Client::get_company`].
    pub fn get_company(&self, company_id: &str) -> Result<Company, Error> {
        self.run(self.inner.get_company(company_id))
    }

    /// See [`crate::Client::create_company`].
    pub fn create_company(&self, company: &NewCompany) -> Result<Company, Error> {
        self.run(self.inner.create_company(company))
    }

    /// See [`crate::Client::list_contacts`].
    pub fn list_contacts(
        &self,
        company_id: &str,
        page: &PageRequest,
    ) -> Result<ListPage<Contact>, Error> {
        self.run(self.inner.list_contacts(company_id, page))
    }

    /// Every item of [`crate::Client::contacts`], fetched page by page.
    pub fn contacts(&self, company_id: &str, page: &PageRequest) -> Result<Vec<Contact>, Error> {
        self.run(self.inner.contacts(company_id, page).all_items())
    }

    /// See [`crate::Client::get_contact`].
    pub fn get_contact(&self, company_id: &str, contact_id: &str) -> Result<Contact, Error> {
        self.run(self.inner.get_contact(company_id, contact_id))
    }

    /// See [`crate::Client::create_contact`].
    pub fn create_contact(&self, company_id: &str, contact: &NewContact) -> Result<Contact, Error> {
        self.run(self.inner.create_contact(company_id, contact))
    }

    /// See [`crate::Client::update_contact`].
    pub fn update_contact(
        &self,
        company_id: &str,
        contact_id: &str,
        contact: &NewContact,
    ) -> Result<Contact, Error> {
        self.run(self.inner.update_contact(company_id, contact_id, contact))
    }

    /// See [`crate::Client::delete_contact`].
    pub fn delete_contact(&self, company_id: &str, contact_id: &str) -> Result<(), Error> {
        self.run(self.inner.delete_contact(company_id, contact_id))
    }

    /// See [`crate::Client::list_products`].
    pub fn list_products(&self, filter: &ProductFilter) -> Result<ListPage<Product>, Error> {
        self.run(self.inner.list_products(filter))
    }

    /// Every item of [`crate::Client::products`], fetched page by page.
    pub fn products(&self, filter: &ProductFilter) -> Result<Vec<Product>, Error> {
        self.run(self.inner.products(filter).all_items())
    }

    /// See [`crate::Client::get_product`].
    pub fn get_product(&self, product_id: &str) -> Result<Product, Error> {
        self.run(self.inner.get_product(product_id))
    }

    /// See [`crate::Client::product_provisioning_details`].
    pub fn product_provisioning_details(
        &self,
        product_id: &str,
    ) -> Result<Vec<ProvisioningDetail>, Error> {
        self.run(self.inner.product_provisioning_details(product_id))
    }

    /// See [`crate::Client::product_dependencies`].
    pub fn product_dependencies(&self, product_id: &str) -> Result<Dependencies, Error> {
        self.run(self.inner.product_dependencies(product_id))
    }

    /// See [`crate::Client::product_pricing`].
    pub fn product_pricing(
        &self,
        product_id: &str,
        company_id: Option<&str>,
    ) -> Result<Vec<Pricing>, Error> {
        self.run(self.inner.product_pricing(product_id, company_id))
    }

    /// See [`crate::Client::list_orders`].
    pub fn list_orders(&self, filter: &OrderFilter) -> Result<ListPage<Order>, Error> {
        self.run(self.inner.list_orders(filter))
    }

    /// Every item of [`crate::Client::orders`], fetched page by page.
    pub fn orders(&self, filter: &OrderFilter) -> Result<Vec<Order>, Error> {
        self.run(self.inner.orders(filter).all_items())
    }

    /// See [`crate::Client::get_order`].
    pub fn get_order(&self, order_id: &str) -> Result<Order, Error> {
        self.run(self.inner.get_order(order_id))
    }

    /// See [`crate::Client::create_order`].
    pub fn create_order(&self, order: &NewOrder) -> Result<Order, Error> {
        self.run(self.inner.create_order(order))
    }

    /// See [`crate::Client::create_mock_order`].
    pub fn create_mock_order(&self, order: &NewOrder) -> Result<Order, Error> {
        self.run(self.inner.create_mock_order(order))
    }

    /// See [`crate::Client::list_subscriptions`].
    pub fn list_subscriptions(
        &self,
        filter: &SubscriptionFilter,
    ) -> Result<ListPage<Subscription>, Error> {
        self.run(self.inner.list_subscriptions(filter))
    }

    /// Every item of [`crate::Client::subscriptions`], fetched page by page.
    pub fn subscriptions(&self, filter: &SubscriptionFilter) -> Result<Vec<Subscription>, Error> {
        self.run(self.inner.subscriptions(filter).all_items())
    }

    /// See [`crate::Client::get_subscription`].
    pub fn get_subscription(&self, subscription_id: &str) -> Result<Subscription, Error> {
        self.run(self.inner.get_subscription(subscription_id))
    }

    /// See [`crate::Client::update_subscription`].
    pub fn update_subscription(
        &self,
        subscription_id: &str,
        update: &SubscriptionUpdate,
    ) -> Result<Subscription, Error> {
        self.run(self.inner.update_subscription(subscription_id, update))
    }

    /// See [`crate::Client::cancel_subscription`].
    pub fn cancel_subscription(
        &self,
        subscription_id: &str,
        cancel_date: Option<&str>,
    ) -> Result<(), Error> {
        self.run(self.inner.cancel_subscription(subscription_id, cancel_date))
    }

    /// See [`crate::Client::subscription_history`].
    pub fn subscription_history(&self, subscription_id: &str) -> Result<Vec<Subscription>, Error> {
        self.run(self.inner.subscription_history(subscription_id))
    }

    /// See [`crate::Client::list_usage_summaries`].
    pub fn list_usage_summaries(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Result<ListPage<UsageSummary>, Error> {
        self.run(self.inner.list_usage_summaries(subscription_id, filter))
    }

    /// Every item of [`crate::Client::usage_summaries`], fetched page by page.
    pub fn usage_summaries(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Result<Vec<UsageSummary>, Error> {
        self.run(
            self.inner
                .usage_summaries(subscription_id, filter)
                .all_items(),
        )
    }

    /// See [`crate::Client::get_usage_summary`].
    pub fn get_usage_summary(&self, usage_summary_id: &str) -> Result<UsageSummary, Error> {
        self.run(self.inner.get_usage_summary(usage_summary_id))
    }

    /// See [`crate::Client::list_usage_lines`].
    pub fn list_usage_lines(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Result<ListPage<UsageLine>, Error> {
        self.run(self.inner.list_usage_lines(usage_summary_id, filter))
    }

    /// Every item of [`crate::Client::usage_lines`], fetched page by page.
    pub fn usage_lines(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Result<Vec<UsageLine>, Error> {
        self.run(self.inner.usage_lines(usage_summary_id, filter).all_items())
    }

    /// See [`crate::Client::list_invoices`].
    pub fn list_invoices(&self, filter: &InvoiceFilter) -> Result<ListPage<Invoice>, Error> {
        self.run(self.inner.list_invoices(filter))
    }

    /// Every item of [`crate::Client::invoices`], fetched page by page.
    pub fn invoices(&self, filter: &InvoiceFilter) -> Result<Vec<Invoice>, Error> {
        self.run(self.inner.invoices(filter).all_items())
    }

    /// See [`crate::Client::get_invoice`].
    pub fn get_invoice(&self, invoice_id: &str) -> Result<Invoice, Error> {
        self.run(self.inner.get_invoice(invoice_id))
    }

    /// See [`crate::Client::list_invoice_items`].
    pub fn list_invoice_items(
        &self,
        invoice_id: &str,
        page: &PageRequest,
    ) -> Result<ListPage<InvoiceItem>, Error> {
        self.run(self.inner.list_invoice_items(invoice_id, page))
    }

    /// Every item of [`crate::Client::invoice_items`], fetched page by page.
    pub fn invoice_items(
        &self,
        invoice_id: &str,
        page: &PageRequest,
    ) -> Result<Vec<InvoiceItem>, Error> {
        self.run(self.inner.invoice_items(invoice_id, page).all_items())
    }
}
