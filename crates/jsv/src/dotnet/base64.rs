//! `byte[]` as .NET writes it: standard Base64 with `=` padding, unquoted.
//!
//! Use with `#[serde(with = "serde_jsv::dotnet::base64")]` on a `Vec<u8>` field
//! (or `serde_jsv::dotnet::base64::option` on `Option<Vec<u8>>`). The reader also accepts
//! the list-of-numbers form `[0,65,97,255]`, missing padding and embedded whitespace.
//!
//! ```
//! #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
//! struct Blob {
//!     #[serde(with = "serde_jsv::dotnet::base64")]
//!     data: Vec<u8>,
//! }
//! let text = serde_jsv::to_string(&Blob { data: vec![0, 65, 97, 255] }).unwrap();
//! assert_eq!(text, "{data:AEFh/w==}");
//! assert_eq!(serde_jsv::from_str::<Blob>(&text).unwrap().data, [0, 65, 97, 255]);
//! ```

use serde::{Deserializer, Serializer, de};
use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends the padded standard Base64 form of `data` to `out`.
pub fn encode_into(out: &mut Vec<u8>, data: &[u8]) {
    out.reserve(data.len().div_ceil(3) * 4);
    let mut chunks = data.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                b'=',
                b'=',
            ]);
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                ALPHABET[(n >> 6) as usize & 63],
                b'=',
            ]);
        }
        _ => {}
    }
}

/// The padded standard Base64 form of `data`.
pub fn encode(data: &[u8]) -> String {
    let mut out = Vec::new();
    encode_into(&mut out, data);
    String::from_utf8(out).unwrap_or_default()
}

fn sextet(b: u8) -> Option<u32> {
    Some(u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

/// Decodes standard Base64 (padding optional, ASCII whitespace ignored), or a JSV list of
/// byte numbers such as `[0,65,97,255]`. `None` if the text is neither.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let t = crate::scalar::trim(text);
    if let Some(inner) = t.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if crate::scalar::trim(inner).is_empty() {
            return Some(Vec::new());
        }
        return inner
            .split(',')
            .map(|n| crate::scalar::parse_unsigned(n, 255).map(|v| v as u8))
            .collect();
    }
    let mut out = Vec::with_capacity(t.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut pad = 0usize;
    for &b in t.as_bytes() {
        if crate::scalar::is_ws(b) {
            continue;
        }
        if b == b'=' {
            pad += 1;
            continue;
        }
        if pad > 0 {
            return None; // data after padding
        }
        acc = (acc << 6) | sextet(b)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero padding bits; a single leftover sextet is invalid.
    if bits >= 6 || acc != 0 || pad > 2 {
        return None;
    }
    Some(out)
}

/// Serializes bytes as a Base64 string.
pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&encode(bytes))
}

/// Deserializes bytes from Base64 (or a list of byte numbers; an empty JSV value is empty).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    deserializer.deserialize_byte_buf(BytesVisitor)
}

struct BytesVisitor;

impl<'de> de::Visitor<'de> for BytesVisitor {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Base64 text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        decode(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(v)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
        let mut out = Vec::new();
        while let Some(b) = seq.next_element::<u8>()? {
            out.push(b);
        }
        Ok(out)
    }
}

/// The same for `Option<Vec<u8>>` (`None` is omitted / an empty token).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Serializes `Some(bytes)` as Base64, `None` as nothing.
    pub fn serialize<S: Serializer>(
        bytes: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => serializer.serialize_some(&super::encode(b)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes an optional Base64 value.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        #[derive(Deserialize)]
        struct W(#[serde(with = "super")] Vec<u8>);
        Ok(Option::<W>::deserialize(deserializer)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for n in 0..70u8 {
            let data: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(decode(&encode(&data)).as_deref(), Some(&data[..]));
        }
        assert_eq!(encode(&[0, 65, 97, 255]), "AEFh/w==");
        assert_eq!(decode("AEFh/w").as_deref(), Some(&[0u8, 65, 97, 255][..]));
        assert_eq!(
            decode("[0,65,97,255]").as_deref(),
            Some(&[0u8, 65, 97, 255][..])
        );
        assert_eq!(decode("A"), None);
        assert_eq!(decode("AB=C"), None);
        assert_eq!(decode("AEFh/x=="), None);
    }
}
