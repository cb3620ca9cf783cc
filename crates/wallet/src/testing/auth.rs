//! Server-side JWT check.
//!
//! The server reads the raw `Authorization` header (no `Bearer ` prefix), decodes the token
//! without verifying it to learn the claimed authority (`sub`), loads that authority, then
//! verifies the signature with the authority's stored public key PEM.

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use serde_json::{Map, Value};

use super::state::{State, now_unix_seconds};

/// Why a request was refused: the HTTP status and the JSON body to answer with.
pub(super) type Refusal = (u16, Value);

/// Checks the request's `Authorization` header; returns the authenticated authority id.
pub(super) fn authenticate(request: &wiremock::Request, state: &State) -> Result<String, Refusal> {
    // wallet.md §2.4: no header → 401. The server tests the header for truthiness, so an empty
    // header counts as missing.
    let raw = match request.headers.get("authorization") {
        None => return Err(unauthorized()),
        Some(value) if value.as_bytes().is_empty() => return Err(unauthorized()),
        Some(value) => value,
    };
    // wallet.md §2.2 / §2.4: anything that does not decode and verify → 403 "forbidden".
    let token = raw.to_str().map_err(|_| forbidden())?;
    verify(token, state).ok_or_else(forbidden)
}

fn verify(token: &str, state: &State) -> Option<String> {
    let mut parts = token.split('.');
    let (header_b64, payload_b64, signature_b64) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header = decode_json_object(header_b64)?;
    let payload = decode_json_object(payload_b64)?;

    // Unverified decode first: who does the token claim to be? (../shared/vendors/wallet.md §2.2)
    let sub = payload.get("sub")?.as_str()?;
    let public_key_pem = state.authority_public_key(sub)?;

    // Then verify. The simulator accepts ES256 only (see the module docs: jsonwebtoken 8
    // would also take ES384/ES512 with an EC key).
    if header.get("alg")?.as_str()? != "ES256" {
        return None;
    }
    let verifying_key = VerifyingKey::from_public_key_pem(public_key_pem).ok()?;
    let signature_bytes = Base64UrlUnpadded::decode_vec(signature_b64).ok()?;
    let signature = Signature::from_slice(&signature_bytes).ok()?;
    let signing_input = &token[..header_b64.len() + 1 + payload_b64.len()];
    verifying_key
        .verify(signing_input.as_bytes(), &signature)
        .ok()?;

    // jsonwebtoken's verify also honours registered time claims when present.
    let now = now_unix_seconds();
    if let Some(exp) = payload.get("exp")
        && now >= exp.as_f64()?
    {
        return None;
    }
    if let Some(nbf) = payload.get("nbf")
        && nbf.as_f64()? > now
    {
        return None;
    }
    Some(sub.to_owned())
}

fn decode_json_object(segment: &str) -> Option<Map<String, Value>> {
    let bytes = Base64UrlUnpadded::decode_vec(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn unauthorized() -> Refusal {
    (
        401,
        serde_json::json!({"error": "authorization data required"}),
    )
}

fn forbidden() -> Refusal {
    (403, serde_json::json!({"error": "forbidden"}))
}
