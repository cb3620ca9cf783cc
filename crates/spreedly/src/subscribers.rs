//! Subscribers: list, create, read, update, delete (test sites), trials, plan changes.

use paykit_core::{Idempotency, Page, Pages, Request};
use serde::Serialize;

use crate::invoices::CreditCard;
use crate::models::Subscriber;
use crate::xml::Root;
use crate::{Client, Error};

/// Which subscribers [`Client::list_subscribers`] returns. Spreedly has no list filters or
/// paging; the filter exists so that the call has the shape of every list.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SubscriberFilter {}

impl SubscriberFilter {
    /// Every subscriber.
    pub fn new() -> Self {
        Self::default()
    }
}

/// A subscriber to create: `NewSubscriber::new(customer_id, screen_name)` and setters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct NewSubscriber {
    customer_id: String,
    screen_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_last_name: Option<String>,
}

impl NewSubscriber {
    /// A subscriber with your own `customer_id` and a `screen_name`.
    pub fn new(customer_id: impl Into<String>, screen_name: impl Into<String>) -> Self {
        NewSubscriber {
            customer_id: customer_id.into(),
            screen_name: screen_name.into(),
            email: None,
            billing_first_name: None,
            billing_last_name: None,
        }
    }

    /// The email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// The billing first name.
    pub fn billing_first_name(mut self, name: impl Into<String>) -> Self {
        self.billing_first_name = Some(name.into());
        self
    }

    /// The billing last name.
    pub fn billing_last_name(mut self, name: impl Into<String>) -> Self {
        self.billing_last_name = Some(name.into());
        self
    }

    /// The customer id.
    pub fn customer_id(&self) -> &str {
        &self.customer_id
    }

    #[cfg(feature = "testing")]
    pub(crate) fn screen_name_ref(&self) -> &str {
        &self.screen_name
    }

    #[cfg(feature = "testing")]
    pub(crate) fn email_ref(&self) -> Option<&str> {
        self.email.as_deref()
    }
}

/// Changes to a subscriber: every field is optional; what is left out is not changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct SubscriberUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    new_customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    screen_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    billing_last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_method: Option<CardOnFile>,
}

/// `<payment-method><credit-card>…</credit-card></payment-method>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
struct CardOnFile {
    credit_card: CreditCard,
}

impl SubscriberUpdate {
    /// No change yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new customer id (`<new-customer-id>`); 403 when it is already in use.
    pub fn new_customer_id(mut self, id: impl Into<String>) -> Self {
        self.new_customer_id = Some(id.into());
        self
    }

    /// A new screen name.
    pub fn screen_name(mut self, name: impl Into<String>) -> Self {
        self.screen_name = Some(name.into());
        self
    }

    /// A new email address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// A new billing first name.
    pub fn billing_first_name(mut self, name: impl Into<String>) -> Self {
        self.billing_first_name = Some(name.into());
        self
    }

    /// A new billing last name.
    pub fn billing_last_name(mut self, name: impl Into<String>) -> Self {
        self.billing_last_name = Some(name.into());
        self
    }

    /// A new card on file (`<payment-method><credit-card>…`), with the Payments API.
    pub fn credit_card(mut self, card: CreditCard) -> Self {
        self.payment_method = Some(CardOnFile { credit_card: card });
        self
    }

    fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

#[derive(Serialize)]
struct PlanId {
    id: u64,
}

fn customer(field: &'static str, id: &str) -> Result<(), Error> {
    if id.trim().is_empty() {
        Err(Error::invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

impl Client {
    /// Every subscriber, as a stream (one request: Spreedly answers with every subscriber
    /// at once).
    pub fn list_subscribers(&self, filter: &SubscriberFilter) -> Pages<Subscriber, Error> {
        let client = self.clone();
        let filter = filter.clone();
        Pages::new(paykit_core::Cursor::Number(1), move |_| {
            let client = client.clone();
            let filter = filter.clone();
            async move { client.list_subscribers_page(&filter).await }
        })
    }

    /// Every subscriber, as one [`Page`].
    pub async fn list_subscribers_page(
        &self,
        filter: &SubscriberFilter,
    ) -> Result<Page<Subscriber>, Error> {
        let _ = filter;
        let request = Request::get("spreedly.list_subscribers", "/subscribers.xml");
        Ok(Page::single(self.send(request).await?))
    }

    /// The subscriber with your `customer_id` ([`Error::NotFound`] when there is none).
    pub async fn get_subscriber(&self, customer_id: &str) -> Result<Subscriber, Error> {
        customer("customer_id", customer_id)?;
        let request =
            Request::get("spreedly.get_subscriber", "/subscribers/{}.xml").arg(customer_id);
        self.send(request).await
    }

    /// Creates a subscriber. [`Error::Forbidden`] when the customer id is taken ("A
    /// subscriber with a customer-id of … already exists."); see
    /// [`Client::get_or_create_subscriber`].
    pub async fn create_subscriber(&self, subscriber: &NewSubscriber) -> Result<Subscriber, Error> {
        customer("customer_id", &subscriber.customer_id)?;
        let request = Request::post("spreedly.create_subscriber", "/subscribers.xml")
            .body(&self.codec, &Root("subscriber", subscriber));
        self.send(request).await
    }

    /// Creates the subscriber, or, when Spreedly answers that the customer id already
    /// exists (403), reads the existing one.
    pub async fn get_or_create_subscriber(
        &self,
        subscriber: &NewSubscriber,
    ) -> Result<Subscriber, Error> {
        match self.create_subscriber(subscriber).await {
            Err(Error::Forbidden(api))
                if api
                    .message
                    .as_deref()
                    .is_some_and(|m| m.to_ascii_lowercase().contains("already exists")) =>
            {
                self.get_subscriber(&subscriber.customer_id).await
            }
            other => other,
        }
    }

    /// Changes a subscriber. Spreedly documents no answer body: the subscriber is returned
    /// when the answer holds one. An empty update is refused before sending (Spreedly would
    /// answer 422 "You must specify subscriber parameters").
    pub async fn update_subscriber(
        &self,
        customer_id: &str,
        update: &SubscriberUpdate,
    ) -> Result<Option<Subscriber>, Error> {
        customer("customer_id", customer_id)?;
        if update.is_empty() {
            return Err(Error::invalid("update", "holds no change"));
        }
        if let Some(id) = &update.new_customer_id {
            customer("new_customer_id", id)?;
        }
        let request = Request::put("spreedly.update_subscriber", "/subscribers/{}.xml")
            .arg(customer_id)
            .body(&self.codec, &Root("subscriber", update));
        self.send_lenient(request).await
    }

    /// Deletes one subscriber. Test sites only: refused with [`Error::InvalidInput`] unless
    /// the client was built with [`crate::ClientBuilder::test_site`]`(true)`.
    pub async fn delete_subscriber(&self, customer_id: &str) -> Result<(), Error> {
        self.require_test_site("delete_subscriber")?;
        customer("customer_id", customer_id)?;
        let request =
            Request::delete("spreedly.delete_subscriber", "/subscribers/{}.xml").arg(customer_id);
        self.execute(request).await.map(drop)
    }

    /// Deletes every subscriber of the site. Test sites only, like
    /// [`Client::delete_subscriber`].
    pub async fn delete_all_subscribers(&self) -> Result<(), Error> {
        self.require_test_site("delete_all_subscribers")?;
        let request = Request::delete("spreedly.delete_all_subscribers", "/subscribers.xml");
        self.execute(request).await.map(drop)
    }

    /// Puts the subscriber on the free-trial plan `plan_id`. [`Error::Forbidden`] when the
    /// subscriber is not eligible or the plan is not a free-trial plan.
    pub async fn subscribe_to_free_trial(
        &self,
        customer_id: &str,
        plan_id: u64,
    ) -> Result<Subscriber, Error> {
        customer("customer_id", customer_id)?;
        let request = Request::post(
            "spreedly.subscribe_to_free_trial",
            "/subscribers/{}/subscribe_to_free_trial.xml",
        )
        .arg(customer_id)
        .body(
            &self.codec,
            &Root("subscription-plan", &PlanId { id: plan_id }),
        );
        self.send(request).await
    }

    /// Makes the subscriber eligible for another free trial.
    pub async fn allow_free_trial(&self, customer_id: &str) -> Result<Subscriber, Error> {
        customer("customer_id", customer_id)?;
        let request = Request::post(
            "spreedly.allow_free_trial",
            "/subscribers/{}/allow_free_trial.xml",
        )
        .arg(customer_id)
        // Allowing a trial twice has the effect of once.
        .idempotency(Idempotency::Safe);
        self.send(request).await
    }

    /// Moves the subscriber to the newest version of plan `plan_id`: no prorating, no
    /// invoice, no charge; the feature level changes at once and `active_until` stays. The
    /// subscriber is returned when the answer holds one.
    pub async fn change_plan(
        &self,
        customer_id: &str,
        plan_id: u64,
    ) -> Result<Option<Subscriber>, Error> {
        customer("customer_id", customer_id)?;
        let request = Request::put(
            "spreedly.change_plan",
            "/subscribers/{}/change_subscription_plan.xml",
        )
        .arg(customer_id)
        .body(
            &self.codec,
            &Root("subscription-plan", &PlanId { id: plan_id }),
        );
        self.send_lenient(request).await
    }

    /// Stops the subscriber's recurring subscription from renewing. The subscriber is
    /// returned when the answer holds one.
    pub async fn stop_auto_renew(&self, customer_id: &str) -> Result<Option<Subscriber>, Error> {
        customer("customer_id", customer_id)?;
        let request = Request::post(
            "spreedly.stop_auto_renew",
            "/subscribers/{}/stop_auto_renew.xml",
        )
        .arg(customer_id)
        // Stopping twice has the effect of once.
        .idempotency(Idempotency::Safe);
        self.send_lenient(request).await
    }
}
