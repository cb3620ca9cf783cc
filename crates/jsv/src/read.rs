//! The tokenizer shared by all readers: value tokens, key tokens, quoted strings
//! and brace/bracket-balanced tokens, all cut out of a borrowed input without copying.

use std::borrow::Cow;

use crate::error::{Category, Error, Result};
use crate::scalar::is_ws;
use crate::swar::find_any;

/// Where the value under the cursor sits; decides which bytes end a plain (unquoted) value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ctx {
    /// The whole remaining input is the value.
    Top,
    /// A property/dictionary value: ends at `,` or `}`.
    Obj,
    /// A bracketed list element: ends at `,`, `]` or `}`.
    List,
    /// An element of a bracketless top-level list (`1, 2, 3`): ends at `,` or `}`.
    Bare,
}

const fn table(chars: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < chars.len() {
        t[chars[i] as usize] = true;
        i += 1;
    }
    t
}

static TOP_END: [bool; 256] = table(b"");

/// Bytes that may start or end a key needing no trimming or unquoting: printable ASCII
/// except `" : , { } [ ]`.
static KEY_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = b'!';
    while c <= b'~' {
        t[c as usize] = !matches!(c, b'"' | b':' | b',' | b'{' | b'}' | b'[' | b']');
        c += 1;
    }
    t
};
static OBJ_END: [bool; 256] = table(b",}");
static LIST_END: [bool; 256] = table(b",]}");

impl Ctx {
    /// Whether `c` ends a plain value in this context.
    #[inline]
    pub fn ends_plain(self, c: u8) -> bool {
        self.table()[usize::from(c)]
    }

    #[inline]
    fn table(self) -> &'static [bool; 256] {
        match self {
            Ctx::Top => &TOP_END,
            Ctx::Obj | Ctx::Bare => &OBJ_END,
            Ctx::List => &LIST_END,
        }
    }
}

/// What kind of token a scalar read found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Nothing before the terminator: null / absent.
    Empty,
    /// Unquoted text.
    Plain,
    /// `"…"` text, already unquoted.
    Quoted,
    /// A raw `{…}` or `[…]` token.
    Nested,
}

/// A scalar token: its (unquoted) text, kind and start offset.
#[derive(Debug)]
pub(crate) struct Token<'de> {
    pub text: Cow<'de, str>,
    pub kind: Kind,
    pub start: usize,
}

/// A cursor over borrowed JSV text.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'de> {
    pub input: &'de str,
    pub pos: usize,
    pub end: usize,
}

impl<'de> Reader<'de> {
    pub fn new(input: &'de str) -> Self {
        let pos = if input.starts_with('\u{feff}') { 3 } else { 0 };
        Reader {
            input,
            pos,
            end: input.len(),
        }
    }

    #[inline]
    pub fn bytes(&self) -> &'de [u8] {
        self.input.as_bytes()
    }

    #[inline]
    pub fn peek(&self) -> Option<u8> {
        if self.pos < self.end {
            Some(self.bytes()[self.pos])
        } else {
            None
        }
    }

    #[inline]
    pub fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    /// Byte at or after the cursor that is not whitespace, without moving.
    #[inline]
    pub fn peek_past_ws(&self) -> (usize, Option<u8>) {
        let b = self.bytes();
        let mut i = self.pos;
        while i < self.end && is_ws(b[i]) {
            i += 1;
        }
        (i, if i < self.end { Some(b[i]) } else { None })
    }

    #[inline]
    pub fn skip_ws(&mut self) {
        self.pos = self.peek_past_ws().0;
    }

    pub fn err(&self, category: Category, msg: impl Into<String>, at: usize) -> Error {
        Error::at(category, msg, self.bytes(), at)
    }

    /// `input[a..b]`; the tokenizer only cuts at ASCII bytes, so this cannot fail on a char
    /// boundary, but it reports an error instead of panicking if it ever did.
    #[inline]
    pub fn slice(&self, a: usize, b: usize) -> Result<&'de str> {
        self.input.get(a..b).ok_or_else(|| {
            self.err(
                Category::Syntax,
                "token does not end on a character boundary",
                a,
            )
        })
    }

    /// Scans a plain value from the cursor to (not including) its terminator.
    #[inline]
    pub fn plain(&mut self, ctx: Ctx) -> Result<&'de str> {
        let start = self.pos;
        let b = &self.bytes()[..self.end];
        let end = match ctx {
            Ctx::Top => self.end,
            Ctx::Obj | Ctx::Bare => find_any(b, start, [b',', b'}']),
            Ctx::List => find_any(b, start, [b',', b']', b'}']),
        };
        self.pos = end;
        self.slice(start, end)
    }

    /// Reads a `"…"` token at the cursor; returns the unquoted text (borrowed when it holds no
    /// doubled quote).
    pub fn quoted(&mut self) -> Result<Cow<'de, str>> {
        let start = self.pos;
        let b = &self.bytes()[..self.end];
        let mut i = start + 1;
        // Text before the first doubled quote is borrowed; after one, segments are copied.
        let mut owned: Option<String> = None;
        let mut seg = start + 1;
        loop {
            let q = find_any(b, i, [b'"']);
            if q >= b.len() {
                return Err(self.err(
                    Category::Eof,
                    "unterminated quoted string: expected closing `\"`",
                    start,
                ));
            }
            if b.get(q + 1) == Some(&b'"') {
                let part = self.slice(seg, q + 1)?;
                owned
                    .get_or_insert_with(|| String::with_capacity(part.len() * 2))
                    .push_str(part);
                seg = q + 2;
                i = q + 2;
            } else {
                self.pos = q + 1;
                let last = self.slice(seg, q)?;
                return Ok(match owned {
                    None => Cow::Borrowed(last),
                    Some(mut o) => {
                        o.push_str(last);
                        Cow::Owned(o)
                    }
                });
            }
        }
    }

    /// Skips a `{…}` or `[…]` token at the cursor the way .NET does: counts only the
    /// opening character's kind, `"` toggles a quoted state in which nothing is counted.
    /// Iterative, so arbitrarily deep input cannot overflow the stack.
    pub fn balanced(&mut self) -> Result<&'de str> {
        let start = self.pos;
        let b = &self.bytes()[..self.end];
        let open = b[start];
        let close = if open == b'{' { b'}' } else { b']' };
        let mut depth = 0usize;
        let mut in_quotes = false;
        for (i, &c) in b.iter().enumerate().skip(start) {
            if c == b'"' {
                in_quotes = !in_quotes;
            } else if !in_quotes {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        return self.slice(start, i + 1);
                    }
                }
            }
        }
        let what = if open == b'{' { "`}`" } else { "`]`" };
        Err(self.err(
            Category::Eof,
            format!("unbalanced token: expected closing {what}"),
            start,
        ))
    }

    /// After a quoted or nested token: whitespace may follow, then the terminator must come.
    pub fn after_token(&mut self, ctx: Ctx) -> Result<()> {
        self.skip_ws();
        match self.peek() {
            None => Ok(()),
            Some(c) if ctx != Ctx::Top && ctx.table()[usize::from(c)] => Ok(()),
            Some(_) => Err(self.err(Category::Syntax, expected_after(ctx), self.pos)),
        }
    }

    /// Reads a scalar token in context `ctx`, unquoting a `"…"` token.
    pub fn token(&mut self, ctx: Ctx) -> Result<Token<'de>> {
        let start = self.pos;
        let tok = match self.peek() {
            None => Token {
                text: Cow::Borrowed(""),
                kind: Kind::Empty,
                start,
            },
            Some(b'"') => {
                let text = self.quoted()?;
                self.after_token(ctx)?;
                Token {
                    text,
                    kind: Kind::Quoted,
                    start,
                }
            }
            Some(b'{' | b'[') => {
                let text = Cow::Borrowed(self.balanced()?);
                self.after_token(ctx)?;
                Token {
                    text,
                    kind: Kind::Nested,
                    start,
                }
            }
            Some(c) if ctx != Ctx::Top && ctx.table()[usize::from(c)] => Token {
                text: Cow::Borrowed(""),
                kind: Kind::Empty,
                start,
            },
            Some(_) => Token {
                text: Cow::Borrowed(self.plain(ctx)?),
                kind: Kind::Plain,
                start,
            },
        };
        Ok(tok)
    }

    /// Skips any value (for unknown keys and ignored values).
    pub fn skip_value(&mut self, ctx: Ctx) -> Result<()> {
        match self.peek() {
            Some(b'{' | b'[') => {
                self.balanced()?;
                self.after_token(ctx)
            }
            _ => self.token(ctx).map(drop),
        }
    }

    /// Fast path for the usual key: no quotes, no edge whitespace, directly followed by `:`
    /// (which is consumed). `None` leaves the cursor alone.
    #[inline]
    pub fn quick_key(&mut self) -> Option<&'de str> {
        let b = &self.bytes()[..self.end];
        let start = self.pos;
        if !KEY_BYTE[usize::from(*b.get(start)?)] {
            return None;
        }
        let i = find_any(b, start, [b':', b',', b'}']);
        if b.get(i) == Some(&b':') && KEY_BYTE[usize::from(b[i - 1])] {
            let k = self.input.get(start..i)?;
            self.pos = i + 1;
            return Some(k);
        }
        None
    }

    /// Reads a key token after skipping leading whitespace, then the `:` after it.
    /// Returns the key (trimmed; unquoted if quoted), its kind (`Empty` for a blank plain
    /// key) and its start offset.
    pub fn key(&mut self) -> Result<(Cow<'de, str>, Kind, usize)> {
        if let Some(k) = self.quick_key() {
            return Ok((Cow::Borrowed(k), Kind::Plain, self.pos - k.len() - 1));
        }
        self.skip_ws();
        let start = self.pos;
        let (key, kind) = match self.peek() {
            Some(b'"') => (self.quoted()?, Kind::Quoted),
            Some(b'{') => (Cow::Borrowed(self.balanced()?), Kind::Nested),
            _ => {
                let b = &self.bytes()[..self.end];
                let i = find_any(b, start, [b':', b',', b'}']);
                self.pos = i;
                let mut e = i;
                while e > start && is_ws(b[e - 1]) {
                    e -= 1;
                }
                let kind = if e == start { Kind::Empty } else { Kind::Plain };
                (Cow::Borrowed(self.slice(start, e)?), kind)
            }
        };
        self.skip_ws();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok((key, kind, start))
            }
            None => Err(self.err(Category::Eof, "expected `:` after key", self.pos)),
            Some(_) => Err(self.err(Category::Syntax, "expected `:` after key", self.pos)),
        }
    }
}

fn expected_after(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Top => "trailing characters after the value",
        Ctx::Obj => "expected `,` or `}` after value",
        Ctx::List => "expected `,` or `]` after list element",
        Ctx::Bare => "expected `,` after list element",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_end_only_at_comma_or_brace() {
        let mut r = Reader::new("2:nd],x");
        assert_eq!(r.plain(Ctx::Obj).unwrap(), "2:nd]");
        assert_eq!(r.pos, 5);
    }

    #[test]
    fn quoted_and_balanced() {
        let mut r = Reader::new(r#""a""b",x"#);
        assert_eq!(r.quoted().unwrap(), "a\"b");
        assert_eq!(r.peek(), Some(b','));
        let mut r = Reader::new(r#""""a""""b""""#);
        assert_eq!(r.quoted().unwrap(), "\"a\"\"b\"");
        assert!(r.at_end());
        let mut r = Reader::new(r#"{A:"}",B:{C:1}},x"#);
        assert_eq!(r.balanced().unwrap(), r#"{A:"}",B:{C:1}}"#);
        let mut r = Reader::new("{A:{");
        assert!(r.balanced().unwrap_err().is_eof());
        let mut r = Reader::new("\"abc");
        assert_eq!(r.quoted().unwrap_err().offset(), Some(0));
    }

    #[test]
    fn keys() {
        let mut r = Reader::new(" Name :x");
        let (k, kind, start) = r.key().unwrap();
        assert_eq!((&*k, kind, start), ("Name", Kind::Plain, 1));
        let mut r = Reader::new("\"\":x");
        assert_eq!(r.key().unwrap().1, Kind::Quoted);
        let mut r = Reader::new(" :x");
        assert_eq!(r.key().unwrap().1, Kind::Empty);
        let mut r = Reader::new("\"a:b\":x");
        assert_eq!(r.key().unwrap().0, "a:b");
        let mut r = Reader::new("abc}");
        assert!(r.key().unwrap_err().is_syntax());
    }
}
