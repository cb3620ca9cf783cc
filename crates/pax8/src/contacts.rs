//! A company's contacts: list, get, create, update, delete.

use paykit_core::{Idempotency, Json, Pages, Request};
use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::error::Error;
use crate::paging::{ListCall, Paging, paging_setters};
use paykit_core::Page;
use paykit_core::wire_enum;
use time::Date;

wire_enum! {
    /// What a contact is for.
    pub enum ContactRole {
        /// `Admin`.
        Admin = "Admin",
        /// `Billing`.
        Billing = "Billing",
        /// `Technical`.
        Technical = "Technical",
    }
}

/// One of a contact's roles, and whether the contact is the company's primary one for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactType {
    /// The role.
    #[serde(rename = "type")]
    pub kind: ContactRole,
    /// Whether primary for this role.
    #[serde(default)]
    pub primary: bool,
}

impl ContactType {
    /// The primary contact for `role`.
    pub fn primary(role: ContactRole) -> Self {
        ContactType {
            kind: role,
            primary: true,
        }
    }
}

/// A contact as the API returns it, with the undocumented phone fields the live API sends.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct Contact {
    /// The id.
    pub id: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Phone number without the country code (undocumented).
    pub phone_number: Option<String>,
    /// Phone country code (undocumented).
    pub phone_country_code: Option<String>,
    /// Phone country calling code (undocumented; read as `phoneCountryCallingCode` or
    /// `phoneCountryCallingcode`).
    #[serde(alias = "phoneCountryCallingcode")]
    pub phone_country_calling_code: Option<String>,
    /// When it was created (a date).
    #[serde(with = "crate::dates::option_date")]
    pub created_date: Option<Date>,
    /// Its roles.
    pub types: Vec<ContactType>,
}

/// A contact to create or update: names, e-mail and phone are required
/// ([`NewContact::new`]); roles are added with [`NewContact::primary`] or
/// [`NewContact::primary_for_all`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewContact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Its roles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<ContactType>,
}

impl NewContact {
    /// A contact with every field the API requires, and no role.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        phone: impl Into<String>,
    ) -> Self {
        NewContact {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: email.into(),
            phone: phone.into(),
            types: Vec::new(),
        }
    }

    /// Makes it the company's primary contact for `role`.
    pub fn primary(mut self, role: ContactRole) -> Self {
        self.types.push(ContactType::primary(role));
        self
    }

    /// Adds a role, primary or not.
    pub fn contact_type(mut self, kind: ContactRole, primary: bool) -> Self {
        self.types.push(ContactType { kind, primary });
        self
    }

    /// Makes it the primary Admin, Billing and Technical contact: enough to activate a
    /// company.
    pub fn primary_for_all(self) -> Self {
        self.primary(ContactRole::Admin)
            .primary(ContactRole::Billing)
            .primary(ContactRole::Technical)
    }
}

/// Paging for `GET /companies/{companyId}/contacts` (the API has no other filter).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ContactFilter {
    paging: Paging,
}

impl ContactFilter {
    /// Every contact.
    pub fn new() -> Self {
        Self::default()
    }

    paging_setters!();
}

fn contacts_call(company_id: &str) -> ListCall {
    ListCall::new("pax8.list_contacts", "/companies/{}/contacts").arg(company_id)
}

impl Client {
    /// All of a company's contacts, newest first, fetched lazily
    /// (`GET /companies/{companyId}/contacts`).
    pub fn list_contacts(&self, company_id: &str, filter: &ContactFilter) -> Pages<Contact, Error> {
        self.list_pages(contacts_call(company_id), filter.paging)
    }

    /// The one page of a company's contacts the filter names.
    pub async fn list_contacts_page(
        &self,
        company_id: &str,
        filter: &ContactFilter,
    ) -> Result<Page<Contact>, Error> {
        self.list_page(&contacts_call(company_id), filter.paging)
            .await
    }

    /// One contact (`GET /companies/{companyId}/contacts/{contactId}`).
    pub async fn get_contact(&self, company_id: &str, contact_id: &str) -> Result<Contact, Error> {
        let request = Request::get("pax8.get_contact", "/companies/{}/contacts/{}")
            .arg(company_id)
            .arg(contact_id);
        self.send(request).await
    }

    /// Creates a contact (`POST /companies/{companyId}/contacts`). Never resent by a retry
    /// once it may have reached the server.
    pub async fn create_contact(
        &self,
        company_id: &str,
        contact: &NewContact,
    ) -> Result<Contact, Error> {
        let request = Request::post("pax8.create_contact", "/companies/{}/contacts")
            .arg(company_id)
            .idempotency(Idempotency::Never)
            .body(&Json, contact);
        self.send(request).await
    }

    /// Replaces a contact (`PUT /companies/{companyId}/contacts/{contactId}`).
    pub async fn update_contact(
        &self,
        company_id: &str,
        contact_id: &str,
        contact: &NewContact,
    ) -> Result<Contact, Error> {
        let request = Request::put("pax8.update_contact", "/companies/{}/contacts/{}")
            .arg(company_id)
            .arg(contact_id)
            .body(&Json, contact);
        self.send(request).await
    }

    /// Deletes a contact (`DELETE /companies/{companyId}/contacts/{contactId}`, 204).
    pub async fn delete_contact(&self, company_id: &str, contact_id: &str) -> Result<(), Error> {
        let request = Request::delete("pax8.delete_contact", "/companies/{}/contacts/{}")
            .arg(company_id)
            .arg(contact_id);
        self.send_empty(request).await.map(drop)
    }
}
