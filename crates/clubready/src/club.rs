//! The club and its chain: stores, staff, staff types, guest passes.

use paykit_core::reqwest::Method;
use paykit_core::{Idempotency, Page, Pages};
use serde::{Deserialize, Serialize, Serializer};
use time::Date;

use crate::error::Error;
use crate::options::Scope;
use crate::values::setters;
use crate::values::{Ack, single_page};
use crate::{Client, wire};

/// A club of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Store {
    /// The club (`StoreId`, or `Id`).
    #[serde(alias = "Id", alias = "ClubId")]
    pub store_id: u64,
    /// Its name (`Name`, `StoreName` or `ClubName`).
    #[serde(default, alias = "StoreName", alias = "ClubName")]
    pub name: Option<String>,
}

/// A staff member.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Staff {
    /// The staff member's user id.
    pub user_id: u64,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Bio title.
    #[serde(default)]
    pub bio_title: Option<String>,
    /// Bio.
    #[serde(default)]
    pub bio_text: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Staff type ([`StaffType::id`]).
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub staff_type_id: Option<u64>,
    /// Photo.
    #[serde(default)]
    pub photo_url: Option<String>,
}

/// A staff type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct StaffType {
    /// The type.
    pub id: u64,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
}

/// A guest pass to give: `NewGuestPass::new(user_id, guest_pass_type_id)`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewGuestPass {
    pub(crate) user_id: u64,
    pub(crate) guest_pass_type_id: u64,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_iso")]
    pub(crate) activated: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_iso")]
    pub(crate) expires: Option<Date>,
}

fn opt_iso<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&wire::iso_date(*d)),
        None => s.serialize_none(),
    }
}

impl NewGuestPass {
    /// A pass of type `guest_pass_type_id` for the user `user_id`.
    pub fn new(user_id: u64, guest_pass_type_id: u64) -> Self {
        NewGuestPass {
            user_id,
            guest_pass_type_id,
            activated: None,
            expires: None,
        }
    }

    setters! {
        /// When it starts.
        activated: Date,
        /// When it ends.
        expires: Date,
    }
}

/// A guest pass.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct GuestPass {
    /// The pass.
    #[serde(default, alias = "Id", deserialize_with = "wire::id_opt::deserialize")]
    pub guest_pass_id: Option<u64>,
    /// Its type.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub guest_pass_type_id: Option<u64>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// When it starts.
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub activated: Option<Date>,
    /// When it ends.
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub expires: Option<Date>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GuestPasses {
    #[serde(default)]
    pub(crate) guest_passes: Vec<GuestPass>,
}

impl Client {
    /// One answer of `GET /corp/{ChainId}/clubs`.
    pub async fn list_stores_page(&self) -> Result<Page<Store>, Error> {
        let Scope::Chain(chain) = self.scope else {
            return Err(Error::invalid(
                "chain_id",
                "listing a chain's stores needs a chain: use Client::with_chain_id",
            ));
        };
        let request = self
            .request("clubready.list_stores", Method::GET, "/corp/{}/clubs")
            .arg(chain.to_string());
        Ok(Page::single(self.send(request).await?))
    }

    /// The chain's clubs: `GET /corp/{ChainId}/clubs` (the client's scope must be a
    /// chain).
    pub fn list_stores(&self) -> Pages<Store, Error> {
        let client = self.clone();
        single_page(async move { client.list_stores_page().await })
    }

    /// One answer of `GET /staff`.
    pub async fn list_staff_page(&self) -> Result<Page<Staff>, Error> {
        let request = self.request("clubready.list_staff", Method::GET, "/staff");
        Ok(Page::single(self.send(request).await?))
    }

    /// The club's staff: `GET /staff`.
    pub fn list_staff(&self) -> Pages<Staff, Error> {
        let client = self.clone();
        single_page(async move { client.list_staff_page().await })
    }

    /// One answer of `GET /staff/types`.
    pub async fn list_staff_types_page(&self) -> Result<Page<StaffType>, Error> {
        let request = self.request("clubready.list_staff_types", Method::GET, "/staff/types");
        Ok(Page::single(self.send(request).await?))
    }

    /// The staff types: `GET /staff/types`.
    pub fn list_staff_types(&self) -> Pages<StaffType, Error> {
        let client = self.clone();
        single_page(async move { client.list_staff_types_page().await })
    }

    /// Gives a guest pass: `POST /club/guest-pass/create`. **Never resent** once it may
    /// have reached the server.
    pub async fn create_guest_pass(&self, pass: &NewGuestPass) -> Result<Ack, Error> {
        let request = self
            .store_request(
                "clubready.create_guest_pass",
                Method::POST,
                "/club/guest-pass/create",
            )?
            .idempotency(Idempotency::Never);
        let request = self.body(request, pass);
        self.send(request).await
    }

    /// A user's guest passes, as a stream (one answer).
    pub fn list_guest_passes(&self, user_id: u64) -> Pages<GuestPass, Error> {
        let client = self.clone();
        single_page(async move { client.list_guest_passes_page(user_id).await })
    }

    /// A user's guest passes: `GET /club/guest-pass/get`.
    pub async fn list_guest_passes_page(&self, user_id: u64) -> Result<Page<GuestPass>, Error> {
        let request = self
            .store_request(
                "clubready.list_guest_passes",
                Method::GET,
                "/club/guest-pass/get",
            )?
            .query("UserId", user_id.to_string());
        let passes: GuestPasses = self.send(request).await?;
        Ok(Page::single(passes.guest_passes))
    }
}
