//! The type-directed JSV reader.

use std::borrow::Cow;
use std::io;

use serde::de::{self, DeserializeOwned, Visitor};

use crate::error::{Category, Error, Result};
use crate::read::{Ctx, Kind, Reader, Token};
use crate::scalar;

mod access;
mod enums;
mod fast;
mod key;
mod names;

use access::{MapAccess, SeqAccess, SeqMode};
use enums::{EnumAccess, UnitVariant};
pub(crate) use names::match_name;

/// Default nesting limit for objects, lists and maps.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// A JSV deserializer over borrowed text.
#[derive(Debug)]
pub struct Deserializer<'de> {
    r: Reader<'de>,
    ctx: Ctx,
    depth: usize,
    max_depth: usize,
}

impl<'de> Deserializer<'de> {
    /// A deserializer over `input` (a leading BOM is skipped).
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(input: &'de str) -> Self {
        Deserializer {
            r: Reader::new(input),
            ctx: Ctx::Top,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// A deserializer over UTF-8 bytes; fails on invalid UTF-8 with its offset.
    pub fn from_slice(input: &'de [u8]) -> Result<Self> {
        match std::str::from_utf8(input) {
            Ok(s) => Ok(Deserializer::from_str(s)),
            Err(e) => Err(Error::at(
                Category::Syntax,
                "invalid UTF-8",
                input,
                e.valid_up_to(),
            )),
        }
    }

    /// Sets the nesting limit (default [`DEFAULT_MAX_DEPTH`]); deeper input is an error.
    pub fn set_max_depth(&mut self, max_depth: usize) {
        self.max_depth = max_depth;
    }

    /// Checks that only whitespace remains after the value.
    pub fn end(&mut self) -> Result<()> {
        self.r.skip_ws();
        if self.r.at_end() {
            Ok(())
        } else {
            Err(self.r.err(
                Category::Syntax,
                "trailing characters after the value",
                self.r.pos,
            ))
        }
    }

    fn fix(&self, mut e: Error, at: usize) -> Error {
        if !e.has_position() {
            e.set_position(self.r.bytes(), at);
        }
        e
    }

    fn err(&self, category: Category, msg: impl Into<String>, at: usize) -> Error {
        self.r.err(category, msg, at)
    }

    fn enter(&mut self, at: usize) -> Result<()> {
        if self.depth >= self.max_depth {
            return Err(self.err(
                Category::Syntax,
                format!("nesting deeper than the limit of {} levels", self.max_depth),
                at,
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// A scalar token for a non-string target: empty and nested tokens are errors.
    fn scalar(&mut self, what: &str) -> Result<Token<'de>> {
        let tok = self.r.token(self.ctx)?;
        match tok.kind {
            Kind::Empty => Err(self.err(
                Category::Data,
                format!("expected {what}, found an empty value"),
                tok.start,
            )),
            Kind::Nested => Err(self.err(
                Category::Data,
                format!("expected {what}, found `{}`", short(&tok.text)),
                tok.start,
            )),
            _ => Ok(tok),
        }
    }

    /// A string token: at top level the whole text (unquoted if it starts with `"`).
    fn string_token(&mut self) -> Result<Token<'de>> {
        if self.ctx == Ctx::Top {
            let start = self.r.pos;
            if self.r.peek() == Some(b'"') {
                let text = self.r.quoted()?;
                self.r.after_token(Ctx::Top)?;
                return Ok(Token {
                    text,
                    kind: Kind::Quoted,
                    start,
                });
            }
            let text = self.r.plain(Ctx::Top)?;
            let kind = if text.is_empty() {
                Kind::Empty
            } else {
                Kind::Plain
            };
            return Ok(Token {
                text: Cow::Borrowed(text),
                kind,
                start,
            });
        }
        self.r.token(self.ctx)
    }

    /// Whether the value under the cursor is absent (empty token).
    fn is_empty_value(&self) -> bool {
        match self.r.peek() {
            None => true,
            Some(c) => match self.ctx {
                Ctx::Top => false,
                Ctx::Obj | Ctx::Bare => c == b',' || c == b'}',
                Ctx::List => c == b',' || c == b']' || c == b'}',
            },
        }
    }

    fn int_err(&self, tok: &Token<'_>, ty: &str) -> Error {
        self.err(
            Category::Data,
            format!("expected {ty}, found `{}`", short(&tok.text)),
            tok.start,
        )
    }

    /// Whether a plain token read up to `i` ends there (end of input or, inside a list or
    /// object, a terminator).
    #[inline]
    fn ends_at(&self, i: usize) -> bool {
        i >= self.r.end || (self.ctx != Ctx::Top && self.ctx.ends_plain(self.r.bytes()[i]))
    }

    /// Fast path for the common plain integer: ASCII digits (optionally after `-`) ending
    /// right at the terminator. `None` sends the caller to the general path.
    #[inline]
    fn quick_int(&mut self) -> Option<(bool, u64)> {
        let b = &self.r.bytes()[..self.r.end];
        let (neg, v, i) = fast::int(b, self.r.pos)?;
        if !self.ends_at(i) {
            return None;
        }
        self.r.pos = i;
        Some((neg, v))
    }

    fn parse_signed(&mut self, ty: &str, min: i128, max: i128) -> Result<i128> {
        let start = self.r.pos;
        if let Some((neg, v)) = self.quick_int() {
            let v = if neg { -i128::from(v) } else { i128::from(v) };
            if (min..=max).contains(&v) {
                return Ok(v);
            }
            self.r.pos = start;
        }
        let tok = self.scalar(ty)?;
        scalar::parse_signed(&tok.text, min, max).ok_or_else(|| self.int_err(&tok, ty))
    }

    fn parse_unsigned(&mut self, ty: &str, max: u128) -> Result<u128> {
        let start = self.r.pos;
        if let Some((neg, v)) = self.quick_int() {
            if (!neg || v == 0) && u128::from(v) <= max {
                return Ok(u128::from(v));
            }
            self.r.pos = start;
        }
        let tok = self.scalar(ty)?;
        scalar::parse_unsigned(&tok.text, max).ok_or_else(|| self.int_err(&tok, ty))
    }

    fn parse_float<F: std::str::FromStr + From<f32> + fast::FastFloat>(
        &mut self,
        ty: &str,
    ) -> Result<F> {
        if self.ctx != Ctx::Top {
            // Fastest path: a plain `-?digits[.digits]` token that converts exactly.
            let b = &self.r.bytes()[..self.r.end];
            if let Some((v, i)) = fast::decimal::<F>(b, self.r.pos)
                && self.ends_at(i)
            {
                self.r.pos = i;
                return Ok(v);
            }
            // Fast path: a plain token of `0-9 . -` that `str::parse` accepts.
            let b = self.r.bytes();
            let start = self.r.pos;
            let mut i = start;
            while i < self.r.end && matches!(b[i], b'0'..=b'9' | b'.' | b'-') {
                i += 1;
            }
            let ends = i >= self.r.end || self.ctx.ends_plain(b[i]);
            if i > start
                && ends
                && let Ok(v) = self.r.slice(start, i)?.parse::<F>()
            {
                self.r.pos = i;
                return Ok(v);
            }
        }
        let tok = self.scalar(ty)?;
        scalar::parse_float(&tok.text).ok_or_else(|| self.int_err(&tok, ty))
    }

    /// Opens a `{`: skips leading whitespace (more lenient than .NET) and enters one level.
    fn open_brace(&mut self, what: &str) -> Result<()> {
        if self.r.peek() == Some(b'{') && self.depth < self.max_depth {
            self.depth += 1;
            self.r.pos += 1;
            return Ok(());
        }
        let (i, c) = self.r.peek_past_ws();
        match c {
            Some(b'{') => {
                self.enter(i)?;
                self.r.pos = i + 1;
                Ok(())
            }
            None => Err(self.err(Category::Eof, format!("expected `{{` to start {what}"), i)),
            Some(_) => Err(self.err(Category::Data, format!("expected `{{` to start {what}"), i)),
        }
    }

    /// After a nested value closes: restore context and check what follows.
    fn close(&mut self, ctx: Ctx) -> Result<()> {
        self.depth -= 1;
        self.ctx = ctx;
        self.r.after_token(ctx)
    }

    fn visit_map_like<V: Visitor<'de>>(
        &mut self,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value> {
        let outer = self.ctx;
        let value = visitor.visit_map(MapAccess {
            de: self,
            fields,
            hint: 0,
        })?;
        self.close(outer)?;
        Ok(value)
    }
}

/// Shortens a token for error messages.
fn short(s: &str) -> Cow<'_, str> {
    if s.len() <= 40 {
        Cow::Borrowed(s)
    } else {
        let mut end = 40;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        Cow::Owned(format!("{}…", &s[..end]))
    }
}

/// Applies the .NET "empty string marker" rule: a lone U+200B reads as "".
#[inline]
fn unmark(text: Cow<'_, str>) -> Cow<'_, str> {
    if text == "\u{200b}" {
        Cow::Borrowed("")
    } else {
        text
    }
}

#[inline]
fn visit_cow<'de, V: Visitor<'de>>(text: Cow<'de, str>, visitor: V) -> Result<V::Value> {
    match unmark(text) {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

/// Deserializes a `T` from JSV text.
pub fn from_str<'a, T: de::Deserialize<'a>>(s: &'a str) -> Result<T> {
    let mut de = Deserializer::from_str(s);
    let start = de.r.pos;
    let value = T::deserialize(&mut de).map_err(|e| de.fix(e, start))?;
    de.end()?;
    Ok(value)
}

/// Deserializes a `T` from JSV bytes (must be UTF-8).
pub fn from_slice<'a, T: de::Deserialize<'a>>(v: &'a [u8]) -> Result<T> {
    let mut de = Deserializer::from_slice(v)?;
    let start = de.r.pos;
    let value = T::deserialize(&mut de).map_err(|e| de.fix(e, start))?;
    de.end()?;
    Ok(value)
}

/// Reads all of `reader` and deserializes a `T` from it.
pub fn from_reader<R: io::Read, T: DeserializeOwned>(mut reader: R) -> Result<T> {
    let mut buf = Vec::new();
    reader.read_to_end(&mut buf).map_err(Error::io)?;
    from_slice(&buf)
}

macro_rules! signed {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let v = self.parse_signed(stringify!($t), <$t>::MIN as i128, <$t>::MAX as i128)?;
            visitor.$visit(v as $t)
        }
    };
}

macro_rules! unsigned {
    ($name:ident, $visit:ident, $t:ty) => {
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            let v = self.parse_unsigned(stringify!($t), <$t>::MAX as u128)?;
            visitor.$visit(v as $t)
        }
    };
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    /// Best-effort inference: `{`→map, `[`→list, empty→none, anything else→string.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (_, c) = self.r.peek_past_ws();
        match c {
            Some(b'{') => self.deserialize_map(visitor),
            Some(b'[') => self.deserialize_seq(visitor),
            _ => {
                let tok = self.string_token()?;
                match tok.kind {
                    Kind::Empty => visitor.visit_none(),
                    _ => visit_cow(tok.text, visitor),
                }
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Fast path: `True`/`False` as the writer spells them, ending at the terminator.
        if let Some((v, i)) = fast::bool_word(&self.r.bytes()[..self.r.end], self.r.pos)
            && self.ends_at(i)
        {
            self.r.pos = i;
            return visitor.visit_bool(v);
        }
        let tok = self.scalar("a boolean")?;
        match scalar::parse_bool(&tok.text) {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.err(
                Category::Data,
                format!(
                    "expected a boolean (True/False/1/0/...), found `{}`",
                    short(&tok.text)
                ),
                tok.start,
            )),
        }
    }

    signed!(deserialize_i8, visit_i8, i8);
    signed!(deserialize_i16, visit_i16, i16);
    signed!(deserialize_i32, visit_i32, i32);
    signed!(deserialize_i64, visit_i64, i64);
    signed!(deserialize_i128, visit_i128, i128);
    unsigned!(deserialize_u8, visit_u8, u8);
    unsigned!(deserialize_u16, visit_u16, u16);
    unsigned!(deserialize_u32, visit_u32, u32);
    unsigned!(deserialize_u64, visit_u64, u64);
    unsigned!(deserialize_u128, visit_u128, u128);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let v = self.parse_float::<f32>("f32")?;
        visitor.visit_f32(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let v = self.parse_float::<f64>("f64")?;
        visitor.visit_f64(v)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let tok = self.string_token()?;
        let mut chars = tok.text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self.err(
                Category::Data,
                format!("expected a single character, found `{}`", short(&tok.text)),
                tok.start,
            )),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Fast path: a plain token inside an object or list borrows straight from the input.
        if self.ctx != Ctx::Top
            && let Some(c) = self.r.peek()
            && !matches!(c, b'"' | b'{' | b'[')
            && !self.ctx.ends_plain(c)
        {
            let text = self.r.plain(self.ctx)?;
            return visitor.visit_borrowed_str(if text == "\u{200b}" { "" } else { text });
        }
        // Fast path: a quoted token directly followed by its terminator.
        if self.ctx != Ctx::Top && self.r.peek() == Some(b'"') {
            let text = self.r.quoted()?;
            if !self.ends_at(self.r.pos) {
                self.r.after_token(self.ctx)?;
            }
            return visit_cow(text, visitor);
        }
        let tok = self.string_token()?;
        if tok.kind == Kind::Empty {
            return Err(self.err(
                Category::Data,
                "expected a string, found an empty value (null; use Option<String>)",
                tok.start,
            ));
        }
        visit_cow(tok.text, visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // An empty token is empty bytes (.NET writes an empty `byte[]` as nothing).
        let tok = self.string_token()?;
        match crate::dotnet::base64::decode(&tok.text) {
            Some(bytes) => visitor.visit_byte_buf(bytes),
            None => Err(self.err(
                Category::Data,
                format!("expected Base64 bytes, found `{}`", short(&tok.text)),
                tok.start,
            )),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.is_empty_value() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let tok = self.r.token(self.ctx)?;
        if tok.kind == Kind::Empty {
            visitor.visit_unit()
        } else {
            Err(self.err(
                Category::Data,
                format!("expected an empty value, found `{}`", short(&tok.text)),
                tok.start,
            ))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let outer = self.ctx;
        let (i, c) = self.r.peek_past_ws();
        let mode = match c {
            Some(b'[') => {
                self.r.pos = i + 1;
                SeqMode::Bracketed
            }
            // Bracketless lists: `1,2,3` at top level (§4.2, V65), one bare element elsewhere.
            _ if self.is_empty_value() || (outer == Ctx::Top && i >= self.r.end) => {
                return Err(self.err(
                    Category::Data,
                    "expected a list, found an empty value",
                    self.r.pos,
                ));
            }
            _ if outer == Ctx::Top => SeqMode::Bare,
            _ => SeqMode::Single,
        };
        self.enter(i)?;
        let mut acc = SeqAccess {
            de: self,
            mode,
            first: true,
            done: false,
            outer,
        };
        let value = visitor.visit_seq(&mut acc)?;
        let done = acc.done;
        self.depth -= 1;
        self.ctx = outer;
        if !done {
            // The visitor stopped early (e.g. a tuple): the list must end here.
            self.r.skip_ws();
            match (mode, self.r.peek()) {
                (SeqMode::Bracketed, Some(b']')) => self.r.pos += 1,
                (SeqMode::Bare, None) => {}
                _ => {
                    return Err(self.err(
                        Category::Data,
                        "list has more elements than expected",
                        self.r.pos,
                    ));
                }
            }
        }
        if mode == SeqMode::Bracketed {
            self.r.after_token(outer)?;
        }
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.open_brace("a map")?;
        self.visit_map_like(None, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.open_brace("an object")?;
        self.visit_map_like(Some(fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let (_, c) = self.r.peek_past_ws();
        if c == Some(b'{') {
            // Externally tagged `{Variant:value}`.
            let outer = self.ctx;
            self.open_brace("an enum")?;
            let value = visitor.visit_enum(EnumAccess { de: self, variants })?;
            self.r.skip_ws();
            match self.r.peek() {
                Some(b'}') => self.r.pos += 1,
                Some(_) => {
                    return Err(self.err(
                        Category::Syntax,
                        "expected `}` after enum variant",
                        self.r.pos,
                    ));
                }
                None => {
                    return Err(self.err(
                        Category::Eof,
                        "expected `}` after enum variant",
                        self.r.pos,
                    ));
                }
            }
            self.close(outer)?;
            Ok(value)
        } else {
            let tok = self.scalar("an enum variant name")?;
            let name = match_name(variants, &tok.text).map_or(tok.text, Cow::Borrowed);
            visitor.visit_enum(UnitVariant {
                name,
                start: tok.start,
                de: self,
            })
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.ctx == Ctx::Top {
            self.r.pos = self.r.end;
        } else {
            self.r.skip_value(self.ctx)?;
        }
        visitor.visit_unit()
    }
}
