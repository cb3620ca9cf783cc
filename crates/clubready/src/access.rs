//! Member access: the login lookup, username checks and check-in at the door.

use paykit_core::reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::values::{Ack, AuthenticationResult, setters};
use crate::{Client, wire};

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
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "serde_jsv::dotnet::datetime::option"
    )]
    pub(crate) utc_time_stamp: Option<time::OffsetDateTime>,
}

impl CheckIn {
    /// A check-in by barcode.
    pub fn new(barcode: impl Into<String>) -> Self {
        CheckIn {
            barcode: barcode.into(),
            user_id: None,
            utc_time_stamp: None,
        }
    }

    setters! {
        /// The user, when known.
        user_id: u64,
    }

    /// When the member came in (`UtcTimeStamp`, sent in UTC as `2026-06-01T18:30:00Z`;
    /// default: ClubReady's own clock).
    pub fn utc_time_stamp(mut self, at: time::OffsetDateTime) -> Self {
        self.utc_time_stamp = Some(at.to_offset(time::UtcOffset::UTC));
        self
    }
}

impl Client {
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
