//! The transport knobs every vendor client builder offers, defined once: [`Transport`] holds
//! them and applies them to a core [`ClientBuilder`]; [`transport_knobs!`](crate::transport_knobs)
//! writes the eight setters (`user_agent`, `connect_timeout`, `attempt_timeout`, `deadline`,
//! `retry`, `rate_limit`, `http_client`, `configure`) into a vendor's builder.

use std::fmt;
use std::time::Duration;

use crate::{ClientBuilder, RateLimiter, RetryPolicy};

/// A boxed `configure` closure: any [`ClientBuilder`] setting, run once when the settings are
/// applied (for a vendor builder that keeps closures of its own, such as a second host's).
pub type Configure = Box<dyn FnOnce(ClientBuilder) -> ClientBuilder + Send>;

/// The transport settings a vendor client builder collects before it builds its core
/// [`Client`](crate::Client): the user agent, timeouts, deadline, retry policy, rate limit,
/// HTTP client, and `configure` closures for any other [`ClientBuilder`] setting.
///
/// A knob left unset leaves the core builder's value as it is (core's default, or what the
/// vendor set before applying), so a vendor sets its own defaults (its `User-Agent`, a rate
/// limit) on the core builder or on the `Transport` it starts from. Not `Clone`: the
/// `configure` closures are `FnOnce`, so [`apply`](Transport::apply) consumes the settings.
///
/// ```
/// use std::time::Duration;
/// use paykit_core::{Client, RetryPolicy, Transport};
///
/// # fn demo() -> Result<(), paykit_core::Error> {
/// let transport = Transport::new()
///     .attempt_timeout(Some(Duration::from_secs(5)))
///     .retry(RetryPolicy::default().max_attempts(4))
///     .configure(|core| core.body_limit(1 << 20));
/// let core = Client::builder("example", "https://api.example.com/v1")
///     .user_agent("paykit-example/1.0"); // the vendor's default
/// let client = transport.apply(core).build()?;
/// # let _ = client;
/// # Ok(()) }
/// # demo().unwrap();
/// ```
#[derive(Default)]
#[non_exhaustive]
pub struct Transport {
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Option<Duration>>,
    deadline: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    rate_limit: Option<Option<RateLimiter>>,
    http_client: Option<reqwest::Client>,
    configure: Vec<Configure>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("user_agent", &self.user_agent)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("http_client", &self.http_client.as_ref().map(|_| "set"))
            .field("configure", &self.configure.len())
            .finish()
    }
}

impl Transport {
    /// No knob set: applying it changes nothing but what `configure` closures add later.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `User-Agent` header ([`ClientBuilder::user_agent`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The time allowed to open a connection ([`ClientBuilder::connect_timeout`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The per-attempt timeout ([`ClientBuilder::attempt_timeout`]; `None`: no limit).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The whole call's deadline ([`ClientBuilder::deadline`]; `None`: no limit).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy ([`ClientBuilder::retry`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The client-side rate limit ([`ClientBuilder::rate_limit`]; `None` turns it off).
    pub fn rate_limit(mut self, limiter: Option<RateLimiter>) -> Self {
        self.rate_limit = Some(limiter);
        self
    }

    /// Takes the rate limiter set so far (`None` when none was set or it was turned off),
    /// leaving the knob unset; for a vendor setter that wraps it (a fleet-wide limit).
    pub fn take_rate_limit(&mut self) -> Option<RateLimiter> {
        self.rate_limit.take().flatten()
    }

    /// The `reqwest::Client` to send with ([`ClientBuilder::http_client`]).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http_client = Some(http);
        self
    }

    /// Adds a closure for any other [`ClientBuilder`] setting; closures run after the knobs,
    /// in the order they were added.
    pub fn configure(
        mut self,
        f: impl FnOnce(ClientBuilder) -> ClientBuilder + Send + 'static,
    ) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    /// Applies every knob that was set to `builder`, then the `configure` closures in order.
    pub fn apply(self, builder: ClientBuilder) -> ClientBuilder {
        let mut builder = self.apply_connection(builder);
        if let Some(limiter) = self.rate_limit {
            builder = builder.rate_limit(limiter);
        }
        self.configure.into_iter().fold(builder, |b, f| f(b))
    }

    /// Applies the knobs that say how to reach a host and how to retry (user agent,
    /// timeouts, deadline, retry policy, HTTP client) but not the rate limit nor the
    /// `configure` closures: for a second host of the same vendor, such as a token endpoint,
    /// that those do not concern. [`apply`](Transport::apply) can still follow, for the main
    /// host.
    pub fn apply_connection(&self, mut builder: ClientBuilder) -> ClientBuilder {
        if let Some(user_agent) = &self.user_agent {
            builder = builder.user_agent(user_agent.clone());
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(timeout) = self.attempt_timeout {
            builder = builder.attempt_timeout(timeout);
        }
        if let Some(deadline) = self.deadline {
            builder = builder.deadline(deadline);
        }
        if let Some(policy) = &self.retry {
            builder = builder.retry(policy.clone());
        }
        if let Some(http) = &self.http_client {
            builder = builder.http_client(http.clone());
        }
        builder
    }
}

/// Writes the eight transport setters of a vendor client builder, each with its
/// documentation, forwarding to a field `transport: `[`Transport`] that the builder applies
/// to its core builder in `build()`.
///
/// Invoke it inside the builder's `impl` block. With nothing inside, it writes all eight, in
/// this order: `user_agent`, `connect_timeout`, `attempt_timeout`, `deadline`, `retry`,
/// `rate_limit`, `http_client`, `configure`. Inside, name only the knobs that differ, each
/// at most once, ending with `;`:
///
/// - doc comments then `knob;` add those lines to that setter's documentation: a plain
///   `///` line continues its first paragraph (the vendor's default, where the knob
///   applies), a blank `///` line first starts a new paragraph. Every vendor should at
///   least give its `User-Agent` default this way.
/// - `own knob;` leaves that setter out: the vendor writes it itself, with the same name
///   and signature, storing into its `transport` field (a different default, a setter
///   that must do more).
///
/// The generated setters, on a builder `B`:
///
/// | setter | stores |
/// |---|---|
/// | `user_agent(self, impl Into<String>) -> B` | [`Transport::user_agent`] |
/// | `connect_timeout(self, Duration) -> B` | [`Transport::connect_timeout`] |
/// | `attempt_timeout(self, Option<Duration>) -> B` | [`Transport::attempt_timeout`] |
/// | `deadline(self, Option<Duration>) -> B` | [`Transport::deadline`] |
/// | `retry(self, RetryPolicy) -> B` | [`Transport::retry`] |
/// | `rate_limit(self, Option<RateLimiter>) -> B` | [`Transport::rate_limit`] |
/// | `http_client(self, reqwest::Client) -> B` | [`Transport::http_client`] |
/// | `configure(self, impl FnOnce(ClientBuilder) -> ClientBuilder + Send + 'static) -> B` | [`Transport::configure`] |
///
/// ```
/// use paykit_core::{Client, RateLimiter, Transport};
///
/// /// Builds an example client.
/// pub struct ClientBuilder {
///     transport: Transport,
/// }
///
/// impl ClientBuilder {
///     paykit_core::transport_knobs! {
///         /// Default `paykit-example/<version>`.
///         user_agent;
///         /// Payments are such calls.
///         retry;
///         own rate_limit;
///     }
///
///     /// A client-side rate limit (default 10 requests a second; `None` turns it off).
///     pub fn rate_limit(mut self, limiter: Option<RateLimiter>) -> Self {
///         self.transport = self.transport.rate_limit(limiter);
///         self
///     }
///
///     /// Builds the core client.
///     pub fn build(self) -> Result<Client, paykit_core::Error> {
///         let core = Client::builder("example", "https://api.example.com/v1")
///             .user_agent("paykit-example/1.0");
///         self.transport.apply(core).build()
///     }
/// }
///
/// let builder = ClientBuilder {
///     transport: Transport::new().rate_limit(Some(RateLimiter::per_second(10))),
/// };
/// let client = builder
///     .deadline(None)
///     .configure(|core| core.body_limit(1 << 20))
///     .build()
///     .unwrap();
/// # let _ = client;
/// ```
///
/// A knob named twice, or a name that is not a knob, does not compile:
///
/// ```compile_fail
/// # struct B { transport: paykit_core::Transport }
/// impl B {
///     paykit_core::transport_knobs! { retry; retry; }
/// }
/// ```
///
/// ```compile_fail
/// # struct B { transport: paykit_core::Transport }
/// impl B {
///     paykit_core::transport_knobs! { timeout; }
/// }
/// ```
#[macro_export]
macro_rules! transport_knobs {
    (@knob user_agent [$($attr:tt)*]) => {
        /// The `User-Agent` header sent with every request.
        $($attr)*
        pub fn user_agent(
            mut self,
            user_agent: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.transport = self.transport.user_agent(user_agent);
            self
        }
    };
    (@knob connect_timeout [$($attr:tt)*]) => {
        /// The time allowed to open a connection (default 10 s; not used with
        /// [`http_client`](Self::http_client), whose own settings apply).
        $($attr)*
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.transport = self.transport.connect_timeout(timeout);
            self
        }
    };
    (@knob attempt_timeout [$($attr:tt)*]) => {
        /// The time allowed for one attempt, from sending to the end of the body (default
        /// 30 s; `None`: no limit per attempt).
        $($attr)*
        pub fn attempt_timeout(
            mut self,
            timeout: ::std::option::Option<::std::time::Duration>,
        ) -> Self {
            self.transport = self.transport.attempt_timeout(timeout);
            self
        }
    };
    (@knob deadline [$($attr:tt)*]) => {
        /// The time allowed for a whole call, every attempt and back-off included (default
        /// 120 s; `None`: no limit).
        $($attr)*
        pub fn deadline(
            mut self,
            deadline: ::std::option::Option<::std::time::Duration>,
        ) -> Self {
            self.transport = self.transport.deadline(deadline);
            self
        }
    };
    (@knob retry [$($attr:tt)*]) => {
        /// The retry policy (default `RetryPolicy::default()`: 3 attempts, transient
        /// statuses and connection failures retried after the server's `Retry-After` or a
        /// jittered back-off). A call that is not safe to repeat is never sent again once it
        /// may have reached the server, whatever the policy.
        $($attr)*
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.transport = self.transport.retry(policy);
            self
        }
    };
    (@knob rate_limit [$($attr:tt)*]) => {
        /// A client-side rate limit (default none; `None` turns it off). Every attempt,
        /// retries included, takes one slot.
        $($attr)*
        pub fn rate_limit(
            mut self,
            limiter: ::std::option::Option<$crate::RateLimiter>,
        ) -> Self {
            self.transport = self.transport.rate_limit(limiter);
            self
        }
    };
    (@knob http_client [$($attr:tt)*]) => {
        /// Uses this `reqwest::Client` (proxies, custom TLS roots, ...; start from
        /// `paykit_core::client::http_client_builder()`). Its own settings apply to
        /// connecting; the timeouts, retries and limits above still apply to each call.
        $($attr)*
        pub fn http_client(mut self, http: $crate::reqwest::Client) -> Self {
            self.transport = self.transport.http_client(http);
            self
        }
    };
    (@knob configure [$($attr:tt)*]) => {
        /// Any other setting of the core builder (body cap, default headers, plain HTTP to a
        /// non-loopback host, ...). The closures run after the knobs above, in the order
        /// given.
        $($attr)*
        pub fn configure(
            mut self,
            f: impl ::std::ops::FnOnce($crate::ClientBuilder) -> $crate::ClientBuilder
                + ::std::marker::Send
                + 'static,
        ) -> Self {
            self.transport = self.transport.configure(f);
            self
        }
    };
    (@acc [unset $b:tt $c:tt $d:tt $e:tt $f:tt $g:tt $h:tt] $(#[$m:meta])* user_agent; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [[$(#[$m])*] $b $c $d $e $f $g $h] $($r)*);
    };
    (@acc [unset $b:tt $c:tt $d:tt $e:tt $f:tt $g:tt $h:tt] own user_agent; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [own $b $c $d $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt unset $c:tt $d:tt $e:tt $f:tt $g:tt $h:tt] $(#[$m:meta])* connect_timeout; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a [$(#[$m])*] $c $d $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt unset $c:tt $d:tt $e:tt $f:tt $g:tt $h:tt] own connect_timeout; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a own $c $d $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt unset $d:tt $e:tt $f:tt $g:tt $h:tt] $(#[$m:meta])* attempt_timeout; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b [$(#[$m])*] $d $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt unset $d:tt $e:tt $f:tt $g:tt $h:tt] own attempt_timeout; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b own $d $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt unset $e:tt $f:tt $g:tt $h:tt] $(#[$m:meta])* deadline; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c [$(#[$m])*] $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt unset $e:tt $f:tt $g:tt $h:tt] own deadline; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c own $e $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt unset $f:tt $g:tt $h:tt] $(#[$m:meta])* retry; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d [$(#[$m])*] $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt unset $f:tt $g:tt $h:tt] own retry; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d own $f $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt unset $g:tt $h:tt] $(#[$m:meta])* rate_limit; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d $e [$(#[$m])*] $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt unset $g:tt $h:tt] own rate_limit; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d $e own $g $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt $f:tt unset $h:tt] $(#[$m:meta])* http_client; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d $e $f [$(#[$m])*] $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt $f:tt unset $h:tt] own http_client; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d $e $f own $h] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt $f:tt $g:tt unset] $(#[$m:meta])* configure; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d $e $f $g [$(#[$m])*]] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt $f:tt $g:tt unset] own configure; $($r:tt)*) => {
        $crate::transport_knobs!(@acc [$a $b $c $d $e $f $g own] $($r)*);
    };
    (@acc [$a:tt $b:tt $c:tt $d:tt $e:tt $f:tt $g:tt $h:tt]) => {
        $crate::transport_knobs!(@emit user_agent $a);
        $crate::transport_knobs!(@emit connect_timeout $b);
        $crate::transport_knobs!(@emit attempt_timeout $c);
        $crate::transport_knobs!(@emit deadline $d);
        $crate::transport_knobs!(@emit retry $e);
        $crate::transport_knobs!(@emit rate_limit $f);
        $crate::transport_knobs!(@emit http_client $g);
        $crate::transport_knobs!(@emit configure $h);
    };
    (@acc [$($slot:tt)*] $($r:tt)*) => {
        ::std::compile_error!(::std::concat!(
            "transport_knobs!: cannot read `",
            ::std::stringify!($($r)*),
            "`: each of user_agent, connect_timeout, attempt_timeout, deadline, retry, \
             rate_limit, http_client and configure may be named once, as `knob;` after its \
             extra doc lines or as `own knob;`"
        ));
    };
    (@emit $knob:ident unset) => {
        $crate::transport_knobs!(@knob $knob []);
    };
    (@emit $knob:ident own) => {};
    (@emit $knob:ident [$($attr:tt)*]) => {
        $crate::transport_knobs!(@knob $knob [$($attr)*]);
    };
    ($($input:tt)*) => {
        $crate::transport_knobs!(@acc [unset unset unset unset unset unset unset unset] $($input)*);
    };
}
