//! Sales: packages, installment plans, package eligibility and wallet tokens.

use paykit_core::reqwest::Method;
use paykit_core::{Page, Pages};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::error::Error;
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
    /// The plan (what [`crate::NewAgreement::installment_id`] takes).
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
