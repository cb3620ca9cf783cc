//! Django REST Framework lists, `{count, next, previous, results}`, read into core's
//! [`Page`] and streamed lazily with core's [`Pages`].

use std::sync::Arc;

use paykit_core::{Cursor, Page, Pages, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;

/// One page as the server sends it.
#[derive(Deserialize)]
struct DrfPage<T> {
    #[serde(default)]
    count: Option<u64>,
    #[serde(default)]
    next: Option<String>,
    #[serde(default = "Vec::new")]
    results: Vec<T>,
}

/// A list call: its operation, path, the filters that ride on every page, and the paging
/// knobs.
pub(crate) struct ListCall {
    pub(crate) operation: &'static str,
    pub(crate) path: &'static str,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) page: Option<u64>,
    pub(crate) page_size: Option<u64>,
}

impl ListCall {
    /// The request for a page: the filters, plus the query of the `next` link (its `page`
    /// and anything else the server put there), or the filter's page for the first one.
    /// Only the link's query is used, never its host or path, so that a link cannot send
    /// the key elsewhere. Returns the page number asked for, when known.
    fn request(&self, next_link: Option<&str>) -> (Request, Option<u64>) {
        let mut request = Request::get(self.operation, self.path);
        let mut number = None;
        match next_link.and_then(|link| paykit_core::url::Url::parse(link).ok()) {
            Some(url) => {
                for (key, value) in url.query_pairs() {
                    if key == "page" {
                        number = value.parse().ok();
                    }
                    if key == "page_size" && self.page_size.is_some() {
                        continue;
                    }
                    if !self.query.iter().any(|(k, _)| *k == key) {
                        request = request.query(key.into_owned(), value);
                    }
                }
            }
            None => {
                number = Some(self.page.unwrap_or(1));
                request = request.query_opt("page", self.page.map(|p| p.to_string()));
            }
        }
        for (key, value) in &self.query {
            request = request.query(key.clone(), value.clone());
        }
        request = request.query_opt("page_size", self.page_size.map(|s| s.to_string()));
        (request, number)
    }

    async fn fetch<T: DeserializeOwned>(
        &self,
        client: &Client,
        next_link: Option<&str>,
    ) -> Result<Page<T>, Error> {
        check_paging(self.page, self.page_size)?;
        let (request, number) = self.request(next_link);
        let (page, fingerprint): (DrfPage<T>, u64) = client.send_api_page(request).await?;
        Ok(Page::linked(page.results, page.next)
            .with_total_items(page.count)
            .with_number(number)
            .with_size(self.page_size)
            .with_fingerprint(fingerprint))
    }

    /// Every item, lazily, from the filter's page on, following the `next` links.
    pub(crate) fn pages<T>(self, client: Client) -> Pages<T, Error>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let call = Arc::new(self);
        Pages::new(Cursor::Marker(String::new()), move |cursor| {
            let client = client.clone();
            let call = call.clone();
            async move {
                let link = match &cursor {
                    Cursor::Marker(link) if !link.is_empty() => Some(link.clone()),
                    Cursor::Number(n) => Some(format!("http://x/?page={n}")),
                    Cursor::Marker(_) => None,
                };
                call.fetch(&client, link.as_deref()).await
            }
        })
    }

    /// The one page the filter names.
    pub(crate) async fn page<T: DeserializeOwned>(self, client: &Client) -> Result<Page<T>, Error> {
        self.fetch(client, None).await
    }
}

/// Refuses a `page` or `page_size` of 0 before anything is sent.
fn check_paging(page: Option<u64>, page_size: Option<u64>) -> Result<(), Error> {
    if page == Some(0) {
        return Err(Error::invalid("page", "pages are numbered from 1"));
    }
    if page_size == Some(0) {
        return Err(Error::invalid("page_size", "must be at least 1"));
    }
    Ok(())
}
