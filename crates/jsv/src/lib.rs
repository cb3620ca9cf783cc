//! A serde data format for ServiceStack's JSV text format ("JSON-like Separated Values").
//!
//! JSV is what ServiceStack's `TypeSerializer` writes for `application/jsv` bodies,
//! `?format=jsv` responses and query-string binding: `{Name:value,List:[a,b]}` with CSV-style
//! quoting, no whitespace, no null literal, and no number/string/boolean markers. The text
//! `1` is an int, a string or an enum depending on the target type, so reading is
//! type-directed; [`Value`] gives a schema-less view.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! #[serde(rename_all = "PascalCase")]
//! struct Member {
//!     id: u32,
//!     name: String,
//!     active: bool,
//!     tags: Vec<String>,
//!     note: Option<String>,
//! }
//!
//! let m = Member {
//!     id: 7,
//!     name: "Doe, John".into(),
//!     active: true,
//!     tags: vec!["gold".into(), "2\" x 1\"".into()],
//!     note: None,
//! };
//! let text = serde_jsv::to_string(&m).unwrap();
//! assert_eq!(text, r#"{Id:7,Name:"Doe, John",Active:True,Tags:[gold,"2"" x 1"""]}"#);
//!
//! // The reader is as lenient as a ServiceStack server: any case for names, unknown keys
//! // and `__type` ignored, every boolean spelling, quoted scalars.
//! let back: Member = serde_jsv::from_str(r#"{__type:"X, Y",ID:"7",name:"Doe, John",ACTIVE:true,Tags:[gold,"2"" x 1"""],Extra:{A:1}}"#).unwrap();
//! assert_eq!(back, m);
//!
//! // Errors say where and what was expected.
//! let err = serde_jsv::from_str::<Member>("{Id:x7}").unwrap_err();
//! assert_eq!(err.offset(), Some(4));
//! assert_eq!(err.to_string(), "expected u32, found `x7` at line 1 column 5 (byte 4)");
//! ```
//!
//! # Writer rules
//! * strings are quoted only when they contain one of `" : , { } [ ]` CR LF, with `"`
//!   doubled; the empty string is `""`; property names are never quoted;
//! * `None` properties and map values are omitted, `None` list elements are empty slots
//!   (`[a,,b]`), a top-level `None` is empty output;
//! * `bool` is `True`/`False`, floats are shortest round-trip (`1E+15` style exponents);
//! * enums: unit variants by name, others as `{Variant:value}`;
//! * no whitespace, no trailing newline.
//!
//! # Reader rules
//! * field names match case-insensitively (also ignoring `_`/`-`); unknown keys and `__type`
//!   are skipped; plain values end only at `,` or `}` (so `urn:a:b` reads unquoted);
//! * list brackets are optional at top level (`1,2,3`); an empty slot is `None`, a trailing
//!   comma is one more `None`; `"…"`-quoted scalars are accepted for every type;
//! * a token that does not fit the target type is an error with its position — never a
//!   default. Nesting deeper than [`DEFAULT_MAX_DEPTH`] is an error, not a stack overflow.
//! * `&str` fields borrow from the input when the token needs no unquoting.
//!
//! # Query strings
//! [`to_query_string`] writes a DTO the way ServiceStack's own clients send it on GET, and
//! [`from_query_string`] binds one the way the server does.
//!
//! # .NET value forms
//! See [`dotnet`] for DateTime, TimeSpan, Guid, decimal and `byte[]` helpers
//! (`#[serde(with = "…")]`); the `time`, `uuid` and `rust_decimal` features enable the ones
//! that need third-party types.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod de;
pub mod dotnet;
mod error;
mod query;
mod query_de;
mod read;
mod scalar;
mod ser;
mod swar;
mod value;

pub use de::{DEFAULT_MAX_DEPTH, Deserializer, from_reader, from_slice, from_str};
pub use error::{Category, Error, Result};
pub use query::to_query_string;
pub use query_de::from_query_string;
pub use ser::{Compound, Serializer, to_string, to_vec, to_writer};
pub use value::Value;

/// Converts a `T` to a [`Value`] by writing and re-reading JSV.
pub fn to_value<T: ?Sized + serde::Serialize>(value: &T) -> Result<Value> {
    let text = to_string(value)?;
    from_str(&text)
}

/// Reads a `T` from a [`Value`] with the JSV rules (strings are parsed per the target type).
pub fn from_value<T: serde::de::DeserializeOwned>(value: Value) -> Result<T> {
    let text = value.to_string();
    from_str(&text)
}

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
