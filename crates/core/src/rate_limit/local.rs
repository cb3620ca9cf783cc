//! The in-process token bucket: the whole limit of a local limiter, and the fallback of a
//! shared one while its Redis does not answer.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A token bucket that goes into debt: each caller gets its own slot, in arrival order.
#[derive(Debug)]
pub(super) struct Bucket {
    state: Mutex<State>,
    /// Time to earn one token.
    interval: Duration,
    burst: f64,
}

#[derive(Debug)]
struct State {
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    /// A bucket earning one token per `interval`, holding at most `burst`, starting with
    /// `initial` tokens.
    pub(super) fn new(interval: Duration, burst: f64, initial: f64) -> Self {
        Bucket {
            state: Mutex::new(State {
                tokens: initial.min(burst),
                updated: Instant::now(),
            }),
            // A zero interval would divide by zero below: one nanosecond is as good as none.
            interval: interval.max(Duration::from_nanos(1)),
            burst,
        }
    }

    /// The tokens after earning since the last update, without taking one.
    fn tokens_at(&self, state: &State, now: Instant) -> f64 {
        let earned = now.duration_since(state.updated).as_secs_f64() / self.interval.as_secs_f64();
        (state.tokens + earned).min(self.burst)
    }

    /// Takes a token, going into debt when none is left, and says how long the caller must
    /// wait for it.
    pub(super) fn reserve(&self) -> Duration {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        state.tokens = self.tokens_at(&state, now) - 1.0;
        state.updated = now;
        self.wait_for(state.tokens)
    }

    /// How long a call made now would wait (without taking a token).
    pub(super) fn current_wait(&self) -> Duration {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.wait_for(self.tokens_at(&state, Instant::now()) - 1.0)
    }

    fn wait_for(&self, tokens_after: f64) -> Duration {
        if tokens_after >= 0.0 {
            Duration::ZERO
        } else {
            self.interval.mul_f64(-tokens_after)
        }
    }
}
