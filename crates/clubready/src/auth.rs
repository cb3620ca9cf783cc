//! The API key hook: ClubReady reads the key only from the `ApiKey` query parameter.

use std::fmt;
use std::sync::Arc;

use paykit_core::{AuthHook, BoxError, Credential};
use secrecy::{ExposeSecret, SecretString};

/// Puts the API key on each attempt as the `ApiKey` query parameter, the only place
/// ClubReady reads it. The key is added to the outgoing URL at the last moment, so it is
/// never part of a [`Request`] (whose query is not secret); `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct ApiKeyAuth {
    pub(crate) key: Arc<SecretString>,
}

impl fmt::Debug for ApiKeyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeyAuth { key: [REDACTED] }")
    }
}

#[paykit_core::async_trait]
impl AuthHook for ApiKeyAuth {
    async fn authorize(
        &self,
        request: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, BoxError> {
        request
            .url_mut()
            .query_pairs_mut()
            .append_pair("ApiKey", self.key.expose_secret());
        Ok(Credential::default())
    }
}
