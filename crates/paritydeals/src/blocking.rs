//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name, arguments and result
//! (list operations return a blocking [`Iter`], an `Iterator<Item = Result<T, Error>>`, instead of a stream). Each call runs on a
//! private runtime; called from inside an async runtime it returns [`Error::Core`] with
//! [`paykit_core::Error::BlockingInsideRuntime`] instead of panicking.
//!
//! Give the blocking client an async client of its own (build a second one) rather than a
//! clone of one an async runtime uses: pooled connections are driven by the runtime that
//! opened them, and a runtime blocked waiting for the sync code cannot drive them.

use std::sync::Arc;

use paykit_core::Page;
use paykit_core::blocking::{BlockingRuntime, Iter};

use crate::{
    Cancellation, CancellationType, CancelledSubscription, CheckoutSession, Customer,
    CustomerFilter, CustomerUpdate, Entitlements, Error, EventRecord, EventReport, NewCheckout,
    NewCustomer, Subscription, SubscriptionFilter, SubscriptionUpdate, UpdatedSubscription,
    UsageRecord, UsageReport,
};

/// A blocking ParityDeals client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<BlockingRuntime>,
}

impl crate::ClientBuilder {
    /// Builds a blocking client with these settings.
    pub fn build_blocking(self) -> Result<Client, Error> {
        Client::from_async(self.build()?)
    }
}

impl Client {
    /// Wraps an async client.
    pub fn from_async(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new()?),
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
        self.runtime.block_on(f)?
    }

    fn iter<T: Send + 'static>(&self, pages: paykit_core::Pages<T, Error>) -> Iter<T, Error> {
        Iter::new(self.runtime.clone(), pages)
    }

    /// See [`crate::Client::create_customer`].
    pub fn create_customer(&self, customer: &NewCustomer) -> Result<Customer, Error> {
        self.run(self.inner.create_customer(customer))
    }

    /// See [`crate::Client::update_customer`].
    pub fn update_customer(
        &self,
        customer_id: &str,
        update: &CustomerUpdate,
    ) -> Result<Customer, Error> {
        self.run(self.inner.update_customer(customer_id, update))
    }

    /// See [`crate::Client::get_customer`].
    pub fn get_customer(&self, customer_id: &str) -> Result<Customer, Error> {
        self.run(self.inner.get_customer(customer_id))
    }

    /// See [`crate::Client::list_customers`]: every customer, fetched page by page as the
    /// iterator advances.
    pub fn list_customers(&self, filter: &CustomerFilter) -> Iter<Customer, Error> {
        self.iter(self.inner.list_customers(filter))
    }

    /// See [`crate::Client::list_customers_page`].
    pub fn list_customers_page(&self, filter: &CustomerFilter) -> Result<Page<Customer>, Error> {
        self.run(self.inner.list_customers_page(filter))
    }

    /// See [`crate::Client::archive_customer`].
    pub fn archive_customer(&self, customer_id: &str) -> Result<(), Error> {
        self.run(self.inner.archive_customer(customer_id))
    }

    /// See [`crate::Client::create_checkout_session`].
    pub fn create_checkout_session(
        &self,
        checkout: &NewCheckout,
    ) -> Result<CheckoutSession, Error> {
        self.run(self.inner.create_checkout_session(checkout))
    }

    /// See [`crate::Client::has_access`].
    pub fn has_access(&self, customer_id: &str, feature_id: &str) -> Result<bool, Error> {
        self.run(self.inner.has_access(customer_id, feature_id))
    }

    /// See [`crate::Client::get_entitlement`].
    pub fn get_entitlement(
        &self,
        customer_id: &str,
        feature_id: &str,
    ) -> Result<Entitlements, Error> {
        self.run(self.inner.get_entitlement(customer_id, feature_id))
    }

    /// See [`crate::Client::get_all_entitlements`].
    pub fn get_all_entitlements(&self, customer_id: &str) -> Result<Entitlements, Error> {
        self.run(self.inner.get_all_entitlements(customer_id))
    }

    /// See [`crate::Client::report_usage`].
    pub fn report_usage(&self, report: &UsageReport) -> Result<UsageRecord, Error> {
        self.run(self.inner.report_usage(report))
    }

    /// See [`crate::Client::report_event`].
    pub fn report_event(&self, event: &EventReport) -> Result<EventRecord, Error> {
        self.run(self.inner.report_event(event))
    }

    /// See [`crate::Client::update_subscription`].
    pub fn update_subscription(
        &self,
        subscription_id: &str,
        update: &SubscriptionUpdate,
    ) -> Result<UpdatedSubscription, Error> {
        self.run(self.inner.update_subscription(subscription_id, update))
    }

    /// See [`crate::Client::cancel_subscription`].
    pub fn cancel_subscription(
        &self,
        subscription_id: &str,
        cancellation: &Cancellation,
    ) -> Result<CancelledSubscription, Error> {
        self.run(
            self.inner
                .cancel_subscription(subscription_id, cancellation),
        )
    }

    /// See [`crate::Client::cancel_subscription_with`].
    pub fn cancel_subscription_with(
        &self,
        subscription_id: &str,
        kind: CancellationType,
        date: Option<&str>,
    ) -> Result<CancelledSubscription, Error> {
        self.run(
            self.inner
                .cancel_subscription_with(subscription_id, kind, date),
        )
    }

    /// See [`crate::Client::list_subscriptions`]: the subscriptions, fetched page by page
    /// as the iterator advances.
    pub fn list_subscriptions(&self, filter: &SubscriptionFilter) -> Iter<Subscription, Error> {
        self.iter(self.inner.list_subscriptions(filter))
    }

    /// See [`crate::Client::list_subscriptions_page`].
    pub fn list_subscriptions_page(
        &self,
        filter: &SubscriptionFilter,
    ) -> Result<Page<Subscription>, Error> {
        self.run(self.inner.list_subscriptions_page(filter))
    }
}
