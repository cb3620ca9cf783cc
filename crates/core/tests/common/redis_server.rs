//! A real `redis-server` per test, on a free loopback port (the way paykit-pax8's Redis
//! token-cache tests start theirs). Without the binary a test skips with a printed reason,
//! unless `CI` is set: CI must have it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` child process, killed (SIGKILL) when dropped.
pub struct RedisServer {
    child: Child,
    /// Its loopback port.
    pub port: u16,
    /// `redis://127.0.0.1:<port>/`.
    pub url: String,
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("redis-server"))
        .find(|candidate| candidate.is_file())
}

/// A free loopback port (nothing listens on it once this returns).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Starts a server on a free port, or `None` (after saying why) without `redis-server`.
pub fn start() -> Option<RedisServer> {
    start_on(free_port())
}

/// Starts a server on `port` (again, after a kill), or `None` without `redis-server`.
pub fn start_on(port: u16) -> Option<RedisServer> {
    let Some(binary) = binary() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "redis-server not found on PATH: CI must install it (Debian package redis-server)"
        );
        eprintln!("skipping: redis-server not found on PATH");
        return None;
    };
    let child = Command::new(binary)
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("redis-server starts");
    let server = RedisServer {
        child,
        port,
        url: format!("redis://127.0.0.1:{port}/"),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !ping(port) {
        assert!(
            Instant::now() < deadline,
            "redis-server did not answer PING on port {port} within 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(server)
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut answer = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut answer).is_ok()
        && &answer == b"+PONG\r\n"
}
