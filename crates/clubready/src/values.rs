//! Values shared by several operations: the plain acknowledgement, ClubReady's numbered
//! enums, and the one-answer list helper.

use std::fmt;
use std::future::Future;

use paykit_core::{Cursor, Page, Pages};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::Error;
use crate::wire;

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

/// The plain `{Success, Message}` answer of operations that return nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Ack {
    /// The server's message, if any.
    #[serde(
        default,
        rename = "Message",
        alias = "message",
        deserialize_with = "wire::text"
    )]
    pub message: Option<String>,
}

/// Pages of a list ClubReady returns in one answer: one page.
pub(crate) fn single_page<T, F>(fetch: F) -> Pages<T, Error>
where
    T: Send + 'static,
    F: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    let mut fetch = Some(fetch);
    Pages::new(Cursor::Number(1), move |_| {
        let fetch = fetch.take();
        async move {
            match fetch {
                Some(fetch) => fetch.await,
                None => Ok(Page::single(Vec::new())),
            }
        }
    })
}

macro_rules! numbered_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($text:literal, $num:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The name ClubReady writes.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Other(other) => other,
                }
            }

            /// ClubReady's number for it (`None` for an unknown value that is not a number).
            pub fn id(&self) -> Option<i32> {
                match self {
                    $( Self::$variant => Some($num), )+
                    Self::Other(other) => other.trim().parse().ok(),
                }
            }

            /// Reads a name (any case) or a number.
            pub fn parse(text: &str) -> Self {
                let t = text.trim();
                if let Ok(n) = t.parse::<i32>() {
                    $( if n == $num { return Self::$variant; } )+
                    return Self::Other(t.to_owned());
                }
                $( if t.eq_ignore_ascii_case($text) { return Self::$variant; } )+
                Self::Other(t.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match wire::text(d)? {
                    Some(t) => Ok(Self::parse(&t)),
                    None => Err(de::Error::custom(concat!("an empty ", stringify!($name)))),
                }
            }
        }
    };
}

numbered_enum! {
    /// The outcome of a login check, read by name or by number (names are what ClubReady
    /// sends; negative numbers are failures).
    pub enum AuthenticationResult {
        /// Wrong password (0).
        InvalidPassword = ("InvalidPassword", 0),
        /// Right password, expired (11).
        SuccessExpired = ("SuccessExpired", 11),
        /// Right password, must be changed (12).
        SuccessChangePassword = ("SuccessChangePassword", 12),
        /// Right password, weak (21).
        SuccessWeakPassword = ("SuccessWeakPassword", 21),
        /// Right password (31).
        Success = ("Success", 31),
        /// Refused: weak password (-12).
        FailedWeakPassword = ("FailedWeakPassword", -12),
        /// Refused: password reused (-15).
        FailedPasswordHistory = ("FailedPasswordHistory", -15),
        /// The account is locked (-21).
        Locked = ("Locked", -21),
        /// The account is disabled (-22).
        Disabled = ("Disabled", -22),
        /// A server-side cryptographic failure (-100).
        CryptographicError = ("CryptographicError", -100),
        /// Another failure (-1).
        Error = ("Error", -1),
    }
}

impl AuthenticationResult {
    /// Whether the password was right (`Success` and the `Success…` variants).
    pub fn is_success(&self) -> bool {
        matches!(
            self,
            Self::Success
                | Self::SuccessExpired
                | Self::SuccessChangePassword
                | Self::SuccessWeakPassword
        )
    }
}

numbered_enum! {
    /// A booking's status, read by name or by number.
    pub enum BookingStatus {
        /// Booked (2).
        Open = ("Open", 2),
        /// Cancelled inside the cancel policy: the credit comes back (3).
        CancelledWithinPolicy = ("CancelledWithinPolicy", 3),
        /// Cancelled outside the cancel policy: the credit is lost (4).
        CancelledOutsidePolicy = ("CancelledOutsidePolicy", 4),
        /// Attended (5).
        Completed = ("Completed", 5),
        /// Did not come (6).
        NoShow = ("NoShow", 6),
        /// On the wait list (12).
        WaitListed = ("WaitListed", 12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_read_by_name_or_number() {
        assert_eq!(
            AuthenticationResult::parse("InvalidPassword"),
            AuthenticationResult::InvalidPassword
        );
        assert_eq!(
            AuthenticationResult::parse("-12"),
            AuthenticationResult::FailedWeakPassword
        );
        assert_eq!(
            AuthenticationResult::parse("12"),
            AuthenticationResult::SuccessChangePassword
        );
        assert_eq!(
            AuthenticationResult::parse("success"),
            AuthenticationResult::Success
        );
        assert_eq!(
            AuthenticationResult::parse("77"),
            AuthenticationResult::Other("77".into())
        );
        assert_eq!(
            BookingStatus::parse("4"),
            BookingStatus::CancelledOutsidePolicy
        );
        assert_eq!(BookingStatus::WaitListed.id(), Some(12));
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct R {
            authentication_result: AuthenticationResult,
        }
        let r: R = serde_jsv::from_str("{AuthenticationResult:Locked}").unwrap();
        assert_eq!(r.authentication_result, AuthenticationResult::Locked);
        let r: R = serde_json::from_str(r#"{"AuthenticationResult":-21}"#).unwrap();
        assert_eq!(r.authentication_result, AuthenticationResult::Locked);
    }
}
