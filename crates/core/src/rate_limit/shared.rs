//! The fleet-wide side of a shared limiter: one GCRA state per key in Redis, and the
//! bookkeeping of outages (when to ask Redis again, one warning per outage).

use std::fmt;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, RedisError, Script};
use tokio::time::Instant;

/// The prefix of every shared limiter's Redis key.
pub const KEY_PREFIX: &str = "paykit:rl:";

/// How long one Redis call may take by default before the call uses the local limit.
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(100);

/// While Redis does not answer, how often one call tries it again (the others go straight
/// to the local limit).
const PROBE_INTERVAL: Duration = Duration::from_secs(1);

/// Script arguments for one limit: microseconds per request and the burst tolerance.
#[derive(Debug, Clone, Copy)]
pub(super) struct Gcra {
    pub(super) interval_us: u64,
    pub(super) tolerance_us: u64,
}

impl Gcra {
    /// One request per `interval` (rounded up to a whole microsecond, at least 1), bursts of
    /// `burst`.
    pub(super) fn new(interval: Duration, burst: u32) -> Self {
        let interval_us = u64::try_from(interval.as_nanos().div_ceil(1000))
            .unwrap_or(u64::MAX / 2)
            .max(1);
        Gcra {
            interval_us,
            tolerance_us: interval_us.saturating_mul(u64::from(burst.max(1) - 1)),
        }
    }
}

pub(super) struct Shared {
    client: Client,
    /// Made on first use, inside the caller's runtime; it reconnects by itself.
    connection: OnceLock<Option<ConnectionManager>>,
    key: String,
    script: Script,
    timeout: Duration,
    health: Mutex<Health>,
    /// When Redis last answered, and the wait it gave for a call right after.
    last: Mutex<Option<(Instant, Duration)>>,
}

#[derive(Debug, Default)]
struct Health {
    down: bool,
    next_probe: Option<Instant>,
}

/// Why a Redis call failed, in words that never quote a URL or a password.
#[derive(Debug, Clone, Copy)]
enum Failure {
    TimedOut(Duration),
    Refused,
    Dropped,
    Io,
    Server,
    Other,
    NoRuntime,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::TimedOut(after) => write!(f, "no answer within {after:?}"),
            Failure::Refused => f.write_str("connection refused"),
            Failure::Dropped => f.write_str("connection dropped"),
            Failure::Io => f.write_str("I/O error"),
            Failure::Server => f.write_str("Redis answered with an error"),
            Failure::Other => f.write_str("Redis client error"),
            Failure::NoRuntime => f.write_str("could not set up the connection"),
        }
    }
}

impl From<&RedisError> for Failure {
    fn from(error: &RedisError) -> Self {
        if error.is_connection_refusal() {
            Failure::Refused
        } else if error.is_timeout() {
            Failure::TimedOut(Duration::ZERO)
        } else if error.is_connection_dropped() {
            Failure::Dropped
        } else if error.is_io_error() {
            Failure::Io
        } else if error.code().is_some() {
            Failure::Server
        } else {
            Failure::Other
        }
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.client.get_connection_info();
        f.debug_struct("Shared")
            .field("redis", &info.addr().to_string())
            .field("db", &info.redis_settings().db())
            .field("key", &self.key)
            .field("timeout", &self.timeout)
            .field(
                "down",
                &self.health.lock().unwrap_or_else(|e| e.into_inner()).down,
            )
            .finish_non_exhaustive()
    }
}

impl Shared {
    pub(super) fn new(client: Client, key: &str) -> Self {
        Shared {
            client,
            connection: OnceLock::new(),
            key: format!("{KEY_PREFIX}{key}"),
            script: Script::new(include_str!("gcra.lua")),
            timeout: DEFAULT_REDIS_TIMEOUT,
            health: Mutex::new(Health::default()),
            last: Mutex::new(None),
        }
    }

    pub(super) fn key(&self) -> &str {
        &self.key
    }

    /// Before the first call only (the connection takes it on creation).
    pub(super) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Whether the last call found Redis unreachable.
    pub(super) fn is_down(&self) -> bool {
        self.health.lock().unwrap_or_else(|e| e.into_inner()).down
    }

    /// The wait for a call made now as of Redis's last answer, if it answered.
    pub(super) fn current_wait(&self) -> Option<Duration> {
        let last = *self.last.lock().unwrap_or_else(|e| e.into_inner());
        last.map(|(at, next)| next.saturating_sub(at.elapsed()))
    }

    fn connection(&self) -> Option<ConnectionManager> {
        self.connection
            .get_or_init(|| {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.timeout))
                    .set_response_timeout(Some(self.timeout))
                    .set_number_of_retries(1)
                    .set_min_delay(Duration::from_millis(10))
                    .set_max_delay(Duration::from_millis(100));
                ConnectionManager::new_lazy_with_config(self.client.clone(), config).ok()
            })
            .clone()
    }

    /// Reserves a slot in Redis and returns the wait for it, or `None` when the call must
    /// use the local limit (Redis down, slow, or not asked during an outage).
    pub(super) async fn reserve(&self, gcra: Gcra) -> Option<Duration> {
        if !self.may_ask() {
            return None;
        }
        let Some(mut connection) = self.connection() else {
            self.failed(Failure::NoRuntime);
            return None;
        };
        let mut invocation = self.script.key(&self.key);
        invocation.arg(gcra.interval_us).arg(gcra.tolerance_us);
        let call = invocation.invoke_async::<(i64, i64)>(&mut connection);
        match tokio::time::timeout(self.timeout, call).await {
            Ok(Ok((wait, next))) => {
                let micros = |us: i64| Duration::from_micros(u64::try_from(us).unwrap_or(0));
                *self.last.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some((Instant::now(), micros(next)));
                self.answered();
                Some(micros(wait))
            }
            Ok(Err(error)) => {
                let failure = match Failure::from(&error) {
                    Failure::TimedOut(_) => Failure::TimedOut(self.timeout),
                    other => other,
                };
                self.failed(failure);
                None
            }
            Err(_) => {
                self.failed(Failure::TimedOut(self.timeout));
                None
            }
        }
    }

    /// Outside an outage, always; during one, one call per probe interval.
    fn may_ask(&self) -> bool {
        let mut health = self.health.lock().unwrap_or_else(|e| e.into_inner());
        if !health.down {
            return true;
        }
        let now = Instant::now();
        match health.next_probe {
            Some(at) if now < at => false,
            _ => {
                health.next_probe = Some(now + PROBE_INTERVAL);
                true
            }
        }
    }

    fn failed(&self, failure: Failure) {
        let mut health = self.health.lock().unwrap_or_else(|e| e.into_inner());
        health.next_probe = Some(Instant::now() + PROBE_INTERVAL);
        if !health.down {
            health.down = true;
            drop(health);
            let redis = self.client.get_connection_info().addr().to_string();
            tracing::warn!(
                key = %self.key,
                %redis,
                error = %failure,
                "shared rate limit: Redis unreachable, using the local limit until it answers"
            );
        }
    }

    fn answered(&self) {
        let mut health = self.health.lock().unwrap_or_else(|e| e.into_inner());
        if health.down {
            health.down = false;
            health.next_probe = None;
            drop(health);
            let redis = self.client.get_connection_info().addr().to_string();
            tracing::info!(
                key = %self.key,
                %redis,
                "shared rate limit: Redis answers again, the fleet shares the limit again"
            );
        }
    }
}
