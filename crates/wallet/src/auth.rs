//! The authority token: an ES256 JWT whose only claim is `sub` .

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use paykit_core::HeaderAuth;
use paykit_core::reqwest::header::AUTHORIZATION;
use secrecy::SecretString;

/// The JWT header the server expects.
const HEADER: &str = r#"{"alg":"ES256","typ":"JWT"}"#;

/// Signs the authority token: `base64url(header).base64url({"sub":id}).base64url(r||s)`.
/// ECDSA here is deterministic (RFC 6979), so one key and id always give the same token.
pub(crate) fn authority_token(authority_id: &str, key: &SigningKey) -> SecretString {
    let payload = serde_json::json!({ "sub": authority_id }).to_string();
    let signing_input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(HEADER.as_bytes()),
        Base64UrlUnpadded::encode_string(payload.as_bytes())
    );
    let signature: Signature = key.sign(signing_input.as_bytes());
    SecretString::from(format!(
        "{signing_input}.{}",
        Base64UrlUnpadded::encode_string(&signature.to_bytes())
    ))
}

/// The auth hook: the token raw in `Authorization`, no `Bearer ` (the server decodes the
/// header value as it is and refuses a prefix with 403).
pub(crate) fn authority_auth(token: SecretString) -> HeaderAuth {
    HeaderAuth::raw(AUTHORIZATION, token)
}
