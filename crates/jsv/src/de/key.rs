//! Map keys and field names: scalar keys parsed from their text, `{…}` keys
//! read by a nested deserializer.

use std::borrow::Cow;

use serde::de::{self, Visitor};

use super::enums::UnitVariant;
use super::{Deserializer, match_name, short, visit_cow};
use crate::error::{Category, Error, Result};
use crate::read::{Ctx, Reader};
use crate::scalar;

/// Deserializes a map key or field name from its token text.
pub(super) struct KeyDeserializer<'a, 'de> {
    pub(super) key: Cow<'de, str>,
    pub(super) nested: bool,
    pub(super) start: usize,
    pub(super) de: &'a mut Deserializer<'de>,
}

impl<'de> KeyDeserializer<'_, 'de> {
    fn bad(&self, what: &str) -> Error {
        self.de.err(
            Category::Data,
            format!("expected {what} as key, found `{}`", short(&self.key)),
            self.start,
        )
    }

    /// Runs a nested deserializer over a raw `{…}` key.
    fn nested<V: Visitor<'de>>(
        self,
        f: impl FnOnce(&mut Deserializer<'de>, V) -> Result<V::Value>,
        visitor: V,
    ) -> Result<V::Value> {
        let Cow::Borrowed(text) = self.key else {
            return Err(self.bad("a `{…}` key"));
        };
        if !self.nested {
            return Err(self.bad("a `{…}` key"));
        }
        let mut sub = Deserializer {
            r: Reader {
                input: self.de.r.input,
                pos: self.start,
                end: self.start + text.len(),
            },
            ctx: Ctx::Top,
            depth: self.de.depth,
            max_depth: self.de.max_depth,
        };
        let v = f(&mut sub, visitor)?;
        sub.end()?;
        Ok(v)
    }
}

macro_rules! key_signed {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match scalar::parse_signed(&self.key, <$t>::MIN as i128, <$t>::MAX as i128) {
                Some(v) => visitor.$visit(v as $t),
                None => Err(self.bad(stringify!($t))),
            }
        }
    };
}

macro_rules! key_unsigned {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match scalar::parse_unsigned(&self.key, <$t>::MAX as u128) {
                Some(v) => visitor.$visit(v as $t),
                None => Err(self.bad(stringify!($t))),
            }
        }
    };
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visit_cow(self.key, visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match scalar::parse_bool(&self.key) {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.bad("a boolean")),
        }
    }

    key_signed!(deserialize_i8, visit_i8, i8);
    key_signed!(deserialize_i16, visit_i16, i16);
    key_signed!(deserialize_i32, visit_i32, i32);
    key_signed!(deserialize_i64, visit_i64, i64);
    key_signed!(deserialize_i128, visit_i128, i128);
    key_unsigned!(deserialize_u8, visit_u8, u8);
    key_unsigned!(deserialize_u16, visit_u16, u16);
    key_unsigned!(deserialize_u32, visit_u32, u32);
    key_unsigned!(deserialize_u64, visit_u64, u64);
    key_unsigned!(deserialize_u128, visit_u128, u128);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match scalar::parse_float::<f32>(&self.key) {
            Some(v) => visitor.visit_f32(v),
            None => Err(self.bad("f32")),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match scalar::parse_f64(&self.key) {
            Some(v) => visitor.visit_f64(v),
            None => Err(self.bad("f64")),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let mut chars = self.key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self.bad("a single character")),
        }
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

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let name = match_name(variants, &self.key).map_or(self.key, Cow::Borrowed);
        visitor.visit_enum(UnitVariant {
            name,
            start: self.start,
            de: self.de,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.nested(
            |d, v| de::Deserializer::deserialize_struct(d, name, fields, v),
            visitor,
        )
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.nested(|d, v| de::Deserializer::deserialize_map(d, v), visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.nested(|d, v| de::Deserializer::deserialize_seq(d, v), visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match crate::dotnet::base64::decode(&self.key) {
            Some(b) => visitor.visit_byte_buf(b),
            None => Err(self.bad("Base64 bytes")),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    serde::forward_to_deserialize_any! {
        str string unit unit_struct tuple tuple_struct identifier ignored_any
    }
}
