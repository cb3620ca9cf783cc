//! Pages: the list envelope, page requests and the lazy stream over all pages
//! (pax8.md §1.3).
//!
//! Page numbers start at 0. A page holds at most [`MAX_PAGE_SIZE`] (200) items: a larger
//! `size` is refused with [`Error::InvalidInput`] before anything is sent. Streams
//! (`client.companies(&filter).items()`) fetch page after page as they are consumed, with
//! the filter's size or, when it sets none, 200.

use paykit_core::{Cursor, Page, Pages, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;

/// The largest page the API serves (pax8.md §1.3).
pub const MAX_PAGE_SIZE: u32 = 200;

/// The page envelope's `page` object (pax8.md §1.3, GEN `models/page.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct PageInfo {
    /// The page size asked for.
    pub size: u64,
    /// Items in all pages.
    pub total_elements: u64,
    /// Pages in all.
    pub total_pages: u64,
    /// This page's number (from 0).
    pub number: u64,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ListPage<T> {
    /// The items.
    pub items: Vec<T>,
    /// The page object, when the endpoint sends one (some send only `content`).
    pub page: Option<PageInfo>,
}

/// `{content: [...], page: {...}}`, or `{content: [...]}` alone (pax8.md §1.3).
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct Envelope<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    content: Vec<T>,
    #[serde(default)]
    page: Option<PageInfo>,
}

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

impl<T> Envelope<T> {
    pub(crate) fn into_page(self) -> ListPage<T> {
        ListPage {
            items: self.content,
            page: self.page,
        }
    }

    pub(crate) fn into_items(self) -> Vec<T> {
        self.content
    }
}

/// Page and size only, for lists without other filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageRequest {
    /// The page (from 0; default 0).
    pub page: Option<u64>,
    /// The page size (1 to 200; the API's default is 10).
    pub size: Option<u32>,
}

impl PageRequest {
    /// The first page at the API's default size.
    pub fn new() -> Self {
        Self::default()
    }

    /// A page of `size` items.
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }

    /// The page `page` (from 0).
    pub fn page(mut self, page: u64) -> Self {
        self.page = Some(page);
        self
    }
}

/// Refuses a size of 0 or over [`MAX_PAGE_SIZE`].
pub(crate) fn check_size(size: Option<u32>) -> Result<(), Error> {
    match size {
        Some(size) if size == 0 || size > MAX_PAGE_SIZE => Err(Error::invalid(
            "size",
            format!("{size}: a page holds 1 to {MAX_PAGE_SIZE} items"),
        )),
        _ => Ok(()),
    }
}

/// A list call: its operation, path, path arguments and filters (without page and size).
#[derive(Debug, Clone)]
pub(crate) struct ListCall {
    pub(crate) operation: &'static str,
    pub(crate) template: &'static str,
    pub(crate) args: Vec<String>,
    pub(crate) query: Vec<(&'static str, String)>,
}

impl ListCall {
    pub(crate) fn new(operation: &'static str, template: &'static str) -> Self {
        ListCall {
            operation,
            template,
            args: Vec::new(),
            query: Vec::new(),
        }
    }

    pub(crate) fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_owned());
        self
    }

    pub(crate) fn query(mut self, query: Vec<(&'static str, String)>) -> Self {
        self.query = query;
        self
    }

    fn request(&self, page: Option<u64>, size: Option<u32>) -> Request {
        let mut request = Request::get(self.operation, self.template);
        for arg in &self.args {
            request = request.arg(arg.clone());
        }
        request = request
            .query_opt("page", page.map(|p| p.to_string()))
            .query_opt("size", size.map(|s| s.to_string()));
        for (name, value) in &self.query {
            request = request.query(*name, value.clone());
        }
        request
    }
}

impl Client {
    /// One page: `page` and `size` sent only when set.
    pub(crate) async fn list_page<T: DeserializeOwned>(
        &self,
        call: &ListCall,
        page: Option<u64>,
        size: Option<u32>,
    ) -> Result<ListPage<T>, Error> {
        check_size(size)?;
        let envelope: Envelope<T> = self.send(call.request(page, size)).await?;
        Ok(envelope.into_page())
    }

    /// Every page from `page` (default 0), `size` items each (default 200), fetched lazily.
    pub(crate) fn list_pages<T: DeserializeOwned + Send + 'static>(
        &self,
        call: ListCall,
        page: Option<u64>,
        size: Option<u32>,
    ) -> Pages<T, Error> {
        let client = self.clone();
        let size = size.unwrap_or(MAX_PAGE_SIZE);
        Pages::new(Cursor::Number(page.unwrap_or(0)), move |cursor| {
            let client = client.clone();
            let call = call.clone();
            async move {
                let Cursor::Number(number) = cursor else {
                    return Ok(Page::numbered(Vec::new(), 0, None));
                };
                let page: ListPage<T> = client.list_page(&call, Some(number), Some(size)).await?;
                let total_pages = page.page.map(|p| p.total_pages);
                let total = page.page.map(|p| p.total_elements);
                Ok(Page::numbered(page.items, number, total_pages)
                    .with_size(Some(u64::from(size)))
                    .with_total_items(total))
            }
        })
    }
}

/// Adds `name=value` for each set filter.
pub(crate) fn push<T: ToString>(
    query: &mut Vec<(&'static str, String)>,
    name: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        query.push((name, value.to_string()));
    }
}
