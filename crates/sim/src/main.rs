//! `paykit-sim`: every paykit vendor simulator as one standalone server on loopback, with an
//! admin API (reset, state, requests received, fault injection) for tests written in any
//! language. See the crate README for the port layout, the seed file and the admin API.

mod admin;
mod cli;
mod faults;
mod host;
mod hosts;
mod table;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::cli::Options;
use crate::host::Host;

fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os()) {
        Ok(options) => options,
        Err(error) => error.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("paykit-sim: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("paykit-sim: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), String> {
    let seed = options.seed.as_deref().map(read_seed).transpose()?;
    let admin_address = SocketAddr::new(options.bind, options.port);
    let admin = TcpListener::bind(admin_address)
        .await
        .map_err(|e| format!("admin API: cannot listen on {admin_address}: {e}"))?;
    let admin_address = admin.local_addr().map_err(|e| e.to_string())?;
    let simulators = hosts::start(&options).await?;
    let (config_dir, temporary) = match &options.config_dir {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("paykit-sim-{}", std::process::id())),
            true,
        ),
    };
    let host = Arc::new(Host::new(simulators, seed, config_dir.clone())?);
    let admin_url = format!("http://{admin_address}");
    print!("{}", table::render(&host, &admin_url));
    if let Some(path) = &options.info_file {
        let info = json!({"admin": admin_url, "vendors": host.info()});
        write_atomically(path, &info)?;
    }

    let (stop, stopped) = watch::channel(false);
    let server = tokio::spawn(admin::serve(admin, Arc::clone(&host), stopped));
    let signal = interrupted().await;
    println!("paykit-sim: {signal}, stopping.");
    let _ = stop.send(true);
    let _ = server.await;
    drop(host);
    if temporary {
        let _ = std::fs::remove_dir_all(&config_dir);
    }
    if let Some(path) = &options.info_file {
        let _ = std::fs::remove_file(path);
    }
    println!("paykit-sim: stopped.");
    Ok(())
}

fn read_seed(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the seed file {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("the seed file {} is not JSON: {e}", path.display()))
}

/// Writes `value` to `path` through a temporary file and a rename, so that a reader
/// polling for the file never sees half of it.
fn write_atomically(path: &Path, value: &Value) -> Result<(), String> {
    let mut partial = PathBuf::from(path);
    partial.as_mut_os_string().push(".partial");
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Waits for Ctrl-C (SIGINT) or, on Unix, SIGTERM; says which came.
async fn interrupted() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                _ = tokio::signal::ctrl_c() => "interrupted",
                _ = terminate.recv() => "terminated",
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                "interrupted"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "interrupted"
    }
}
