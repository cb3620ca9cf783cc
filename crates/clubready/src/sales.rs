//! Sales: packages, installment plans, agreements and their sale, payment profiles and
//! wallet tokens.

use std::fmt;
use std::net::IpAddr;

use paykit_core::reqwest::Method;
use paykit_core::{Idempotency, Page, Pages};
use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use time::Date;

use crate::error::Error;
use crate::users::setters;
use crate::values::{Ack, single_page};
use crate::{Client, wire};

/// A package the club sells.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Package {
    /// The package.
    #[serde(alias = "PackageId")]
    pub id: u64,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its price.
    #[serde(default, with = "wire::decimal::option")]
    pub price: Option<Decimal>,
    /// The contract it sells under.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub contract_id: Option<u64>,
    /// Whether it renews by itself (sent `IsAutomRenew`).
    #[serde(
        default,
        rename = "IsAutomRenew",
        alias = "IsAutoRenew",
        deserialize_with = "wire::flag::deserialize"
    )]
    pub is_auto_renew: bool,
}

/// An installment plan of a package.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InstallmentPlan {
    /// The plan (what [`NewAgreement::installment_id`] takes).
    pub id: u64,
    /// Whether it may be sold online.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub for_online_sale: bool,
    /// Number of payments.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub payment_count: Option<i64>,
    /// Each payment (sent as a string).
    #[serde(default, with = "wire::decimal::option")]
    pub due_per_payment: Option<Decimal>,
    /// Fees.
    #[serde(default)]
    pub fees: Vec<Fee>,
}

/// A fee of an installment plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Fee {
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its amount (sent as a string).
    #[serde(default, with = "wire::decimal::option")]
    pub amount: Option<Decimal>,
    /// Taxable.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub taxable: bool,
    /// May be waived.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub can_be_waived: bool,
    /// May be charged twice.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub can_duplicate: bool,
    /// Charged once.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub one_time: bool,
    /// Due at signing.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub due_upfront: bool,
    /// Months between charges.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub pay_frequency_months: Option<i64>,
}

/// What an installment plan costs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InstallmentCalculation {
    /// The subtotal.
    #[serde(default, with = "wire::decimal::option")]
    pub sub_total: Option<Decimal>,
    /// The payments.
    #[serde(default)]
    pub payments: Vec<InstallmentPayment>,
}

/// One payment of an installment plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct InstallmentPayment {
    /// Due today.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub pay_today: bool,
    /// The amount.
    #[serde(default, with = "wire::decimal")]
    pub amount: Decimal,
}

/// Whether a member may buy a package. A `Success: false` answer is not an error here: it
/// is `eligible: false` with the server's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PackageEligibility {
    /// Whether the member may buy it.
    pub eligible: bool,
    /// The server's message (why not).
    pub message: Option<String>,
}

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
        /// The installment plan ([`InstallmentPlan::id`]).
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

/// A payment account token from ClubReady's vault (`AcctToken`): opaque, never parsed,
/// never shown by `Debug` or in errors.
#[derive(Clone)]
pub struct AcctToken(SecretString);

impl AcctToken {
    /// Wraps a token as received.
    pub fn new(token: impl Into<String>) -> Self {
        AcctToken(SecretString::from(token.into()))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AcctToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AcctToken([REDACTED])")
    }
}

/// A payment profile token (`ProfileToken`, a short-lived single-use JWT from ClubReady's
/// vault): opaque, never shown by `Debug` or in errors.
#[derive(Clone)]
pub struct ProfileToken(SecretString);

impl ProfileToken {
    /// Wraps a token as received.
    pub fn new(token: impl Into<String>) -> Self {
        ProfileToken(SecretString::from(token.into()))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ProfileToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProfileToken([REDACTED])")
    }
}

/// One way to pay part of a sale, up to `amount`: exactly one of the preferred on-file
/// method, an account token, or a profile token — the type allows no other combination,
/// and `DoNotUpdatePaymentTypePreference` exists only with a profile token.
///
/// Written as ClubReady takes it: `{PaymentAmount:1.00,AcctToken:…}`,
/// `{PaymentAmount:2.00,UsePreferred:true}`,
/// `{PaymentAmount:3.00,ProfileToken:…,DoNotUpdatePaymentTypePreference:True}`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PaymentMethod {
    /// The member's preferred method on file.
    Preferred {
        /// The most this method pays.
        amount: Decimal,
    },
    /// A vault account token.
    AcctToken {
        /// The most this method pays.
        amount: Decimal,
        /// The token.
        token: AcctToken,
    },
    /// A vault payment profile.
    ProfileToken {
        /// The most this method pays.
        amount: Decimal,
        /// The token.
        token: ProfileToken,
        /// Keep the member's preferred payment type as it is.
        do_not_update_payment_type_preference: bool,
    },
}

impl PaymentMethod {
    /// The preferred method on file, up to `amount`.
    pub fn preferred(amount: Decimal) -> Self {
        PaymentMethod::Preferred { amount }
    }

    /// An account token, up to `amount`.
    pub fn acct_token(amount: Decimal, token: AcctToken) -> Self {
        PaymentMethod::AcctToken { amount, token }
    }

    /// A profile token, up to `amount` (the member's preferred type may be updated).
    pub fn profile_token(amount: Decimal, token: ProfileToken) -> Self {
        PaymentMethod::ProfileToken {
            amount,
            token,
            do_not_update_payment_type_preference: false,
        }
    }

    /// A profile token, up to `amount`, leaving the member's preferred type as it is.
    pub fn profile_token_keeping_preference(amount: Decimal, token: ProfileToken) -> Self {
        PaymentMethod::ProfileToken {
            amount,
            token,
            do_not_update_payment_type_preference: true,
        }
    }

    /// The most this method pays.
    pub fn amount(&self) -> Decimal {
        match self {
            PaymentMethod::Preferred { amount }
            | PaymentMethod::AcctToken { amount, .. }
            | PaymentMethod::ProfileToken { amount, .. } => *amount,
        }
    }
}

// The literal `true`, as the seed example of issue 11 writes `UsePreferred:true` (the .NET
// reader takes `true` and `True` alike).
struct LiteralTrue;

impl Serialize for LiteralTrue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("true")
    }
}

impl Serialize for PaymentMethod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Amount(Decimal);
        impl Serialize for Amount {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                wire::decimal::serialize(&self.0, s)
            }
        }
        match self {
            PaymentMethod::Preferred { amount } => {
                let mut st = s.serialize_struct("PaymentMethod", 2)?;
                st.serialize_field("PaymentAmount", &Amount(*amount))?;
                st.serialize_field("UsePreferred", &LiteralTrue)?;
                st.end()
            }
            PaymentMethod::AcctToken { amount, token } => {
                let mut st = s.serialize_struct("PaymentMethod", 2)?;
                st.serialize_field("PaymentAmount", &Amount(*amount))?;
                st.serialize_field("AcctToken", token.expose())?;
                st.end()
            }
            PaymentMethod::ProfileToken {
                amount,
                token,
                do_not_update_payment_type_preference,
            } => {
                let mut st = s.serialize_struct("PaymentMethod", 3)?;
                st.serialize_field("PaymentAmount", &Amount(*amount))?;
                st.serialize_field("ProfileToken", token.expose())?;
                if *do_not_update_payment_type_preference {
                    st.serialize_field("DoNotUpdatePaymentTypePreference", &true)?;
                }
                st.end()
            }
        }
    }
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

/// A payment profile to import (`POST /sales/paymentprofile/import`), in either of the
/// two versions ClubReady has published: [`PaymentProfileImport::new`] (the newer: a
/// profile token alone) or [`PaymentProfileImport::with_acct_token`] (the older: an
/// account token and a profile token).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PaymentProfileImport {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_acct")]
    pub(crate) acct_token: Option<AcctToken>,
    #[serde(serialize_with = "profile")]
    pub(crate) profile_token: ProfileToken,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_owner_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) do_not_update_payment_type_preference: Option<bool>,
}

fn opt_acct<S: Serializer>(t: &Option<AcctToken>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(t.expose()),
        None => s.serialize_none(),
    }
}

fn profile<S: Serializer>(t: &ProfileToken, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.expose())
}

impl PaymentProfileImport {
    /// The newer form: a profile token alone.
    pub fn new(profile_token: ProfileToken) -> Self {
        PaymentProfileImport {
            acct_token: None,
            profile_token,
            new_owner_id: None,
            do_not_update_payment_type_preference: None,
        }
    }

    /// The older form: an account token and a profile token.
    pub fn with_acct_token(acct_token: AcctToken, profile_token: ProfileToken) -> Self {
        PaymentProfileImport {
            acct_token: Some(acct_token),
            ..Self::new(profile_token)
        }
    }

    setters! {
        /// The new owner (needed when the owner is a temporary user).
        new_owner_id: u64,
        /// Keep the member's preferred payment type as it is.
        do_not_update_payment_type_preference: bool,
    }

    fn tokens(&self) -> Vec<&str> {
        let mut out = vec![self.profile_token.expose()];
        if let Some(acct) = &self.acct_token {
            out.push(acct.expose());
        }
        out
    }
}

/// A wallet page token (`GET /sales/wallet/wallettokencreate`): `WalletTokenRequest::new(
/// owner_id, creator_id)`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WalletTokenRequest {
    pub(crate) owner_id: u64,
    pub(crate) creator_id: u64,
    pub(crate) creator_type: String,
    pub(crate) page: String,
}

impl WalletTokenRequest {
    /// A token for the user `owner_id`'s wallet page, created by the user `creator_id`
    /// (page `AddCard`).
    pub fn new(owner_id: u64, creator_id: u64) -> Self {
        WalletTokenRequest {
            owner_id,
            creator_id,
            creator_type: "User".into(),
            page: "AddCard".into(),
        }
    }

    /// The creator's type (default `User`).
    pub fn creator_type(mut self, creator_type: impl Into<String>) -> Self {
        self.creator_type = creator_type.into();
        self
    }

    /// The wallet page (default `AddCard`).
    pub fn page(mut self, page: impl Into<String>) -> Self {
        self.page = page.into();
        self
    }
}

/// A wallet page token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct WalletToken {
    /// The wallet page to send the user to.
    #[serde(
        default,
        rename = "walletUrl",
        alias = "WalletUrl",
        deserialize_with = "wire::text"
    )]
    pub wallet_url: Option<String>,
    /// The token.
    #[serde(
        default,
        rename = "walletToken",
        alias = "WalletToken",
        deserialize_with = "wire::text"
    )]
    pub wallet_token: Option<String>,
}

impl Client {
    /// One answer of `GET /sales/packages`.
    pub async fn list_packages_page(&self) -> Result<Page<Package>, Error> {
        let request = self.request("clubready.list_packages", Method::GET, "/sales/packages");
        Ok(Page::single(self.send(request).await?))
    }

    /// The club's packages: `GET /sales/packages`.
    pub fn list_packages(&self) -> Pages<Package, Error> {
        let client = self.clone();
        single_page(async move { client.list_packages_page().await })
    }

    /// A package's installment plans, as a stream (one answer).
    pub fn list_installments(&self, package_id: u64) -> Pages<InstallmentPlan, Error> {
        let client = self.clone();
        single_page(async move { client.list_installments_page(package_id).await })
    }

    /// A package's installment plans: `GET /sales/packages/{PackageId}/installments`.
    pub async fn list_installments_page(
        &self,
        package_id: u64,
    ) -> Result<Page<InstallmentPlan>, Error> {
        let request = self
            .store_request(
                "clubready.list_installments",
                Method::GET,
                "/sales/packages/{}/installments",
            )?
            .arg(package_id.to_string());
        Ok(Page::single(self.send(request).await?))
    }

    /// What an installment plan costs: `GET
    /// /sales/packages/{PackageId}/installments/calculate/{InstallmentId}`.
    pub async fn calculate_installment(
        &self,
        package_id: u64,
        installment_id: u64,
    ) -> Result<InstallmentCalculation, Error> {
        let request = self
            .store_request(
                "clubready.calculate_installment",
                Method::GET,
                "/sales/packages/{}/installments/calculate/{}",
            )?
            .arg(package_id.to_string())
            .arg(installment_id.to_string());
        self.send(request).await
    }

    /// Whether a member may buy a package: `GET
    /// /sales/members/{MemberId}/package-eligibility`.
    pub async fn get_package_eligibility(
        &self,
        member_id: u64,
        package_id: u64,
    ) -> Result<PackageEligibility, Error> {
        let request = self
            .store_request(
                "clubready.get_package_eligibility",
                Method::GET,
                "/sales/members/{}/package-eligibility",
            )?
            .arg(member_id.to_string())
            .query("PackageId", package_id.to_string());
        match self.exchange(request, &[]).await? {
            Ok(response) => {
                let ack: Ack = self.decode(&response, &[])?;
                Ok(PackageEligibility {
                    eligible: true,
                    message: ack.message,
                })
            }
            Err(declined) => Ok(PackageEligibility {
                eligible: false,
                message: declined.message,
            }),
        }
    }

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

    /// Imports a payment profile: `POST /sales/paymentprofile/import`. **Never resent**
    /// once it may have reached the server (a profile token is single-use).
    pub async fn import_payment_profile(
        &self,
        import: &PaymentProfileImport,
    ) -> Result<Ack, Error> {
        let request = self
            .request(
                "clubready.import_payment_profile",
                Method::POST,
                "/sales/paymentprofile/import",
            )
            .idempotency(Idempotency::Never);
        let request = self.body(request, import);
        self.send_with_secrets(request, &import.tokens()).await
    }

    /// A wallet page token: `GET /sales/wallet/wallettokencreate`.
    pub async fn create_wallet_token(
        &self,
        token: &WalletTokenRequest,
    ) -> Result<WalletToken, Error> {
        let request = self
            .store_request(
                "clubready.create_wallet_token",
                Method::GET,
                "/sales/wallet/wallettokencreate",
            )?
            .query("OwnerId", token.owner_id.to_string())
            .query("OwnerType", "User")
            .query("CreatorId", token.creator_id.to_string())
            .query("CreatorType", token.creator_type.clone())
            .query("Page", token.page.clone());
        self.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
