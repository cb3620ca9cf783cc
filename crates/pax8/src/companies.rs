//! Companies: list, get, create.

use paykit_core::{Idempotency, Json, Pages, Request};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, Paging, filter_setters, paging_setters, push};
use paykit_core::Page;
use paykit_core::wire_enum;
use time::OffsetDateTime;

wire_enum! {
    /// A company's status: a new company is `Inactive` until it has primary Admin, Billing
    /// and Technical contacts.
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
    /// The fields companies can be sorted by. The direction syntax is not documented, so
    /// none is sent.
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

/// A postal address; every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
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

impl Address {
    /// An empty address; fill it with the setters.
    pub fn new() -> Self {
        Address::default()
    }

    filter_setters! {
        /// Street.
        street: String,
        /// Second street line.
        street2: String,
        /// City.
        city: String,
        /// State or province.
        state_or_province: String,
        /// Postal code.
        postal_code: String,
        /// Country, e.g. `US`.
        country: String,
    }
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
    /// When it was last updated (read from a date-time or a date).
    #[serde(with = "crate::dates::option_instant")]
    pub updated_date: Option<OffsetDateTime>,
}

/// A company to create (`POST /companies`): name, address, phone and website are required
/// ([`NewCompany::new`]); the three flags are sent as `false` unless set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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

impl NewCompany {
    /// A company with every field the API requires.
    pub fn new(
        name: impl Into<String>,
        address: Address,
        phone: impl Into<String>,
        website: impl Into<String>,
    ) -> Self {
        NewCompany {
            name: name.into(),
            address,
            phone: phone.into(),
            website: website.into(),
            bill_on_behalf_of_enabled: false,
            self_service_allowed: false,
            order_approval_required: false,
            external_id: None,
        }
    }

    /// Whether the partner bills on behalf of Pax8 (default `false`).
    pub fn bill_on_behalf_of_enabled(mut self, enabled: bool) -> Self {
        self.bill_on_behalf_of_enabled = enabled;
        self
    }

    /// Whether the company may order by itself (default `false`).
    pub fn self_service_allowed(mut self, allowed: bool) -> Self {
        self.self_service_allowed = allowed;
        self
    }

    /// Whether its orders need approval (default `false`).
    pub fn order_approval_required(mut self, required: bool) -> Self {
        self.order_approval_required = required;
        self
    }

    /// The partner's own id for it.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }
}

/// Filters for `GET /companies`: `CompanyFilter::new().status(CompanyStatus::Active)`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CompanyFilter {
    paging: Paging,
    sort: Option<CompanySort>,
    city: Option<String>,
    country: Option<String>,
    state_or_province: Option<String>,
    postal_code: Option<String>,
    self_service_allowed: Option<bool>,
    bill_on_behalf_of_enabled: Option<bool>,
    order_approval_required: Option<bool>,
    status: Option<CompanyStatus>,
}

impl CompanyFilter {
    /// Every company.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();

    filter_setters! {
        /// The sort field.
        sort: CompanySort,
        /// City.
        city: String,
        /// Country.
        country: String,
        /// State or province.
        state_or_province: String,
        /// Postal code.
        postal_code: String,
        /// Self-service allowed.
        self_service_allowed: bool,
        /// Bill on behalf of enabled.
        bill_on_behalf_of_enabled: bool,
        /// Order approval required.
        order_approval_required: bool,
        /// Status.
        status: CompanyStatus,
    }

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
    /// Every matching company, page after page, fetched lazily (200 a page unless the
    /// filter sets a size) (`GET /companies`).
    pub fn list_companies(&self, filter: &CompanyFilter) -> Pages<Company, Error> {
        self.list_pages(filter.call(), filter.paging)
    }

    /// The one page of companies the filter names (`GET /companies`).
    pub async fn list_companies_page(
        &self,
        filter: &CompanyFilter,
    ) -> Result<Page<Company>, Error> {
        self.list_page(&filter.call(), filter.paging).await
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
