//! List and object access: how elements and entries are cut out.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed};

use super::Deserializer;
use super::fast::same_bytes;
use super::key::KeyDeserializer;
use super::names::{match_index, same_name};
use crate::error::{Category, Error, Result};
use crate::read::{Ctx, Kind};
use crate::scalar::is_ws;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SeqMode {
    Bracketed,
    Bare,
    Single,
}

pub(super) struct SeqAccess<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) mode: SeqMode,
    pub(super) first: bool,
    pub(super) done: bool,
    pub(super) outer: Ctx,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let r = &mut self.de.r;
        if self.first {
            self.first = false;
            let (i, c) = r.peek_past_ws();
            match (self.mode, c) {
                (SeqMode::Bracketed, Some(b']')) => {
                    r.pos = i + 1;
                    self.done = true;
                    return Ok(None);
                }
                (SeqMode::Bracketed, None) => {
                    return Err(r.err(Category::Eof, "expected `]` to close the list", i));
                }
                (SeqMode::Single, _) => self.done = true,
                _ => {}
            }
        } else {
            if r.peek().is_some_and(is_ws) {
                r.skip_ws();
            }
            match (self.mode, r.peek()) {
                (_, Some(b',')) => r.pos += 1,
                (SeqMode::Bracketed, Some(b']')) => {
                    r.pos += 1;
                    self.done = true;
                    return Ok(None);
                }
                (SeqMode::Bare, None) => {
                    self.done = true;
                    return Ok(None);
                }
                (SeqMode::Bracketed, None) => {
                    return Err(r.err(Category::Eof, "expected `,` or `]` in list", r.pos));
                }
                (SeqMode::Bracketed, Some(_)) => {
                    return Err(r.err(Category::Syntax, "expected `,` or `]` in list", r.pos));
                }
                _ => {
                    return Err(r.err(
                        Category::Syntax,
                        "expected `,` between list elements",
                        r.pos,
                    ));
                }
            }
        }
        self.de.ctx = match self.mode {
            SeqMode::Bracketed => Ctx::List,
            SeqMode::Bare => Ctx::Bare,
            SeqMode::Single => self.outer,
        };
        let start = self.de.r.pos;
        let v = seed
            .deserialize(&mut *self.de)
            .map_err(|e| self.de.fix(e, start))?;
        Ok(Some(v))
    }
}

pub(super) struct MapAccess<'a, 'de> {
    pub(super) de: &'a mut Deserializer<'de>,
    pub(super) fields: Option<&'static [&'static str]>,
    pub(super) hint: usize,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        // Fastest path: the input spells the next field exactly, followed by `:`.
        if let Some(fields) = self.fields
            && let Some(&f) = fields.get(self.hint)
        {
            let r = &mut self.de.r;
            let at = r.pos;
            let end = at + f.len();
            let b = r.bytes();
            if end < r.end
                && b[end] == b':'
                && b[at] != b'}'
                && !is_ws(b[at])
                && same_bytes(&b[at..end], f.as_bytes())
            {
                r.pos = end + 1;
                self.hint += 1;
                let kd = KeyDeserializer {
                    key: Cow::Borrowed(f),
                    nested: false,
                    start: at,
                    de: &mut *self.de,
                };
                return seed.deserialize(kd).map(Some);
            }
        }
        self.next_key_slow(seed)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.ctx = Ctx::Obj;
        let start = self.de.r.pos;
        let v = seed
            .deserialize(&mut *self.de)
            .map_err(|e| self.de.fix(e, start))?;
        let r = &mut self.de.r;
        if r.peek() == Some(b',') {
            r.pos += 1;
            return Ok(v);
        }
        self.after_value()?;
        Ok(v)
    }
}

impl<'de> MapAccess<'_, 'de> {
    /// After a value that is not directly followed by `,`: whitespace, then `,` or `}`.
    #[inline(never)]
    fn after_value(&mut self) -> Result<()> {
        let r = &mut self.de.r;
        r.skip_ws();
        match r.peek() {
            Some(b',') => {
                r.pos += 1;
                Ok(())
            }
            Some(b'}') => Ok(()),
            None => Err(r.err(Category::Eof, "expected `,` or `}` after value", r.pos)),
            Some(_) => Err(r.err(Category::Syntax, "expected `,` or `}` after value", r.pos)),
        }
    }

    /// [`de::MapAccess::next_key_seed`] for everything but an exactly spelled next field.
    #[inline(never)]
    fn next_key_slow<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        loop {
            let r = &mut self.de.r;
            if r.peek().is_some_and(is_ws) {
                r.skip_ws();
            }
            match r.peek() {
                Some(b'}') => {
                    r.pos += 1;
                    return Ok(None);
                }
                None => {
                    return Err(r.err(Category::Eof, "expected `}` to close the object", r.pos));
                }
                _ => {}
            }
            if let Some(fields) = self.fields {
                // Fastest path: the input spells the next field exactly, followed by `:`.
                let at = r.pos;
                if let Some(&f) = fields.get(self.hint) {
                    let end = at + f.len();
                    let b = r.bytes();
                    if end < r.end && b[end] == b':' && &b[at..end] == f.as_bytes() {
                        r.pos = end + 1;
                        self.hint += 1;
                        let kd = KeyDeserializer {
                            key: Cow::Borrowed(f),
                            nested: false,
                            start: at,
                            de: &mut *self.de,
                        };
                        return seed.deserialize(kd).map(Some);
                    }
                }
                // Fast path: a plain key naming a field (usually the next one in order).
                if let Some(k) = r.quick_key() {
                    let i = match fields.get(self.hint) {
                        Some(f) if same_name(f, k) => Some(self.hint),
                        _ => match_index(fields, k),
                    };
                    if let Some(i) = i {
                        self.hint = i + 1;
                        let kd = KeyDeserializer {
                            key: Cow::Borrowed(fields[i]),
                            nested: false,
                            start: at,
                            de: &mut *self.de,
                        };
                        return seed.deserialize(kd).map(Some);
                    }
                    r.pos = at;
                }
            }
            let r = &mut self.de.r;
            let (key, kind, start) = r.key()?;
            let nested = kind == Kind::Nested;
            let key: Option<Cow<'de, str>> = if kind == Kind::Empty {
                None
            } else if let Some(fields) = self.fields {
                let hinted = fields
                    .get(self.hint)
                    .filter(|f| same_name(f, &key))
                    .map(|_| self.hint);
                match hinted.or_else(|| match_index(fields, &key)) {
                    Some(i) => {
                        self.hint = i + 1;
                        Some(Cow::Borrowed(fields[i]))
                    }
                    // `__type` (§8) is skipped; other unknown keys go to the visitor (ignored).
                    None if key.eq_ignore_ascii_case("__type") => None,
                    None => Some(key),
                }
            } else {
                Some(key)
            };
            let Some(key) = key else {
                // Empty key (§3.4) or `__type`: skip the value and its separator.
                self.de.r.skip_value(Ctx::Obj)?;
                if self.de.r.peek() == Some(b',') {
                    self.de.r.pos += 1;
                }
                continue;
            };
            let kd = KeyDeserializer {
                key,
                nested,
                start,
                de: &mut *self.de,
            };
            return seed.deserialize(kd).map(Some);
        }
    }
}
