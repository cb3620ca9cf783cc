//! The JSV writer.

use std::io;

use serde::ser::{self, Serialize};

use crate::error::{Error, Result};
use crate::scalar;

/// Characters that force a string to be quoted (`JsWriter.EscapeChars`).
const fn quote_table() -> [bool; 256] {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b':' as usize] = true;
    t[b',' as usize] = true;
    t[b'{' as usize] = true;
    t[b'}' as usize] = true;
    t[b'[' as usize] = true;
    t[b']' as usize] = true;
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t
}
static NEEDS_QUOTE: [bool; 256] = quote_table();

/// Writes `s` as a JSV string: raw, or CSV-quoted with doubled `"` when it holds one of the nine
/// special characters; `""` for the empty string. A string that starts with U+FEFF is quoted
/// too (found by the fuzzer): readers skip a byte-order mark at the start of the input, so a
/// raw one would be lost when the string is the whole document.
#[inline]
pub(crate) fn write_jsv_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if bytes.is_empty() {
        out.extend_from_slice(b"\"\"");
    } else if !s.starts_with('\u{feff}') && !crate::swar::any_special(bytes, &NEEDS_QUOTE) {
        out.extend_from_slice(bytes);
    } else {
        write_quoted(out, bytes, |o, chunk| o.extend_from_slice(chunk), b"\"");
    }
}

/// Emits `"` + `bytes` with each `"` doubled + `"`, passing text chunks through `emit` and
/// writing `quote` for every quote character.
fn write_quoted(out: &mut Vec<u8>, bytes: &[u8], emit: fn(&mut Vec<u8>, &[u8]), quote: &[u8]) {
    out.extend_from_slice(quote);
    let mut start = 0;
    loop {
        let q = crate::swar::find_any(bytes, start, [b'"']);
        if q >= bytes.len() {
            break;
        }
        emit(out, &bytes[start..q]);
        out.extend_from_slice(quote);
        out.extend_from_slice(quote);
        start = q + 1;
    }
    emit(out, &bytes[start..]);
    out.extend_from_slice(quote);
}

/// ServiceStack's URL encoder: unreserved `A-Z a-z 0-9 , - .`, space as `+`,
/// everything else as `%xx` with lowercase hex of the UTF-8 bytes.
pub(crate) fn url_encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b',' | b'-' | b'.' => out.push(b),
            b' ' => out.push(b'+'),
            _ => out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]),
        }
    }
}

/// Query-string mode for nested strings: quote when the text would break the JSV structure
/// after URL-decoding (`" , { } [ ]`, a `:` in a key, empty, or edge whitespace that the
/// server's list reader trims), then URL-encode the text (quotes become `%22`) while
/// structural characters stay literal (V78/V79).
fn write_query_str(out: &mut Vec<u8>, s: &str, is_key: bool) {
    let bytes = s.as_bytes();
    let needs = bytes.is_empty()
        || bytes.first().is_some_and(|&b| scalar::is_ws(b))
        || bytes.last().is_some_and(|&b| scalar::is_ws(b))
        || bytes.iter().any(|&b| {
            matches!(b, b'"' | b',' | b'{' | b'}' | b'[' | b']') || (is_key && b == b':')
        });
    if needs {
        write_quoted(out, bytes, url_encode_into, b"%22");
    } else {
        url_encode_into(out, bytes);
    }
}

/// A JSV serializer writing into an in-memory buffer.
///
/// Most callers use [`to_string`], [`to_vec`] or [`to_writer`]; use this type directly to
/// reuse a buffer across calls.
#[derive(Debug, Default)]
pub struct Serializer {
    out: Vec<u8>,
    query: bool,
    in_key: bool,
    none: bool,
    raw: bool,
}

/// Newtype-struct name by which the .NET helpers ask for a string written unquoted (dates
/// are written raw even though they contain `:`). Other formats see a string.
pub(crate) const RAW: &str = "$serde_jsv::private::Raw";

/// Serializes `text` unquoted in JSV (as a plain string in other formats).
pub(crate) fn serialize_raw<S: ser::Serializer>(
    serializer: S,
    text: &str,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_newtype_struct(RAW, text)
}

impl Serializer {
    /// A serializer with an empty buffer.
    pub fn new() -> Self {
        Serializer::default()
    }

    /// A serializer appending to `buf`.
    pub fn with_buffer(buf: Vec<u8>) -> Self {
        Serializer {
            out: buf,
            ..Serializer::default()
        }
    }

    /// A serializer writing nested values in ServiceStack's query-string mode.
    pub(crate) fn query_mode(buf: Vec<u8>) -> Self {
        Serializer {
            out: buf,
            query: true,
            ..Serializer::default()
        }
    }

    /// The bytes written so far.
    pub fn into_inner(self) -> Vec<u8> {
        self.out
    }

    pub(crate) fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }

    /// Whether the last value written was `None` (and so wrote nothing); resets the flag.
    pub(crate) fn take_none(&mut self) -> bool {
        std::mem::take(&mut self.none)
    }

    #[inline]
    fn text(&mut self, s: &str) {
        if self.query {
            write_query_str(&mut self.out, s, self.in_key);
        } else if self.in_key
            && (s.bytes().next().is_some_and(scalar::is_ws)
                || s.bytes().next_back().is_some_and(scalar::is_ws))
        {
            // Readers trim unquoted keys (§3.3): keep edge whitespace of a key by quoting it.
            write_quoted(
                &mut self.out,
                s.as_bytes(),
                |o, chunk| o.extend_from_slice(chunk),
                b"\"",
            );
        } else {
            write_jsv_str(&mut self.out, s);
        }
    }

    /// A property name or variant name: written raw (never quoted).
    #[inline]
    fn name(&mut self, s: &str) {
        if self.query {
            url_encode_into(&mut self.out, s.as_bytes());
        } else {
            self.out.extend_from_slice(s.as_bytes());
        }
    }

    fn float_done(&mut self, mark: usize) {
        // In query mode the only float character that is not URL-safe is the `+` of `E+15`.
        if self.query && self.out[mark..].contains(&b'+') {
            let text = self.out.split_off(mark);
            url_encode_into(&mut self.out, &text);
        }
    }
}

/// Serializes `value` as a JSV string.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let bytes = to_vec(value)?;
    String::from_utf8(bytes).map_err(|e| <Error as ser::Error>::custom(e.to_string()))
}

/// Serializes `value` as JSV bytes (UTF-8, no BOM, no trailing newline).
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut ser = Serializer::with_buffer(Vec::with_capacity(128));
    value.serialize(&mut ser)?;
    Ok(ser.out)
}

/// Serializes `value` as JSV into `writer` (one `write_all` of the finished text).
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(mut writer: W, value: &T) -> Result<()> {
    let bytes = to_vec(value)?;
    writer.write_all(&bytes).map_err(Error::io)
}

impl<'a> ser::Serializer for &'a mut Serializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out
            .extend_from_slice(if v { b"True" } else { b"False" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        scalar::write_i64(&mut self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        scalar::write_i64(&mut self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        scalar::write_i64(&mut self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        scalar::write_i64(&mut self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        if v < 0 {
            self.out.push(b'-');
        }
        scalar::write_u128(&mut self.out, v.unsigned_abs());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        scalar::write_u64(&mut self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        scalar::write_u64(&mut self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        scalar::write_u64(&mut self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        scalar::write_u64(&mut self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        scalar::write_u128(&mut self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        let mark = self.out.len();
        scalar::write_f32(&mut self.out, v);
        self.float_done(mark);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        let mark = self.out.len();
        scalar::write_f64(&mut self.out, v);
        self.float_done(mark);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        let mut buf = [0u8; 4];
        self.text(v.encode_utf8(&mut buf));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        if self.raw && !self.in_key {
            if self.query {
                url_encode_into(&mut self.out, v.as_bytes());
            } else {
                self.out.extend_from_slice(v.as_bytes());
            }
        } else {
            self.text(v);
        }
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        if self.query {
            let mut tmp = Vec::with_capacity(v.len() * 4 / 3 + 4);
            crate::dotnet::base64::encode_into(&mut tmp, v);
            url_encode_into(&mut self.out, &tmp);
        } else {
            crate::dotnet::base64::encode_into(&mut self.out, v);
        }
        Ok(())
    }
    fn serialize_none(self) -> Result<()> {
        self.none = true;
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == RAW {
            self.raw = true;
            let r = value.serialize(&mut *self);
            self.raw = false;
            return r;
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.out.push(b'{');
        self.name(variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.none = false;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push(b'[');
        Ok(Compound::new(self, b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.out.push(b'{');
        self.name(variant);
        self.out.extend_from_slice(b":[");
        Ok(Compound::new(self, b"]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push(b'{');
        Ok(Compound::new(self, b"}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.out.push(b'{');
        Ok(Compound::new(self, b"}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.out.push(b'{');
        self.name(variant);
        self.out.extend_from_slice(b":{");
        Ok(Compound::new(self, b"}}"))
    }
}

/// State for writing a list, map or object.
#[derive(Debug)]
pub struct Compound<'a> {
    ser: &'a mut Serializer,
    first: bool,
    mark: usize,
    close: &'static [u8],
}

impl<'a> Compound<'a> {
    fn new(ser: &'a mut Serializer, close: &'static [u8]) -> Self {
        Compound {
            ser,
            first: true,
            mark: 0,
            close,
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if !self.first {
            self.ser.out.push(b',');
        }
        self.first = false;
        value.serialize(&mut *self.ser)?;
        // A `None` element is an empty slot (§4.1).
        self.ser.none = false;
        Ok(())
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        let mark = self.ser.out.len();
        if !self.first {
            self.ser.out.push(b',');
        }
        self.ser.name(key);
        self.ser.out.push(b':');
        self.ser.none = false;
        value.serialize(&mut *self.ser)?;
        if self.ser.take_none() {
            // `None` properties are omitted (§3.1).
            self.ser.out.truncate(mark);
        } else {
            self.first = false;
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        self.ser.none = false;
        self.ser.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.mark = self.ser.out.len();
        if !self.first {
            self.ser.out.push(b',');
        }
        self.ser.in_key = true;
        let r = key.serialize(&mut *self.ser);
        self.ser.in_key = false;
        r?;
        self.ser.none = false;
        self.ser.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.ser.none = false;
        value.serialize(&mut *self.ser)?;
        if self.ser.take_none() {
            // Null dictionary values are omitted (§3.2).
            self.ser.out.truncate(self.mark);
        } else {
            self.first = false;
        }
        Ok(())
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}
