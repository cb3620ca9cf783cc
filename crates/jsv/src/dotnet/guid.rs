//! .NET `Guid`: written as `Guid.ToString("N")`, 32 lowercase hex
//! digits; read in every form .NET `Guid.Parse` takes: N, D (`xxxxxxxx-xxxx-…`), B (`{…}`),
//! P (`(…)`) and X (`{0x…,0x…,0x…,{0x…,…}}`), any case.
//!
//! [`format_n`] and [`parse`] work on the 16 bytes in RFC 4122 (big-endian) order. With the
//! `uuid` feature this module is a serde `with` module for `uuid::Uuid`:
//!
//! ```
//! # #[cfg(feature = "uuid")] {
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Customer {
//!     #[serde(with = "serde_jsv::dotnet::guid")]
//!     id: uuid::Uuid,
//! }
//! let c: Customer = serde_jsv::from_str("{Id:{96D7A49F-7A0F-4691-8661-217995C5E4CC}}").unwrap();
//! assert_eq!(serde_jsv::to_string(&c).unwrap(), "{id:96d7a49f7a0f46918661217995c5e4cc}");
//! # }
//! ```

/// The `"N"` form: 32 lowercase hex digits.
pub fn format_n(bytes: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(32);
    for &b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

fn hex_into(digits: &str, out: &mut Vec<u8>) -> Option<()> {
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    for pair in digits.as_bytes().chunks(2) {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(pair[1]).to_digit(16)?;
        out.push((hi * 16 + lo) as u8);
    }
    Some(())
}

/// The X form `{0xdddddddd,0xdddd,0xdddd,{0xdd,0xdd,0xdd,0xdd,0xdd,0xdd,0xdd,0xdd}}`.
fn parse_x(t: &str) -> Option<[u8; 16]> {
    let inner = t.strip_prefix('{')?.strip_suffix("}}")?;
    let (head, tail) = inner.split_once(",{")?;
    let widths = [8usize, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2];
    let parts: Vec<&str> = head.split(',').chain(tail.split(',')).collect();
    if parts.len() != widths.len() {
        return None;
    }
    let mut out = Vec::with_capacity(16);
    for (p, w) in parts.iter().zip(widths) {
        let h = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X"))?;
        if h.is_empty() || h.len() > w {
            return None;
        }
        hex_into(&format!("{h:0>w$}"), &mut out)?;
    }
    out.try_into().ok()
}

/// Parses any .NET Guid form.
pub fn parse(text: &str) -> Option<[u8; 16]> {
    let t = crate::scalar::trim(text);
    if t.contains("0x") || t.contains("0X") {
        return parse_x(t);
    }
    let body = match t.as_bytes().first() {
        Some(b'{') => t.strip_prefix('{')?.strip_suffix('}')?,
        Some(b'(') => t.strip_prefix('(')?.strip_suffix(')')?,
        _ => t,
    };
    let hex: String = match body.len() {
        32 => body.to_owned(),
        36 => {
            let b = body.as_bytes();
            if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
                return None;
            }
            body.replace('-', "")
        }
        _ => return None,
    };
    if hex.len() != 32 {
        return None;
    }
    let mut out = Vec::with_capacity(16);
    hex_into(&hex, &mut out)?;
    out.try_into().ok()
}

#[cfg(feature = "uuid")]
mod with_uuid {
    use serde::{Deserializer, Serializer};

    use super::super::TextVisitor;

    fn parse(text: &str) -> Option<uuid::Uuid> {
        super::parse(text).map(uuid::Uuid::from_bytes)
    }

    /// Serializes a `Uuid` as 32 lowercase hex digits.
    pub fn serialize<S: Serializer>(id: &uuid::Uuid, serializer: S) -> Result<S::Ok, S::Error> {
        crate::ser::serialize_raw(serializer, &super::format_n(id.as_bytes()))
    }

    /// Deserializes a `Uuid` from any .NET Guid form.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<uuid::Uuid, D::Error> {
        deserializer.deserialize_str(TextVisitor {
            expecting: "a Guid",
            parse,
        })
    }
}

#[cfg(feature = "uuid")]
pub use with_uuid::{deserialize, serialize};

#[cfg(feature = "uuid")]
super::option_module!(uuid::Uuid);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let n = "96d7a49f7a0f46918661217995c5e4cc";
        let bytes = parse(n).unwrap();
        assert_eq!(format_n(&bytes), n);
        for form in [
            "96D7A49F-7A0F-4691-8661-217995C5E4CC",
            "{96d7a49f-7a0f-4691-8661-217995c5e4cc}",
            "(96d7a49f-7a0f-4691-8661-217995c5e4cc)",
            "{0x96d7a49f,0x7a0f,0x4691,{0x86,0x61,0x21,0x79,0x95,0xc5,0xe4,0xcc}}",
        ] {
            assert_eq!(parse(form), Some(bytes), "{form}");
        }
        for bad in [
            "",
            "96d7a49f7a0f46918661217995c5e4c",
            "96d7a49f-7a0f-4691-8661_217995c5e4cc",
            "zzd7a49f7a0f46918661217995c5e4cc",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
