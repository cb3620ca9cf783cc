//! Encryption at rest for cached tokens (feature `encryption`): XChaCha20-Poly1305 with a
//! 32-byte key from the caller and a fresh random 24-byte nonce for every record.

use std::fmt;

use base64ct::{Base64, Encoding};
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use paykit_core::BoxError;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretBox};
use serde::{Deserialize, Serialize};

use super::cache::{CacheKey, CachedToken};

/// The sealed record's version.
const VERSION: u32 = 1;
/// The sealed record's algorithm name.
const ALG: &str = "xchacha20poly1305";
/// The associated data of every record: binds it to this use, so that a ciphertext made
/// with the same key for something else does not open as a token.
const CONTEXT: &[u8] = b"paykit-pax8 sealed token v1";

/// A 32-byte key that encrypts cached tokens. Held in a [`SecretBox`]: zeroized when
/// dropped, never shown by `Debug`.
///
/// Keep it apart from what it protects (an environment variable or a secret manager, not
/// next to the cache file).
pub struct CacheEncryptionKey(SecretBox<[u8; 32]>);

/// Why a string is not a [`CacheEncryptionKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a token cache encryption key must be 32 bytes as 64 hex digits or in base64")]
pub struct InvalidCacheKey;

impl CacheEncryptionKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let mut bytes = Zeroizing::new(bytes);
        CacheEncryptionKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            key.copy_from_slice(bytes.as_mut_slice());
        }))
    }

    /// A key from 64 hex digits (either case; surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Result<Self, InvalidCacheKey> {
        let text = text.trim().as_bytes();
        if text.len() != 64 {
            return Err(InvalidCacheKey);
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            *byte = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
        }
        Ok(Self::from_bytes(*bytes))
    }

    /// A key from standard base64 (padded; surrounding whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Self, InvalidCacheKey> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        let decoded = Base64::decode(text.trim(), bytes.as_mut_slice())
            .map_err(|_| InvalidCacheKey)?
            .len();
        if decoded != 32 {
            return Err(InvalidCacheKey);
        }
        Ok(Self::from_bytes(*bytes))
    }

    /// A key from 64 hex digits or base64, whichever `text` is.
    pub fn parse(text: &str) -> Result<Self, InvalidCacheKey> {
        Self::from_hex(text).or_else(|_| Self::from_base64(text))
    }

    /// A new random key from the operating system's generator. Store it somewhere safe:
    /// tokens sealed with it cannot be read without it.
    pub fn generate() -> Self {
        CacheEncryptionKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            OsRng.fill_bytes(key);
        }))
    }

    /// The key as 64 lowercase hex digits, to store it.
    pub fn to_hex(&self) -> secrecy::SecretString {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = String::with_capacity(64);
        for byte in self.0.expose_secret() {
            text.push(char::from(DIGITS[usize::from(byte >> 4)]));
            text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
        }
        secrecy::SecretString::from(text)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.expose_secret().into())
    }
}

fn hex_digit(digit: u8) -> Result<u8, InvalidCacheKey> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(InvalidCacheKey),
    }
}

impl Clone for CacheEncryptionKey {
    fn clone(&self) -> Self {
        CacheEncryptionKey(SecretBox::init_with_mut(|key: &mut [u8; 32]| {
            key.copy_from_slice(self.0.expose_secret());
        }))
    }
}

impl fmt::Debug for CacheEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CacheEncryptionKey([REDACTED])")
    }
}

/// One sealed token as stored: `{"v":1,"alg":"xchacha20poly1305","nonce":..,"ciphertext":..}`
/// (nonce and ciphertext in base64). Reveals nothing but its length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedToken {
    /// The format version (1).
    pub v: u32,
    /// The algorithm (`xchacha20poly1305`).
    pub alg: String,
    /// The 24-byte nonce, base64.
    pub nonce: String,
    /// The ciphertext with its 16-byte tag, base64.
    pub ciphertext: String,
}

/// What is inside a sealed record: the identity and its token. The identity is inside, so
/// that a record copied to another identity's place does not open as that identity's token.
#[derive(Serialize, Deserialize)]
struct Sealed {
    key: String,
    token: CachedToken,
}

/// Seals [`CachedToken`]s with a [`CacheEncryptionKey`] and opens them again. Used by the
/// file and Redis caches when encryption is on; `Debug` never shows the key.
#[derive(Clone)]
pub struct TokenSealer {
    key: CacheEncryptionKey,
}

impl fmt::Debug for TokenSealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSealer")
            .field("alg", &ALG)
            .field("key", &self.key)
            .finish()
    }
}

impl TokenSealer {
    /// A sealer with `key`.
    pub fn new(key: CacheEncryptionKey) -> Self {
        TokenSealer { key }
    }

    /// Encrypts `token` for `key` with a new random nonce.
    pub fn seal(&self, key: &CacheKey, token: &CachedToken) -> Result<SealedToken, BoxError> {
        self.seal_as(key.to_key_string(), token)
    }

    /// Encrypts `token` for the identity whose key string is `identity`.
    pub(crate) fn seal_as(
        &self,
        identity: String,
        token: &CachedToken,
    ) -> Result<SealedToken, BoxError> {
        let plain = Zeroizing::new(serde_json::to_vec(&Sealed {
            key: identity,
            token: token.clone(),
        })?);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ciphertext = self
            .key
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: &plain,
                    aad: CONTEXT,
                },
            )
            .map_err(|_| "the token could not be encrypted")?;
        Ok(SealedToken {
            v: VERSION,
            alg: ALG.to_owned(),
            nonce: Base64::encode_string(&nonce),
            ciphertext: Base64::encode_string(&ciphertext),
        })
    }

    /// Decrypts `sealed`: the identity it was sealed for and its token. `None` when it was
    /// sealed with another key, was changed, or is not a sealed token at all.
    pub fn open_any(&self, sealed: &SealedToken) -> Option<(String, CachedToken)> {
        if sealed.v != VERSION || sealed.alg != ALG {
            return None;
        }
        let nonce: [u8; 24] = Base64::decode_vec(&sealed.nonce).ok()?.try_into().ok()?;
        let ciphertext = Base64::decode_vec(&sealed.ciphertext).ok()?;
        let plain = Zeroizing::new(
            self.key
                .cipher()
                .decrypt(
                    &XNonce::from(nonce),
                    Payload {
                        msg: &ciphertext,
                        aad: CONTEXT,
                    },
                )
                .ok()?,
        );
        let opened: Sealed = serde_json::from_slice(&plain).ok()?;
        Some((opened.key, opened.token))
    }

    /// Decrypts `sealed` if it holds `key`'s token; `None` otherwise (another key, another
    /// identity, changed, or not a sealed token).
    pub fn open(&self, key: &CacheKey, sealed: &SealedToken) -> Option<CachedToken> {
        let (identity, token) = self.open_any(sealed)?;
        (identity == key.to_key_string()).then_some(token)
    }

    /// [`open`](Self::open) from the record's JSON text.
    pub fn open_json(&self, key: &CacheKey, json: &[u8]) -> Option<CachedToken> {
        let sealed: SealedToken = serde_json::from_slice(json).ok()?;
        self.open(key, &sealed)
    }
}

#[cfg(test)]
mod tests {
    use secrecy::{ExposeSecret, SecretString};

    use super::*;

    fn key(id: &str) -> CacheKey {
        CacheKey {
            client_id: id.into(),
            audience: "https://api.pax8.com".into(),
            token_url: "https://api.pax8.com/v1/token".into(),
        }
    }

    fn token() -> CachedToken {
        CachedToken::new(SecretString::from("the-token"), "Bearer", 4_102_444_800)
    }

    #[test]
    fn a_sealed_token_opens_with_its_key_and_identity_only() {
        let sealer = TokenSealer::new(CacheEncryptionKey::from_bytes([7; 32]));
        let sealed = sealer.seal(&key("a"), &token()).unwrap();
        let json = serde_json::to_string(&sealed).unwrap();
        assert!(
            !json.contains("the-token") && !json.contains("Bearer"),
            "{json}"
        );
        let opened = sealer.open(&key("a"), &sealed).unwrap();
        assert_eq!(opened.access_token.expose_secret(), "the-token");
        assert!(sealer.open(&key("b"), &sealed).is_none());
        let other = TokenSealer::new(CacheEncryptionKey::from_bytes([8; 32]));
        assert!(other.open(&key("a"), &sealed).is_none());
        // Every seal has its own nonce.
        assert_ne!(
            sealer.seal(&key("a"), &token()).unwrap().nonce,
            sealed.nonce
        );
        // A flipped bit, a short nonce, another algorithm: not a token.
        let mut bytes = Base64::decode_vec(&sealed.ciphertext).unwrap();
        bytes[0] ^= 1;
        let tampered = SealedToken {
            ciphertext: Base64::encode_string(&bytes),
            ..sealed.clone()
        };
        assert!(sealer.open(&key("a"), &tampered).is_none());
        let short = SealedToken {
            nonce: Base64::encode_string(&[0; 12]),
            ..sealed.clone()
        };
        assert!(sealer.open(&key("a"), &short).is_none());
        let alg = SealedToken {
            alg: "none".into(),
            ..sealed
        };
        assert!(sealer.open(&key("a"), &alg).is_none());
        assert!(
            sealer
                .open_json(&key("a"), b"{\"access_token\":\"x\"}")
                .is_none()
        );
    }

    #[test]
    fn keys_parse_from_hex_and_base64_and_never_show() {
        let hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1F";
        let from_hex = CacheEncryptionKey::from_hex(hex).unwrap();
        let bytes: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(from_hex.0.expose_secret(), &bytes);
        assert_eq!(from_hex.to_hex().expose_secret(), &hex.to_lowercase());
        let b64 = Base64::encode_string(&bytes);
        assert_eq!(
            CacheEncryptionKey::parse(&b64).unwrap().0.expose_secret(),
            &bytes
        );
        assert_eq!(
            CacheEncryptionKey::parse(hex).unwrap().0.expose_secret(),
            &bytes
        );
        assert!(CacheEncryptionKey::from_hex("00").is_err());
        assert!(CacheEncryptionKey::from_hex(&"zz".repeat(32)).is_err());
        assert!(CacheEncryptionKey::from_base64("AAAA").is_err());
        let debug = format!("{from_hex:?} {:?}", TokenSealer::new(from_hex.clone()));
        assert!(
            !debug.contains("0a0b") && debug.contains("REDACTED"),
            "{debug}"
        );
        let generated = CacheEncryptionKey::generate();
        assert_ne!(generated.0.expose_secret(), &[0; 32]);
    }
}
