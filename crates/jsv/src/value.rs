//! A schema-less JSV value: JSV has no type markers, so a value is a string, a list, a map
//! or absent.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::error::Result;

/// Any JSV value.
///
/// Reading infers the shape from the text: `{…}` is a [`Value::Map`], `[…]` a
/// [`Value::List`], an empty slot [`Value::Null`], and anything else a [`Value::String`]
/// (numbers and booleans included: `1` and `True` are strings until a typed read decides).
/// `Display` writes JSV.
///
/// ```
/// use serde_jsv::Value;
/// let v: Value = serde_jsv::from_str("{Id:1,Tags:[a,\"b,c\"],Note:}").unwrap();
/// assert_eq!(v.get("id").and_then(Value::as_str), Some("1"));
/// assert_eq!(v["Tags"][1].as_str(), Some("b,c"));
/// assert!(v["Note"].is_null());
/// assert_eq!(v.to_string(), "{Id:1,Tags:[a,\"b,c\"]}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// An absent value: an empty list slot or property (written as nothing).
    #[default]
    Null,
    /// Any scalar text, already unquoted.
    String(String),
    /// A `[…]` list.
    List(Vec<Value>),
    /// A `{…}` object or dictionary, in input order.
    Map(Vec<(String, Value)>),
}

static NULL: Value = Value::Null;

impl Value {
    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text of a [`Value::String`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of a [`Value::List`].
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// The entries of a [`Value::Map`].
    pub fn as_map(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Looks a key up in a [`Value::Map`] case-insensitively, as ServiceStack matches
    /// property names (first exact match wins, then the first case-insensitive one).
    pub fn get(&self, key: &str) -> Option<&Value> {
        let m = self.as_map()?;
        m.iter()
            .find(|(k, _)| k == key)
            .or_else(|| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v)
    }

    /// Parses a string value as `T` with the JSV scalar rules (e.g. `"1"` as `i32`,
    /// `"True"` as `bool`), or reads a list/map value as `T`.
    pub fn deserialize_into<T: de::DeserializeOwned>(&self) -> Result<T> {
        crate::from_value(self.clone())
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// Case-insensitive map lookup; [`Value::Null`] when absent.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    /// List element; [`Value::Null`] when absent.
    fn index(&self, i: usize) -> &Value {
        self.as_list().and_then(|l| l.get(i)).unwrap_or(&NULL)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<Vec<Value>> for Value {
    fn from(l: Vec<Value>) -> Self {
        Value::List(l)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::Null, Into::into)
    }
}

impl fmt::Display for Value {
    /// Writes the value as JSV.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ser = crate::ser::Serializer::new();
        self.serialize(&mut ser).map_err(|_| fmt::Error)?;
        f.write_str(std::str::from_utf8(&ser.into_inner()).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_none(),
            Value::String(s) => serializer.serialize_str(s),
            Value::List(l) => {
                let mut seq = serializer.serialize_seq(Some(l.len()))?;
                for v in l {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Map(m) => {
                let mut map = serializer.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

macro_rules! visit_display {
    ($($name:ident: $t:ty),*) => {$(
        fn $name<E: de::Error>(self, v: $t) -> std::result::Result<Value, E> {
            Ok(Value::String(v.to_string()))
        }
    )*};
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSV value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::String(if v { "True" } else { "False" }.to_owned()))
    }

    visit_display!(visit_i64: i64, visit_u64: u64, visit_i128: i128, visit_u128: u128, visit_char: char);

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Value, E> {
        let mut out = Vec::new();
        crate::scalar::write_f64(&mut out, v);
        Ok(Value::String(String::from_utf8_lossy(&out).into_owned()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> std::result::Result<Value, E> {
        Ok(Value::String(crate::dotnet::base64::encode(v)))
    }

    fn visit_none<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element::<Value>()? {
            out.push(v);
        }
        Ok(Value::List(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<KeyString, Value>()? {
            out.push((k.0, v));
        }
        Ok(Value::Map(out))
    }
}

/// A map key from any format, turned into its text.
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(KeyString(s)),
            Value::Null => Ok(KeyString(String::new())),
            other => Ok(KeyString(other.to_string())),
        }
    }
}
