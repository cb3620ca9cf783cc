//! Prospects (leads): creating one, with ClubReady's answer to a lead it already knows.

use paykit_core::reqwest::Method;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::Error;
use crate::values::setters;
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
    pub(crate) assign_to_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) assign_to_method: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) contacted_how: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emergency_contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emergency_contact_phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) emergency_contact_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) email_opt_out: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) promotional_sms_opt_in: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) non_promotional_sms_opt_in: Option<bool>,
}

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
            assign_to_id: None,
            assign_to_method: None,
            contacted_how: None,
            username: None,
            emergency_contact_name: None,
            emergency_contact_phone: None,
            emergency_contact_type: None,
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
        /// The staff member the lead is assigned to.
        assign_to_id: u64,
        /// How the lead is assigned, as ClubReady numbers it (0 or 1).
        assign_to_method: u8,
        /// How the lead was contacted.
        contacted_how: into String,
        /// A login name (4 to 255 characters).
        username: into String,
        /// Emergency contact's name.
        emergency_contact_name: into String,
        /// Emergency contact's phone.
        emergency_contact_phone: into String,
        /// Emergency contact's relation (`Spouse`, ...).
        emergency_contact_type: into String,
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
}
