//! Calling async operations from plain synchronous code.
//!
//! Vendor crates build their blocking clients on [`BlockingRuntime`]: same operations, same
//! names, same types, each call driven to completion on a private runtime. Called from inside
//! an async runtime, a blocking call returns [`Error::BlockingInsideRuntime`] instead of
//! panicking or deadlocking.
//!
//! "Inside an async runtime" means any thread where tokio's runtime context is set: async
//! tasks, `Runtime::block_on`, and also `spawn_blocking` threads (tokio cannot tell them
//! apart from the outside). From those, call the async client (in `spawn_blocking`:
//! `tokio::runtime::Handle::current().block_on(client.call())`), or use a plain
//! `std::thread`.

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures_util::StreamExt;

use crate::error::Error;
use crate::paginate::Pages;

/// A private tokio runtime for blocking calls: the calling thread waits for each call, and one
/// background worker keeps driving the client's connections between calls, so that a
/// connection the server closes while the program is busy elsewhere is noticed and never
/// reused, and an async clone of the same client can use the pool too.
#[derive(Debug)]
pub struct BlockingRuntime {
    runtime: Option<tokio::runtime::Runtime>,
}

impl BlockingRuntime {
    /// Starts the runtime.
    pub fn new() -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("paykit-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::config(format!("the blocking runtime could not start: {e}")))?;
        Ok(BlockingRuntime {
            runtime: Some(runtime),
        })
    }

    /// Whether the current thread is inside an async runtime (where blocking calls fail).
    pub fn inside_runtime() -> bool {
        tokio::runtime::Handle::try_current().is_ok()
    }

    /// Runs `future` to completion on this thread.
    ///
    /// Returns [`Error::BlockingInsideRuntime`] (and does not poll `future`) when called from
    /// inside an async runtime.
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        if Self::inside_runtime() {
            return Err(Error::BlockingInsideRuntime);
        }
        let runtime = self.runtime.as_ref().ok_or(Error::BlockingInsideRuntime)?;
        Ok(runtime.block_on(future))
    }
}

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Dropping a runtime inside another one panics; shut it down in the background.
            if Self::inside_runtime() {
                runtime.shutdown_background();
            }
        }
    }
}

/// The items of a list for synchronous code: each `next()` drives the lazy [`Pages`] stream
/// on the blocking runtime, fetching a page only when its first item is needed. An error is
/// the last item.
pub struct Iter<T, E> {
    pages: Option<Pages<T, E>>,
    runtime: Arc<BlockingRuntime>,
}

impl<T, E> fmt::Debug for Iter<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iter { .. }")
    }
}

impl<T, E> Iter<T, E> {
    /// Iterates over `pages` on `runtime`.
    pub fn new(runtime: Arc<BlockingRuntime>, pages: Pages<T, E>) -> Self {
        Iter {
            pages: Some(pages),
            runtime,
        }
    }
}

impl<T, E: From<Error>> Iterator for Iter<T, E> {
    type Item = Result<T, E>;

    fn next(&mut self) -> Option<Result<T, E>> {
        let pages = self.pages.as_mut()?;
        let next = match self.runtime.block_on(pages.next()) {
            Ok(next) => next,
            Err(e) => Some(Err(E::from(e))),
        };
        if !matches!(next, Some(Ok(_))) {
            self.pages = None;
        }
        next
    }
}
