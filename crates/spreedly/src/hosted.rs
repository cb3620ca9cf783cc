//! The hosted pages: browser URLs (no request is made). Every path part and query value is
//! percent-encoded.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::Client;

/// Kept as they are: RFC 3986 "unreserved"; everything else is encoded.
const PART: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query parameters of a hosted subscribe page: where "Continue" leads afterwards and what
/// the form is pre-filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct HostedPageOptions {
    return_url: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
}

impl HostedPageOptions {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// `return_url`: where the receipt page's "Continue" link points.
    pub fn return_url(mut self, url: impl Into<String>) -> Self {
        self.return_url = Some(url.into());
        self
    }

    /// Pre-fills the email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Pre-fills the first name.
    pub fn first_name(mut self, name: impl Into<String>) -> Self {
        self.first_name = Some(name.into());
        self
    }

    /// Pre-fills the last name.
    pub fn last_name(mut self, name: impl Into<String>) -> Self {
        self.last_name = Some(name.into());
        self
    }

    fn query(&self) -> String {
        let pairs = [
            ("return_url", &self.return_url),
            ("email", &self.email),
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
        ];
        let mut out = String::new();
        for (name, value) in pairs {
            if let Some(value) = value {
                out.push(if out.is_empty() { '?' } else { '&' });
                out.push_str(name);
                out.push('=');
                out.extend(utf8_percent_encode(value, PART));
            }
        }
        out
    }
}

fn part(value: &str) -> String {
    utf8_percent_encode(value, PART).to_string()
}

impl Client {
    /// The subscribe page of plan `plan_id` for a new or known subscriber:
    /// `{hosted}/subscribers/{customer_id}/subscribe/{plan_id}/{screen_name}`.
    pub fn subscribe_url(
        &self,
        customer_id: &str,
        plan_id: u64,
        screen_name: &str,
        options: &HostedPageOptions,
    ) -> String {
        format!(
            "{}/subscribers/{}/subscribe/{plan_id}/{}{}",
            self.hosted_url(),
            part(customer_id),
            part(screen_name),
            options.query()
        )
    }

    /// The subscribe page with the subscriber's token, which pre-fills the saved name, email
    /// and card: `{hosted}/subscribers/{customer_id}/{token}/subscribe/{plan_id}`.
    pub fn subscribe_url_with_token(
        &self,
        customer_id: &str,
        subscriber_token: &str,
        plan_id: u64,
        options: &HostedPageOptions,
    ) -> String {
        format!(
            "{}/subscribers/{}/{}/subscribe/{plan_id}{}",
            self.hosted_url(),
            part(customer_id),
            part(subscriber_token),
            options.query()
        )
    }

    /// The account page (change subscription or card):
    /// `{hosted}/subscriber_accounts/{token}`, with an optional `return_url`.
    pub fn account_url(&self, subscriber_token: &str, return_url: Option<&str>) -> String {
        let mut url = format!(
            "{}/subscriber_accounts/{}",
            self.hosted_url(),
            part(subscriber_token)
        );
        if let Some(r) = return_url {
            url.push_str("?return_url=");
            url.push_str(&part(r));
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use crate::Client;

    use super::HostedPageOptions;

    #[test]
    fn every_part_is_encoded() {
        let c = Client::builder("acme-test", "t0ken").build().unwrap();
        assert_eq!(
            c.subscribe_url("42", 7, "Zoë & co/x", &HostedPageOptions::new()),
            "https://spreedly.com/acme-test/subscribers/42/subscribe/7/Zo%C3%AB%20%26%20co%2Fx"
        );
        let opts = HostedPageOptions::new()
            .return_url("https://app.example/done?a=1&b=2")
            .email("a+b@example.com")
            .first_name("Zoë")
            .last_name("O'Neil");
        assert_eq!(
            c.subscribe_url_with_token("a/b", "tok?", 7, &opts),
            "https://spreedly.com/acme-test/subscribers/a%2Fb/tok%3F/subscribe/7\
             ?return_url=https%3A%2F%2Fapp.example%2Fdone%3Fa%3D1%26b%3D2\
             &email=a%2Bb%40example.com&first_name=Zo%C3%AB&last_name=O%27Neil"
        );
        assert_eq!(
            c.account_url("abc123", Some("https://app.example/")),
            "https://spreedly.com/acme-test/subscriber_accounts/abc123?return_url=https%3A%2F%2Fapp.example%2F"
        );
        assert_eq!(
            c.account_url("abc123", None),
            "https://spreedly.com/acme-test/subscriber_accounts/abc123"
        );
    }
}
