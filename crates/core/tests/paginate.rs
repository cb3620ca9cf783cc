//! Pagination streams: lazy, filters on every page, and always terminating.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::StreamExt;
use paykit_core::{Client, Cursor, Error, Json, Page, Pages, Request};
use serde::Deserialize;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request as WireRequest, ResponseTemplate};

#[derive(Deserialize)]
struct NumberedPage {
    content: Vec<u32>,
    page: PageInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    number: u64,
    total_pages: u64,
}

/// A page-number API over 0..total in pages of `size`, with a `status` filter it requires.
async fn numbered_server(total: u32) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("status", "Active"))
        .respond_with(move |req: &WireRequest| {
            let q: std::collections::HashMap<_, _> = req.url.query_pairs().into_owned().collect();
            let page: u32 = q["page"].parse().unwrap();
            let size: u32 = q["size"].parse().unwrap();
            let items: Vec<u32> = (page * size..((page + 1) * size).min(total)).collect();
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "content": items,
                "page": {"number": page, "size": size, "totalPages": total.div_ceil(size)}
            }))
        })
        .mount(&server)
        .await;
    server
}

fn numbered(client: Client, size: u64) -> Pages<u32, Error> {
    Pages::new(Cursor::Number(0), move |cursor| {
        let client = client.clone();
        async move {
            let Cursor::Number(n) = cursor else {
                unreachable!()
            };
            let req = Request::get("t.list", "/items")
                .query("status", "Active")
                .query("page", n.to_string())
                .query("size", size.to_string());
            let page: NumberedPage = client.send(req, &Json).await?;
            Ok(
                Page::numbered(page.content, page.page.number, Some(page.page.total_pages))
                    .with_size(Some(size)),
            )
        }
    })
}

#[tokio::test]
async fn page_number_items_stream_every_item_in_order_with_filters_on_every_page() {
    let server = numbered_server(45).await;
    let items = numbered(common::client(&server.uri()), 10)
        .all_items()
        .await
        .unwrap();
    assert_eq!(items, (0..45).collect::<Vec<_>>());
    // 5 pages, no request for a sixth.
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

#[tokio::test]
async fn pages_are_fetched_only_when_asked() {
    let server = numbered_server(100).await;
    let mut items = numbered(common::client(&server.uri()), 10).items();
    for expected in 0..11 {
        assert_eq!(items.next().await.unwrap().unwrap(), expected);
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_exact_multiple_stops_on_total_pages() {
    let server = numbered_server(20).await;
    let pages: Vec<_> = numbered(common::client(&server.uri()), 10)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    let second = pages[1].as_ref().unwrap();
    assert_eq!(
        (
            second.number,
            second.size,
            second.total_pages,
            second.next.clone()
        ),
        (Some(1), Some(10), Some(2), None)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;
    let results: Vec<_> = numbered(common::client(&server.uri()), 10)
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].as_ref().unwrap_err().status().unwrap(), 400);
}

#[derive(Deserialize)]
struct LinkedPage {
    results: Vec<String>,
    next: Option<String>,
}

/// A DRF-style API: `next` is a full link; the stream takes only its query.
fn linked(client: Client) -> Pages<String, Error> {
    Pages::new(Cursor::Marker(String::new()), move |cursor| {
        let client = client.clone();
        async move {
            let Cursor::Marker(link) = cursor else {
                unreachable!()
            };
            let mut req = Request::get("t.list", "/customers").query("plan", "pro");
            if let Ok(url) = paykit_core::url::Url::parse(&link) {
                for (k, v) in url.query_pairs() {
                    if k != "plan" {
                        req = req.query(k.into_owned(), v);
                    }
                }
            }
            let page: LinkedPage = client.send(req, &Json).await?;
            Ok(Page::linked(page.results, page.next))
        }
    })
}

#[tokio::test]
async fn next_links_are_followed_until_absent() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(path("/customers"))
        .and(query_param("plan", "pro"))
        .respond_with(move |req: &WireRequest| {
            let page = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.into_owned());
            let (results, next) = match page.as_deref() {
                None => (
                    vec!["a", "b"],
                    Some(format!("{base}/customers?page=2&plan=pro")),
                ),
                Some("2") => (vec!["c"], Some(format!("{base}/customers?page=3&plan=pro"))),
                _ => (vec!["d"], None),
            };
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"results": results, "next": next}))
        })
        .mount(&server)
        .await;
    let items = linked(common::client(&server.uri()))
        .all_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c", "d"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_repeated_next_marker_ends_the_stream() {
    let server = MockServer::start().await;
    let base = server.uri();
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    Mock::given(path("/customers"))
        .respond_with(move |_: &WireRequest| {
            counter.fetch_add(1, Ordering::SeqCst);
            // A buggy server: page 2 points at itself for ever.
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "results": ["x"], "next": format!("{base}/customers?page=2")
            }))
        })
        .mount(&server)
        .await;
    let items = linked(common::client(&server.uri()))
        .all_items()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_even_with_a_next_marker() {
    let pages = Pages::<u8, Error>::new(Cursor::Number(0), |cursor| async move {
        let Cursor::Number(n) = cursor else {
            unreachable!()
        };
        let mut page = Page::numbered(if n < 2 { vec![1, 2] } else { vec![] }, n, None);
        page.next = Some(Cursor::Number(n + 1));
        Ok(page)
    });
    let items = pages.all_items().await.unwrap();
    assert_eq!(items, [1, 2, 1, 2]);
}

#[test]
fn numbered_page_rules() {
    assert_eq!(
        Page::numbered(vec![1; 10], 0, None).next,
        Some(Cursor::Number(1))
    );
    // A short page is not the end: servers cap page sizes silently.
    assert_eq!(
        Page::numbered(vec![1; 9], 0, None).next,
        Some(Cursor::Number(1))
    );
    assert_eq!(Page::numbered(vec![1; 10], 4, Some(5)).next, None);
    assert_eq!(Page::<u8>::numbered(vec![], 0, Some(5)).next, None);
    // The last page number there is: no overflow, no next.
    assert_eq!(Page::numbered(vec![1], u64::MAX, None).next, None);
    assert_eq!(Page::<u8>::linked(vec![1], Some(String::new())).next, None);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_ends_the_stream_with_a_typed_error() {
    // Issue 9 (7): the same full page again and again, no totals, ran forever.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"content": [1, 2, 3]})),
        )
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let pages = Pages::<u32, Error>::new(Cursor::Number(0), move |cursor| {
        let client = client.clone();
        async move {
            let Cursor::Number(n) = cursor else {
                unreachable!()
            };
            let request = Request::get("t.list", "/items").query("page", n.to_string());
            let response = client.execute(request).await?;
            #[derive(Deserialize)]
            struct Content {
                content: Vec<u32>,
            }
            let body: Content = response.decode(&Json)?;
            Ok(Page::numbered(body.content, n, None).with_fingerprint(response.fingerprint()))
        }
    });
    let results: Vec<_> = pages.collect().await;
    assert_eq!(results.len(), 4, "one page of items, then the error");
    assert!(
        matches!(results[3], Err(Error::Pagination { pages: 2, .. })),
        "{:?}",
        results[3]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_stream_ends_at_its_page_limit_with_a_typed_error() {
    // Issue 9 (7): next links that change every time (a cache-buster) never repeat a
    // marker; the page cap ends the stream.
    let pages = Pages::<u64, Error>::new(Cursor::Marker("next-0".into()), |cursor| async move {
        let Cursor::Marker(marker) = cursor else {
            unreachable!()
        };
        let n: u64 = marker.trim_start_matches("next-").parse().unwrap();
        Ok(Page::linked(vec![n], Some(format!("next-{}", n + 1))))
    });
    let items: Vec<_> = pages.max_pages(5).collect().await;
    assert_eq!(items.len(), 6);
    assert!(matches!(items[5], Err(Error::Pagination { pages: 5, .. })));
}
