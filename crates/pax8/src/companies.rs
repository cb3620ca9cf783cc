//! Companies: list, get, create (pax8.md §1.5, §1.6).

use paykit_core::{Idempotency, Json, Pages, Request};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, ListPage, push};
use paykit_core::wire_enum;

wire_enum! {
    /// A company's status (pax8.md §1.5): a new company is `Inactive` until its primary
    /// contacts exist.
    pub enum CompanyStatus {
        /// `Active`.
        Active = "Active",
        /// `Inactive`.
        Inactive = "Inactive",
        /// `Deleted`.
        Deleted = "Deleted",
    }
}

wire_enum! {
    /// The fields companies can be sorted by (pax8.md §1.5). The direction syntax is not
    /// documented, so none is sent.
    pub enum CompanySort {
        /// `name`.
        Name = "name",
        /// `city`.
        City = "city",
        /// `country`.
        Country = "country",
        /// `stateOrProvince`.
        StateOrProvince = "stateOrProvince",
        /// `postalCode`.
        PostalCode = "postalCode",
    }
}

/// A postal address (pax8.md §1.6); every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    /// Street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country, e.g. `US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A company as the API returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Company {
    /// The id (UUID).
    pub id: Option<String>,
    /// The name.
    pub name: Option<String>,
    /// The address.
    pub address: Option<Address>,
    /// The phone number.
    pub phone: Option<String>,
    /// The website.
    pub website: Option<String>,
    /// The partner's own id for it.
    pub external_id: Option<String>,
    /// Whether the partner bills on behalf of Pax8.
    pub bill_on_behalf_of_enabled: Option<bool>,
    /// Whether the company may order by itself.
    pub self_service_allowed: Option<bool>,
    /// Whether its orders need approval.
    pub order_approval_required: Option<bool>,
    /// The status.
    pub status: Option<CompanyStatus>,
    /// When it was last updated.
    pub updated_date: Option<String>,
}

/// A company to create (`POST /companies`). GEN requires the first seven fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCompany {
    /// The name.
    pub name: String,
    /// The address.
    pub address: Address,
    /// The phone number.
    pub phone: String,
    /// The website.
    pub website: String,
    /// Whether the partner bills on behalf of Pax8.
    pub bill_on_behalf_of_enabled: bool,
    /// Whether the company may order by itself.
    pub self_service_allowed: bool,
    /// Whether its orders need approval.
    pub order_approval_required: bool,
    /// The partner's own id for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// Filters for `GET /companies` (pax8.md §1.5).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompanyFilter {
    /// The page (from 0).
    pub page: Option<u64>,
    /// The page size (1 to 200).
    pub size: Option<u32>,
    /// The sort field.
    pub sort: Option<CompanySort>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// State or province.
    pub state_or_province: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Self-service allowed.
    pub self_service_allowed: Option<bool>,
    /// Bill on behalf of enabled.
    pub bill_on_behalf_of_enabled: Option<bool>,
    /// Order approval required.
    pub order_approval_required: Option<bool>,
    /// Status.
    pub status: Option<CompanyStatus>,
}

impl CompanyFilter {
    fn call(&self) -> ListCall {
        let mut q = Vec::new();
        push(&mut q, "sort", &self.sort);
        push(&mut q, "city", &self.city);
        push(&mut q, "country", &self.country);
        push(&mut q, "stateOrProvince", &self.state_or_province);
        push(&mut q, "postalCode", &self.postal_code);
        push(&mut q, "selfServiceAllowed", &self.self_service_allowed);
        push(
            &mut q,
            "billOnBehalfOfEnabled",
            &self.bill_on_behalf_of_enabled,
        );
        push(
            &mut q,
            "orderApprovalRequired",
            &self.order_approval_required,
        );
        push(&mut q, "status", &self.status);
        ListCall::new("pax8.list_companies", "/companies").query(q)
    }
}

impl Client {
    /// One page of companies (`GET /companies`).
    pub async fn list_companies(&self, filter: &CompanyFilter) -> Result<ListPage<Company>, Error> {
        self.list_page(&filter.call(), filter.page, filter.size)
            .await
    }

    /// Every matching company, page after page, fetched lazily (200 a page unless the
    /// filter sets a size).
    pub fn companies(&self, filter: &CompanyFilter) -> Pages<Company, Error> {
        self.list_pages(filter.call(), filter.page, filter.size)
    }

    /// One company (`GET /companies/{companyId}`).
    pub async fn get_company(&self, company_id: &str) -> Result<Company, Error> {
        self.send(Request::get("pax8.get_company", "/companies/{}").arg(company_id))
            .await
    }

    /// Creates a company (`POST /companies`). It stays `Inactive` until it has primary
    /// Admin, Billing and Technical contacts. Never resent by a retry once it may have
    /// reached the server.
    pub async fn create_company(&self, company: &NewCompany) -> Result<Company, Error> {
        if company.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        let request = Request::post("pax8.create_company", "/companies")
            .idempotency(Idempotency::Never)
            .body(&Json, company);
        self.send(request).await
    }
}
