//! What a client sends besides each operation's fields: its scope (store or chain), an
//! optional restriction, how dates of birth are written and where POST fields go.

use crate::wire;

/// Which part of a chain a call is about: one club (`StoreId`) or the whole chain
/// (`ChainId`). Most operations take either; some (creating a prospect, booking, selling,
/// check-in) need a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// One club, sent as `StoreId`.
    Store(u64),
    /// A whole chain, sent as `ChainId`.
    Chain(u64),
}

impl Scope {
    pub(crate) fn pair(self) -> (&'static str, String) {
        match self {
            Scope::Store(id) => ("StoreId", id.to_string()),
            Scope::Chain(id) => ("ChainId", id.to_string()),
        }
    }
}

/// How a date of birth is written when a prospect is created or a user updated. The
/// operation's published description says `YYYY-MM-DD`; a client used in production sends
/// `MM/DD/YYYY`. ServiceStack reads both; pick the one your club's server takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BirthDateFormat {
    /// `1990-04-09` (the default).
    #[default]
    Iso,
    /// `04/09/1990`.
    MonthDayYear,
}

impl BirthDateFormat {
    pub(crate) fn format(self, date: time::Date) -> String {
        match self {
            BirthDateFormat::Iso => wire::iso_date(date),
            BirthDateFormat::MonthDayYear => wire::us_date(date),
        }
    }
}

paykit_core::wire_enum! {
    /// The kind of resource a [`Restriction`] names (`RestrictedResourceType`).
    pub enum RestrictedResourceType {
        /// A club.
        Store = "Store",
        /// A chain.
        Chain = "Chain",
        /// A user.
        User = "User",
        /// Unspecified.
        Undefined = "Undefined",
    }
}

/// The `RestrictedId` and `RestrictedResourceType` pair every ClubReady request accepts.
/// ClubReady does not document what it restricts; a client given one
/// ([`crate::ClientBuilder::restriction`], [`crate::Client::with_restriction`]) sends it on
/// every call, and none is sent otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Restriction {
    /// What kind of resource `id` is.
    pub resource_type: RestrictedResourceType,
    /// The resource (`RestrictedId`).
    pub id: u64,
}

impl Restriction {
    /// A restriction to `id`, a resource of `resource_type`.
    pub fn new(resource_type: RestrictedResourceType, id: u64) -> Self {
        Restriction { resource_type, id }
    }

    /// A restriction to one club.
    pub fn store(id: u64) -> Self {
        Self::new(RestrictedResourceType::Store, id)
    }

    /// A restriction to one chain.
    pub fn chain(id: u64) -> Self {
        Self::new(RestrictedResourceType::Chain, id)
    }

    /// A restriction to one user.
    pub fn user(id: u64) -> Self {
        Self::new(RestrictedResourceType::User, id)
    }
}

/// Where the fields of a POST or PUT go. ServiceStack binds the query string, a form and a
/// JSV or JSON body alike, and working clients use each: the operations' published
/// descriptions list most fields as query parameters and some clients send everything
/// there, others post a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ParamStyle {
    /// In a request body in the client's [`crate::Format`] (the default). `ApiKey`, the
    /// scope and `format` stay in the query.
    #[default]
    Body,
    /// Everything in the query string, in ServiceStack's query form (lists of objects as
    /// JSV), with no body.
    Query,
    /// In an `application/x-www-form-urlencoded` body, in the same form as
    /// [`ParamStyle::Query`].
    Form,
}
