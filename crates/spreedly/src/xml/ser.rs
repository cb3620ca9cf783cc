//! A minimal serde serializer into an ordered tree, so that request elements keep the order
//! of the fields that declare them.

use serde::ser::{self, Serialize};

/// What a request value serializes to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Left out of the document (`None`, `()`).
    Null,
    /// Element text.
    Text(String),
    /// Child elements, in order.
    Map(Vec<(String, Node)>),
}

/// Why a value could not be serialized.
#[derive(Debug)]
pub(crate) struct SerError(pub(crate) String);

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

pub(crate) fn to_node<T: Serialize + ?Sized>(value: &T) -> Result<Node, SerError> {
    value.serialize(NodeSerializer)
}

struct NodeSerializer;

fn unsupported(what: &str) -> SerError {
    SerError(format!("{what} cannot be written in a request body"))
}

macro_rules! text {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, v: $t) -> Result<Node, SerError> { Ok(Node::Text(v.to_string())) })*
    };
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = SerError;
    type SerializeSeq = ser::Impossible<Node, SerError>;
    type SerializeTuple = ser::Impossible<Node, SerError>;
    type SerializeTupleStruct = ser::Impossible<Node, SerError>;
    type SerializeTupleVariant = ser::Impossible<Node, SerError>;
    type SerializeMap = MapSer;
    type SerializeStruct = MapSer;
    type SerializeStructVariant = ser::Impossible<Node, SerError>;

    text!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str);

    fn serialize_bytes(self, _: &[u8]) -> Result<Node, SerError> {
        Err(unsupported("bytes"))
    }
    fn serialize_none(self) -> Result<Node, SerError> {
        Ok(Node::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Node, SerError> {
        Ok(Node::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, SerError> {
        Ok(Node::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Node, SerError> {
        Ok(Node::Text(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Node, SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Node, SerError> {
        Err(unsupported("an enum with data"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, SerError> {
        Err(unsupported("a list"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, SerError> {
        Err(unsupported("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, SerError> {
        Err(unsupported("a tuple"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, SerError> {
        Err(unsupported("an enum with data"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapSer, SerError> {
        Ok(MapSer::default())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<MapSer, SerError> {
        Ok(MapSer::default())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, SerError> {
        Err(unsupported("an enum with data"))
    }
}

#[derive(Default)]
pub(crate) struct MapSer {
    entries: Vec<(String, Node)>,
    key: Option<String>,
}

impl ser::SerializeMap for MapSer {
    type Ok = Node;
    type Error = SerError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        match key.serialize(NodeSerializer)? {
            Node::Text(k) => {
                self.key = Some(k);
                Ok(())
            }
            _ => Err(unsupported("a key that is not text")),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| unsupported("a value with no key"))?;
        self.entries.push((key, value.serialize(NodeSerializer)?));
        Ok(())
    }

    fn end(self) -> Result<Node, SerError> {
        Ok(Node::Map(self.entries))
    }
}

impl ser::SerializeStruct for MapSer {
    type Ok = Node;
    type Error = SerError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.entries
            .push((key.to_owned(), value.serialize(NodeSerializer)?));
        Ok(())
    }

    fn end(self) -> Result<Node, SerError> {
        Ok(Node::Map(self.entries))
    }
}
