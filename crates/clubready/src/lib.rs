//! # paykit-clubready
//!
//! A typed async (and blocking) client for the ClubReady API
//! (`https://www.clubready.com/api/current`, a ServiceStack service): users and prospects,
//! class scheduling and bookings, package and agreement sales split across payment
//! methods, chain stores, staff and guest passes. It speaks ServiceStack's JSV by default
//! (JSON for debugging).
//!
//! ```no_run
//! use paykit_clubready::prelude::*;
//! use paykit_clubready::{ClassScheduleFilter, NewProspect, UserFilter};
//! use paykit_clubready::time::{Date, Month};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let club = Client::builder("my-api-key").store_id(1234).build()?;
//! let lead = club
//!     .create_prospect(&NewProspect::new("Ada", "Lovelace", "ada@example.com", false))
//!     .await?;
//! println!("user {:?} (already known: {})", lead.user_id, lead.already_existed);
//! // Two weeks: two 7-day calls, merged in order.
//! let week = ClassScheduleFilter::new(
//!     Date::from_calendar_date(2026, Month::June, 1)?,
//!     Date::from_calendar_date(2026, Month::June, 14)?,
//! );
//! for class in club.get_class_schedule(&week).await? {
//!     println!("{:?} {:?} {:?}", class.date, class.start_time, class.title);
//! }
//! // Every matching user, page after page until an empty page.
//! let users: Vec<_> = club.find_users(&UserFilter::new().email("ada@example.com")).try_collect().await?;
//! # let _ = users; Ok(()) }
//! ```
//!
//! - **Building**: [`Client::builder`]`(api_key)` with a scope chosen once,
//!   [`ClientBuilder::store_id`] or [`ClientBuilder::chain_id`] (another scope per call
//!   with [`Client::with_scope`], [`Client::with_store_id`], [`Client::with_chain_id`]), or
//!   [`Client::from_env`] (`PAYKIT_CLUBREADY_API_KEY`, `PAYKIT_CLUBREADY_STORE_ID` or
//!   `PAYKIT_CLUBREADY_CHAIN_ID`, optional `PAYKIT_CLUBREADY_BASE_URL`). The transport
//!   knobs are those of every paykit client (`user_agent`, `connect_timeout`,
//!   `attempt_timeout`, `deadline`, `retry`, `rate_limit`, `http_client`, `configure`).
//! - **The key is in the URL**: ClubReady reads the API key only from the `ApiKey` query
//!   parameter (and the login lookup takes the member's password there too). The client
//!   adds the key to each attempt at the last moment; traces carry only path templates;
//!   error texts and `Debug` output never hold the key, the password or a payment token,
//!   even when the server echoes them.
//! - **Format**: JSV bodies and answers ([`Format::Jsv`]: `?format=jsv`,
//!   `Accept: application/jsv`), or [`Format::Json`]. POST fields go in a body by default,
//!   all in the query string as some working clients send them ([`ParamStyle::Query`]),
//!   or in a form ([`ParamStyle::Form`]). A [`Restriction`] (`RestrictedId`,
//!   `RestrictedResourceType`) can ride on every call.
//! - **Errors** ([`Error`]): ClubReady fails in three ways, all typed: an HTTP error with a
//!   ServiceStack `ResponseStatus` (by status: [`Error::Validation`],
//!   [`Error::Unauthorized`], [`Error::Forbidden`], [`Error::NotFound`],
//!   [`Error::RateLimited`], [`Error::Api`]); HTTP 200 with a plain-text `Unauthorized` (a
//!   key without the operation's scope: [`Error::Unauthorized`]); HTTP 200 with
//!   `Success: false` and a message ([`Error::Refused`]). `Success`/`success`,
//!   `UserId`/`userId`, `Message`/`message` are read in either case.
//! - **Values**: money is [`Decimal`] with its scale kept (`1.00` stays `1.00` on the
//!   wire); schedule dates (`M-D-YYYY`) and times (`8:30 PM`) are club-local
//!   [`time::Date`] and [`time::Time`], never converted through a time zone; enums are read
//!   by name with a numeric fallback ([`AuthenticationResult`], [`BookingStatus`]).
//! - **Windows**: the class schedule answers at most 7 days and booking status events at
//!   most 24 hours per call; longer windows are split into several calls, merged in order.
//! - **Money safety**: agreement sales, starting agreements, payment profile imports,
//!   guest passes (and bookings, which use a credit) are never resent once they may have
//!   reached the server; [`Error::maybe_sent`] says whether a failed one may have happened.
//! - **Payment methods** ([`PaymentMethod`]): exactly one of the preferred method, an
//!   [`AcctToken`] or a [`ProfileToken`] per entry, enforced by the type; tokens are
//!   opaque and never shown. Sales that need the end user's IP take it in their
//!   constructor (sent as `X-Forwarded-For`); [`Client::with_forwarded_for`] sends one on
//!   every other call.
//!
//! Features: `rustls` (default), `native-tls`, `blocking` (`blocking::Client`), `testing`
//! (`testing::ClubReadySimulator`, a stateful in-process ClubReady with fault injection).
//!
//! ## Where this crate differs from the shared shape
//!
//! - **A scope on the client.** Almost every ClubReady call is about a club (`StoreId`)
//!   or a chain (`ChainId`), so the builder takes one and [`Client::with_scope`] gives a
//!   cheap clone with another, instead of an id argument on every method. Operations that
//!   need a club refuse a chain scope before sending ([`Error::InvalidInput`] `store_id`).
//! - **[`Error::Refused`]**: a vendor-only variant for HTTP 200 answers with
//!   `Success: false`. None of the shared variants fits: the request was valid and
//!   authorized, and the status is a success, but the operation was declined (a full
//!   class, a declined card).
//! - **Windows, not pages**: [`Client::get_class_schedule`] and
//!   [`Client::get_booking_status_events`] return a `Vec` merged from several calls rather
//!   than a [`Pages`] stream, because a window with no classes is not the end of the
//!   schedule (a `Pages` stream ends at an empty page).
//! - **Answers that are not errors**: a duplicate prospect
//!   ([`CreatedProspect::already_existed`]), a wrong password ([`LoginResult`]) and an
//!   ineligible package ([`PackageEligibility`]) come back as `Ok` even though ClubReady
//!   sends them with `Success: false`.
//! - **`find_users`**: ClubReady's own verb for its search; it streams pages until an
//!   empty one, as ClubReady gives no total.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod access;
mod agreements;
mod auth;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod client;
mod club;
mod codec;
mod credits;
mod env;
pub mod error;
mod events;
mod exchange;
mod options;
mod payment;
mod prospects;
mod sales;
mod scheduling;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod users;
mod values;
mod wire;

pub use access::{CheckIn, LoginResult, UsernameCheck};
pub use agreements::{
    AgreementSale, AgreementSaleResult, ContractText, IncompleteAgreement, NewAgreement,
    NewUserAgreement,
};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, USER_AGENT};
pub use club::{GuestPass, NewGuestPass, Staff, StaffType, Store};
pub use codec::{Format, Jsv};
pub use credits::{Credit, CreditDetail};
pub use error::{ApiError, Error, FieldError};
pub use events::{
    BookingEventFilter, BookingStatusEvent, BookingType, ConsultFilter, MAX_EVENTS_WINDOW,
};
pub use options::{BirthDateFormat, ParamStyle, RestrictedResourceType, Restriction, Scope};
pub use payment::{AcctToken, PaymentMethod, PaymentProfileImport, ProfileToken};
pub use prospects::{CreatedProspect, Gender, NewProspect};
pub use sales::{
    Fee, InstallmentCalculation, InstallmentPayment, InstallmentPlan, Package, PackageEligibility,
    WalletToken, WalletTokenRequest,
};
pub use scheduling::{
    Booking, BookingCheck, CancelPolicy, ClassRoster, ClassScheduleFilter, ClassSession,
    MAX_SCHEDULE_DAYS, NewBooking, RosterEntry,
};
pub use users::{
    ActivityOperator, DateAddedFilter, Segment, User, UserActivityFilter, UserFilter, UserSummary,
    UserUpdate,
};
pub use values::{Ack, AuthenticationResult, BookingStatus};

/// paykit-core, re-exported so that users name the same versions as this crate
/// (`paykit_clubready::core::RetryPolicy`).
pub use paykit_core as core;
pub use paykit_core::{Page, Pages};
pub use rust_decimal::Decimal;
pub use secrecy::SecretString;
/// The `time` crate, re-exported for [`time::Date`], [`time::Time`] and
/// [`time::OffsetDateTime`].
pub use time;

/// What most programs need: `use paykit_clubready::prelude::*;` brings the client, its
/// error and the stream traits that give [`Pages`] its `.next().await` and
/// `.try_collect().await`.
pub mod prelude {
    pub use crate::{Client, Error};
    pub use paykit_core::futures_util::{StreamExt, TryStreamExt};
}

/// The crate README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
