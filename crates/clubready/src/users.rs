//! Users: find, read, update and list them.

use paykit_core::reqwest::Method;
use paykit_core::{Cursor, Page, Pages};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Error;
use crate::prospects::Gender;
use crate::values::{Ack, setters, single_page};
use crate::{Client, wire};

/// A user as `find_users` and the lists return them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserSummary {
    /// The user.
    #[serde(alias = "userId", alias = "userid")]
    pub user_id: u64,
    /// First name.
    #[serde(default, alias = "firstName")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, alias = "lastName")]
    pub last_name: Option<String>,
    /// Email.
    #[serde(default, alias = "email")]
    pub email: Option<String>,
    /// Phone.
    #[serde(default, alias = "phone")]
    pub phone: Option<String>,
    /// Mobile phone (lists with version 2).
    #[serde(default, alias = "cellPhone", alias = "MobilePhone")]
    pub cell_phone: Option<String>,
    /// Barcode (membership card).
    #[serde(default, alias = "barcode", deserialize_with = "wire::text")]
    pub barcode: Option<String>,
    /// The home club.
    #[serde(
        default,
        rename = "primary_store_id",
        alias = "PrimaryStoreId",
        alias = "HomeStoreId",
        deserialize_with = "wire::id_opt::deserialize"
    )]
    pub primary_store_id: Option<u64>,
}

/// A user with full detail (`get_user`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct User {
    /// The user.
    #[serde(alias = "userId")]
    pub user_id: u64,
    /// Login name.
    #[serde(default)]
    pub user_name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Membership type.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub membership_type_id: Option<u64>,
    /// Membership type's name.
    #[serde(default)]
    pub membership_type_name: Option<String>,
    /// Barcode (membership card).
    #[serde(default, deserialize_with = "wire::text")]
    pub barcode: Option<String>,
    /// The club's own status text.
    #[serde(default)]
    pub custom_status_text: Option<String>,
    /// When the membership ended.
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub membership_ended_date: Option<Date>,
    /// When the membership expires.
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub membership_expires_date: Option<Date>,
    /// Member since.
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub member_since_date: Option<Date>,
    /// Amount past due.
    #[serde(default, with = "wire::decimal::option")]
    pub past_due_amount: Option<Decimal>,
    /// Whether anything is past due.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub has_past_due: bool,
    /// Whether the membership is frozen.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub frozen: bool,
    /// Whether the user is a member.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub member: bool,
    /// Whether the user is a prospect.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub prospect: bool,
    /// Classes attended.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub class_attendance_count: Option<i64>,
    /// PIN (full detail).
    #[serde(default, deserialize_with = "wire::text")]
    pub pin_code: Option<String>,
    /// Mobile phone (full detail).
    #[serde(default)]
    pub phone_cell: Option<String>,
    /// Address (full detail).
    #[serde(default)]
    pub address1: Option<String>,
    /// Last payment (full detail).
    #[serde(default, with = "wire::decimal::option")]
    pub last_payment_amount: Option<Decimal>,
}

/// Changes to a user (`update_user`): only the fields set are sent.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UserUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) home_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cell_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) address1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) gender: Option<Gender>,
    #[serde(skip)]
    pub(crate) date_of_birth: Option<Date>,
    #[serde(rename = "DateOfBirth", skip_serializing_if = "Option::is_none")]
    pub(crate) date_of_birth_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emergency_contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emergency_contact_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emergency_contact_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) prospect_type_id: Option<u64>,
}

impl UserUpdate {
    /// No changes yet.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// First name.
        first_name: into String,
        /// Last name.
        last_name: into String,
        /// Email.
        email: into String,
        /// Home phone.
        home_phone: into String,
        /// Mobile phone.
        cell_phone: into String,
        /// Street address.
        address1: into String,
        /// City.
        city: into String,
        /// State (two letters).
        state: into String,
        /// Postal code.
        zip: into String,
        /// Gender.
        gender: Gender,
        /// Date of birth (written as [`crate::BirthDateFormat`] says).
        date_of_birth: Date,
        /// Login name.
        username: into String,
        /// Your own id.
        external_id: into String,
        /// Emergency contact's name.
        emergency_contact_name: into String,
        /// Emergency contact's phone.
        emergency_contact_phone: into String,
        /// Emergency contact's relation.
        emergency_contact_type: into String,
        /// Prospect type.
        prospect_type_id: u64,
    }
}

/// Which users `find_users` looks for; pages count from 1.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct UserFilter {
    pub(crate) email: Option<String>,
    pub(crate) barcode: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) page: Option<u64>,
    pub(crate) limit: Option<u32>,
}

impl UserFilter {
    /// Every user of the scope.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// By email.
        email: into String,
        /// By barcode.
        barcode: into String,
        /// By phone.
        phone: into String,
    }

    /// Asks for `limit` users per page (sent as `limit`). Whether ClubReady reads it is
    /// not confirmed; without it, the server's page size applies. The stream still reads
    /// until an empty page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The page to start at (from 1; default 1).
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }
}

paykit_core::wire_enum! {
    /// How `ActivityDate` compares in [`UserActivityFilter`].
    pub enum ActivityOperator {
        /// Activity after the date (ClubReady's default).
        After = "GT",
        /// Activity on the date.
        On = "EQ",
        /// Activity before the date.
        Before = "LT",
    }
}

paykit_core::wire_enum! {
    /// Which users [`UserActivityFilter`] returns.
    pub enum Segment {
        /// Prospects.
        Prospects = "Prospects",
        /// Active members.
        Active = "Active",
        /// Inactive members.
        Inactive = "Inactive",
        /// Everyone.
        All = "All",
        /// Members past due.
        PastDue = "PastDue",
    }
}

/// `list_users`: users by activity date.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UserActivityFilter {
    pub(crate) activity_date: Date,
    pub(crate) operator: Option<ActivityOperator>,
    pub(crate) segment: Option<Segment>,
    pub(crate) version: Option<u32>,
}

impl UserActivityFilter {
    /// Users with activity relative to `activity_date` (after it, unless
    /// [`UserActivityFilter::operator`] says otherwise).
    pub fn new(activity_date: Date) -> Self {
        UserActivityFilter {
            activity_date,
            operator: None,
            segment: None,
            version: None,
        }
    }

    /// How the date compares.
    pub fn operator(mut self, operator: ActivityOperator) -> Self {
        self.operator = Some(operator);
        self
    }

    /// Which users.
    pub fn segment(mut self, segment: Segment) -> Self {
        self.segment = Some(segment);
        self
    }

    /// The answer's version (`2` adds email and mobile phone).
    pub fn version(mut self, version: u32) -> Self {
        self.version = Some(version);
        self
    }
}

/// `list_users_added`: users added between two dates.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DateAddedFilter {
    pub(crate) from: Date,
    pub(crate) to: Date,
}

impl DateAddedFilter {
    /// Users added from `from` to `to`.
    pub fn new(from: Date, to: Date) -> Self {
        DateAddedFilter { from, to }
    }
}

#[derive(Deserialize)]
struct FoundUsers {
    #[serde(default, alias = "Users")]
    pub(crate) users: Vec<UserSummary>,
}

impl Client {
    /// One page of `GET /users/find` (the page the filter names, from 1).
    pub async fn find_users_page(&self, filter: &UserFilter) -> Result<Page<UserSummary>, Error> {
        let number = filter.page.unwrap_or(1);
        let request = self
            .request("clubready.find_users", Method::GET, "/users/find")
            .query_opt("Email", filter.email.clone())
            .query_opt("Barcode", filter.barcode.clone())
            .query_opt("Phone", filter.phone.clone())
            .query("Page", number.to_string())
            .query_opt("limit", filter.limit.map(|l| l.to_string()));
        let found: FoundUsers = self.send(request).await?;
        Ok(Page::numbered(found.users, number, None))
    }

    /// Every user matching the filter: `GET /users/find` page after page (from the
    /// filter's page), until a page comes back empty (ClubReady gives no total).
    pub fn find_users(&self, filter: &UserFilter) -> Pages<UserSummary, Error> {
        let client = self.clone();
        let filter = filter.clone();
        let first = filter.page.unwrap_or(1);
        Pages::new(Cursor::Number(first), move |cursor| {
            let client = client.clone();
            let mut filter = filter.clone();
            async move {
                if let Cursor::Number(n) = cursor {
                    filter.page = Some(n);
                }
                client.find_users_page(&filter).await
            }
        })
    }

    /// A user with full detail: `GET /users/{UserId}?FullDetail=true`.
    pub async fn get_user(&self, user_id: u64) -> Result<User, Error> {
        let request = self
            .request("clubready.get_user", Method::GET, "/users/{}")
            .arg(user_id.to_string())
            .query("UserId", user_id.to_string())
            .query("FullDetail", "true");
        self.send(request).await
    }

    /// Changes a user: `PUT /users/{UserId}` with the fields set.
    pub async fn update_user(&self, user_id: u64, update: &UserUpdate) -> Result<Ack, Error> {
        let mut update = update.clone();
        update.date_of_birth_text = update
            .date_of_birth
            .map(|d| self.birth_date_format.format(d));
        let request = self
            .request("clubready.update_user", Method::PUT, "/users/{}")
            .arg(user_id.to_string());
        let request = self.body(request, &update);
        self.send(request).await
    }

    /// Users by activity date: `GET /users` (one answer).
    pub async fn list_users_page(
        &self,
        filter: &UserActivityFilter,
    ) -> Result<Page<UserSummary>, Error> {
        let request = self
            .request("clubready.list_users", Method::GET, "/users")
            .query("ActivityDate", wire::iso_date(filter.activity_date))
            .query_opt(
                "ActivityOperator",
                filter.operator.as_ref().map(|o| o.as_str().to_owned()),
            )
            .query_opt(
                "Segment",
                filter.segment.as_ref().map(|s| s.as_str().to_owned()),
            )
            .query_opt("Version", filter.version.map(|v| v.to_string()));
        Ok(Page::single(self.send(request).await?))
    }

    /// [`Client::list_users_page`] as a stream of users.
    pub fn list_users(&self, filter: &UserActivityFilter) -> Pages<UserSummary, Error> {
        let (client, filter) = (self.clone(), filter.clone());
        single_page(async move { client.list_users_page(&filter).await })
    }

    /// Users added between two dates: `GET /users/date-added` (one answer).
    pub async fn list_users_added_page(
        &self,
        filter: &DateAddedFilter,
    ) -> Result<Page<UserSummary>, Error> {
        let request = self
            .request(
                "clubready.list_users_added",
                Method::GET,
                "/users/date-added",
            )
            .query("FromDate", wire::iso_date(filter.from))
            .query("ToDate", wire::iso_date(filter.to));
        Ok(Page::single(self.send(request).await?))
    }

    /// [`Client::list_users_added_page`] as a stream of users.
    pub fn list_users_added(&self, filter: &DateAddedFilter) -> Pages<UserSummary, Error> {
        let (client, filter) = (self.clone(), filter.clone());
        single_page(async move { client.list_users_added_page(&filter).await })
    }
}
