//! A bare TCP server that misbehaves in ways a real HTTP mock cannot.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does with each connection.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// Read the whole request, then close the connection without a word: the request has
    /// reached the server, the client gets a broken connection.
    DropAfterRequest,
    /// Read the whole request, answer `200` with a `Content-Length` larger than the body
    /// sent, then close.
    TruncatedBody,
    /// Read the whole request and answer these raw bytes, then close.
    Raw(Vec<u8>),
    /// Read the whole request and wait this long before closing (a hung server).
    Hang(Duration),
}

/// A request as the raw server read it.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The request line and headers, as text.
    pub head: String,
    /// The body.
    pub body: Vec<u8>,
}

/// A TCP server on `127.0.0.1` with one [`Behavior`]; stops when dropped.
#[derive(Debug)]
pub struct RawServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RawRequest>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts the server.
    pub async fn start(behavior: Behavior) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let requests: Arc<Mutex<Vec<RawRequest>>> = Arc::default();
        let seen = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let behavior = behavior.clone();
                let seen = seen.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, behavior, seen).await;
                });
            }
        });
        Ok(RawServer {
            addr,
            requests,
            task,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request read so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    behavior: Behavior,
    seen: Arc<Mutex<Vec<RawRequest>>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    seen.lock().unwrap_or_else(|e| e.into_inner()).push(request);
    match &behavior {
        Behavior::DropAfterRequest => {}
        Behavior::TruncatedBody => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"partial\":")
                .await?;
        }
        Behavior::Raw(bytes) => stream.write_all(bytes).await?,
        Behavior::Hang(d) => tokio::time::sleep(*d).await,
    }
    // Every behavior ends the connection here: one request per connection.
    Ok(())
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body); `None` at end of stream.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<RawRequest>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(RawRequest { head, body }))
}
