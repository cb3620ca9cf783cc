//! A serde `Deserializer` that reads the models straight from the flat element list
//! (`flat.rs`), applying the Rails typing rules element by element.
//!
//! It presents every element exactly as `Element::into_value` would have as a
//! `serde_json::Value` (null, boolean, integer, string, list or map, visited the way
//! `serde_json::Value`'s own deserializer visits them), without building that value. Every
//! element the target does not read is still checked by the same rules (a malformed
//! `type="integer"` in an ignored field is an error either way).
//!
//! The codec treats any error here as "take the reference path": it then decodes through
//! `into_value` and `serde_json`, whose result (and error message) is the answer. So this
//! path must never succeed where the reference path would fail or read differently; it
//! may fail where the reference path succeeds (a repeated field name, which the reference
//! path reads as the last one, is such a case).

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};

use super::flat::{self, Node};
use super::{Kind, NilText};

/// Why the direct path did not produce a value.
#[derive(Debug)]
pub(crate) struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(msg.to_string())
    }
}

/// Decodes a document straight into `T`.
pub(crate) fn from_bytes<T: DeserializeOwned>(
    bytes: &[u8],
    nil_text: NilText,
) -> Result<T, DeError> {
    let nodes = flat::parse(bytes).map_err(|e| DeError(e.0))?;
    T::deserialize(De {
        nodes: &nodes,
        at: 0,
        nil_text,
    })
}

/// Text handed to a visitor: borrowed from the input when possible.
enum Text<'a, 'de> {
    Input(&'de str),
    Node(&'a str),
    Owned(String),
}

impl<'a, 'de> Text<'a, 'de> {
    fn of(text: &'a Cow<'de, str>, trim: bool) -> Self {
        match text {
            Cow::Borrowed(s) => Text::Input(if trim { s.trim() } else { s }),
            Cow::Owned(s) => Text::Node(if trim { s.trim() } else { s }),
        }
    }

    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Text::Input(s) => visitor.visit_borrowed_str(s),
            Text::Node(s) => visitor.visit_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }
}

/// What an element reads as (the `serde_json::Value` variant `into_value` would give).
enum Shape<'a, 'de> {
    Null,
    Bool(bool),
    Int(i64),
    Str(Text<'a, 'de>),
    Seq,
    Map,
}

#[derive(Clone, Copy)]
struct De<'a, 'de> {
    nodes: &'a [Node<'de>],
    at: usize,
    nil_text: NilText,
}

impl<'a, 'de> De<'a, 'de> {
    fn node(&self) -> &'a Node<'de> {
        &self.nodes[self.at]
    }

    /// The Rails typing rules: the same decisions, in the same order, as `into_value`.
    fn shape(&self) -> Result<Shape<'a, 'de>, DeError> {
        let node = self.node();
        let has_children = node.end > self.at + 1;
        if node.nil
            && (self.nil_text == NilText::Null || (!has_children && node.text.trim().is_empty()))
        {
            return Ok(Shape::Null);
        }
        if node.kind == Kind::Array {
            return Ok(Shape::Seq);
        }
        if has_children {
            return Ok(Shape::Map);
        }
        if matches!(node.kind, Kind::Text | Kind::Other) {
            return Ok(Shape::Str(Text::of(&node.text, false)));
        }
        let text = node.text.trim();
        if text.is_empty() {
            return Ok(Shape::Null);
        }
        match node.kind {
            Kind::Boolean => match text {
                "true" | "1" => Ok(Shape::Bool(true)),
                "false" | "0" => Ok(Shape::Bool(false)),
                other => Err(DeError(format!("not a boolean: {other:?}"))),
            },
            Kind::Integer => text
                .parse::<i64>()
                .map(Shape::Int)
                .map_err(|_| DeError(format!("not an integer: {text:?}"))),
            Kind::Decimal => {
                let plain = text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
                match text.parse::<rust_decimal::Decimal>() {
                    Ok(_) if plain => Ok(Shape::Str(Text::of(&node.text, true))),
                    parsed => parsed
                        .or_else(|_| rust_decimal::Decimal::from_scientific(text))
                        .map(|d| Shape::Str(Text::Owned(d.to_string())))
                        .map_err(|_| DeError(format!("not a decimal: {text:?}"))),
                }
            }
            _ => Ok(Shape::Str(Text::of(&node.text, true))),
        }
    }

    fn children(&self) -> Children<'a, 'de> {
        Children {
            nodes: self.nodes,
            next: self.at + 1,
            end: self.node().end,
            value_at: 0,
            nil_text: self.nil_text,
        }
    }

    /// Visits the element whatever it reads as (`serde_json::Value::deserialize_any`).
    fn any<V: Visitor<'de>>(self, shape: Shape<'a, 'de>, visitor: V) -> Result<V::Value, DeError> {
        match shape {
            Shape::Null => visitor.visit_unit(),
            Shape::Bool(b) => visitor.visit_bool(b),
            Shape::Int(n) => match u64::try_from(n) {
                Ok(n) => visitor.visit_u64(n),
                Err(_) => visitor.visit_i64(n),
            },
            Shape::Str(text) => text.visit(visitor),
            Shape::Seq => {
                let mut seq = self.children();
                let value = visitor.visit_seq(&mut seq)?;
                seq.finished("fewer elements in array")?;
                Ok(value)
            }
            Shape::Map => {
                let mut map = self.children();
                let value = visitor.visit_map(&mut map)?;
                map.finished("fewer elements in map")?;
                Ok(value)
            }
        }
    }

    /// Visits the element if it reads as one of the shapes `accept` allows, else fails (as
    /// `serde_json::Value`'s typed `deserialize_*` methods do).
    fn only<V: Visitor<'de>>(
        self,
        accept: fn(&Shape<'a, 'de>) -> bool,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let shape = self.shape()?;
        if accept(&shape) {
            self.any(shape, visitor)
        } else {
            Err(DeError(format!(
                "invalid type, expected {}",
                Expected(&visitor)
            )))
        }
    }
}

struct Expected<'v, V>(&'v V);

impl<'de, V: Visitor<'de>> fmt::Display for Expected<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

fn is_int(s: &Shape<'_, '_>) -> bool {
    matches!(s, Shape::Int(_))
}

fn is_str(s: &Shape<'_, '_>) -> bool {
    matches!(s, Shape::Str(_))
}

macro_rules! numbers {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.only(is_int, visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for De<'_, 'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let shape = self.shape()?;
        self.any(shape, visitor)
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(|s| matches!(s, Shape::Bool(_)), visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(is_str, visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(is_str, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(is_str, visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(|s| matches!(s, Shape::Str(_) | Shape::Seq), visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.shape()? {
            Shape::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(|s| matches!(s, Shape::Null), visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(|s| matches!(s, Shape::Seq), visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.only(|s| matches!(s, Shape::Map), visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.only(|s| matches!(s, Shape::Map | Shape::Seq), visitor)
    }

    /// A text element is a unit variant; anything else is left to the reference path.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.shape()? {
            Shape::Str(Text::Input(s)) => {
                visitor.visit_enum(BorrowedStrDeserializer::<DeError>::new(s))
            }
            Shape::Str(Text::Node(s)) => visitor.visit_enum(StrDeserializer::<DeError>::new(s)),
            Shape::Str(Text::Owned(s)) => {
                visitor.visit_enum(IntoDeserializer::<DeError>::into_deserializer(s))
            }
            _ => Err(DeError("an enum that is not a text element".into())),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_string(visitor)
    }

    /// Skipped, but still checked: the reference path converts every element.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_any(IgnoredAny)?;
        visitor.visit_unit()
    }
}

/// The children of an element, as a list or as a map keyed by name.
struct Children<'a, 'de> {
    nodes: &'a [Node<'de>],
    next: usize,
    end: usize,
    value_at: usize,
    nil_text: NilText,
}

impl Children<'_, '_> {
    fn remaining(&self) -> usize {
        let mut count = 0;
        let mut at = self.next;
        while at < self.end {
            count += 1;
            at = self.nodes[at].end;
        }
        count
    }

    fn finished(&self, what: &str) -> Result<(), DeError> {
        if self.next < self.end {
            Err(DeError(what.into()))
        } else {
            Ok(())
        }
    }

    /// The next child's index, moving past it.
    fn advance(&mut self) -> Option<usize> {
        (self.next < self.end).then(|| {
            let at = self.next;
            self.next = self.nodes[at].end;
            at
        })
    }
}

impl<'de> SeqAccess<'de> for Children<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.advance() {
            None => Ok(None),
            Some(at) => seed
                .deserialize(De {
                    nodes: self.nodes,
                    at,
                    nil_text: self.nil_text,
                })
                .map(Some),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining())
    }
}

impl<'de> MapAccess<'de> for Children<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.advance() {
            None => Ok(None),
            Some(at) => {
                self.value_at = at;
                let nodes = self.nodes;
                let key = match &nodes[at].name {
                    Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s)),
                    Cow::Owned(s) => seed.deserialize(StrDeserializer::new(s)),
                };
                key.map(Some)
            }
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(De {
            nodes: self.nodes,
            at: self.value_at,
            nil_text: self.nil_text,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining())
    }
}
