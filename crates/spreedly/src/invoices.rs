//! Invoices (the Payments API): create one for a plan, pay it with a card or the account on
//! file. Both are sent with [`paykit_core::Idempotency::Never`].

use paykit_core::{Idempotency, Request};
use serde::Serialize;

use crate::models::Invoice;
use crate::subscribers::NewSubscriber;
use crate::values::CardType;
use crate::xml::Root;
use crate::{Client, Error};

/// An invoice to create: for plan `plan_id` and a subscriber (created by Spreedly when it
/// does not exist yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct NewInvoice {
    subscription_plan_id: u64,
    subscriber: NewSubscriber,
}

impl NewInvoice {
    /// An invoice for plan `plan_id` billed to `subscriber`.
    pub fn new(plan_id: u64, subscriber: NewSubscriber) -> Self {
        NewInvoice {
            subscription_plan_id: plan_id,
            subscriber,
        }
    }
}

/// A credit card to pay with. Its `Debug` hides the number and the verification value.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct CreditCard {
    number: String,
    card_type: CardType,
    verification_value: String,
    month: u8,
    year: u16,
    first_name: String,
    last_name: String,
}

impl std::fmt::Debug for CreditCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let last4: String = self
            .number
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        f.debug_struct("CreditCard")
            .field("number", &format!("…{last4}"))
            .field("card_type", &self.card_type)
            .field("month", &self.month)
            .field("year", &self.year)
            .finish_non_exhaustive()
    }
}

impl CreditCard {
    /// A card: number, type, verification value (CVV), expiry month and year, and the
    /// holder's first and last name.
    pub fn new(
        number: impl Into<String>,
        card_type: CardType,
        verification_value: impl Into<String>,
        month: u8,
        year: u16,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Self {
        CreditCard {
            number: number.into(),
            card_type,
            verification_value: verification_value.into(),
            month,
            year,
            first_name: first_name.into(),
            last_name: last_name.into(),
        }
    }
}

/// How an invoice is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Payment {
    account_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_card: Option<CreditCard>,
}

impl Payment {
    /// With a credit card (`<account-type>credit-card</account-type>`).
    pub fn credit_card(card: CreditCard) -> Self {
        Payment {
            account_type: "credit-card",
            credit_card: Some(card),
        }
    }

    /// With the payment account on file (`<account-type>on-file</account-type>`).
    pub fn on_file() -> Self {
        Payment {
            account_type: "on-file",
            credit_card: None,
        }
    }
}

impl Client {
    /// Creates an invoice. [`Error::NotFound`] for an unknown plan, [`Error::Forbidden`] for
    /// a disabled one.
    pub async fn create_invoice(&self, invoice: &NewInvoice) -> Result<Invoice, Error> {
        let request = Request::post("spreedly.create_invoice", "/invoices.xml")
            .idempotency(Idempotency::Never)
            .body(&self.codec, &Root("invoice", invoice));
        self.send(request).await
    }

    /// Pays the invoice `invoice_token`; the answer is the invoice, now closed.
    /// [`Error::Forbidden`] when it was already closed, [`Error::Validation`] when the card
    /// is refused. Never resent once it may have reached Spreedly (although it is a PUT).
    pub async fn pay_invoice(
        &self,
        invoice_token: &str,
        payment: &Payment,
    ) -> Result<Invoice, Error> {
        if invoice_token.trim().is_empty() {
            return Err(Error::invalid("invoice_token", "must not be empty"));
        }
        let request = Request::put("spreedly.pay_invoice", "/invoices/{}/pay.xml")
            .arg(invoice_token)
            .idempotency(Idempotency::Never)
            .body(&self.codec, &Root("payment", payment));
        self.send(request).await
    }
}
