//! Lazy pagination: a `Stream` of pages that fetches the next page only when asked, and
//! [`Pages::items`] to flatten it.
//!
//! It always ends: on an empty page, on a page with no next marker, or when a marker comes
//! back that was already fetched (a server bug that would otherwise loop forever).

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Cursor {
    /// A page number (`page=N`), for page-number APIs.
    Number(u64),
    /// An opaque marker: a next link, a cursor token, ...
    Marker(String),
}

/// One page: its items and where the next one starts.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items, in order.
    pub items: Vec<T>,
    /// The next page, if any.
    pub next: Option<Cursor>,
    /// The total item count when the server reports it.
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of a page-number API: the next page is `number + 1` unless this page is empty,
    /// is shorter than `size`, or is the last of `total_pages`.
    pub fn numbered(items: Vec<T>, number: u64, size: u64, total_pages: Option<u64>) -> Self {
        let last = items.is_empty()
            || (items.len() as u64) < size
            || total_pages.is_some_and(|pages| number + 1 >= pages);
        Page {
            next: (!last).then_some(Cursor::Number(number + 1)),
            items,
            total: None,
        }
    }

    /// A page of a next-link API: the next page is the link, when there is one.
    pub fn linked(items: Vec<T>, next: Option<String>) -> Self {
        Page {
            items,
            next: next.filter(|n| !n.is_empty()).map(Cursor::Marker),
            total: None,
        }
    }

    /// Sets the reported total.
    pub fn with_total(mut self, total: Option<u64>) -> Self {
        self.total = total;
        self
    }
}

/// A lazy stream of pages; each `Item` is one page or the error that ended the stream.
pub struct Pages<T, E> {
    inner: BoxStream<'static, Result<Page<T>, E>>,
}

impl<T, E> std::fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages { .. }")
    }
}

struct State<F> {
    fetch: F,
    next: Option<Cursor>,
    seen: HashSet<u64>,
}

fn fingerprint(cursor: &Cursor) -> u64 {
    let mut h = DefaultHasher::new();
    cursor.hash(&mut h);
    h.finish()
}

impl<T: Send + 'static, E: Send + 'static> Pages<T, E> {
    /// Pages starting at `first`, each fetched by `fetch(cursor)`. The filters of the first
    /// call belong in `fetch`'s captures, so they ride on every page.
    pub fn new<F, Fut>(first: Cursor, fetch: F) -> Self
    where
        F: FnMut(Cursor) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>, E>> + Send + 'static,
    {
        let state = State {
            fetch,
            next: Some(first),
            seen: HashSet::new(),
        };
        let inner = stream::unfold(state, |mut state| async move {
            let cursor = state.next.take()?;
            state.seen.insert(fingerprint(&cursor));
            match (state.fetch)(cursor).await {
                Ok(mut page) => {
                    if page.items.is_empty() {
                        return None;
                    }
                    page.next = page
                        .next
                        .take()
                        .filter(|next| !state.seen.contains(&fingerprint(next)));
                    state.next = page.next.clone();
                    Some((Ok(page), state))
                }
                // An error ends the stream: `next` is already empty.
                Err(e) => Some((Err(e), state)),
            }
        })
        .boxed();
        Pages { inner }
    }

    /// The items of every page, in order, fetching pages as they are needed.
    pub fn items(self) -> impl Stream<Item = Result<T, E>> + Send + Unpin + 'static {
        self.inner.flat_map(|page| match page {
            Ok(page) => stream::iter(page.items.into_iter().map(Ok)).left_stream(),
            Err(e) => stream::iter([Err(e)]).right_stream(),
        })
    }

    /// Every item of every page (for small lists: this holds them all in memory).
    pub async fn all_items(self) -> Result<Vec<T>, E> {
        let mut items = self.items();
        let mut out = Vec::new();
        while let Some(item) = items.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<T, E> Stream for Pages<T, E> {
    type Item = Result<Page<T>, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}
