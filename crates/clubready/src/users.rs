//! Users and prospects: create, find, read, update, list, log in, check-in.

use paykit_core::reqwest::Method;
use paykit_core::{Cursor, Page, Pages};
use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Error;
use crate::values::{Ack, AuthenticationResult, single_page};
use crate::{Client, wire};

paykit_core::wire_enum! {
    /// A prospect's gender as ClubReady takes it.
    pub enum Gender {
        /// `M`.
        Male = "M" | "Male",
        /// `F`.
        Female = "F" | "Female",
    }
}

/// A prospect (lead) to create: `NewProspect::new(first, last, email, send_email)` and
/// chained optional fields.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewProspect {
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) send_email: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) zip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) work_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cell_phone: Option<String>,
    #[serde(skip)]
    pub(crate) date_of_birth: Option<Date>,
    #[serde(rename = "DateOfBirth", skip_serializing_if = "Option::is_none")]
    pub(crate) date_of_birth_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) add_package_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) prospect_type_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) referral_type_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email_template_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) coupon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) referred_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email_opt_out: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) promotional_sms_opt_in: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) non_promotional_sms_opt_in: Option<bool>,
}

macro_rules! setters {
    () => {};
    ($(#[$m:meta])* $name:ident: into $t:ty, $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(mut self, value: impl Into<$t>) -> Self {
            self.$name = Some(value.into());
            self
        }
        setters!($($rest)*);
    };
    ($(#[$m:meta])* $name:ident: $t:ty, $($rest:tt)*) => {
        $(#[$m])*
        pub fn $name(mut self, value: $t) -> Self {
            self.$name = Some(value);
            self
        }
        setters!($($rest)*);
    };
}
pub(crate) use setters;

impl NewProspect {
    /// A prospect with the required fields; `send_email` asks ClubReady to send its
    /// welcome email.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
        send_email: bool,
    ) -> Self {
        NewProspect {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: email.into(),
            send_email,
            gender: None,
            address: None,
            city: None,
            state: None,
            zip: None,
            phone: None,
            work_phone: None,
            cell_phone: None,
            date_of_birth: None,
            date_of_birth_text: None,
            add_package_id: None,
            prospect_type_id: None,
            referral_type_id: None,
            email_template_id: None,
            coupon: None,
            note: None,
            external_id: None,
            referred_by: None,
            username: None,
            email_opt_out: None,
            promotional_sms_opt_in: None,
            non_promotional_sms_opt_in: None,
        }
    }

    setters! {
        /// `M` or `F`.
        gender: Gender,
        /// Street address.
        address: into String,
        /// City.
        city: into String,
        /// State (two letters).
        state: into String,
        /// Postal code.
        zip: into String,
        /// Home phone.
        phone: into String,
        /// Work phone.
        work_phone: into String,
        /// Mobile phone.
        cell_phone: into String,
        /// Date of birth (written as [`crate::BirthDateFormat`] says).
        date_of_birth: Date,
        /// A package to add to the new prospect.
        add_package_id: u64,
        /// The prospect type.
        prospect_type_id: u64,
        /// The referral type.
        referral_type_id: u64,
        /// The email template of the welcome email.
        email_template_id: u64,
        /// A coupon code.
        coupon: into String,
        /// A note on the prospect.
        note: into String,
        /// Your own id for the prospect.
        external_id: into String,
        /// Who referred them.
        referred_by: into String,
        /// A login name (4 to 255 characters).
        username: into String,
        /// Opts out of email.
        email_opt_out: bool,
        /// Opts in to promotional text messages.
        promotional_sms_opt_in: bool,
        /// Opts in to non-promotional text messages.
        non_promotional_sms_opt_in: bool,
    }
}

/// What creating a prospect gave: the new user, or the existing one when the lead was
/// already known (ClubReady answers a duplicate with the matched user).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct CreatedProspect {
    /// The user: new, or the existing one for a duplicate.
    #[serde(
        default,
        rename = "UserId",
        alias = "userId",
        alias = "userid",
        deserialize_with = "wire::id_opt::deserialize"
    )]
    pub user_id: Option<u64>,
    /// Whether the welcome email went out.
    #[serde(
        default,
        rename = "EmailSent",
        alias = "emailSent",
        deserialize_with = "wire::flag::deserialize"
    )]
    pub email_sent: bool,
    /// Whether the package was added.
    #[serde(
        default,
        rename = "PackageAdded",
        alias = "packageAdded",
        deserialize_with = "wire::flag::deserialize"
    )]
    pub package_added: bool,
    /// `true` when the lead already existed (`user_id` is then the matched user).
    #[serde(skip)]
    pub already_existed: bool,
    /// The server's message, if any.
    #[serde(
        default,
        rename = "Message",
        alias = "message",
        alias = "error",
        deserialize_with = "wire::text"
    )]
    pub message: Option<String>,
}

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

/// The answer to a login lookup.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct LoginResult {
    /// The user, when the login matched one.
    #[serde(
        default,
        alias = "userId",
        deserialize_with = "wire::id_opt::deserialize"
    )]
    pub user_id: Option<u64>,
    /// The user's home club.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub home_store_id: Option<u64>,
    /// What the check found.
    #[serde(default)]
    pub authentication_result: Option<AuthenticationResult>,
    /// `Success` as sent.
    #[serde(
        default,
        alias = "success",
        deserialize_with = "wire::flag::deserialize"
    )]
    pub success: bool,
    /// The server's message.
    #[serde(default, alias = "message", deserialize_with = "wire::text")]
    pub message: Option<String>,
}

impl LoginResult {
    /// Whether the user may log in ([`AuthenticationResult::is_success`]).
    pub fn is_authenticated(&self) -> bool {
        self.authentication_result
            .as_ref()
            .is_some_and(AuthenticationResult::is_success)
    }
}

/// The answer to a username check.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct UsernameCheck {
    /// Whether the name is free and valid.
    #[serde(default, alias = "valid", deserialize_with = "wire::flag::deserialize")]
    pub valid: bool,
    /// ClubReady's status code.
    #[serde(
        default,
        alias = "statusCode",
        deserialize_with = "wire::int_opt::deserialize"
    )]
    pub status_code: Option<i64>,
    /// Why not.
    #[serde(default, alias = "message", deserialize_with = "wire::text")]
    pub message: Option<String>,
}

/// A check-in at the door: `CheckIn::new(barcode)`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CheckIn {
    pub(crate) barcode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) user_id: Option<u64>,
}

impl CheckIn {
    /// A check-in by barcode.
    pub fn new(barcode: impl Into<String>) -> Self {
        CheckIn {
            barcode: barcode.into(),
            user_id: None,
        }
    }

    setters! {
        /// The user, when known.
        user_id: u64,
    }
}

#[derive(Deserialize)]
struct FoundUsers {
    #[serde(default, alias = "Users")]
    pub(crate) users: Vec<UserSummary>,
}

impl Client {
    /// Creates a prospect (lead) at the client's club: `POST /users/prospect`.
    ///
    /// A lead ClubReady already knows is not an error: the answer has
    /// [`CreatedProspect::already_existed`] set and the matched user in
    /// [`CreatedProspect::user_id`]. Any other `Success: false` is [`Error::Refused`].
    pub async fn create_prospect(&self, prospect: &NewProspect) -> Result<CreatedProspect, Error> {
        let mut prospect = prospect.clone();
        prospect.date_of_birth_text = prospect
            .date_of_birth
            .map(|d| self.birth_date_format.format(d));
        let request =
            self.store_request("clubready.create_prospect", Method::POST, "/users/prospect")?;
        let request = self.body(request, &prospect);
        match self.exchange(request, &[]).await? {
            Ok(response) => self.decode(&response, &[]),
            Err(declined) => {
                let duplicate = declined
                    .message
                    .as_deref()
                    .is_some_and(|m| m.to_ascii_lowercase().contains("already exist"));
                if !duplicate {
                    return Err(self.declined(declined, &[]));
                }
                let response = paykit_core::Response::new(
                    "clubready.create_prospect",
                    paykit_core::reqwest::StatusCode::OK,
                    Default::default(),
                    declined.body.clone(),
                );
                let mut created: CreatedProspect = self.decode(&response, &[])?;
                created.already_existed = true;
                Ok(created)
            }
        }
    }

    /// One page of `GET /users/find` (the page the filter names, from 1).
    pub async fn find_users_page(&self, filter: &UserFilter) -> Result<Page<UserSummary>, Error> {
        let number = filter.page.unwrap_or(1);
        let request = self
            .request("clubready.find_users", Method::GET, "/users/find")
            .query_opt("Email", filter.email.clone())
            .query_opt("Barcode", filter.barcode.clone())
            .query_opt("Phone", filter.phone.clone())
            .query("Page", number.to_string());
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

    /// Checks a member's login: `GET /users/find/login-details`.
    ///
    /// ClubReady takes the password in the URL; it never appears in an error, a trace or a
    /// `Debug`. A wrong password is not an error: read
    /// [`LoginResult::authentication_result`].
    pub async fn find_user_by_login(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<LoginResult, Error> {
        let secret = password.expose_secret();
        let request = self
            .request(
                "clubready.find_user_by_login",
                Method::GET,
                "/users/find/login-details",
            )
            .query("UserName", username)
            .query("Password", secret);
        match self.exchange(request, &[secret]).await? {
            Ok(response) => self.decode(&response, &[secret]),
            Err(declined) => {
                let response = paykit_core::Response::new(
                    "clubready.find_user_by_login",
                    paykit_core::reqwest::StatusCode::OK,
                    Default::default(),
                    declined.body.clone(),
                );
                self.decode(&response, &[secret])
            }
        }
    }

    /// Whether a username is free: `POST /users/checkusername`.
    pub async fn check_username(&self, username: &str) -> Result<UsernameCheck, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Body<'a> {
            username: &'a str,
        }
        let request = self
            .request(
                "clubready.check_username",
                Method::POST,
                "/users/checkusername",
            )
            .idempotency(paykit_core::Idempotency::Safe);
        let request = self.body(request, &Body { username });
        self.send(request).await
    }

    /// Checks a member in at the client's club: `POST /users/checkin`.
    pub async fn check_in(&self, check_in: &CheckIn) -> Result<Ack, Error> {
        let request = self.store_request("clubready.check_in", Method::POST, "/users/checkin")?;
        let request = self.body(request, check_in);
        self.send(request).await
    }
}
