//! Pages: the list envelope and the lazy stream over all pages.
//!
//! Page numbers start at 0. A page holds at most [`MAX_PAGE_SIZE`] (200) items: a larger
//! size is refused with [`Error::InvalidInput`] before anything is sent. Streams
//! (`client.list_companies(&filter)`) fetch page after page as they are consumed, with the
//! filter's size or, when it sets none, 200.

use paykit_core::{Cursor, Page, Pages, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;

/// The largest page the API serves.
pub const MAX_PAGE_SIZE: u64 = 200;

/// The page envelope's `page` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct PageInfo {
    size: u64,
    total_elements: u64,
    total_pages: u64,
    number: u64,
}

/// `{content: [...], page: {...}}`, or `{content: [...]}` alone.
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
    /// The page, numbered as the server sent it (from 0); without a page object, the page
    /// asked for (or a single page when none was).
    pub(crate) fn into_page(self, asked: Option<u64>, size: Option<u64>) -> Page<T> {
        match (self.page, asked) {
            (Some(info), _) => Page::numbered(self.content, info.number, Some(info.total_pages))
                .with_size(Some(info.size))
                .with_total_items(Some(info.total_elements)),
            (None, Some(number)) => Page::numbered(self.content, number, None).with_size(size),
            (None, None) => Page::single(self.content).with_size(size),
        }
    }

    pub(crate) fn into_items(self) -> Vec<T> {
        self.content
    }
}

/// The paging knobs every filter carries: `page` (from 0) and `page_size` (1 to 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Paging {
    pub(crate) page: Option<u64>,
    pub(crate) size: Option<u64>,
}

/// Refuses a size of 0 or over [`MAX_PAGE_SIZE`].
pub(crate) fn check_size(size: Option<u64>) -> Result<(), Error> {
    match size {
        Some(size) if size == 0 || size > MAX_PAGE_SIZE => Err(Error::invalid(
            "page_size",
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

    fn request(&self, page: Option<u64>, size: Option<u64>) -> Request {
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
        paging: Paging,
    ) -> Result<Page<T>, Error> {
        check_size(paging.size)?;
        let (envelope, fingerprint): (Envelope<T>, u64) = self
            .send_page(call.request(paging.page, paging.size))
            .await?;
        Ok(envelope
            .into_page(paging.page, paging.size)
            .with_fingerprint(fingerprint))
    }

    /// Every page from `page` (default 0), `size` items each (default 200), fetched lazily.
    /// A size out of range is the stream's first and only item.
    pub(crate) fn list_pages<T: DeserializeOwned + Send + 'static>(
        &self,
        call: ListCall,
        paging: Paging,
    ) -> Pages<T, Error> {
        if let Err(error) = check_size(paging.size) {
            return failed(error);
        }
        let client = self.clone();
        let size = paging.size.unwrap_or(MAX_PAGE_SIZE);
        Pages::new(Cursor::Number(paging.page.unwrap_or(0)), move |cursor| {
            let client = client.clone();
            let call = call.clone();
            async move {
                let Cursor::Number(number) = cursor else {
                    return Ok(Page::numbered(Vec::new(), 0, None));
                };
                let paging = Paging {
                    page: Some(number),
                    size: Some(size),
                };
                client.list_page(&call, paging).await
            }
        })
    }
}

/// A stream whose only item is `error`.
fn failed<T: Send + 'static>(error: Error) -> Pages<T, Error> {
    let mut error = Some(error);
    Pages::new(Cursor::Number(0), move |_| {
        let error = error.take();
        async move {
            match error {
                Some(error) => Err(error),
                None => Ok(Page::numbered(Vec::new(), 0, None)),
            }
        }
    })
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

/// The `page` and `page_size` setters of a filter with a `paging: Paging` field.
macro_rules! paging_setters {
    () => {
        /// The page to fetch, or to start the stream from (from 0, as Pax8 counts; default 0).
        pub fn page(mut self, page: u64) -> Self {
            self.paging.page = Some(page);
            self
        }

        /// Items per page, 1 to 200 ([`crate::MAX_PAGE_SIZE`]). A `_page` call without it
        /// gets the API's default (10); a stream uses 200. A size out of range is refused
        /// with [`crate::Error::InvalidInput`] before anything is sent.
        pub fn page_size(mut self, size: u64) -> Self {
            self.paging.size = Some(size);
            self
        }
    };
}

/// Chained setters for a filter's `Option` fields: `fn name(self, impl Into<T>) -> Self`.
macro_rules! filter_setters {
    ($( $(#[$meta:meta])* $name:ident : $ty:ty ),* $(,)?) => {
        $(
            $(#[$meta])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )*
    };
}

pub(crate) use {filter_setters, paging_setters};
