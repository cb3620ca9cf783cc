//! The same client for synchronous code (feature `blocking`).
//!
//! Every method of [`crate::Client`] exists here with the same name, arguments and result
//! (list operations return a blocking [`Iter`] instead of a stream). Each call runs on a
//! private runtime; called from inside an async runtime it returns [`Error::Core`] with
//! [`paykit_core::Error::BlockingInsideRuntime`] instead of panicking.
//!
//! Give the blocking client an async client of its own (build a second one) rather than a
//! clone of one an async runtime uses: pooled connections are driven by the runtime that
//! opened them, and a runtime blocked waiting for the sync code cannot drive them.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;

use paykit_core::Stream;
use paykit_core::blocking::BlockingRuntime;
use secrecy::SecretString;

use crate::{
    Cancellation, CancellationType, CancelledSubscription, CheckoutSession, Customer,
    CustomerUpdate, Entitlements, Error, EventRecord, EventReport, ListPage, NewCheckout,
    NewCustomer, Subscription, SubscriptionUpdate, UpdatedSubscription, UsageRecord, UsageReport,
};

/// A blocking ParityDeals client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<BlockingRuntime>,
}

/// A list's items as a boxed stream.
type ItemStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// The items of a list, fetched page by page as the iterator is advanced. An error ends it.
pub struct Iter<T> {
    items: Option<ItemStream<T>>,
    runtime: Arc<BlockingRuntime>,
}

impl<T> fmt::Debug for Iter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iter { .. }")
    }
}

impl<T> Iterator for Iter<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Result<T, Error>> {
        let stream = self.items.as_mut()?;
        let next = self
            .runtime
            .block_on(std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)));
        match next {
            Ok(Some(Ok(item))) => Some(Ok(item)),
            Ok(Some(Err(e))) => {
                self.items = None;
                Some(Err(e))
            }
            Ok(None) => {
                self.items = None;
                None
            }
            Err(e) => {
                self.items = None;
                Some(Err(e.into()))
            }
        }
    }
}

impl Client {
    /// Wraps an async client.
    pub fn new(inner: crate::Client) -> Result<Self, Error> {
        Ok(Client {
            inner,
            runtime: Arc::new(BlockingRuntime::new()?),
        })
    }

    /// A production client with default settings (see [`crate::ClientBuilder`] for others,
    /// then [`Client::new`]).
    pub fn with_key(api_key: SecretString) -> Result<Self, Error> {
        Self::new(crate::Client::new(api_key)?)
    }

    /// The async client inside.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    fn run<T>(&self, f: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(f)?
    }

    fn iter<T: Send + 'static>(&self, pages: paykit_core::Pages<T, Error>) -> Iter<T> {
        Iter {
            items: Some(Box::pin(pages.items())),
            runtime: self.runtime.clone(),
        }
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

    /// See [`crate::Client::list_customers`]: the customers, fetched page by page.
    pub fn list_customers(&self, page_size: Option<u32>) -> Iter<Customer> {
        self.iter(self.inner.list_customers(page_size))
    }

    /// See [`crate::Client::customers_page`].
    pub fn customers_page(
        &self,
        page: u64,
        page_size: Option<u32>,
    ) -> Result<ListPage<Customer>, Error> {
        self.run(self.inner.customers_page(page, page_size))
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

    /// See [`crate::Client::list_subscriptions`]: the subscriptions, fetched page by page.
    pub fn list_subscriptions(
        &self,
        customer_id: Option<&str>,
        page_size: Option<u32>,
    ) -> Iter<Subscription> {
        self.iter(self.inner.list_subscriptions(customer_id, page_size))
    }

    /// See [`crate::Client::subscriptions_page`].
    pub fn subscriptions_page(
        &self,
        customer_id: Option<&str>,
        page: u64,
        page_size: Option<u32>,
    ) -> Result<ListPage<Subscription>, Error> {
        self.run(self.inner.subscriptions_page(customer_id, page, page_size))
    }
}
