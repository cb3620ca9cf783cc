//! Lazy pagination: [`Pages`], a `Stream` of every item of a list that fetches the next
//! page only when asked, and [`Page`], one page with its position and totals.
//!
//! It always ends: on an empty page, on a page with no next marker, or when a marker comes
//! back that was already fetched (a server bug that would otherwise loop forever).

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// One page of a list: its items, its position, the totals when the vendor gives them, and
/// where the next page starts.
///
/// The same type for every vendor; fields a vendor does not report are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items, in order.
    pub items: Vec<T>,
    /// The page's number as the vendor counts (from 0 or from 1, as its API does), for
    /// page-number APIs.
    pub number: Option<u64>,
    /// The page size the server used or was asked for.
    pub size: Option<u64>,
    /// Items across all pages, when the server reports it.
    pub total_items: Option<u64>,
    /// Pages in all, when the server reports it.
    pub total_pages: Option<u64>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
    /// A hash of the page's raw body, when the vendor crate gives one: the same body twice
    /// in a row means the server ignores the page asked for.
    fingerprint: Option<u64>,
}

impl<T> Page<T> {
    /// A page of a page-number API. The next page is `number + 1` unless this page is empty
    /// or is the last of `total_pages`; a short page is not taken as the end (servers cap
    /// page sizes without saying so).
    pub fn numbered(items: Vec<T>, number: u64, total_pages: Option<u64>) -> Self {
        let next = number
            .checked_add(1)
            .filter(|next| !items.is_empty() && total_pages.is_none_or(|pages| *next < pages));
        Page {
            items,
            number: Some(number),
            size: None,
            total_items: None,
            total_pages,
            next: next.map(Cursor::Number),
            fingerprint: None,
        }
    }

    /// A page of a next-link (or cursor) API: the next page is the link, when there is one.
    pub fn linked(items: Vec<T>, next: Option<String>) -> Self {
        Page {
            items,
            number: None,
            size: None,
            total_items: None,
            total_pages: None,
            next: next.filter(|n| !n.is_empty()).map(Cursor::Marker),
            fingerprint: None,
        }
    }

    /// The last page of a list that is not paged (every item in one answer).
    pub fn single(items: Vec<T>) -> Self {
        Page::linked(items, None)
    }

    /// Sets the page's number (for a linked page whose number is known).
    pub fn with_number(mut self, number: Option<u64>) -> Self {
        self.number = number;
        self
    }

    /// Sets the page size.
    pub fn with_size(mut self, size: Option<u64>) -> Self {
        self.size = size;
        self
    }

    /// Sets the reported item total.
    pub fn with_total_items(mut self, total: Option<u64>) -> Self {
        self.total_items = total;
        self
    }

    /// Records a hash of the page's raw body ([`crate::Response::fingerprint`]), so that a
    /// server that answers the same page again (it ignores the page asked for, or its next
    /// links change every time) ends the stream with [`crate::Error::Pagination`] instead of
    /// looping forever.
    pub fn with_fingerprint(mut self, fingerprint: u64) -> Self {
        self.fingerprint = Some(fingerprint);
        self
    }

    /// Whether there is a page after this one.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// Converts the items, keeping the position.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            number: self.number,
            size: self.size,
            total_items: self.total_items,
            total_pages: self.total_pages,
            next: self.next,
            fingerprint: self.fingerprint,
        }
    }
}

/// The lazy stream of every item of a list, fetching each page only when its first item is
/// asked for. Each `Item` is one item or the error that ended the stream.
///
/// With `StreamExt` / `TryStreamExt` in scope (every vendor crate's `prelude` brings them):
/// `.next().await` for one item, `.try_collect::<Vec<_>>().await` for all of them,
/// [`Pages::pages`] for whole [`Page`]s with their position and totals.
pub struct Pages<T, E> {
    pages: BoxStream<'static, Result<Page<T>, E>>,
    current: std::vec::IntoIter<T>,
    max_pages: Arc<AtomicU64>,
}

/// How many pages a stream fetches at most unless told otherwise ([`Pages::max_pages`]).
pub const DEFAULT_MAX_PAGES: u64 = 100_000;

impl<T, E> std::fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages { .. }")
    }
}

struct State<F> {
    fetch: F,
    next: Option<Cursor>,
    seen: HashSet<u64>,
    fetched: u64,
    max_pages: Arc<AtomicU64>,
    last_fingerprint: Option<u64>,
}

fn fingerprint(cursor: &Cursor) -> u64 {
    let mut h = DefaultHasher::new();
    cursor.hash(&mut h);
    h.finish()
}

impl<T: Send + 'static, E: From<crate::Error> + Send + 'static> Pages<T, E> {
    /// Pages starting at `first`, each fetched by `fetch(cursor)`. The filters of the first
    /// call belong in `fetch`'s captures, so they ride on every page.
    ///
    /// The stream ends after a page with no next cursor, on an empty page, on a cursor that
    /// was already fetched (a server bug that would otherwise loop forever), or after an
    /// error. It also ends, with [`crate::Error::Pagination`], after [`DEFAULT_MAX_PAGES`]
    /// pages (see [`Pages::max_pages`]) and when a page's body repeats the one before it
    /// ([`Page::with_fingerprint`]).
    pub fn new<F, Fut>(first: Cursor, fetch: F) -> Self
    where
        F: FnMut(Cursor) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>, E>> + Send + 'static,
    {
        let max_pages = Arc::new(AtomicU64::new(DEFAULT_MAX_PAGES));
        let state = State {
            fetch,
            next: Some(first),
            seen: HashSet::new(),
            fetched: 0,
            max_pages: max_pages.clone(),
            last_fingerprint: None,
        };
        let pages = stream::unfold(state, |mut state| async move {
            let cursor = state.next.take()?;
            let limit = state.max_pages.load(Ordering::Relaxed);
            if state.fetched >= limit {
                let error = crate::Error::Pagination {
                    pages: state.fetched,
                    reason: "the page limit was reached (Pages::max_pages)",
                };
                return Some((Err(E::from(error)), state));
            }
            state.fetched += 1;
            state.seen.insert(fingerprint(&cursor));
            match (state.fetch)(cursor).await {
                Ok(mut page) => {
                    if page.items.is_empty() {
                        return None;
                    }
                    if page.fingerprint.is_some() && page.fingerprint == state.last_fingerprint {
                        let error = crate::Error::Pagination {
                            pages: state.fetched,
                            reason: "the server answered the same page again",
                        };
                        return Some((Err(E::from(error)), state));
                    }
                    state.last_fingerprint = page.fingerprint;
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
        Pages {
            pages,
            current: Vec::new().into_iter(),
            max_pages,
        }
    }

    /// Ends the stream with [`crate::Error::Pagination`] once `pages` pages were fetched
    /// (default [`DEFAULT_MAX_PAGES`]), a bound for servers whose paging never ends.
    pub fn max_pages(self, pages: u64) -> Self {
        self.max_pages.store(pages, Ordering::Relaxed);
        self
    }

    /// A stream that is already over (for a list the client knows to be empty).
    pub fn empty() -> Self {
        Pages {
            pages: stream::empty().boxed(),
            current: Vec::new().into_iter(),
            max_pages: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The items, one by one: the same stream, named for reading
    /// (`client.list_things(&filter).items()`).
    pub fn items(self) -> Self {
        self
    }

    /// The whole pages, with their position and totals, fetched as they are asked for.
    /// Call it on a fresh stream: the rest of a page whose items were begun is not returned.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, E>> + Send + Unpin + 'static {
        self.pages
    }

    /// Every item of every page (for small lists: this holds them all in memory). The same
    /// as `.try_collect::<Vec<_>>()`.
    pub async fn all_items(mut self) -> Result<Vec<T>, E> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<T, E> Stream for Pages<T, E> {
    type Item = Result<T, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.current = page.items.into_iter(),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T, E> Unpin for Pages<T, E> {}
