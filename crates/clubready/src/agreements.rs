//! Agreements: starting one (for a member or a new user), its contract text, and its sale
//! split across payment methods.

use std::net::IpAddr;

use paykit_core::Idempotency;
use paykit_core::reqwest::Method;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use time::Date;

use crate::error::Error;
use crate::payment::PaymentMethod;
use crate::values::setters;
use crate::{Client, wire};

/// An agreement to start for an existing member: `NewAgreement::new(member_id,
/// package_id, client_ip)`. The client's IP travels as `X-Forwarded-For`, which ClubReady
/// requires here.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewAgreement {
    #[serde(skip)]
    pub(crate) member_id: u64,
    pub(crate) package_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) installment_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_iso")]
    pub(crate) start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) promo_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) staff_id: Option<u64>,
    #[serde(skip)]
    pub(crate) client_ip: IpAddr,
}

fn opt_iso<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&wire::iso_date(*d)),
        None => s.serialize_none(),
    }
}

impl NewAgreement {
    /// An agreement for `member_id` buying `package_id`, on behalf of the end user at
    /// `client_ip`.
    ///
    /// ClubReady requires the end user's IP (`X-Forwarded-For`) on the agreement calls, so
    /// none of them can be built without one:
    ///
    /// ```compile_fail
    /// let agreement = paykit_clubready::NewAgreement::new(42, 7);
    /// ```
    ///
    /// ```
    /// let agreement = paykit_clubready::NewAgreement::new(42, 7, "203.0.113.9".parse().unwrap());
    /// ```
    pub fn new(member_id: u64, package_id: u64, client_ip: IpAddr) -> Self {
        NewAgreement {
            member_id,
            package_id,
            installment_id: None,
            start_date: None,
            promo_code: None,
            staff_id: None,
            client_ip,
        }
    }

    setters! {
        /// The installment plan ([`crate::InstallmentPlan::id`]).
        installment_id: u64,
        /// When it starts.
        start_date: Date,
        /// A promo code.
        promo_code: into String,
        /// The staff member selling.
        staff_id: u64,
    }
}

/// An agreement to start for a new user: `NewUserAgreement::new(first, last, email,
/// package_id, client_ip)`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewUserAgreement {
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) package_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) installment_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_iso")]
    pub(crate) start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) promo_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) staff_id: Option<u64>,
    #[serde(skip)]
    pub(crate) client_ip: IpAddr,
}

impl NewUserAgreement {
    /// An agreement for a new user, on behalf of the end user at `client_ip`.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        package_id: u64,
        client_ip: IpAddr,
    ) -> Self {
        NewUserAgreement {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: email.into(),
            package_id,
            phone: None,
            installment_id: None,
            start_date: None,
            promo_code: None,
            staff_id: None,
            client_ip,
        }
    }

    setters! {
        /// Phone.
        phone: into String,
        /// The installment plan.
        installment_id: u64,
        /// When it starts.
        start_date: Date,
        /// A promo code.
        promo_code: into String,
        /// The staff member selling.
        staff_id: u64,
    }
}

/// An agreement started, not yet sold.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct IncompleteAgreement {
    /// The token the contract text and the sale take.
    #[serde(
        default,
        rename = "incompleteAgreementToken",
        alias = "IncompleteAgreementToken",
        deserialize_with = "wire::text"
    )]
    pub incomplete_agreement_token: Option<String>,
    /// The contract.
    #[serde(
        default,
        rename = "contractId",
        alias = "ContractId",
        deserialize_with = "wire::id_opt::deserialize"
    )]
    pub contract_id: Option<u64>,
    /// The user (new or existing).
    #[serde(
        default,
        rename = "userId",
        alias = "UserId",
        alias = "memberId",
        alias = "MemberId",
        deserialize_with = "wire::id_opt::deserialize"
    )]
    pub user_id: Option<u64>,
    /// The server's message.
    #[serde(
        default,
        rename = "message",
        alias = "Message",
        deserialize_with = "wire::text"
    )]
    pub message: Option<String>,
}

/// The contract text of an incomplete agreement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ContractText {
    /// The contract as HTML.
    #[serde(
        default,
        rename = "contractHtml",
        alias = "ContractHtml",
        deserialize_with = "wire::text"
    )]
    pub contract_html: Option<String>,
    /// The token, echoed.
    #[serde(
        default,
        rename = "incompleteAgreementToken",
        alias = "IncompleteAgreementToken",
        deserialize_with = "wire::text"
    )]
    pub incomplete_agreement_token: Option<String>,
}

/// The sale of an incomplete agreement: `AgreementSale::new(member_id, token,
/// payment_amount, client_ip)`, optionally split across [`PaymentMethod`]s (without them,
/// the member's preferred method on file pays).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AgreementSale {
    pub(crate) member_id: u64,
    pub(crate) incomplete_agreement_token: String,
    #[serde(with = "wire::decimal")]
    pub(crate) payment_amount: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) promo_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) staff_id: Option<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) payment_methods: Vec<PaymentMethod>,
    #[serde(skip)]
    pub(crate) client_ip: IpAddr,
}

impl AgreementSale {
    /// Sells the agreement `incomplete_agreement_token` to `member_id` for
    /// `payment_amount` (tax included), on behalf of the end user at `client_ip`.
    pub fn new(
        member_id: u64,
        incomplete_agreement_token: impl Into<String>,
        payment_amount: Decimal,
        client_ip: IpAddr,
    ) -> Self {
        AgreementSale {
            member_id,
            incomplete_agreement_token: incomplete_agreement_token.into(),
            payment_amount,
            promo_code: None,
            staff_id: None,
            payment_methods: Vec::new(),
            client_ip,
        }
    }

    setters! {
        /// A promo code.
        promo_code: into String,
        /// The staff member selling.
        staff_id: u64,
    }

    /// Adds a payment method (in order: the first pays first).
    pub fn payment_method(mut self, method: PaymentMethod) -> Self {
        self.payment_methods.push(method);
        self
    }

    /// The payment methods, replacing any set before.
    pub fn payment_methods(mut self, methods: impl IntoIterator<Item = PaymentMethod>) -> Self {
        self.payment_methods = methods.into_iter().collect();
        self
    }

    fn tokens(&self) -> Vec<&str> {
        self.payment_methods
            .iter()
            .filter_map(|m| match m {
                PaymentMethod::AcctToken { token, .. } => Some(token.expose()),
                PaymentMethod::ProfileToken { token, .. } => Some(token.expose()),
                PaymentMethod::Preferred { .. } => None,
            })
            .collect()
    }
}

/// A completed sale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AgreementSaleResult {
    /// The contract sold.
    #[serde(
        default,
        rename = "contractId",
        alias = "ContractId",
        deserialize_with = "wire::id_opt::deserialize"
    )]
    pub contract_id: Option<u64>,
    /// The server's message.
    #[serde(
        default,
        rename = "message",
        alias = "Message",
        deserialize_with = "wire::text"
    )]
    pub message: Option<String>,
}

impl Client {
    /// Starts an agreement for a member: `POST /sales/agreement/add` (with
    /// `X-Forwarded-For`).
    pub async fn add_agreement(
        &self,
        agreement: &NewAgreement,
    ) -> Result<IncompleteAgreement, Error> {
        let request = self
            .store_request_for(
                "clubready.add_agreement",
                Method::POST,
                "/sales/agreement/add",
            )?
            .query("MemberId", agreement.member_id.to_string())
            .idempotency(Idempotency::Never);
        let request = Client::forwarded_for(request, agreement.client_ip);
        let request = self.body(request, agreement);
        self.send(request).await
    }

    /// Starts an agreement for a new user: `POST /sales/agreement/addNewUser` (with
    /// `X-Forwarded-For`).
    pub async fn add_agreement_new_user(
        &self,
        agreement: &NewUserAgreement,
    ) -> Result<IncompleteAgreement, Error> {
        let request = self
            .store_request_for(
                "clubready.add_agreement_new_user",
                Method::POST,
                "/sales/agreement/addNewUser",
            )?
            .idempotency(Idempotency::Never);
        let request = Client::forwarded_for(request, agreement.client_ip);
        let request = self.body(request, agreement);
        self.send(request).await
    }

    /// The contract text of an incomplete agreement: `GET /sales/agreement/contract`.
    pub async fn get_agreement_contract(
        &self,
        incomplete_agreement_token: &str,
    ) -> Result<ContractText, Error> {
        let request = self
            .store_request(
                "clubready.get_agreement_contract",
                Method::GET,
                "/sales/agreement/contract",
            )?
            .query("IncompleteAgreementToken", incomplete_agreement_token);
        self.send(request).await
    }

    /// Sells an agreement: `POST /sales/agreement/sale` (with `X-Forwarded-For`). A
    /// declined payment is [`Error::Refused`]. **Never resent** once it may have reached
    /// the server: on an error with [`Error::maybe_sent`], check the member's contracts
    /// before selling again.
    pub async fn create_agreement_sale(
        &self,
        sale: &AgreementSale,
    ) -> Result<AgreementSaleResult, Error> {
        if sale.payment_amount.is_sign_negative() {
            return Err(Error::invalid("payment_amount", "must not be negative"));
        }
        let request = self
            .store_request_for(
                "clubready.create_agreement_sale",
                Method::POST,
                "/sales/agreement/sale",
            )?
            .idempotency(Idempotency::Never);
        let request = Client::forwarded_for(request, sale.client_ip);
        let request = self.body(request, sale);
        self.send_with_secrets(request, &sale.tokens()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment::{AcctToken, ProfileToken};

    #[test]
    fn payment_methods_are_written_as_the_seed_shows() {
        let sale = AgreementSale::new(
            7,
            "tok",
            Decimal::new(300, 2),
            "203.0.113.9".parse().unwrap(),
        )
        .payment_methods([
            PaymentMethod::acct_token(Decimal::new(100, 2), AcctToken::new("AT-123")),
            PaymentMethod::preferred(Decimal::new(200, 2)),
        ]);
        let jsv = serde_jsv::to_string(&sale).unwrap();
        assert!(
            jsv.contains(
                "PaymentMethods:[{PaymentAmount:1.00,AcctToken:AT-123},{PaymentAmount:2.00,UsePreferred:true}]"
            ),
            "{jsv}"
        );
        assert_eq!(
            jsv,
            "{MemberId:7,IncompleteAgreementToken:tok,PaymentAmount:3.00,PaymentMethods:[{PaymentAmount:1.00,AcctToken:AT-123},{PaymentAmount:2.00,UsePreferred:true}]}"
        );
        let p = PaymentMethod::profile_token_keeping_preference(
            Decimal::new(300, 2),
            ProfileToken::new("jwt"),
        );
        assert_eq!(
            serde_jsv::to_string(&p).unwrap(),
            "{PaymentAmount:3.00,ProfileToken:jwt,DoNotUpdatePaymentTypePreference:True}"
        );
        assert!(!format!("{sale:?}").contains("AT-123"));
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;
    use crate::payment::AcctToken;

    #[test]
    fn payment_methods_in_query_form() {
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let sale = AgreementSale::new(7, "tok", Decimal::new(300, 2), ip).payment_methods([
            PaymentMethod::acct_token(Decimal::new(100, 2), AcctToken::new("AT-123")),
            PaymentMethod::preferred(Decimal::new(200, 2)),
        ]);
        // ServiceStack's query form: a list of objects without its brackets.
        assert_eq!(
            serde_jsv::to_query_string(&sale).unwrap(),
            "MemberId=7&IncompleteAgreementToken=tok&PaymentAmount=3.00&PaymentMethods={PaymentAmount:1.00,AcctToken:AT-123},{PaymentAmount:2.00,UsePreferred:true}"
        );
    }
}
