//! paykit-core's per-call overhead: the same authenticated GET with a JSON decode, through
//! paykit-core and through bare reqwest, against one local keep-alive server.
//! `cargo xtask bench` prints the ratio paykit/raw.

use criterion::{Criterion, criterion_group, criterion_main};
use paykit_core::{Client, HeaderAuth, Json, Request};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Wallet {
    user_id: String,
    total: i64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Wallets {
    wallets: Vec<Wallet>,
}

const BODY: &str = r#"{"wallets":[{"user_id":"alice","total":430},{"user_id":"bob","total":200},{"user_id":"carol","total":-5}]}"#;

/// A minimal HTTP/1.1 keep-alive server answering every request with `BODY`: as cheap as a
/// server can be, so the client side dominates.
async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut filled = 0;
                loop {
                    match stream.read(&mut buf[filled..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => filled += n,
                    }
                    // GET requests: no body, a request ends at the blank line.
                    while let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                        if stream.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                        buf.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = rt.block_on(serve());
    let http = paykit_core::client::http_client_builder().build().unwrap();
    let paykit = Client::builder("bench", base.clone())
        .http_client(http.clone())
        .auth(HeaderAuth::bearer("sk_bench_token".to_owned().into()))
        .build()
        .unwrap();
    // The same client without any timer: shows what the per-attempt timeout itself costs.
    let untimed = Client::builder("bench", base.clone())
        .http_client(http.clone())
        .auth(HeaderAuth::bearer("sk_bench_token".to_owned().into()))
        .attempt_timeout(None)
        .deadline(None)
        .build()
        .unwrap();
    let url = format!("{base}/api/v1/wallet?user_ids=alice%2Cbob");

    let mut group = c.benchmark_group("core_overhead");
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let body = http
                .get(&url)
                .header("authorization", "Bearer sk_bench_token")
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap()
                .bytes()
                .await
                .unwrap();
            let w: Wallets = serde_json::from_slice(&body).unwrap();
            w
        })
    });
    // The same with reqwest's own per-request timeout, as production code sets one: paykit
    // always runs each attempt under a timeout.
    group.bench_function("raw_reqwest_timeout", |b| {
        b.to_async(&rt).iter(|| async {
            let body = http
                .get(&url)
                .header("authorization", "Bearer sk_bench_token")
                .timeout(std::time::Duration::from_secs(30))
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap()
                .bytes()
                .await
                .unwrap();
            let w: Wallets = serde_json::from_slice(&body).unwrap();
            w
        })
    });
    group.bench_function("paykit", |b| {
        b.to_async(&rt).iter(|| async {
            let req =
                Request::get("bench.wallets", "/api/v1/wallet").query("user_ids", "alice,bob");
            let w: Wallets = paykit.send(req, &Json).await.unwrap();
            w
        })
    });
    group.bench_function("paykit_untimed", |b| {
        b.to_async(&rt).iter(|| async {
            let req =
                Request::get("bench.wallets", "/api/v1/wallet").query("user_ids", "alice,bob");
            let w: Wallets = untimed.send(req, &Json).await.unwrap();
            w
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(60)
        .warm_up_time(std::time::Duration::from_secs(2))
        .measurement_time(std::time::Duration::from_secs(6));
    targets = overhead
}
criterion_main!(benches);
