//! The admin API: HTTP with JSON bodies on its own port, for tests in any language.
//!
//! | request | does |
//! |---|---|
//! | `GET /` | connection details of every simulator (as `--info-file` writes them) |
//! | `GET /health` | `{"ok": true}` |
//! | `POST /reset[?vendor=V]` | state back to start + seed; faults and requests forgotten |
//! | `GET /state[?vendor=V]` | `{"<vendor>": state}` |
//! | `POST /seed` | adds state from a seed document (`{"<vendor>": {...}}`) |
//! | `GET /requests[?vendor=V]` | requests received, `[{vendor, method, path, query, headers, body}]` |
//! | `DELETE /requests[?vendor=V]` | forgets them |
//! | `GET /faults[?vendor=V]` | pending faults |
//! | `POST /faults` | injects a fault (`{"vendor", "kind", "status", "times", "on", ...}`) |
//! | `DELETE /faults[?vendor=V]` | forgets pending faults |

use std::convert::Infallible;
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::host::Host;

/// The largest request body the admin API reads (a seed document).
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Serves the admin API on `listener` until `stop` changes.
pub async fn serve(listener: TcpListener, host: Arc<Host>, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let host = Arc::clone(&host);
                connections.spawn(async move {
                    let service = service_fn(move |request| {
                        let host = Arc::clone(&host);
                        async move { Ok::<_, Infallible>(handle(&host, request).await) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            _ = stop.changed() => break,
        }
        while connections.try_join_next().is_some() {}
    }
    connections.shutdown().await;
}

async fn handle(host: &Host, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = request.method().clone();
    let path = request.uri().path().trim_end_matches('/').to_owned();
    let vendor = request.uri().query().and_then(|query| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == "vendor")
            .map(|(_, value)| value.to_owned())
    });
    let vendor = vendor.as_deref();
    let body = match Limited::new(request.into_body(), BODY_LIMIT)
        .collect()
        .await
    {
        Ok(body) => body.to_bytes(),
        Err(error) => return reply(StatusCode::BAD_REQUEST, json!({"error": error.to_string()})),
    };
    let result = match (&method, path.as_str()) {
        (&Method::GET, "") => Ok(host.info()),
        (&Method::GET, "/health") => Ok(json!({"ok": true})),
        (&Method::POST, "/reset") => host.reset(vendor).await.map(|()| json!({"reset": true})),
        (&Method::GET, "/state") => host.state(vendor),
        (&Method::POST, "/seed") => match parse_json(&body) {
            Ok(seed) => host.seed(&seed).and_then(|seeded| {
                host.write_config_files()
                    .map(|()| json!({"seeded": seeded}))
            }),
            Err(error) => Err(error),
        },
        (&Method::GET, "/requests") => host.requests(vendor).await.map(Value::Array),
        (&Method::DELETE, "/requests") => host
            .clear_requests(vendor)
            .await
            .map(|()| json!({"cleared": true})),
        (&Method::GET, "/faults") => host.faults(vendor).map(Value::Array),
        (&Method::POST, "/faults") => parse_json(&body)
            .and_then(|fault| crate::faults::parse(&fault))
            .and_then(|(vendor, fault)| {
                let row = crate::faults::to_json(&fault);
                host.inject(&vendor, fault).map(|()| {
                    let mut row = row;
                    row.insert("vendor".into(), json!(vendor));
                    Value::Object(row)
                })
            }),
        (&Method::DELETE, "/faults") => {
            host.clear_faults(vendor).map(|()| json!({"cleared": true}))
        }
        (_, "" | "/health" | "/reset" | "/state" | "/seed" | "/requests" | "/faults") => {
            return reply(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"error": format!("{method} is not allowed on {path}")}),
            );
        }
        _ => {
            return reply(
                StatusCode::NOT_FOUND,
                json!({"error": format!("no admin route {path}; see GET / and the README")}),
            );
        }
    };
    match result {
        Ok(value) => reply(StatusCode::OK, value),
        Err(error) => reply(StatusCode::BAD_REQUEST, json!({"error": error})),
    }
}

fn parse_json(body: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))
}

fn reply(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut text = serde_json::to_vec_pretty(&body).unwrap_or_default();
    text.push(b'\n');
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(text)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}
