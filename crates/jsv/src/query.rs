//! Query-string encoding of a request DTO as ServiceStack writes and binds it:
//! `Name=value` pairs joined by `&`, top-level strings raw, every other value as JSV,
//! everything URL-encoded with ServiceStack's encoder (unreserved `A-Z a-z 0-9 , - .`,
//! space as `+`, other bytes as lowercase `%xx`).

use serde::ser::{self, Serialize};

use crate::error::{Error, Result};
use crate::ser::{Compound, Serializer, url_encode_into};

/// Serializes a DTO (struct or string-keyed map) as a query string.
///
/// * `None` properties are skipped; an empty DTO gives `""` (V74).
/// * Top-level strings (and chars, unit enum variants) are URL-encoded as they are: the
///   server binds `string` properties to the raw decoded text (V77, V80-V83).
/// * Lists are written as JSV without the outer brackets, `ids=1,2,3` (V79, V86); a list of
///   lists keeps its brackets so that the server can still split it.
/// * Everything else is JSV: structural characters `{ } [ ] : ,` stay literal, nested strings
///   are CSV-quoted when they contain `" , { } [ ]` and then URL-encoded (V75, V78).
/// * A value that is not a struct or map is written alone: `[1,2,3]` (V76).
///
/// ```
/// #[derive(serde::Serialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct Search { query: String, ids: Vec<u32>, page: Option<u32> }
/// let qs = serde_jsv::to_query_string(&Search { query: "a b:c".into(), ids: vec![1, 2], page: None }).unwrap();
/// assert_eq!(qs, "Query=a+b%3ac&Ids=1,2");
/// ```
pub fn to_query_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let mut ser = Serializer::query_mode(Vec::with_capacity(64));
    let mut seq = false;
    value.serialize(QuerySer {
        ser: &mut ser,
        root: true,
        seq: &mut seq,
    })?;
    String::from_utf8(ser.into_inner()).map_err(|e| <Error as ser::Error>::custom(e.to_string()))
}

/// Removes the outer `[`…`]` of a list written at `start`, unless its first element is
/// itself a list (the server strips exactly one leading and one trailing character).
fn trim_list(buf: &mut Vec<u8>, start: usize) {
    let text = &buf[start..];
    if text.len() >= 2
        && text[0] == b'['
        && text[text.len() - 1] == b']'
        && text.get(1) != Some(&b'[')
    {
        buf.pop();
        buf.remove(start);
    }
}

/// Serializer for the root DTO (`root`) or one property value.
struct QuerySer<'a> {
    ser: &'a mut Serializer,
    root: bool,
    seq: &'a mut bool,
}

impl QuerySer<'_> {
    fn raw(self, s: &str) -> Result<()> {
        url_encode_into(self.ser.buf(), s.as_bytes());
        Ok(())
    }
}

/// A query string's `Name=value` pairs.
#[doc(hidden)]
pub struct Pairs<'a> {
    ser: &'a mut Serializer,
    first: bool,
    mark: usize,
}

impl Pairs<'_> {
    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let start = self.ser.buf().len();
        let mut seq = false;
        value.serialize(QuerySer {
            ser: &mut *self.ser,
            root: false,
            seq: &mut seq,
        })?;
        if self.ser.take_none() {
            self.ser.buf().truncate(self.mark);
        } else {
            if seq {
                trim_list(self.ser.buf(), start);
            }
            self.first = false;
        }
        Ok(())
    }

    fn key_start(&mut self) {
        self.mark = self.ser.buf().len();
        if !self.first {
            self.ser.buf().push(b'&');
        }
    }
}

/// Either the root pairs or a nested JSV compound.
#[doc(hidden)]
pub enum QueryCompound<'a> {
    Pairs(Pairs<'a>),
    Jsv(Compound<'a>),
}

macro_rules! delegate {
    ($($name:ident($($arg:ident: $t:ty),*);)*) => {$(
        fn $name(self, $($arg: $t),*) -> Result<()> {
            ser::Serializer::$name(&mut *self.ser, $($arg),*)
        }
    )*};
}

impl<'a> ser::Serializer for QuerySer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = QueryCompound<'a>;
    type SerializeStruct = QueryCompound<'a>;
    type SerializeStructVariant = Compound<'a>;

    delegate! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
    }

    fn serialize_char(self, v: char) -> Result<()> {
        let mut buf = [0u8; 4];
        self.raw(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.raw(v)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.raw(variant)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::Serializer::serialize_newtype_variant(&mut *self.ser, name, index, variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        *self.seq = !self.root;
        ser::Serializer::serialize_seq(self.ser, len)
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        ser::Serializer::serialize_tuple_variant(self.ser, name, index, variant, len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<QueryCompound<'a>> {
        if self.root {
            Ok(QueryCompound::Pairs(Pairs {
                ser: self.ser,
                first: true,
                mark: 0,
            }))
        } else {
            ser::Serializer::serialize_map(self.ser, len).map(QueryCompound::Jsv)
        }
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<QueryCompound<'a>> {
        if self.root {
            Ok(QueryCompound::Pairs(Pairs {
                ser: self.ser,
                first: true,
                mark: 0,
            }))
        } else {
            ser::Serializer::serialize_struct(self.ser, name, len).map(QueryCompound::Jsv)
        }
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        ser::Serializer::serialize_struct_variant(self.ser, name, index, variant, len)
    }
}

impl ser::SerializeStruct for QueryCompound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        match self {
            QueryCompound::Pairs(p) => {
                p.key_start();
                url_encode_into(p.ser.buf(), key.as_bytes());
                p.ser.buf().push(b'=');
                p.value(value)
            }
            QueryCompound::Jsv(c) => ser::SerializeStruct::serialize_field(c, key, value),
        }
    }
    fn end(self) -> Result<()> {
        match self {
            QueryCompound::Pairs(_) => Ok(()),
            QueryCompound::Jsv(c) => ser::SerializeStruct::end(c),
        }
    }
}

impl ser::SerializeMap for QueryCompound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        match self {
            QueryCompound::Pairs(p) => {
                p.key_start();
                let mut seq = false;
                key.serialize(QuerySer {
                    ser: &mut *p.ser,
                    root: false,
                    seq: &mut seq,
                })?;
                p.ser.take_none();
                p.ser.buf().push(b'=');
                Ok(())
            }
            QueryCompound::Jsv(c) => ser::SerializeMap::serialize_key(c, key),
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        match self {
            QueryCompound::Pairs(p) => p.value(value),
            QueryCompound::Jsv(c) => ser::SerializeMap::serialize_value(c, value),
        }
    }
    fn end(self) -> Result<()> {
        match self {
            QueryCompound::Pairs(_) => Ok(()),
            QueryCompound::Jsv(c) => ser::SerializeMap::end(c),
        }
    }
}
