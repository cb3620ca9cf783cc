//! The authority client configuration file and the signing key in it.

use std::fmt;
use std::path::Path;

use p256::ecdsa::SigningKey;
use p256::pkcs8::DecodePrivateKey;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::error::ConfigError;

/// The configuration schema this client reads: 0.x with x >= 1.
pub const COMPATIBLE_CONFIG_SCHEMA: (u64, u64) = (0, 1);

/// An authority's client configuration, as `create-authority` prints it:
///
/// ```json
/// {
///     "config_schema_version": "0.1.0",
///     "api_base_url": "https://wallet.example.com",
///     "authority_id": "5f7b…",
///     "private_key": "-----BEGIN PRIVATE KEY-----\n…"
/// }
/// ```
///
/// `Debug` never shows the private key.
#[derive(Clone)]
pub struct AuthorityConfig {
    /// The schema version of the file.
    pub config_schema_version: String,
    /// The server root (scheme, host, port, any path prefix, no `/api/v1`); the client adds
    /// `/api/v1`. A value that already ends with `/api/v1` is accepted as it is.
    pub api_base_url: String,
    /// The authority's id: the JWT `sub`.
    pub authority_id: String,
    /// The PEM-encoded ECDSA P-256 private key (PKCS#8 or SEC1).
    pub private_key: SecretString,
}

impl fmt::Debug for AuthorityConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorityConfig")
            .field("config_schema_version", &self.config_schema_version)
            .field("api_base_url", &self.api_base_url)
            .field("authority_id", &self.authority_id)
            .field("private_key", &"[REDACTED]")
            .finish()
    }
}

impl AuthorityConfig {
    /// Reads and checks a configuration file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&text)
    }

    /// Parses and checks a configuration from its JSON text.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let value: Value = serde_json::from_str(text).map_err(ConfigError::Json)?;
        let field = |field: &'static str| -> Result<String, ConfigError> {
            value
                .get(field)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or(ConfigError::MissingField { field })
        };
        let config = AuthorityConfig {
            config_schema_version: field("config_schema_version")?,
            api_base_url: field("api_base_url")?,
            authority_id: field("authority_id")?,
            private_key: SecretString::from(field("private_key")?),
        };
        config.check()?;
        Ok(config)
    }

    /// Checks the schema version, the URL and the key.
    pub fn check(&self) -> Result<(), ConfigError> {
        let compatible =
            parse_version(&self.config_schema_version).is_some_and(|(major, minor)| {
                major == COMPATIBLE_CONFIG_SCHEMA.0 && minor >= COMPATIBLE_CONFIG_SCHEMA.1
            });
        if !compatible {
            return Err(ConfigError::SchemaVersion {
                found: self.config_schema_version.clone(),
            });
        }
        if self.authority_id.is_empty() {
            return Err(ConfigError::MissingField {
                field: "authority_id",
            });
        }
        paykit_core::url::Url::parse(&self.api_base_url).map_err(|e| ConfigError::BaseUrl {
            url: self.api_base_url.clone(),
            message: e.to_string(),
        })?;
        self.signing_key().map(drop)
    }

    /// The signing key, from PKCS#8 (`BEGIN PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`).
    pub(crate) fn signing_key(&self) -> Result<SigningKey, ConfigError> {
        signing_key(&self.private_key)
    }
}

/// The signing key in a PEM, PKCS#8 (`BEGIN PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`).
pub(crate) fn signing_key(pem: &SecretString) -> Result<SigningKey, ConfigError> {
    let pem = pem.expose_secret().trim();
    if let Ok(key) = SigningKey::from_pkcs8_pem(pem) {
        return Ok(key);
    }
    p256::SecretKey::from_sec1_pem(pem)
        .map(SigningKey::from)
        .map_err(|_| ConfigError::Key)
}

/// `major.minor[.patch[-pre]]` → `(major, minor)`; `None` when not of that shape.
pub(crate) fn parse_version(version: &str) -> Option<(u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    match parts.next() {
        Some(patch) => {
            patch.parse::<u64>().ok()?;
        }
        None => return None,
    }
    parts.next().is_none().then_some((major, minor))
}
