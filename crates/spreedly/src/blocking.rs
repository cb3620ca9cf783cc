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
use rust_decimal::Decimal;

use crate::{
    Error, HostedPageOptions, Invoice, NewComplimentarySubscription, NewComplimentaryTimeExtension,
    NewFee, NewInvoice, NewSubscriber, Payment, Plan, PlanFilter, Subscriber, SubscriberFilter,
    SubscriberUpdate, Transaction, TransactionFilter,
};

/// A blocking Spreedly client: `Client::builder(..).build_blocking()` or
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

    /// See [`crate::Client::list_plans`].
    pub fn list_plans(&self, filter: &PlanFilter) -> Iter<Plan, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_plans(filter))
    }

    /// See [`crate::Client::list_plans_page`].
    pub fn list_plans_page(&self, filter: &PlanFilter) -> Result<Page<Plan>, Error> {
        self.run(self.inner.list_plans_page(filter))
    }

    /// See [`crate::Client::find_plan`].
    pub fn find_plan(&self, id: u64) -> Result<Option<Plan>, Error> {
        self.run(self.inner.find_plan(id))
    }

    /// See [`crate::Client::list_subscribers`].
    pub fn list_subscribers(&self, filter: &SubscriberFilter) -> Iter<Subscriber, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_subscribers(filter))
    }

    /// See [`crate::Client::list_subscribers_page`].
    pub fn list_subscribers_page(
        &self,
        filter: &SubscriberFilter,
    ) -> Result<Page<Subscriber>, Error> {
        self.run(self.inner.list_subscribers_page(filter))
    }

    /// See [`crate::Client::get_subscriber`].
    pub fn get_subscriber(&self, customer_id: &str) -> Result<Subscriber, Error> {
        self.run(self.inner.get_subscriber(customer_id))
    }

    /// See [`crate::Client::create_subscriber`].
    pub fn create_subscriber(&self, subscriber: &NewSubscriber) -> Result<Subscriber, Error> {
        self.run(self.inner.create_subscriber(subscriber))
    }

    /// See [`crate::Client::get_or_create_subscriber`].
    pub fn get_or_create_subscriber(
        &self,
        subscriber: &NewSubscriber,
    ) -> Result<Subscriber, Error> {
        self.run(self.inner.get_or_create_subscriber(subscriber))
    }

    /// See [`crate::Client::update_subscriber`].
    pub fn update_subscriber(
        &self,
        customer_id: &str,
        update: &SubscriberUpdate,
    ) -> Result<Option<Subscriber>, Error> {
        self.run(self.inner.update_subscriber(customer_id, update))
    }

    /// See [`crate::Client::delete_subscriber`].
    pub fn delete_subscriber(&self, customer_id: &str) -> Result<(), Error> {
        self.run(self.inner.delete_subscriber(customer_id))
    }

    /// See [`crate::Client::delete_all_subscribers`].
    pub fn delete_all_subscribers(&self) -> Result<(), Error> {
        self.run(self.inner.delete_all_subscribers())
    }

    /// See [`crate::Client::subscribe_to_free_trial`].
    pub fn subscribe_to_free_trial(
        &self,
        customer_id: &str,
        plan_id: u64,
    ) -> Result<Subscriber, Error> {
        self.run(self.inner.subscribe_to_free_trial(customer_id, plan_id))
    }

    /// See [`crate::Client::allow_free_trial`].
    pub fn allow_free_trial(&self, customer_id: &str) -> Result<Subscriber, Error> {
        self.run(self.inner.allow_free_trial(customer_id))
    }

    /// See [`crate::Client::change_plan`].
    pub fn change_plan(
        &self,
        customer_id: &str,
        plan_id: u64,
    ) -> Result<Option<Subscriber>, Error> {
        self.run(self.inner.change_plan(customer_id, plan_id))
    }

    /// See [`crate::Client::stop_auto_renew`].
    pub fn stop_auto_renew(&self, customer_id: &str) -> Result<Option<Subscriber>, Error> {
        self.run(self.inner.stop_auto_renew(customer_id))
    }

    /// See [`crate::Client::create_complimentary_subscription`].
    pub fn create_complimentary_subscription(
        &self,
        customer_id: &str,
        comp: &NewComplimentarySubscription,
    ) -> Result<Subscriber, Error> {
        self.run(
            self.inner
                .create_complimentary_subscription(customer_id, comp),
        )
    }

    /// See [`crate::Client::create_complimentary_time_extension`].
    pub fn create_complimentary_time_extension(
        &self,
        customer_id: &str,
        extension: &NewComplimentaryTimeExtension,
    ) -> Result<Subscriber, Error> {
        self.run(
            self.inner
                .create_complimentary_time_extension(customer_id, extension),
        )
    }

    /// See [`crate::Client::create_lifetime_complimentary_subscription`].
    pub fn create_lifetime_complimentary_subscription(
        &self,
        customer_id: &str,
        feature_level: &str,
    ) -> Result<Subscriber, Error> {
        self.run(
            self.inner
                .create_lifetime_complimentary_subscription(customer_id, feature_level),
        )
    }

    /// See [`crate::Client::add_store_credit`].
    pub fn add_store_credit(
        &self,
        customer_id: &str,
        amount: Decimal,
    ) -> Result<Option<Subscriber>, Error> {
        self.run(self.inner.add_store_credit(customer_id, amount))
    }

    /// See [`crate::Client::add_fee`].
    pub fn add_fee(&self, customer_id: &str, fee: &NewFee) -> Result<(), Error> {
        self.run(self.inner.add_fee(customer_id, fee))
    }

    /// See [`crate::Client::create_invoice`].
    pub fn create_invoice(&self, invoice: &NewInvoice) -> Result<Invoice, Error> {
        self.run(self.inner.create_invoice(invoice))
    }

    /// See [`crate::Client::pay_invoice`].
    pub fn pay_invoice(&self, invoice_token: &str, payment: &Payment) -> Result<Invoice, Error> {
        self.run(self.inner.pay_invoice(invoice_token, payment))
    }

    /// See [`crate::Client::list_transactions`]: 50 at a time, as the iterator is consumed.
    pub fn list_transactions(&self, filter: &TransactionFilter) -> Iter<Transaction, Error> {
        Iter::new(self.runtime.clone(), self.inner.list_transactions(filter))
    }

    /// See [`crate::Client::list_transactions_page`].
    pub fn list_transactions_page(
        &self,
        filter: &TransactionFilter,
    ) -> Result<Page<Transaction>, Error> {
        self.run(self.inner.list_transactions_page(filter))
    }

    /// See [`crate::Client::subscribe_url`].
    pub fn subscribe_url(
        &self,
        customer_id: &str,
        plan_id: u64,
        screen_name: &str,
        options: &HostedPageOptions,
    ) -> String {
        self.inner
            .subscribe_url(customer_id, plan_id, screen_name, options)
    }

    /// See [`crate::Client::subscribe_url_with_token`].
    pub fn subscribe_url_with_token(
        &self,
        customer_id: &str,
        subscriber_token: &str,
        plan_id: u64,
        options: &HostedPageOptions,
    ) -> String {
        self.inner
            .subscribe_url_with_token(customer_id, subscriber_token, plan_id, options)
    }

    /// See [`crate::Client::account_url`].
    pub fn account_url(&self, subscriber_token: &str, return_url: Option<&str>) -> String {
        self.inner.account_url(subscriber_token, return_url)
    }
}
