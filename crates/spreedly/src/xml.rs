//! The XML codec: Spreedly's Rails-style XML, read and written in one place.
//!
//! Decoding reads the bytes into a flat list of elements that borrows its names and texts
//! from the input (bounded in depth and size; any input, however broken, is an error and
//! never a panic), and a serde deserializer reads the models straight from that list,
//! applying every Rails typing rule as it goes; the models are plain serde derives. A
//! document that path cannot read (a malformed one, or one that repeats a field) is decoded
//! by the reference path instead: an element tree turned into a neutral
//! `serde_json::Value` by the same rules, which gives the result and the error message.
//! The rules:
//!
//! - `type="boolean"` → a boolean (`true` / `false`), `type="integer"` → an integer,
//!   `type="decimal"` → the decimal's text (read as [`rust_decimal::Decimal`] by the models),
//!   `type="datetime"` → the instant's text (read as [`time::OffsetDateTime`]), no type or
//!   `type="string"` → the text;
//! - an empty element with a type other than string (`<in_grace_period type="boolean"/>`)
//!   → null;
//! - `type="array"` → a list of its children, whatever the container's name, so
//!   `<nil-classes type="array"/>` is an empty list;
//! - `nil="true"` → null, by default even when the element still has text
//!   ([`NilText::Null`]); [`NilText::Text`] reads the text instead;
//! - `_` in element names becomes `-` (`in_grace_period` and `in-grace-period` are one
//!   field).
//!
//! Keeping the rules in the codec means no model carries its own attribute handling: the
//! models are ordinary serde structs in kebab case. Unknown elements are skipped, but
//! still checked by the rules (a malformed `type="integer"` anywhere is an error).
//!
//! Encoding takes any `Serialize` value that serializes as a map with one entry, the root
//! element's name, and writes hyphenated element names, escaped text, and leaves out
//! `None` fields (requests never send read-only or unset fields).

use std::borrow::Cow;
use std::fmt::Write as _;

use paykit_core::BoxError;
use paykit_core::reqwest::header::HeaderValue;
use quick_xml::events::Event;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use self::ser::Node;

mod de;
mod flat;
#[cfg(test)]
mod paths_tests;
mod ser;

/// How deep elements may nest before decoding fails.
pub const MAX_DEPTH: usize = 32;
/// How many elements one document may hold before decoding fails.
pub const MAX_ELEMENTS: usize = 1_000_000;

/// How an element marked `nil="true"` that still has text is read.
///
/// Spreedly sometimes sends `<active-until type="datetime" nil="true">2010-02-21T19:04:28Z</active-until>`.
/// The marker says null while the text says otherwise; clients of the API disagree on which
/// wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NilText {
    /// The marker wins: the field is absent (`None`). The default, as the Rails convention
    /// reads it.
    #[default]
    Null,
    /// The text wins: the field is read from the text, as if the marker were not there.
    Text,
}

/// Spreedly's XML as a [`paykit_core::Codec`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Xml {
    /// How `nil="true"` with text is read.
    pub nil_text: NilText,
}

impl Xml {
    /// The codec with the given reading of `nil="true"` with text.
    pub fn new(nil_text: NilText) -> Self {
        Xml { nil_text }
    }
}

impl paykit_core::Codec for Xml {
    fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static("application/xml")
    }

    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>, BoxError> {
        Ok(encode(value)?.into_bytes())
    }

    fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, BoxError> {
        // The direct path reads the models straight from the document; when it cannot (a
        // malformed or unusual document), the reference path decides, with its own error.
        match de::from_bytes(bytes, self.nil_text) {
            Ok(value) => Ok(value),
            Err(_) => decode_via_value(bytes, self.nil_text),
        }
    }
}

/// The reference path: the element tree, turned into a `serde_json::Value` by the typing
/// rules, then deserialized by `serde_json`.
pub(crate) fn decode_via_value<T: DeserializeOwned>(
    bytes: &[u8],
    nil_text: NilText,
) -> Result<T, BoxError> {
    let root = parse(bytes)?;
    let value = root.into_value(nil_text, 0)?;
    Ok(serde_json::from_value(value)?)
}

/// A decoding or encoding failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("XML: {0}")]
pub struct XmlError(pub(crate) String);

fn err(message: impl Into<String>) -> XmlError {
    XmlError(message.into())
}

/// The `type` attribute of an element, read once while parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    /// No `type`, or `string` / `symbol`: text.
    #[default]
    Text,
    Boolean,
    Integer,
    /// `decimal` or `float`.
    Decimal,
    /// `datetime` or `date`.
    Datetime,
    Array,
    /// A type Spreedly may add later: read as text.
    Other,
}

impl Kind {
    fn of(value: &str) -> Kind {
        // The spellings Spreedly sends, without the general comparison.
        match value {
            "boolean" => return Kind::Boolean,
            "datetime" => return Kind::Datetime,
            "integer" => return Kind::Integer,
            "decimal" => return Kind::Decimal,
            "string" => return Kind::Text,
            "array" => return Kind::Array,
            _ => {}
        }
        let value = value.trim();
        let is = |name: &str| value.eq_ignore_ascii_case(name);
        if value.is_empty() || is("string") || is("symbol") {
            Kind::Text
        } else if is("boolean") {
            Kind::Boolean
        } else if is("integer") {
            Kind::Integer
        } else if is("decimal") || is("float") {
            Kind::Decimal
        } else if is("datetime") || is("date") {
            Kind::Datetime
        } else if is("array") {
            Kind::Array
        } else {
            Kind::Other
        }
    }
}

/// One element: its name (with `_` turned into `-`), the attributes that matter, its text
/// and its children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) nil: bool,
    pub(crate) text: String,
    pub(crate) children: Vec<Element>,
}

/// Parses a document into its root element.
pub(crate) fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|_| err("the body is not UTF-8"))?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(format!("malformed XML: {e}")))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(err("content after the root element"));
            }
            Event::Start(start) => {
                count += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err(err(format!("elements nest deeper than {MAX_DEPTH}")));
                }
                if count > MAX_ELEMENTS {
                    return Err(err("too many elements"));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                count += 1;
                if stack.len() >= MAX_DEPTH {
                    return Err(err(format!("elements nest deeper than {MAX_DEPTH}")));
                }
                if count > MAX_ELEMENTS {
                    return Err(err("too many elements"));
                }
                let done = element(&start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                let done = stack.pop().ok_or_else(|| err("unexpected end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                push_text(&mut stack, &content)?;
            }
            Event::CData(t) => {
                let content = t.xml10_content();
                push_text(&mut stack, &content)?;
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*r {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(err(format!("unknown entity &{other};"))),
                    },
                    Err(e) => return Err(err(format!("bad character reference: {e}"))),
                };
                push_text(&mut stack, &resolved)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(err("the document ends inside an element"));
    }
    root.ok_or_else(|| err("the document has no root element"))
}

fn push_text(stack: &mut [Element], text: &str) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(current) => {
            current.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(err("text outside the root element")),
    }
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlError> {
    let (kind, nil) = attributes(start)?;
    Ok(Element {
        name: normalize(start.name().as_ref()),
        kind,
        nil,
        ..Element::default()
    })
}

/// The `type` and `nil` attributes of a start tag.
fn attributes(start: &quick_xml::events::BytesStart<'_>) -> Result<(Kind, bool), XmlError> {
    let (mut kind, mut nil) = (Kind::default(), false);
    // Duplicate attributes are harmless here (the last one wins); not checking them saves a
    // list per element.
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| err(format!("malformed attribute: {e}")))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::default())
            .map_err(|e| err(format!("malformed attribute value: {e}")))?;
        match attr.key.as_ref() {
            "type" => kind = Kind::of(&value),
            "nil" => nil = value.trim().eq_ignore_ascii_case("true"),
            _ => {}
        }
    }
    Ok((kind, nil))
}

/// `in_grace_period` → `in-grace-period`.
pub(crate) fn normalize(name: &str) -> String {
    if name.contains('_') {
        name.replace('_', "-")
    } else {
        name.to_owned()
    }
}

impl Element {
    /// The element as a neutral value, by the Rails typing rules (see the module docs).
    #[cfg(test)]
    pub(crate) fn to_value(&self, nil_text: NilText) -> Result<Value, XmlError> {
        self.clone().into_value(nil_text, 0)
    }

    /// The element as a neutral value, by the Rails typing rules (see the module docs),
    /// consuming the tree (no copies of names and texts). The one place those rules live.
    pub(crate) fn into_value(self, nil_text: NilText, depth: usize) -> Result<Value, XmlError> {
        if depth > MAX_DEPTH {
            return Err(err("too deep"));
        }
        let text_is_empty = self.text.trim().is_empty();
        // nil="true": null, unless `NilText::Text` and there is something to read.
        if self.nil && (nil_text == NilText::Null || (text_is_empty && self.children.is_empty())) {
            return Ok(Value::Null);
        }
        if self.kind == Kind::Array {
            // Whatever the container's name: `<nil-classes type="array"/>` is an empty list.
            return self
                .children
                .into_iter()
                .map(|c| c.into_value(nil_text, depth + 1))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        if !self.children.is_empty() {
            let mut map = Map::new();
            for mut child in self.children {
                let name = std::mem::take(&mut child.name);
                let value = child
                    .into_value(nil_text, depth + 1)
                    .map_err(|e| err(format!("<{name}>: {}", e.0)))?;
                map.insert(name, value);
            }
            return Ok(Value::Object(map));
        }
        match self.kind {
            Kind::Text | Kind::Other => return Ok(Value::String(self.text)),
            // An empty typed element: null.
            _ if text_is_empty => return Ok(Value::Null),
            _ => {}
        }
        let text = self.text.trim();
        match self.kind {
            Kind::Boolean => match text {
                "true" | "1" => Ok(Value::Bool(true)),
                "false" | "0" => Ok(Value::Bool(false)),
                other => Err(err(format!("not a boolean: {other:?}"))),
            },
            Kind::Integer => text
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| err(format!("not an integer: {text:?}"))),
            // Plain decimals keep their text (and scale); others (`1e1`) are rewritten.
            Kind::Decimal => {
                let plain = text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
                match text.parse::<rust_decimal::Decimal>() {
                    Ok(_) if plain => Ok(Value::String(trimmed(self.text))),
                    parsed => parsed
                        .or_else(|_| rust_decimal::Decimal::from_scientific(text))
                        .map(|d| Value::String(d.to_string()))
                        .map_err(|_| err(format!("not a decimal: {text:?}"))),
                }
            }
            _ => Ok(Value::String(trimmed(self.text))),
        }
    }
}

/// The text without surrounding whitespace, reusing its buffer when there is none.
fn trimmed(text: String) -> String {
    if text.len() == text.trim().len() {
        text
    } else {
        text.trim().to_owned()
    }
}

/// Encodes a value that serializes as `{root: {field: value, ...}}`.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, XmlError> {
    let node = ser::to_node(value).map_err(|e| err(e.0))?;
    let Node::Map(entries) = node else {
        return Err(err("a request body must be a map with one root element"));
    };
    if entries.len() != 1 {
        return Err(err("a request body must have exactly one root element"));
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    for (name, value) in &entries {
        write_element(&mut out, name, value, 0)?;
    }
    Ok(out)
}

fn write_element(out: &mut String, name: &str, value: &Node, depth: usize) -> Result<(), XmlError> {
    if depth > MAX_DEPTH {
        return Err(err("the request body nests too deep"));
    }
    let name = normalize(name);
    if !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(err(format!("{name:?} is not an element name")));
    }
    match value {
        Node::Null => {}
        Node::Map(entries) => {
            let _ = write!(out, "<{name}>");
            for (child, value) in entries {
                write_element(out, child, value, depth + 1)?;
            }
            let _ = write!(out, "</{name}>");
        }
        Node::Text(s) => {
            let _ = write!(out, "<{name}>{}</{name}>", escape(s));
        }
    }
    Ok(())
}

/// Escapes `<&>"'` for element text and attribute values.
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// A body with one root element: `Root("subscriber", &fields)` serializes as
/// `{"subscriber": fields}`.
pub(crate) struct Root<'a, T: ?Sized>(pub(crate) &'static str, pub(crate) &'a T);

impl<T: Serialize + ?Sized> Serialize for Root<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paykit_core::Codec;
    use serde::Deserialize;

    fn value(xml: &str) -> Value {
        parse(xml.as_bytes())
            .unwrap()
            .to_value(NilText::Null)
            .unwrap()
    }

    #[test]
    fn typed_elements() {
        let v = value(
            r#"<?xml version="1.0" encoding="UTF-8"?>
            <subscriber>
              <active type="boolean">true</active>
              <on-trial type="boolean">false</on-trial>
              <in_grace_period type="boolean"></in_grace_period>
              <id type="integer">42</id>
              <empty-int type="integer"/>
              <store-credit type="decimal">0.0</store-credit>
              <created-at type="datetime">2010-02-21T19:04:28Z</created-at>
              <feature-level type="string">pro</feature-level>
              <email></email>
              <description nil="true"></description>
              <invoices type="array"/>
            </subscriber>"#,
        );
        assert_eq!(v["active"], Value::Bool(true));
        assert_eq!(v["on-trial"], Value::Bool(false));
        assert_eq!(v["in-grace-period"], Value::Null);
        assert_eq!(v["id"], Value::from(42));
        assert_eq!(v["empty-int"], Value::Null);
        assert_eq!(v["store-credit"], Value::from("0.0"));
        assert_eq!(v["created-at"], Value::from("2010-02-21T19:04:28Z"));
        assert_eq!(v["feature-level"], Value::from("pro"));
        assert_eq!(v["email"], Value::from(""));
        assert_eq!(v["description"], Value::Null);
        assert_eq!(v["invoices"], Value::Array(vec![]));
    }

    #[test]
    fn nil_with_text_both_readings() {
        let xml = r#"<s><active-until type="datetime" nil="true">2010-02-21T19:04:28Z</active-until></s>"#;
        let root = parse(xml.as_bytes()).unwrap();
        assert_eq!(
            root.to_value(NilText::Null).unwrap()["active-until"],
            Value::Null
        );
        assert_eq!(
            root.to_value(NilText::Text).unwrap()["active-until"],
            Value::from("2010-02-21T19:04:28Z")
        );
        // Without text, nil is null in both readings.
        let empty = parse(br#"<s><a type="datetime" nil="true"/></s>"#).unwrap();
        assert_eq!(empty.to_value(NilText::Text).unwrap()["a"], Value::Null);
    }

    #[test]
    fn nil_classes_is_an_empty_list() {
        assert_eq!(
            value(r#"<nil-classes type="array"/>"#),
            Value::Array(vec![])
        );
        let list = value(
            r#"<subscribers type="array"><subscriber><a>1</a></subscriber><subscriber><a>2</a></subscriber></subscribers>"#,
        );
        assert_eq!(list.as_array().unwrap().len(), 2);
    }

    #[test]
    fn escaping_round_trips() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        #[serde(rename_all = "kebab-case")]
        struct S {
            screen_name: String,
            email: Option<String>,
        }
        let s = S {
            screen_name: "Zoë <&>\"' 日本 🎉".into(),
            email: None,
        };
        let bytes = Xml::default().encode(&Root("subscriber", &s)).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.ends_with(
                "<subscriber><screen-name>Zoë &lt;&amp;&gt;&quot;&apos; 日本 🎉</screen-name></subscriber>"
            ),
            "{text}"
        );
        let back: S = Xml::default().decode(&bytes).unwrap();
        assert_eq!(back, s);
        // Numeric character references are read too.
        let v = value("<a>&#233;&#x1F389;</a>");
        assert_eq!(v, Value::from("é🎉"));
    }

    #[test]
    fn bounded_depth() {
        let deep = "<a>".repeat(MAX_DEPTH + 5) + &"</a>".repeat(MAX_DEPTH + 5);
        assert!(parse(deep.as_bytes()).is_err());
        let ok = "<a>".repeat(MAX_DEPTH - 1) + &"</a>".repeat(MAX_DEPTH - 1);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn bounded_size() {
        // One element over the limit: refused, however shallow.
        let mut doc = String::from("<a>");
        doc.push_str(&"<b/>".repeat(MAX_ELEMENTS));
        doc.push_str("</a>");
        let err = parse(doc.as_bytes()).unwrap_err();
        assert_eq!(err.0, "too many elements");
        // At the limit: read.
        let mut doc = String::from("<a>");
        doc.push_str(&"<b/>".repeat(MAX_ELEMENTS - 1));
        doc.push_str("</a>");
        assert_eq!(
            parse(doc.as_bytes()).unwrap().children.len(),
            MAX_ELEMENTS - 1
        );
    }

    #[test]
    fn broken_documents_are_errors() {
        for bad in [
            "",
            "<a>",
            "<a></b>",
            "</a>",
            "<a>&nope;</a>",
            "<a/><b/>",
            "text",
            "<a type=\"integer\">x</a>",
            "<a type=\"boolean\">maybe</a>",
            "<a>&#xFFFFFFFF;</a>",
        ] {
            let r = parse(bad.as_bytes()).and_then(|e| e.to_value(NilText::Null));
            assert!(r.is_err(), "{bad:?} decoded");
        }
    }

    /// A tiny xorshift generator: no proptest needed.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        const PIECES: &[&str] = &[
            "<",
            ">",
            "</",
            "/>",
            "a",
            "subscriber",
            " type=\"array\"",
            " type=\"integer\"",
            " nil=\"true\"",
            " type=\"boolean\"",
            " type=\"decimal\"",
            "&amp;",
            "&#",
            ";",
            "\"",
            "'",
            "=",
            "<?xml version=\"1.0\"?>",
            "<!--",
            "-->",
            "<![CDATA[",
            "]]>",
            "12",
            "true",
            "é",
            "\u{0}",
            "nil-classes",
            "&",
            "x",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut input: Vec<u8> = Vec::new();
            let len = next(&mut state) % 40;
            for _ in 0..len {
                if next(&mut state).is_multiple_of(4) {
                    input.push((next(&mut state) & 0xFF) as u8);
                } else {
                    let piece = PIECES[(next(&mut state) as usize) % PIECES.len()];
                    input.extend_from_slice(piece.as_bytes());
                }
            }
            if let Ok(root) = parse(&input) {
                let _ = root.to_value(NilText::Null);
                let _ = root.to_value(NilText::Text);
            }
            let _: Result<Value, _> = Xml::default().decode(&input);
        }
    }
}
