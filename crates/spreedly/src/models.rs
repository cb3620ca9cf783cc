//! What Spreedly answers: plans, subscribers, invoices, transactions.
//!
//! Every model is lenient: fields Spreedly leaves out or sends empty are `None` (or `false`
//! for flags), `_` and `-` spellings of a name are one field, `customer-id` may be a number
//! or a string.

use rust_decimal::Decimal;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::values::{
    DurationUnits, PlanType, bool_or_false, opt_datetime, opt_money, opt_string_or_number,
    string_or_number,
};

/// A subscription plan (`<subscription-plan>`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Plan {
    /// The plan's id.
    pub id: u64,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// The terms as text ("1 month", "Lifetime").
    pub terms: Option<String>,
    /// `regular` or `free_trial`.
    pub plan_type: Option<PlanType>,
    /// The price (read from a decimal or a formatted `$24.00`).
    #[serde(default, deserialize_with = "opt_money")]
    pub price: Option<Decimal>,
    /// The amount charged.
    #[serde(default, deserialize_with = "opt_money")]
    pub amount: Option<Decimal>,
    /// ISO 4217 currency code.
    pub currency_code: Option<String>,
    /// How many `duration_units` one period lasts.
    pub duration_quantity: Option<u32>,
    /// Days or months.
    pub duration_units: Option<DurationUnits>,
    /// Whether the first period is charged after it ends.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub charge_after_first_period: bool,
    /// Delay before the first charge.
    pub charge_later_duration_quantity: Option<u32>,
    /// Unit of that delay.
    pub charge_later_duration_units: Option<DurationUnits>,
    /// Whether the plan can be subscribed to.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub enabled: bool,
    /// Whether subscriptions always recur.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub force_recurring: bool,
    /// Whether the plan needs renewing.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub needs_to_be_renewed: bool,
    /// The feature level the plan grants.
    pub feature_level: Option<String>,
    /// Where the hosted pages return to.
    pub return_url: Option<String>,
    /// The minimum amount charged.
    #[serde(default, deserialize_with = "opt_money")]
    pub minimum_needed_for_charge: Option<Decimal>,
    /// A setup fee.
    #[serde(default, deserialize_with = "opt_money")]
    pub setup_fee_amount: Option<Decimal>,
    /// What the setup fee is for.
    pub setup_fee_description: Option<String>,
    /// The setup fee's currency.
    pub setup_fee_currency_code: Option<String>,
    /// The plan's version.
    pub version: Option<u64>,
    /// When it was created.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub updated_at: Option<OffsetDateTime>,
}

impl Plan {
    /// Whether this is a free-trial plan.
    pub fn is_free_trial(&self) -> bool {
        self.plan_type == Some(PlanType::FreeTrial)
    }
}

/// A subscriber (`<subscriber>`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Subscriber {
    /// Your own id for the customer (sent as a number or a string; kept as text).
    #[serde(deserialize_with = "string_or_number")]
    pub customer_id: String,
    /// The screen name.
    pub screen_name: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// The subscriber token (for the hosted pages).
    pub token: Option<String>,
    /// Whether the subscription is active.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub active: bool,
    /// Active until this instant (`None`: not active, or lifetime).
    #[serde(default, deserialize_with = "opt_datetime")]
    pub active_until: Option<OffsetDateTime>,
    /// On a free trial.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub on_trial: bool,
    /// On a gift.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub on_gift: bool,
    /// On a metered plan.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub on_metered: bool,
    /// Whether the subscription renews automatically.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub recurring: bool,
    /// Whether a free trial may still be taken.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub eligible_for_free_trial: bool,
    /// Whether a setup fee applies.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub eligible_for_setup_fee: bool,
    /// A lifetime subscription.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub lifetime_subscription: bool,
    /// The feature level.
    pub feature_level: Option<String>,
    /// The plan's name.
    pub subscription_plan_name: Option<String>,
    /// Whether the card on file expires before the next renewal.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub card_expires_before_next_auto_renew: bool,
    /// End of the grace period.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub grace_until: Option<OffsetDateTime>,
    /// In the grace period (`in-grace-period` or `in_grace_period`).
    #[serde(default, deserialize_with = "bool_or_false")]
    pub in_grace_period: bool,
    /// Ready to renew.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub ready_to_renew: bool,
    /// Since when it is ready to renew.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub ready_to_renew_since: Option<OffsetDateTime>,
    /// Store credit (never below zero).
    #[serde(default, deserialize_with = "opt_money")]
    pub store_credit: Option<Decimal>,
    /// The store credit's currency.
    pub store_credit_currency_code: Option<String>,
    /// Billing first name.
    pub billing_first_name: Option<String>,
    /// Billing last name.
    pub billing_last_name: Option<String>,
    /// Billing street address.
    pub billing_address1: Option<String>,
    /// Billing city.
    pub billing_city: Option<String>,
    /// Billing state.
    pub billing_state: Option<String>,
    /// Billing postal code.
    pub billing_zip: Option<String>,
    /// Billing country.
    pub billing_country: Option<String>,
    /// Billing phone number.
    pub billing_phone_number: Option<String>,
    /// Whether a payment account is on file.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub payment_account_on_file: bool,
    /// The payment account as displayed (e.g. a masked card).
    pub payment_account_display: Option<String>,
    /// An id for paging.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub pagination_id: Option<String>,
    /// The subscriber's invoices (single reads only).
    #[serde(default)]
    pub invoices: Vec<Invoice>,
    /// When it was created.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub updated_at: Option<OffsetDateTime>,
}

/// An invoice (`<invoice>`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Invoice {
    /// The invoice token (what [`crate::Client::pay_invoice`] takes).
    pub token: String,
    /// Whether it was paid.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub closed: bool,
    /// The amount.
    #[serde(default, deserialize_with = "opt_money")]
    pub amount: Option<Decimal>,
    /// The amount formatted (`$24.00`).
    pub price: Option<String>,
    /// ISO 4217 currency code.
    pub currency_code: Option<String>,
    /// The subscriber's customer id, when sent.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub customer_id: Option<String>,
    /// The subscriber.
    pub subscriber: Option<Box<Subscriber>>,
    /// The lines.
    #[serde(default)]
    pub line_items: Vec<LineItem>,
    /// Store credit used, as sent.
    pub subscriber_store_credit: Option<String>,
    /// The gateway's response message.
    pub response_message: Option<String>,
    /// The message for the client.
    pub response_client_message: Option<String>,
    /// The message for the customer.
    pub response_customer_message: Option<String>,
    /// When it was created.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub updated_at: Option<OffsetDateTime>,
}

/// One line of an [`Invoice`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct LineItem {
    /// The amount.
    #[serde(default, deserialize_with = "opt_money")]
    pub amount: Option<Decimal>,
    /// The amount formatted.
    pub price: Option<String>,
    /// ISO 4217 currency code.
    pub currency_code: Option<String>,
    /// What it is for.
    pub description: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The plan version paid for (after payment).
    pub subscription_plan_version_id: Option<u64>,
}

/// A transaction (`<transaction>`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Transaction {
    /// The id (what [`crate::TransactionFilter::since_id`] takes).
    pub id: u64,
    /// The amount.
    #[serde(default, deserialize_with = "opt_money")]
    pub amount: Option<Decimal>,
    /// The amount formatted.
    pub price: Option<String>,
    /// ISO 4217 currency code.
    pub currency_code: Option<String>,
    /// What it was.
    pub description: Option<String>,
    /// The kind of detail (e.g. `Subscription`, `Payment`).
    pub detail_type: Option<String>,
    /// The subscriber's customer id.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub subscriber_customer_id: Option<String>,
    /// The invoice, when one.
    pub invoice_id: Option<u64>,
    /// The terms.
    pub terms: Option<String>,
    /// Its details.
    pub detail: Option<TransactionDetail>,
    /// When the period starts.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub start_time: Option<OffsetDateTime>,
    /// When it expires.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub expires_at: Option<OffsetDateTime>,
    /// When it was created.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed.
    #[serde(default, deserialize_with = "opt_datetime")]
    pub updated_at: Option<OffsetDateTime>,
}

/// The `<detail>` of a [`Transaction`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct TransactionDetail {
    /// How it was paid.
    pub payment_method: Option<String>,
    /// Whether it recurs.
    #[serde(default, deserialize_with = "bool_or_false")]
    pub recurring: bool,
    /// The feature level.
    pub feature_level: Option<String>,
}
