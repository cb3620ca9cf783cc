//! Query-string binding as a ServiceStack server does it: names matched
//! case-insensitively, empty values and unknown names ignored, `string` targets get the raw
//! decoded text (no JSV unquoting), every other target is read as JSV (so lists may be
//! bracketless: `ids=1,2,3`), and `bool` looks only at the text before the first `,`.

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use crate::de::{Deserializer, match_name};
use crate::error::{Category, Error, Result};

/// Decodes `+` and `%xx` (invalid escapes are kept as they are).
fn url_decode(s: &str) -> Result<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |c: u8| char::from(c).to_digit(16);
                match (
                    b.get(i + 1).copied().and_then(hex),
                    b.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        Error::new(
            Category::Syntax,
            format!("query parameter `{s}` is not UTF-8 after decoding"),
        )
    })
}

/// Binds a query string (with or without the leading `?`) to a request DTO the way a
/// ServiceStack server does.
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Movies { ratings: Vec<String>, ids: Vec<u32>, title: Option<String> }
/// let m: Movies = serde_jsv::from_query_string("?Ratings=G,PG-13&ids=1,2&title=%22Up%22").unwrap();
/// assert_eq!(m, Movies { ratings: vec!["G".into(), "PG-13".into()], ids: vec![1, 2], title: Some("\"Up\"".into()) });
/// ```
pub fn from_query_string<T: DeserializeOwned>(query: &str) -> Result<T> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut pairs = Vec::new();
    for part in query.split('&') {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        if value.is_empty() || name.is_empty() {
            continue;
        }
        pairs.push((url_decode(name)?, url_decode(value)?));
    }
    T::deserialize(Pairs { pairs: &pairs })
}

struct Pairs<'a> {
    pairs: &'a [(String, String)],
}

impl<'de> de::Deserializer<'de> for Pairs<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_map(PairAccess {
            iter: self.pairs.iter(),
            fields: None,
            value: None,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_map(PairAccess {
            iter: self.pairs.iter(),
            fields: Some(fields),
            value: None,
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

struct PairAccess<'a> {
    iter: std::slice::Iter<'a, (String, String)>,
    fields: Option<&'static [&'static str]>,
    value: Option<&'a (String, String)>,
}

impl<'de> de::MapAccess<'de> for PairAccess<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some(pair) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(pair);
        let name: &'de str = match self.fields.and_then(|f| match_name(f, &pair.0)) {
            Some(f) => f,
            None => &pair.0,
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((name, text)) = self.value.take() else {
            return Err(Error::new(Category::Syntax, "value requested before key"));
        };
        seed.deserialize(Param { name, text })
    }
}

/// One parameter's decoded text.
struct Param<'a> {
    name: &'a str,
    text: &'a str,
}

impl Param<'_> {
    fn ctx(&self, e: Error) -> Error {
        Error::new(
            e.category(),
            format!("query parameter `{}`: {e}", self.name),
        )
    }
}

macro_rules! jsv {
    ($($name:ident($($arg:ident: $t:ty),*);)*) => {$(
        fn $name<V: Visitor<'de>>(self, $($arg: $t,)* visitor: V) -> Result<V::Value> {
            let mut d = Deserializer::from_str(self.text);
            let v = de::Deserializer::$name(&mut d, $($arg,)* visitor).map_err(|e| self.ctx(e))?;
            d.end().map_err(|e| self.ctx(e))?;
            Ok(v)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Param<'de> {
    type Error = Error;

    /// Raw text: `string` properties are bound without JSV unquoting (V83).
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.text)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.text)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.text)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    /// HTML checkbox convention: only the text before the first `,` counts.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let first = self.text.split(',').next().unwrap_or("");
        let mut d = Deserializer::from_str(first);
        de::Deserializer::deserialize_bool(&mut d, visitor).map_err(|e| self.ctx(e))
    }

    jsv! {
        deserialize_i8(); deserialize_i16(); deserialize_i32(); deserialize_i64(); deserialize_i128();
        deserialize_u8(); deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_seq(); deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map(); deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }
}
