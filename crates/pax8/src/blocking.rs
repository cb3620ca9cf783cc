//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name and arguments. List
//! methods return a [`paykit_core::blocking::Iter`] (an `Iterator<Item = Result<T, Error>>`
//! that fetches each page when its first item is needed); `_page` methods return one
//! [`Page`]. Each call runs on a private runtime; called from inside an async runtime it
//! returns [`Error::Core`] with [`paykit_core::Error::BlockingInsideRuntime`] instead of
//! panicking.

use std::sync::Arc;

use paykit_core::Page;
use paykit_core::blocking::{BlockingRuntime, Iter};
use time::Date;

use crate::{
    Company, CompanyFilter, Contact, ContactFilter, Dependencies, Error, Invoice, InvoiceFilter,
    InvoiceItem, InvoiceItemFilter, NewCompany, NewContact, NewOrder, Order, OrderFilter, Pricing,
    Product, ProductFilter, ProvisioningDetail, Subscription, SubscriptionFilter,
    SubscriptionUpdate, UsageLine, UsageLineFilter, UsageSummary, UsageSummaryFilter,
};

/// A blocking Pax8 client: `Client::builder(..).build_blocking()` or
/// [`Client::from_async`].
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<BlockingRuntime>,
}

impl crate::ClientBuilder {
    /// Builds a blocking client (feature `blocking`).
    pub fn build_blocking(self) -> Result<Client, Error> {
        Client::from_async(self.build()?)
    }
}

impl Client {
    /// Wraps an async client.
    pub fn from_async(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new().map_err(Error::Core)?),
        })
    }

    /// [`crate::Client::from_env`], wrapped.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_async(crate::Client::from_env()?)
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

    /// See [`crate::Client::list_companies`]: every item, page by page.
    pub fn list_companies(&self, filter: &CompanyFilter) -> Iter<Company, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_companies(filter))
    }

    /// See [`crate::Client::list_companies_page`].
    pub fn list_companies_page(&self, filter: &CompanyFilter) -> Result<Page<Company>, Error> {
        self.run(self.inner.list_companies_page(filter))
    }

    /// See [`crate::Client::list_contacts`]: every item, page by page.
    pub fn list_contacts(&self, company_id: &str, filter: &ContactFilter) -> Iter<Contact, Error> {
        Iter::new(
            self.runtime.clone(),
            self.inner.list_contacts(company_id, filter),
        )
    }

    /// See [`crate::Client::list_contacts_page`].
    pub fn list_contacts_page(
        &self,
        company_id: &str,
        filter: &ContactFilter,
    ) -> Result<Page<Contact>, Error> {
        self.run(self.inner.list_contacts_page(company_id, filter))
    }

    /// See [`crate::Client::list_products`]: every item, page by page.
    pub fn list_products(&self, filter: &ProductFilter) -> Iter<Product, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_products(filter))
    }

    /// See [`crate::Client::list_products_page`].
    pub fn list_products_page(&self, filter: &ProductFilter) -> Result<Page<Product>, Error> {
        self.run(self.inner.list_products_page(filter))
    }

    /// See [`crate::Client::list_orders`]: every item, page by page.
    pub fn list_orders(&self, filter: &OrderFilter) -> Iter<Order, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_orders(filter))
    }

    /// See [`crate::Client::list_orders_page`].
    pub fn list_orders_page(&self, filter: &OrderFilter) -> Result<Page<Order>, Error> {
        self.run(self.inner.list_orders_page(filter))
    }

    /// See [`crate::Client::list_subscriptions`]: every item, page by page.
    pub fn list_subscriptions(&self, filter: &SubscriptionFilter) -> Iter<Subscription, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_subscriptions(filter))
    }

    /// See [`crate::Client::list_subscriptions_page`].
    pub fn list_subscriptions_page(
        &self,
        filter: &SubscriptionFilter,
    ) -> Result<Page<Subscription>, Error> {
        self.run(self.inner.list_subscriptions_page(filter))
    }

    /// See [`crate::Client::list_usage_summaries`]: every item, page by page.
    pub fn list_usage_summaries(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Iter<UsageSummary, Error> {
        Iter::new(
            self.runtime.clone(),
            self.inner.list_usage_summaries(subscription_id, filter),
        )
    }

    /// See [`crate::Client::list_usage_summaries_page`].
    pub fn list_usage_summaries_page(
        &self,
        subscription_id: &str,
        filter: &UsageSummaryFilter,
    ) -> Result<Page<UsageSummary>, Error> {
        self.run(
            self.inner
                .list_usage_summaries_page(subscription_id, filter),
        )
    }

    /// See [`crate::Client::list_usage_lines`]: every item, page by page.
    pub fn list_usage_lines(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Iter<UsageLine, Error> {
        Iter::new(
            self.runtime.clone(),
            self.inner.list_usage_lines(usage_summary_id, filter),
        )
    }

    /// See [`crate::Client::list_usage_lines_page`].
    pub fn list_usage_lines_page(
        &self,
        usage_summary_id: &str,
        filter: &UsageLineFilter,
    ) -> Result<Page<UsageLine>, Error> {
        self.run(self.inner.list_usage_lines_page(usage_summary_id, filter))
    }

    /// See [`crate::Client::list_invoices`]: every item, page by page.
    pub fn list_invoices(&self, filter: &InvoiceFilter) -> Iter<Invoice, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_invoices(filter))
    }

    /// See [`crate::Client::list_invoices_page`].
    pub fn list_invoices_page(&self, filter: &InvoiceFilter) -> Result<Page<Invoice>, Error> {
        self.run(self.inner.list_invoices_page(filter))
    }

    /// See [`crate::Client::list_invoice_items`]: every item, page by page.
    pub fn list_invoice_items(
        &self,
        invoice_id: &str,
        filter: &InvoiceItemFilter,
    ) -> Iter<InvoiceItem, Error> {
        Iter::new(
            self.runtime.clone(),
            self.inner.list_invoice_items(invoice_id, filter),
        )
    }

    /// See [`crate::Client::list_invoice_items_page`].
    pub fn list_invoice_items_page(
        &self,
        invoice_id: &str,
        filter: &InvoiceItemFilter,
    ) -> Result<Page<InvoiceItem>, Error> {
        self.run(self.inner.list_invoice_items_page(invoice_id, filter))
    }

    /// See [`crate::Client::get_company`].
    pub fn get_company(&self, company_id: &str) -> Result<Company, Error> {
        self.run(self.inner.get_company(company_id))
    }

    /// See [`crate::Client::create_company`].
    pub fn create_company(&self, company: &NewCompany) -> Result<Company, Error> {
        self.run(self.inner.create_company(company))
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
        cancel_date: Option<Date>,
    ) -> Result<(), Error> {
        self.run(self.inner.cancel_subscription(subscription_id, cancel_date))
    }

    /// See [`crate::Client::subscription_history`].
    pub fn subscription_history(&self, subscription_id: &str) -> Result<Vec<Subscription>, Error> {
        self.run(self.inner.subscription_history(subscription_id))
    }

    /// See [`crate::Client::get_usage_summary`].
    pub fn get_usage_summary(&self, usage_summary_id: &str) -> Result<UsageSummary, Error> {
        self.run(self.inner.get_usage_summary(usage_summary_id))
    }

    /// See [`crate::Client::get_invoice`].
    pub fn get_invoice(&self, invoice_id: &str) -> Result<Invoice, Error> {
        self.run(self.inner.get_invoice(invoice_id))
    }
}
