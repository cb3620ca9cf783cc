//! Authority key material: P-256 key generation, PEM export and ES256 JWT signing.
//!
//! The real server generates an ECDSA P-256 key pair per authority and keeps only the
//! public key PEM; the private key goes to the operator in the authority
//! client configuration file. [`SimAuthority`] is that operator-side half.

use std::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::SecretKey;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::OsRng;
use serde_json::{Value, json};

/// The config schema version the server writes into authority configuration files.
pub const CONFIG_SCHEMA_VERSION: &str = "0.1.0";

/// An authority registered with a [`WalletSimulator`](super::WalletSimulator): its id, its
/// name and its private key (the simulator itself keeps only the public key).
///
/// `Debug` never prints the private key.
#[derive(Clone)]
pub struct SimAuthority {
    /// The authority id (a 24 hex character ObjectId-like string); the JWT `sub`.
    pub id: String,
    /// The authority's name, as given to
    /// [`WalletSimulator::create_authority`](super::WalletSimulator::create_authority).
    pub name: String,
    secret: SecretKey,
}

impl SimAuthority {
    /// Wraps a freshly generated key. Returns the authority and its public key as an SPKI
    /// PEM (`BEGIN PUBLIC KEY`), which is what the server stores.
    pub(super) fn generate(id: String, name: &str) -> (SimAuthority, String) {
        let secret = SecretKey::random(&mut OsRng);
        let public_pem = secret
            .public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("a P-256 public key always encodes as PEM");
        let authority = SimAuthority {
            id,
            name: name.to_owned(),
            secret,
        };
        (authority, public_pem)
    }

    /// The public key as an SPKI PEM, as the service stores it.
    pub(super) fn public_key_pem(&self) -> String {
        self.secret
            .public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("a P-256 public key always encodes as PEM")
    }

    /// The private key as a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn private_key_pem(&self) -> String {
        self.secret
            .to_pkcs8_pem(LineEnding::LF)
            .expect("a P-256 secret key always encodes as PKCS#8 PEM")
            .to_string()
    }

    /// The same private key as a SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`).
    pub fn private_key_sec1_pem(&self) -> String {
        self.secret
            .to_sec1_pem(LineEnding::LF)
            .expect("a P-256 secret key always encodes as SEC1 PEM")
            .to_string()
    }

    /// The authority client configuration file the server prints for `create-authority`:
    /// `config_schema_version`, `api_base_url`, `authority_id` and `private_key` (PKCS#8
    /// PEM), pretty-printed with four spaces like the server's `JSON.stringify(.., null, 4)`.
    ///
    /// `api_base_url` is written as given; pass [`WalletSimulator::root_url`] (no `/api/v1`,
    /// no trailing slash), as the real server writes it.
    ///
    /// [`WalletSimulator::root_url`]: super::WalletSimulator::root_url
    pub fn config_json(&self, api_base_url: &str) -> String {
        let value = json!({
            "config_schema_version": CONFIG_SCHEMA_VERSION,
            "api_base_url": api_base_url,
            "authority_id": self.id,
            "private_key": self.private_key_pem(),
        });
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(&value, &mut serializer)
            .expect("serializing a JSON value to memory cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// A valid ES256 JWT for this authority, exactly like the SDK's:
    /// header `{"alg":"ES256","typ":"JWT"}`, payload `{"sub": <id>}` and nothing else.
    /// Put it raw in the `Authorization` header (no `Bearer `).
    pub fn sign_token(&self) -> String {
        self.sign_jws(
            &json!({"alg": "ES256", "typ": "JWT"}),
            &json!({"sub": self.id}),
        )
    }

    /// Signs an arbitrary JWS with this authority's key (ES256: SHA-256 ECDSA, signature
    /// `r||s`), whatever `header` says. For tests of the server's checks, e.g. a header with
    /// `"alg": "ES384"` or a payload with an expired `exp`.
    pub fn sign_jws(&self, header: &Value, payload: &Value) -> String {
        let signing_input = format!(
            "{}.{}",
            Base64UrlUnpadded::encode_string(header.to_string().as_bytes()),
            Base64UrlUnpadded::encode_string(payload.to_string().as_bytes()),
        );
        let signing_key = SigningKey::from(&self.secret);
        let signature: Signature = signing_key.sign(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            Base64UrlUnpadded::encode_string(&signature.to_bytes())
        )
    }
}

impl fmt::Debug for SimAuthority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimAuthority")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("private_key", &format_args!("<redacted>"))
            .finish()
    }
}
