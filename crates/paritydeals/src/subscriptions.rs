//! Subscriptions: update (change plan), cancel, list.

use paykit_core::{Idempotency, Json, Page, Pages, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::Date;

use crate::checkout::{FeatureQuantity, PriceSource};
use crate::client::Client;
use crate::enums::{CancellationType, ChargePeriod};
use crate::error::Error;
use crate::pages::ListCall;
use crate::reporting::decode_or_empty;
use crate::wire_time::{DATE, add_days, format_date};

/// A plan change for `POST /subscriptions/{id}/update/`.
///
/// ```
/// use paykit_paritydeals::{ChargePeriod, FeatureQuantity, SubscriptionUpdate};
///
/// let update = SubscriptionUpdate::new("scale", ChargePeriod::Yearly)
///     .pricing_table("table-1", "rule-eu")
///     .feature(FeatureQuantity::new("seats", 10));
/// # let _ = update;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SubscriptionUpdate {
    /// The new plan.
    pub plan_identifier: String,
    /// The new charge period.
    pub charge_period: ChargePeriod,
    /// The offering, or pricing table and rule.
    pub price_source: Option<PriceSource>,
    /// The buyer's IP address (`ipAddress` in both styles).
    pub ip_address: Option<String>,
    /// Features with quantities (`features` in both styles).
    pub features: Vec<FeatureQuantity>,
    /// What happens while payment is pending (`probation_behaviour`; values not documented).
    pub probation_behaviour: Option<String>,
    /// Further fields the server accepts (e.g. Kelviq's `trialEnd`), sent as they are.
    pub extra: Map<String, Value>,
}

impl SubscriptionUpdate {
    /// A change to `plan_identifier` charged every `charge_period`.
    pub fn new(plan_identifier: impl Into<String>, charge_period: ChargePeriod) -> Self {
        SubscriptionUpdate {
            plan_identifier: plan_identifier.into(),
            charge_period,
            price_source: None,
            ip_address: None,
            features: Vec::new(),
            probation_behaviour: None,
            extra: Map::new(),
        }
    }

    /// Uses an offering.
    pub fn offering_id(mut self, offering_id: impl Into<String>) -> Self {
        self.price_source = Some(PriceSource::Offering(offering_id.into()));
        self
    }

    /// Uses a pricing table and rule.
    pub fn pricing_table(
        mut self,
        pricing_table_id: impl Into<String>,
        rule_id: impl Into<String>,
    ) -> Self {
        self.price_source = Some(PriceSource::PricingTable {
            pricing_table_id: pricing_table_id.into(),
            rule_id: rule_id.into(),
        });
        self
    }

    /// Sets the IP address.
    pub fn ip_address(mut self, ip: impl Into<String>) -> Self {
        self.ip_address = Some(ip.into());
        self
    }

    /// Adds a feature quantity.
    pub fn feature(mut self, feature: FeatureQuantity) -> Self {
        self.features.push(feature);
        self
    }

    /// Sets the probation behaviour.
    pub fn probation_behaviour(mut self, behaviour: impl Into<String>) -> Self {
        self.probation_behaviour = Some(behaviour.into());
        self
    }

    /// Adds a field sent as it is.
    pub fn extra_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }

    fn body(&self, style: crate::WireStyle) -> Result<Value, Error> {
        if self.plan_identifier.is_empty() {
            return Err(Error::invalid("plan_identifier", "must not be empty"));
        }
        let key = |snake, camel| style.key(snake, camel);
        let mut body = self.extra.clone();
        body.insert(
            key("plan_identifier", "planIdentifier").into(),
            self.plan_identifier.clone().into(),
        );
        body.insert(
            key("charge_period", "chargePeriod").into(),
            self.charge_period.as_str().into(),
        );
        if let Some(source) = &self.price_source {
            source.put(&mut body, key);
        }
        if let Some(ip) = &self.ip_address {
            body.insert("ipAddress".into(), ip.clone().into());
        }
        if !self.features.is_empty() {
            body.insert(
                "features".into(),
                serde_json::to_value(&self.features).unwrap_or_default(),
            );
        }
        if let Some(probation) = &self.probation_behaviour {
            body.insert(
                key("probation_behaviour", "probationBehaviour").into(),
                probation.clone().into(),
            );
        }
        Ok(Value::Object(body))
    }
}

/// When a subscription ends. A specific date is part of the variant, so a `SPECIFIC_DATE`
/// without a date (or another type with one) cannot be expressed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cancellation {
    /// `IMMEDIATE`.
    Immediate,
    /// `CURRENT_PERIOD_ENDS`.
    CurrentPeriodEnds,
    /// `SPECIFIC_DATE` with its `cancellationDate`.
    SpecificDate(Date),
}

impl Cancellation {
    /// From the wire's two fields, as a form or a config file gives them. A `SPECIFIC_DATE`
    /// without a date, a date that is not `YYYY-MM-DD`, a date with another type, or an
    /// unknown type is [`Error::InvalidInput`].
    ///
    /// ```
    /// use paykit_paritydeals::{Cancellation, CancellationType, Error};
    ///
    /// let at = Cancellation::from_parts(CancellationType::SpecificDate, Some("2026-06-30")).unwrap();
    /// assert_eq!(at.kind(), CancellationType::SpecificDate);
    /// let missing = Cancellation::from_parts(CancellationType::SpecificDate, None);
    /// assert!(matches!(missing, Err(Error::InvalidInput { field: "cancellation_date", .. })));
    /// ```
    pub fn from_parts(kind: CancellationType, date: Option<&str>) -> Result<Cancellation, Error> {
        match (kind, date) {
            (CancellationType::SpecificDate, Some(text)) => Date::parse(text.trim(), DATE)
                .map(Cancellation::SpecificDate)
                .map_err(|_| {
                    Error::invalid(
                        "cancellation_date",
                        format!("{text:?} is not a date of the form YYYY-MM-DD"),
                    )
                }),
            (CancellationType::SpecificDate, None) => Err(Error::invalid(
                "cancellation_date",
                "is required when the cancellation type is SPECIFIC_DATE",
            )),
            (CancellationType::Immediate | CancellationType::CurrentPeriodEnds, Some(_)) => Err(
                Error::invalid("cancellation_date", "is only allowed with SPECIFIC_DATE"),
            ),
            (CancellationType::Immediate, None) => Ok(Cancellation::Immediate),
            (CancellationType::CurrentPeriodEnds, None) => Ok(Cancellation::CurrentPeriodEnds),
            (other, _) => Err(Error::invalid(
                "cancellation_type",
                format!("{other} is not a cancellation type this client knows"),
            )),
        }
    }

    /// `SPECIFIC_DATE`, `days` days after `from` (before it when negative), e.g. thirty days
    /// from today: `Cancellation::days_after(OffsetDateTime::now_utc().date(), 30)`. A day
    /// outside the calendar `time::Date` covers is [`Error::InvalidInput`], never a panic.
    ///
    /// ```
    /// use paykit_paritydeals::Cancellation;
    /// use paykit_paritydeals::time::{Date, Month};
    ///
    /// let from = Date::from_calendar_date(2026, Month::May, 31).unwrap();
    /// let at = Cancellation::days_after(from, 30).unwrap();
    /// assert_eq!(at.date().unwrap().to_string(), "2026-06-30");
    /// assert!(Cancellation::days_after(Date::MAX, 1).is_err());
    /// ```
    pub fn days_after(from: Date, days: i64) -> Result<Cancellation, Error> {
        add_days(from, days)
            .map(Cancellation::SpecificDate)
            .ok_or_else(|| {
                Error::invalid(
                    "cancellation_date",
                    format!("{from} moved by {days} days leaves the calendar"),
                )
            })
    }

    /// The wire type.
    pub fn kind(&self) -> CancellationType {
        match self {
            Cancellation::Immediate => CancellationType::Immediate,
            Cancellation::CurrentPeriodEnds => CancellationType::CurrentPeriodEnds,
            Cancellation::SpecificDate(_) => CancellationType::SpecificDate,
        }
    }

    /// The date, for `SpecificDate`.
    pub fn date(&self) -> Option<Date> {
        match self {
            Cancellation::SpecificDate(date) => Some(*date),
            _ => None,
        }
    }

    fn body(&self, style: crate::WireStyle) -> Result<Value, Error> {
        let mut body = Map::new();
        body.insert(
            style.key("cancellation_type", "cancellationType").into(),
            self.kind().as_str().into(),
        );
        if let Some(date) = self.date() {
            let text = format_date(date).ok_or_else(|| {
                Error::invalid("cancellation_date", "must fall in the years 0 to 9999")
            })?;
            body.insert(
                style.key("cancellation_date", "cancellationDate").into(),
                text.into(),
            );
        }
        Ok(Value::Object(body))
    }
}

/// The answer to a plan change: `{subscriptionId}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdatedSubscription {
    /// The subscription (possibly a new id).
    #[serde(default, alias = "subscription_id")]
    pub subscription_id: Option<String>,
}

/// The answer to a cancellation: `{message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CancelledSubscription {
    /// The server's message.
    #[serde(default)]
    pub message: Option<String>,
}

/// A subscription as listed. Only a few fields are documented, so every field is kept in
/// `fields` as well.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Subscription {
    /// The subscription's id (`subscriptionId`, or `id`).
    #[serde(default, alias = "subscription_id")]
    pub subscription_id: Option<String>,
    /// The customer.
    #[serde(default, alias = "customer_id")]
    pub customer_id: Option<String>,
    /// The plan.
    #[serde(default, alias = "plan_identifier")]
    pub plan_identifier: Option<String>,
    /// The charge period.
    #[serde(default, alias = "charge_period")]
    pub charge_period: Option<ChargePeriod>,
    /// The status, as sent.
    #[serde(default)]
    pub status: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl Subscription {
    /// `subscriptionId`, or else the `id` field.
    pub fn id(&self) -> Option<&str> {
        self.subscription_id
            .as_deref()
            .or_else(|| self.fields.get("id").and_then(Value::as_str))
    }
}

fn check_id(subscription_id: &str) -> Result<(), Error> {
    if subscription_id.is_empty() {
        return Err(Error::invalid("subscription_id", "must not be empty"));
    }
    Ok(())
}

/// Which subscriptions [`Client::list_subscriptions`] returns.
///
/// ```
/// use paykit_paritydeals::SubscriptionFilter;
///
/// let filter = SubscriptionFilter::new().customer_id("cus_42").page_size(50);
/// # let _ = filter;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubscriptionFilter {
    /// Only this customer's subscriptions (`customer_id`).
    pub customer_id: Option<String>,
    /// The page to read (from 1; default the first).
    pub page: Option<u64>,
    /// Subscriptions per page (the server's default when unset).
    pub page_size: Option<u64>,
}

impl SubscriptionFilter {
    /// Every subscription, from the first page, at the server's page size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only this customer's subscriptions.
    pub fn customer_id(mut self, customer_id: impl Into<String>) -> Self {
        self.customer_id = Some(customer_id.into());
        self
    }

    /// The page to read (from 1): the one page of [`Client::list_subscriptions_page`], or
    /// where the stream of [`Client::list_subscriptions`] starts.
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }

    /// Subscriptions per page.
    pub fn page_size(mut self, page_size: u64) -> Self {
        self.page_size = Some(page_size);
        self
    }

    fn call(&self) -> ListCall {
        ListCall {
            operation: "paritydeals.list_subscriptions",
            path: "/subscriptions/",
            query: self
                .customer_id
                .iter()
                .map(|c| ("customer_id".to_owned(), c.clone()))
                .collect(),
            page: self.page,
            page_size: self.page_size,
        }
    }
}

impl Client {
    /// Changes a subscription's plan (`POST /subscriptions/{id}/update/`). Never resent
    /// once it may have reached the server.
    pub async fn update_subscription(
        &self,
        subscription_id: &str,
        update: &SubscriptionUpdate,
    ) -> Result<UpdatedSubscription, Error> {
        check_id(subscription_id)?;
        let body = update.body(self.style)?;
        let request = Request::post(
            "paritydeals.update_subscription",
            "/subscriptions/{}/update/",
        )
        .arg(subscription_id)
        .idempotency(Idempotency::Never)
        .body(&Json, &body);
        decode_or_empty(self.execute_api(request).await?)
    }

    /// Cancels a subscription (`POST /subscriptions/{id}/cancel/`). Never resent once it may
    /// have reached the server.
    pub async fn cancel_subscription(
        &self,
        subscription_id: &str,
        cancellation: &Cancellation,
    ) -> Result<CancelledSubscription, Error> {
        check_id(subscription_id)?;
        let request = Request::post(
            "paritydeals.cancel_subscription",
            "/subscriptions/{}/cancel/",
        )
        .arg(subscription_id)
        .idempotency(Idempotency::Never)
        .body(&Json, &cancellation.body(self.style)?);
        decode_or_empty(self.execute_api(request).await?)
    }

    /// Cancels from the wire's two fields (see [`Cancellation::from_parts`]): an invalid
    /// combination is [`Error::InvalidInput`] and nothing is sent.
    pub async fn cancel_subscription_with(
        &self,
        subscription_id: &str,
        kind: CancellationType,
        date: Option<&str>,
    ) -> Result<CancelledSubscription, Error> {
        let cancellation = Cancellation::from_parts(kind, date)?;
        self.cancel_subscription(subscription_id, &cancellation)
            .await
    }

    /// Every subscription the filter selects, fetched page by page as the stream is read
    /// (`GET /subscriptions/?customer_id=..`, following the `next` links).
    pub fn list_subscriptions(&self, filter: &SubscriptionFilter) -> Pages<Subscription, Error> {
        filter.call().pages(self.clone())
    }

    /// The one page of subscriptions the filter names, with the item total.
    pub async fn list_subscriptions_page(
        &self,
        filter: &SubscriptionFilter,
    ) -> Result<Page<Subscription>, Error> {
        filter.call().page(self).await
    }
}
