//! Payment: vault tokens, the payment methods a sale is split across, and payment
//! profile imports.

use std::fmt;

use paykit_core::Idempotency;
use paykit_core::reqwest::Method;
use rust_decimal::Decimal;
use secrecy::{ExposeSecret, SecretString};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::error::Error;
use crate::values::{Ack, setters};
use crate::{Client, wire};

/// A payment account token from ClubReady's vault (`AcctToken`): opaque, never parsed,
/// never shown by `Debug` or in errors.
#[derive(Clone)]
pub struct AcctToken(SecretString);

impl AcctToken {
    /// Wraps a token as received.
    pub fn new(token: impl Into<String>) -> Self {
        AcctToken(SecretString::from(token.into()))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AcctToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AcctToken([REDACTED])")
    }
}

/// A payment profile token (`ProfileToken`, a short-lived single-use JWT from ClubReady's
/// vault): opaque, never shown by `Debug` or in errors.
#[derive(Clone)]
pub struct ProfileToken(SecretString);

impl ProfileToken {
    /// Wraps a token as received.
    pub fn new(token: impl Into<String>) -> Self {
        ProfileToken(SecretString::from(token.into()))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ProfileToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProfileToken([REDACTED])")
    }
}

/// One way to pay part of a sale, up to `amount`: exactly one of the preferred on-file
/// method, an account token, or a profile token — the type allows no other combination,
/// and `DoNotUpdatePaymentTypePreference` exists only with a profile token.
///
/// Written as ClubReady takes it: `{PaymentAmount:1.00,AcctToken:…}`,
/// `{PaymentAmount:2.00,UsePreferred:true}`,
/// `{PaymentAmount:3.00,ProfileToken:…,DoNotUpdatePaymentTypePreference:True}`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PaymentMethod {
    /// The member's preferred method on file.
    Preferred {
        /// The most this method pays.
        amount: Decimal,
    },
    /// A vault account token.
    AcctToken {
        /// The most this method pays.
        amount: Decimal,
        /// The token.
        token: AcctToken,
    },
    /// A vault payment profile.
    ProfileToken {
        /// The most this method pays.
        amount: Decimal,
        /// The token.
        token: ProfileToken,
        /// Keep the member's preferred payment type as it is.
        do_not_update_payment_type_preference: bool,
    },
}

impl PaymentMethod {
    /// The preferred method on file, up to `amount`.
    pub fn preferred(amount: Decimal) -> Self {
        PaymentMethod::Preferred { amount }
    }

    /// An account token, up to `amount`.
    pub fn acct_token(amount: Decimal, token: AcctToken) -> Self {
        PaymentMethod::AcctToken { amount, token }
    }

    /// A profile token, up to `amount` (the member's preferred type may be updated).
    pub fn profile_token(amount: Decimal, token: ProfileToken) -> Self {
        PaymentMethod::ProfileToken {
            amount,
            token,
            do_not_update_payment_type_preference: false,
        }
    }

    /// A profile token, up to `amount`, leaving the member's preferred type as it is.
    pub fn profile_token_keeping_preference(amount: Decimal, token: ProfileToken) -> Self {
        PaymentMethod::ProfileToken {
            amount,
            token,
            do_not_update_payment_type_preference: true,
        }
    }

    /// The most this method pays.
    pub fn amount(&self) -> Decimal {
        match self {
            PaymentMethod::Preferred { amount }
            | PaymentMethod::AcctToken { amount, .. }
            | PaymentMethod::ProfileToken { amount, .. } => *amount,
        }
    }
}

// The literal `true`, as the seed example of issue 11 writes `UsePreferred:true` (the .NET
// reader takes `true` and `True` alike).
struct LiteralTrue;

impl Serialize for LiteralTrue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("true")
    }
}

impl Serialize for PaymentMethod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Amount(Decimal);
        impl Serialize for Amount {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                wire::decimal::serialize(&self.0, s)
            }
        }
        match self {
            PaymentMethod::Preferred { amount } => {
                let mut st = s.serialize_struct("PaymentMethod", 2)?;
                st.serialize_field("PaymentAmount", &Amount(*amount))?;
                st.serialize_field("UsePreferred", &LiteralTrue)?;
                st.end()
            }
            PaymentMethod::AcctToken { amount, token } => {
                let mut st = s.serialize_struct("PaymentMethod", 2)?;
                st.serialize_field("PaymentAmount", &Amount(*amount))?;
                st.serialize_field("AcctToken", token.expose())?;
                st.end()
            }
            PaymentMethod::ProfileToken {
                amount,
                token,
                do_not_update_payment_type_preference,
            } => {
                let mut st = s.serialize_struct("PaymentMethod", 3)?;
                st.serialize_field("PaymentAmount", &Amount(*amount))?;
                st.serialize_field("ProfileToken", token.expose())?;
                if *do_not_update_payment_type_preference {
                    st.serialize_field("DoNotUpdatePaymentTypePreference", &true)?;
                }
                st.end()
            }
        }
    }
}

/// A payment profile to import (`POST /sales/paymentprofile/import`), in either of the
/// two versions ClubReady has published: [`PaymentProfileImport::new`] (the newer: a
/// profile token alone) or [`PaymentProfileImport::with_acct_token`] (the older: an
/// account token and a profile token).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct PaymentProfileImport {
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_acct")]
    pub(crate) acct_token: Option<AcctToken>,
    #[serde(serialize_with = "profile")]
    pub(crate) profile_token: ProfileToken,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) new_owner_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) do_not_update_payment_type_preference: Option<bool>,
}

fn opt_acct<S: Serializer>(t: &Option<AcctToken>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(t.expose()),
        None => s.serialize_none(),
    }
}

fn profile<S: Serializer>(t: &ProfileToken, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.expose())
}

impl PaymentProfileImport {
    /// The newer form: a profile token alone.
    pub fn new(profile_token: ProfileToken) -> Self {
        PaymentProfileImport {
            acct_token: None,
            profile_token,
            new_owner_id: None,
            do_not_update_payment_type_preference: None,
        }
    }

    /// The older form: an account token and a profile token.
    pub fn with_acct_token(acct_token: AcctToken, profile_token: ProfileToken) -> Self {
        PaymentProfileImport {
            acct_token: Some(acct_token),
            ..Self::new(profile_token)
        }
    }

    setters! {
        /// The new owner (needed when the owner is a temporary user).
        new_owner_id: u64,
        /// Keep the member's preferred payment type as it is.
        do_not_update_payment_type_preference: bool,
    }

    fn tokens(&self) -> Vec<&str> {
        let mut out = vec![self.profile_token.expose()];
        if let Some(acct) = &self.acct_token {
            out.push(acct.expose());
        }
        out
    }
}

impl Client {
    /// Imports a payment profile: `POST /sales/paymentprofile/import`. **Never resent**
    /// once it may have reached the server (a profile token is single-use).
    pub async fn import_payment_profile(
        &self,
        import: &PaymentProfileImport,
    ) -> Result<Ack, Error> {
        let request = self
            .request(
                "clubready.import_payment_profile",
                Method::POST,
                "/sales/paymentprofile/import",
            )
            .idempotency(Idempotency::Never);
        let request = self.body(request, import);
        self.send_with_secrets(request, &import.tokens()).await
    }
}
