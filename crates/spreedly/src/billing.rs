//! Money on a subscriber: complimentary subscriptions and time, store credit, fees.
//!
//! Every call here is sent with [`paykit_core::Idempotency::Never`]: once it may have
//! reached Spreedly it is never sent again by a retry.

use paykit_core::{Idempotency, Request};
use rust_decimal::Decimal;
use serde::Serialize;
use time::OffsetDateTime;

use crate::client::TimeExtensionPath;
use crate::models::Subscriber;
use crate::values::{DurationUnits, ser_opt_datetime};
use crate::xml::Root;
use crate::{Client, Error};

/// A complimentary subscription: `NewComplimentarySubscription::new(quantity, units,
/// feature_level)`, with an optional start time and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct NewComplimentarySubscription {
    duration_quantity: u32,
    duration_units: DurationUnits,
    feature_level: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_datetime"
    )]
    start_time: Option<OffsetDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Decimal>,
}

impl NewComplimentarySubscription {
    /// `duration_quantity` `duration_units` of `feature_level`.
    pub fn new(
        duration_quantity: u32,
        duration_units: DurationUnits,
        feature_level: impl Into<String>,
    ) -> Self {
        NewComplimentarySubscription {
            duration_quantity,
            duration_units,
            feature_level: feature_level.into(),
            start_time: None,
            amount: None,
        }
    }

    /// When it starts (sent as `<start-time>` in UTC).
    pub fn start_time(mut self, at: OffsetDateTime) -> Self {
        self.start_time = Some(at);
        self
    }

    /// The amount recorded for it.
    pub fn amount(mut self, amount: Decimal) -> Self {
        self.amount = Some(amount);
        self
    }
}

/// More complimentary time for an active subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct NewComplimentaryTimeExtension {
    duration_quantity: u32,
    duration_units: DurationUnits,
}

impl NewComplimentaryTimeExtension {
    /// `duration_quantity` `duration_units` more.
    pub fn new(duration_quantity: u32, duration_units: DurationUnits) -> Self {
        NewComplimentaryTimeExtension {
            duration_quantity,
            duration_units,
        }
    }
}

/// A one-off fee added to the subscriber's next invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct NewFee {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    group: String,
    amount: Decimal,
}

impl NewFee {
    /// A fee called `name` in `group` (fees of one group become one invoice line) of
    /// `amount`.
    pub fn new(name: impl Into<String>, group: impl Into<String>, amount: Decimal) -> Self {
        NewFee {
            name: name.into(),
            description: None,
            group: group.into(),
            amount,
        }
    }

    /// What the fee is for.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct FeatureLevel<'a> {
    feature_level: &'a str,
}

#[derive(Serialize)]
struct Credit {
    amount: Decimal,
}

impl Client {
    /// Gives an inactive subscriber a complimentary subscription. [`Error::Forbidden`] when
    /// the subscriber is already active.
    pub async fn create_complimentary_subscription(
        &self,
        customer_id: &str,
        comp: &NewComplimentarySubscription,
    ) -> Result<Subscriber, Error> {
        if comp.duration_quantity == 0 {
            return Err(Error::invalid("duration_quantity", "must be at least 1"));
        }
        let request = Request::post(
            "spreedly.create_complimentary_subscription",
            "/subscribers/{}/complimentary_subscriptions.xml",
        )
        .arg(customer_id)
        .idempotency(Idempotency::Never)
        .body(&self.codec, &Root("complimentary-subscription", comp));
        self.send(request).await
    }

    /// Extends an active subscriber's time. [`Error::Forbidden`] when the subscriber is
    /// inactive. The path is the plural `complimentary_time_extensions.xml` unless the
    /// client was built with [`TimeExtensionPath::Singular`].
    pub async fn create_complimentary_time_extension(
        &self,
        customer_id: &str,
        extension: &NewComplimentaryTimeExtension,
    ) -> Result<Subscriber, Error> {
        if extension.duration_quantity == 0 {
            return Err(Error::invalid("duration_quantity", "must be at least 1"));
        }
        let template = match self.time_extension_path() {
            TimeExtensionPath::Singular => "/subscribers/{}/complimentary_time_extension.xml",
            _ => "/subscribers/{}/complimentary_time_extensions.xml",
        };
        let request = Request::post("spreedly.create_complimentary_time_extension", template)
            .arg(customer_id)
            .idempotency(Idempotency::Never)
            .body(
                &self.codec,
                &Root("complimentary-time-extension", extension),
            );
        self.send(request).await
    }

    /// Gives the subscriber a lifetime complimentary subscription at `feature_level` (200
    /// and 201 are both success).
    pub async fn create_lifetime_complimentary_subscription(
        &self,
        customer_id: &str,
        feature_level: &str,
    ) -> Result<Subscriber, Error> {
        if feature_level.trim().is_empty() {
            return Err(Error::invalid("feature_level", "must not be empty"));
        }
        let request = Request::post(
            "spreedly.create_lifetime_complimentary_subscription",
            "/subscribers/{}/lifetime_complimentary_subscriptions.xml",
        )
        .arg(customer_id)
        .idempotency(Idempotency::Never)
        .body(
            &self.codec,
            &Root(
                "lifetime-complimentary-subscription",
                &FeatureLevel { feature_level },
            ),
        );
        self.send(request).await
    }

    /// Adds store credit (negative to take some away, as long as the total stays at or
    /// above zero: [`Error::Validation`] otherwise). The subscriber is returned when the
    /// answer holds one.
    pub async fn add_store_credit(
        &self,
        customer_id: &str,
        amount: Decimal,
    ) -> Result<Option<Subscriber>, Error> {
        let request = Request::post("spreedly.add_store_credit", "/subscribers/{}/credits.xml")
            .arg(customer_id)
            .idempotency(Idempotency::Never)
            .body(&self.codec, &Root("credit", &Credit { amount }));
        self.send_lenient(request).await
    }

    /// Adds a fee to an active, recurring subscriber's next invoice ([`Error::Validation`]
    /// for others).
    pub async fn add_fee(&self, customer_id: &str, fee: &NewFee) -> Result<(), Error> {
        if fee.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        let request = Request::post("spreedly.add_fee", "/subscribers/{}/fees.xml")
            .arg(customer_id)
            .idempotency(Idempotency::Never)
            .body(&self.codec, &Root("fee", fee));
        self.execute(request).await.map(drop)
    }
}
