//! The TCP front of a [`super::SimServer`]: relays HTTP/1.1 between the client and
//! wiremock, and breaks the connection where a responder asked for it with the fault header
//! (wiremock itself can only answer, never hang up).

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::faults::{CLOSE, DROP, FAULT_HEADER, Faults, TRUNCATE};

/// The largest response head the front reads.
const MAX_HEAD: usize = 64 * 1024;

/// A running front; stops accepting when dropped.
#[derive(Debug)]
pub(crate) struct Front {
    pub(crate) addr: SocketAddr,
    /// Connections accepted so far.
    pub(crate) connections: Arc<std::sync::atomic::AtomicUsize>,
    task: JoinHandle<()>,
}

impl Drop for Front {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Front {
    /// Listens on `bind` (port 0: a free one) and relays each connection to `backend`.
    pub(crate) async fn start(
        bind: SocketAddr,
        backend: SocketAddr,
        faults: Faults,
    ) -> std::io::Result<Front> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let accepted = connections.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let faults = faults.clone();
                tokio::spawn(async move {
                    let _ = relay(client, backend, faults).await;
                });
            }
        });
        Ok(Front {
            addr,
            connections,
            task,
        })
    }
}

async fn relay(client: TcpStream, backend: SocketAddr, faults: Faults) -> std::io::Result<()> {
    let _ = client.set_nodelay(true);
    let server = TcpStream::connect(backend).await?;
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    // Requests go up one at a time, so that a reset-before-read fault can stop one before
    // the server sees it; `reset` then tells the answer loop to close the connection.
    let reset = Arc::new(Notify::new());
    let upstream = tokio::spawn({
        let reset = reset.clone();
        async move {
            let mut buf = Vec::with_capacity(8 * 1024);
            while let Ok(Some(head)) = read_head(&mut client_read, &mut buf).await {
                if faults.take_reset() {
                    reset.notify_one();
                    return;
                }
                let forwarded = match server_write.write_all(&head.bytes).await {
                    Ok(()) if head.chunked => {
                        relay_chunked(&mut client_read, &mut buf, &mut server_write).await
                    }
                    Ok(()) => {
                        let length = head.length.unwrap_or(0);
                        match take_exact(&mut client_read, &mut buf, length).await {
                            Ok(body) => server_write.write_all(&body).await,
                            Err(e) => Err(e),
                        }
                    }
                    Err(e) => Err(e),
                };
                if forwarded.is_err() {
                    break;
                }
            }
            let _ = server_write.shutdown().await;
        }
    });
    let mut buf = Vec::with_capacity(8 * 1024);
    let outcome = loop {
        let head = tokio::select! {
            head = read_head(&mut server_read, &mut buf) => head?,
            () = reset.notified() => break Ok(()),
        };
        let Some(head) = head else {
            break Ok(());
        };
        match head.fault.as_deref() {
            Some(DROP) => break Ok(()),
            Some(TRUNCATE) => {
                client_write.write_all(&head.bytes).await?;
                let half = head.length.unwrap_or(0) / 2;
                let body = take_exact(&mut server_read, &mut buf, half).await?;
                client_write.write_all(&body).await?;
                break Ok(());
            }
            _ => {}
        }
        client_write.write_all(&head.bytes).await?;
        if head.chunked {
            relay_chunked(&mut server_read, &mut buf, &mut client_write).await?;
        } else {
            let body = take_exact(&mut server_read, &mut buf, head.length.unwrap_or(0)).await?;
            client_write.write_all(&body).await?;
        }
        if head.fault.as_deref() == Some(CLOSE) {
            break Ok(());
        }
    };
    // Dropping both halves of both sockets closes them: the client sees the connection end.
    upstream.abort();
    drop(client_write);
    outcome
}

/// A message head (a request's or a response's), re-serialized without the fault header.
struct Head {
    bytes: Vec<u8>,
    length: Option<usize>,
    chunked: bool,
    fault: Option<String>,
}

/// Reads one message head; `None` when the peer closed the connection first.
async fn read_head(
    read: &mut (impl AsyncRead + Unpin),
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Head>> {
    let end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if buf.len() > MAX_HEAD || fill(read, buf).await? == 0 {
            return Ok(None);
        }
    };
    let raw: Vec<u8> = buf.drain(..end).collect();
    let text = String::from_utf8_lossy(&raw);
    let mut head = Head {
        bytes: Vec::with_capacity(raw.len()),
        length: None,
        chunked: false,
        fault: None,
    };
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(200);
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            FAULT_HEADER => {
                head.fault = Some(value.to_owned());
                continue;
            }
            "content-length" => head.length = value.parse().ok(),
            "transfer-encoding" => head.chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
        head.bytes.extend_from_slice(line.as_bytes());
        head.bytes.extend_from_slice(b"\r\n");
    }
    head.bytes.extend_from_slice(b"\r\n");
    if status < 200 || status == 204 || status == 304 {
        head.length = Some(0);
        head.chunked = false;
    }
    Ok(Some(head))
}

async fn fill(read: &mut (impl AsyncRead + Unpin), buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut chunk = [0u8; 8 * 1024];
    let n = read.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

/// Takes `n` bytes: first from `buf`, then from the socket.
async fn take_exact(
    read: &mut (impl AsyncRead + Unpin),
    buf: &mut Vec<u8>,
    n: usize,
) -> std::io::Result<Vec<u8>> {
    while buf.len() < n {
        if fill(read, buf).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
    }
    Ok(buf.drain(..n).collect())
}

/// Relays a chunked body as it is, up to and including its last (empty) chunk and trailers.
async fn relay_chunked(
    read: &mut (impl AsyncRead + Unpin),
    buf: &mut Vec<u8>,
    write: &mut (impl tokio::io::AsyncWrite + Unpin),
) -> std::io::Result<()> {
    loop {
        let line = take_line(read, buf).await?;
        let size_text = String::from_utf8_lossy(&line);
        let size = usize::from_str_radix(size_text.trim().split(';').next().unwrap_or(""), 16)
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidData))?;
        write.write_all(&line).await?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                let trailer = take_line(read, buf).await?;
                write.write_all(&trailer).await?;
                if trailer == b"\r\n" {
                    return Ok(());
                }
            }
        }
        let data = take_exact(read, buf, size + 2).await?;
        write.write_all(&data).await?;
    }
}

/// Takes one line, with its `\r\n`.
async fn take_line(
    read: &mut (impl AsyncRead + Unpin),
    buf: &mut Vec<u8>,
) -> std::io::Result<Vec<u8>> {
    loop {
        if let Some(at) = buf.windows(2).position(|w| w == b"\r\n") {
            return Ok(buf.drain(..at + 2).collect());
        }
        if buf.len() > MAX_HEAD || fill(read, buf).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
    }
}
