//! The document as a flat list of elements in document order, borrowing names and texts
//! from the input: the tree the serde deserializer (`de.rs`) reads.
//!
//! It accepts exactly the documents `parse` accepts (same reader, same checks, same depth
//! and size bounds) and holds the same facts per element (normalized name, `type`, `nil`,
//! text), without an allocation per element: one list for the whole document, and owned
//! text only where an entity or a line-ending rewrite forces it.

use std::borrow::Cow;

use quick_xml::events::Event;

use super::{Kind, MAX_DEPTH, MAX_ELEMENTS, XmlError, attributes, err};

/// One element. Its children are the elements from the next index up to `end`; the first
/// child is at the next index, each following sibling at the previous one's `end`.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    /// The name with `_` turned into `-`.
    pub(crate) name: Cow<'a, str>,
    /// The text (only meaningful for elements without children).
    pub(crate) text: Cow<'a, str>,
    pub(crate) kind: Kind,
    pub(crate) nil: bool,
    /// One past the index of this element's last descendant.
    pub(crate) end: usize,
}

/// Parses a document; the root element is at index 0.
pub(crate) fn parse(bytes: &[u8]) -> Result<Vec<Node<'_>>, XmlError> {
    let input = std::str::from_utf8(bytes).map_err(|_| err("the body is not UTF-8"))?;
    let mut reader = quick_xml::Reader::from_str(input);
    // About one element per 40 bytes in Spreedly's documents.
    let mut nodes: Vec<Node<'_>> = Vec::with_capacity(input.len() / 40 + 1);
    let mut open: Vec<usize> = Vec::new();
    let mut root_done = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(format!("malformed XML: {e}")))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root_done => {
                return Err(err("content after the root element"));
            }
            Event::Start(start) => {
                open_node(&mut nodes, &open, input, &start)?;
                open.push(nodes.len() - 1);
            }
            Event::Empty(start) => {
                open_node(&mut nodes, &open, input, &start)?;
                let at = nodes.len() - 1;
                nodes[at].end = nodes.len();
                root_done = open.is_empty();
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                let at = open.pop().ok_or_else(|| err("unexpected end tag"))?;
                nodes[at].end = nodes.len();
                root_done = open.is_empty();
            }
            Event::Text(t) => push_text(&mut nodes, &open, || t.xml10_content())?,
            Event::CData(t) => push_text(&mut nodes, &open, || t.xml10_content())?,
            Event::GeneralRef(r) => {
                let mut buf = [0u8; 4];
                let resolved: &str = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.encode_utf8(&mut buf),
                    Ok(None) => match &*r {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => return Err(err(format!("unknown entity &{other};"))),
                    },
                    Err(e) => return Err(err(format!("bad character reference: {e}"))),
                };
                push_text(&mut nodes, &open, || Cow::Owned(resolved.to_owned()))?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !open.is_empty() {
        return Err(err("the document ends inside an element"));
    }
    if nodes.is_empty() {
        return Err(err("the document has no root element"));
    }
    Ok(nodes)
}

fn open_node<'a>(
    nodes: &mut Vec<Node<'a>>,
    open: &[usize],
    input: &'a str,
    start: &quick_xml::events::BytesStart<'_>,
) -> Result<(), XmlError> {
    if open.len() >= MAX_DEPTH {
        return Err(err(format!("elements nest deeper than {MAX_DEPTH}")));
    }
    if nodes.len() >= MAX_ELEMENTS {
        return Err(err("too many elements"));
    }
    let (kind, nil) = attributes(start)?;
    let raw = borrow_from(input, start.name().as_ref());
    let name = if raw.contains('_') {
        Cow::Owned(raw.replace('_', "-"))
    } else {
        raw
    };
    nodes.push(Node {
        name,
        text: Cow::Borrowed(""),
        kind,
        nil,
        end: 0,
    });
    Ok(())
}

/// `part` as a slice of `input` when it lies inside it (the reader borrows from the input),
/// else a copy.
fn borrow_from<'a>(input: &'a str, part: &str) -> Cow<'a, str> {
    let start = (part.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    match input.get(start..start.saturating_add(part.len())) {
        Some(found) if std::ptr::eq(found.as_ptr(), part.as_ptr()) => Cow::Borrowed(found),
        _ => Cow::Owned(part.to_owned()),
    }
}

/// Adds text to the element being read. `piece` is only computed when the text is kept:
/// text after a child is never read (elements with children are maps or lists).
fn push_text<'a>(
    nodes: &mut [Node<'a>],
    open: &[usize],
    piece: impl FnOnce() -> Cow<'a, str>,
) -> Result<(), XmlError> {
    match open.last() {
        Some(&at) if at + 1 == nodes.len() => {
            let text = &mut nodes[at].text;
            if text.is_empty() {
                *text = piece();
            } else {
                text.to_mut().push_str(&piece());
            }
            Ok(())
        }
        Some(_) => Ok(()),
        None if piece().trim().is_empty() => Ok(()),
        None => Err(err("text outside the root element")),
    }
}
