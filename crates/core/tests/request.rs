//! The request on the wire: path encoding, query, headers, body, codecs, configuration.

mod common;

use paykit_core::reqwest::header::{HeaderName, HeaderValue};
use paykit_core::{BoxError, Client, Codec, Error, Json, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wiremock::matchers::{body_json, body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn path_arguments_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/things/a%2Fb%3Fc%23d%20e/parts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&format!("{}/v1/", server.uri()));
    let req = Request::get("t.get", "/things/{}/parts").arg("a/b?c#d e");
    let v: serde_json::Value = client.send(req, &Json).await.unwrap();
    assert_eq!(v, serde_json::json!({"ok": true}));
}

#[tokio::test]
async fn dot_segments_and_argument_count_mismatches_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    for req in [
        Request::get("t.get", "/things/{}").arg(".."),
        Request::get("t.get", "/things/{}").arg(""),
        Request::get("t.get", "/things/{}"),
        Request::get("t.get", "/things").arg("x"),
    ] {
        let err = client.execute(req).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidRequest {
                    operation: "t.get",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.is_invalid_input() && !err.maybe_sent());
    }
}

#[tokio::test]
async fn query_headers_user_agent_and_json_body_go_over_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .and(query_param("ids", "a,b"))
        .and(query_param("q", "x y&z"))
        .and(header("user-agent", "my-agent/1.0"))
        .and(header("x-default", "d"))
        .and(header("x-call", "c"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"name": "n", "amount": -5})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::builder(&server.uri())
        .user_agent("my-agent/1.0")
        .default_header("x-default", "d")
        .build()
        .unwrap();
    let req = Request::post("t.create", "/items")
        .query("ids", "a,b")
        .query("q", "x y&z")
        .query_opt("absent", None::<String>)
        .header(
            HeaderName::from_static("x-call"),
            HeaderValue::from_static("c"),
        )
        .body(&Json, &serde_json::json!({"name": "n", "amount": -5}));
    let v: serde_json::Value = client.send(req, &Json).await.unwrap();
    assert_eq!(v["id"], 1);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("ids=a%2Cb&q=x+y%26z"));
}

/// A codec that is not JSON: `key=value` lines, to show that other formats plug in.
struct Lines;

impl Codec for Lines {
    fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static("text/x-lines")
    }
    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>, BoxError> {
        let map: std::collections::BTreeMap<String, String> =
            serde_json::from_value(serde_json::to_value(value)?)?;
        Ok(map
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect::<String>()
            .into_bytes())
    }
    fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, BoxError> {
        let text = std::str::from_utf8(bytes)?;
        let mut map = serde_json::Map::new();
        for line in text.lines() {
            let (k, v) = line.split_once('=').ok_or("a line without '='")?;
            map.insert(k.to_owned(), v.into());
        }
        Ok(serde_json::from_value(map.into())?)
    }
}

#[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
struct Pair {
    a: String,
    b: String,
}

#[tokio::test]
async fn a_non_json_codec_encodes_requests_and_decodes_responses() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/pair"))
        .and(header("content-type", "text/x-lines"))
        .and(body_string("a=1\nb=2\n"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a=x\nb=y\n", "text/x-lines"))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let req = Request::put("t.pair", "/pair").body(
        &Lines,
        &Pair {
            a: "1".into(),
            b: "2".into(),
        },
    );
    let pair: Pair = client.send(req, &Lines).await.unwrap();
    assert_eq!(
        pair,
        Pair {
            a: "x".into(),
            b: "y".into()
        }
    );
}

#[tokio::test]
async fn a_body_that_does_not_decode_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    let err = client
        .send::<serde_json::Value, _>(Request::get("t.get", "/x"), &Json)
        .await
        .unwrap_err();
    match err {
        Error::Decode {
            status,
            content_type,
            snippet,
            ..
        } => {
            assert_eq!(status, 200);
            assert_eq!(content_type, "text/html");
            assert_eq!(snippet, "<html>oops</html>");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_does_not_encode_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = common::client(&server.uri());
    // JSON maps need string keys.
    let bad: std::collections::HashMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let err = client
        .execute(Request::post("t.bad", "/x").body(&Json, &bad))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidRequest {
                operation: "t.bad",
                source: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn https_is_required_except_for_loopback_unless_allowed() {
    let err = Client::builder("t", "http://api.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidConfig { .. }), "{err:?}");
    assert!(err.to_string().contains("plain http"));
    for ok in [
        "https://api.example.com/v1",
        "http://127.0.0.1:9",
        "http://localhost:9",
        "http://[::1]:9",
    ] {
        Client::builder("t", ok).build().unwrap();
    }
    Client::builder("t", "http://api.example.com")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    for bad in ["ftp://x", "not a url", "https://x/?q=1"] {
        assert!(Client::builder("t", bad).build().is_err(), "{bad}");
    }
    assert!(
        Client::builder("t", "https://x")
            .default_header("bad header", "v")
            .build()
            .is_err()
    );
}

#[tokio::test]
async fn an_injected_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-from-injected", "yes"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = paykit_core::reqwest::header::HeaderMap::new();
    headers.insert("x-from-injected", HeaderValue::from_static("yes"));
    let http = paykit_core::client::http_client_builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = common::builder(&server.uri())
        .http_client(http)
        .build()
        .unwrap();
    let resp = client.execute(Request::get("t.get", "/x")).await.unwrap();
    assert_eq!(resp.status, 204);
}
