//! DRF-style lists: `{count, next, previous, results}` (paritydeals.md §1.4), streamed lazily
//! with core's [`Pages`].

use paykit_core::{Cursor, Json, Page, Pages, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// One page of a list, as the server sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ListPage<T> {
    /// The total number of items across all pages.
    #[serde(default)]
    pub count: Option<u64>,
    /// The absolute URL of the next page, if any.
    #[serde(default)]
    pub next: Option<String>,
    /// The absolute URL of the previous page, if any.
    #[serde(default)]
    pub previous: Option<String>,
    /// The items.
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
}

/// A list call: its operation, path and the filters that ride on every page.
pub(crate) struct ListCall {
    pub(crate) operation: &'static str,
    pub(crate) path: &'static str,
    pub(crate) query: Vec<(String, String)>,
}

impl ListCall {
    /// The request for a page: the filters, plus the query of the `next` link (its `page`
    /// and anything else the server put there). Only the link's query is used, never its
    /// host or path, so that a server behind a proxy cannot send the key elsewhere.
    fn request(&self, next_link: &str) -> Request {
        let mut request = Request::get(self.operation, self.path);
        if let Ok(url) = paykit_core::url::Url::parse(next_link) {
            for (key, value) in url.query_pairs() {
                if !self.query.iter().any(|(k, _)| *k == key) {
                    request = request.query(key, value);
                }
            }
        }
        for (key, value) in &self.query {
            request = request.query(key.clone(), value.clone());
        }
        request
    }

    /// Every page, lazily, starting at the first.
    pub(crate) fn pages<T>(self, core: paykit_core::Client) -> Pages<T, Error>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let call = std::sync::Arc::new(self);
        Pages::new(Cursor::Marker(String::new()), move |cursor| {
            let core = core.clone();
            let call = call.clone();
            async move {
                let link = match cursor {
                    Cursor::Marker(link) => link,
                    Cursor::Number(n) => format!("http://x/?page={n}"),
                };
                let page: ListPage<T> = core.send(call.request(&link), &Json).await?;
                Ok(Page::linked(page.results, page.next).with_total_items(page.count))
            }
        })
    }

    /// One page by number.
    pub(crate) async fn page<T: DeserializeOwned>(
        self,
        core: &paykit_core::Client,
        page: u64,
    ) -> Result<ListPage<T>, Error> {
        let request = self.request(&format!("http://x/?page={page}"));
        Ok(core.send(request, &Json).await?)
    }
}
