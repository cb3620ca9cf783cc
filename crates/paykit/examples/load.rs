//! A load driver for the peer and CPU-per-call benchmarks (`cargo xtask bench peers`,
//! `cargo xtask bench cpu`): runs one operation many times against a running `paykit-sim`
//! and prints one JSON line of results per mode.
//!
//! ```text
//! load <operation> <mode>[+<mode>..] <calls> <concurrency> <info-file> [multi|current]
//! ```
//!
//! - operation: `wallet.create_entry`, `wallet.total`, `pax8.list_companies`,
//!   `pax8.get_company`, `paritydeals.has_access`, `clubready.list_staff`,
//!   `spreedly.get_subscriber`;
//! - mode: `paykit` (default settings), `paykit-untimed` (no attempt timeout, no deadline),
//!   `paykit-noretry` (`RetryPolicy::none()`), or `bare`: reqwest directly, the same request
//!   and headers, the answer decoded with serde_json into an equivalent struct (for
//!   `wallet.total`, `pax8.get_company`, `paritydeals.has_access` and
//!   `clubready.list_staff` (decoded from JSV with serde_jsv) and `spreedly.get_subscriber`
//!   (decoded from XML with quick-xml's serde support)); several modes joined by `+` run in
//!   one process, in blocks that take turns, and print one line each;
//! - concurrency: 1 runs the calls one after another; N runs N tasks on one client, each
//!   taking the next call until all are done;
//! - info-file: what `paykit-sim --info-file` wrote;
//! - the tokio runtime: multi-threaded (default) or current-thread.
//!
//! Pax8's client-side rate limit is switched off (the other clients have none by default).
//!
//! The simulator must hold the state `cargo xtask bench peers` seeds (see `SEEDED` below).
//! Every answer is checked; the output counts errors and quotes the first. CPU time is the
//! run time of the process's threads (`/proc/self/task/*/schedstat`) over the measured calls
//! only (client construction and one warm-up call excluded).

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use paykit::core::RetryPolicy;
use paykit::core::reqwest;
use serde::Deserialize;
use serde_json::Value;

/// What the benchmark's seed holds (keep in step with `xtask/src/peers.rs` and
/// `xtask/peers/driver.py`).
mod seeded {
    /// The wallet user entries are created for.
    pub const ENTRY_USER: &str = "alice";
    /// The amount of each created entry.
    pub const ENTRY_AMOUNT: i64 = 1;
    /// The user whose total is read, and that total (never changed by the benchmark).
    pub const TOTAL_USER: &str = "bob";
    pub const TOTAL: i64 = 250;
    /// The Pax8 companies: `Company 00` .. `Company 09`, ids ending in their number.
    pub const COMPANIES: usize = 10;
    pub fn company_name(i: usize) -> String {
        format!("Company {i:02}")
    }
    pub fn company_id(i: usize) -> String {
        format!("00000000-0000-4000-8000-0000000000{i:02}")
    }
    /// The ParityDeals customer and its FLAG feature.
    pub const CUSTOMER: &str = "cus_bench";
    pub const FEATURE: &str = "sso";
    /// The Spreedly subscriber read, and its email.
    pub const SUBSCRIBER: &str = "42";
    pub const EMAIL: &str = "zoe@example.com";
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 5 {
        eprintln!(
            "usage: load <operation> <mode>[+<mode>..] <calls> <concurrency> <info-file> [multi|current]\n  mode: paykit, paykit-untimed, paykit-noretry or bare"
        );
        std::process::exit(2);
    }
    let (operation, mode) = (args[0].clone(), args[1].clone());
    let calls: usize = args[2]
        .parse()
        .unwrap_or_else(|_| fail("calls: not a number"));
    let concurrency: usize = args[3]
        .parse()
        .unwrap_or_else(|_| fail("concurrency: not a number"));
    let info: Value = std::fs::read_to_string(&args[4])
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_else(|| fail("cannot read the info file"));
    let runtime = match args.get(5).map(String::as_str) {
        None | Some("multi") => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        Some("current") => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        Some(other) => fail(&format!("unknown runtime {other:?}")),
    }
    .unwrap_or_else(|e| fail(&format!("cannot start the runtime: {e}")));

    let modes: Vec<&str> = mode.split('+').collect();
    let result = runtime.block_on(async {
        let mut clients = Vec::new();
        for mode in &modes {
            let call = make_call(&operation, mode, &info["vendors"]).await?;
            // One warm-up call: connection, token, health check.
            call.call().await?;
            clients.push(call);
        }
        Ok::<_, BoxError>(interleaved(&clients, calls, concurrency).await)
    });
    let reports = match result {
        Ok(reports) => reports,
        Err(error) => modes
            .iter()
            .map(|_| Report {
                failures: 1,
                first_error: Some(format!("setup: {error}")),
                ..Report::default()
            })
            .collect(),
    };
    for (mode, report) in modes.iter().zip(reports) {
        println!(
            "{}",
            serde_json::json!({
                "client": "paykit",
                "mode": mode,
                "operation": operation,
                "calls": calls,
                "concurrency": concurrency,
                "completed": report.completed,
                "errors": report.failures,
                "first_error": report.first_error,
                "cpu_s": report.cpu_s,
                "wall_s": report.wall_s,
            })
        );
    }
}

/// Runs `calls` calls of each client. With one client, in one go; with several, in blocks
/// that take turns (the order reversed every block), so that each client's CPU time is
/// measured over the same stretch of the machine's time as the others': a shared machine's
/// speed drifts from second to second, by more than the differences measured.
async fn interleaved(clients: &[Arc<Call>], calls: usize, concurrency: usize) -> Vec<Report> {
    if let [client] = clients {
        return vec![run(client.clone(), calls, concurrency).await];
    }
    let block = (concurrency * 8).max(250);
    let mut reports: Vec<Report> = clients.iter().map(|_| Report::default()).collect();
    let mut done = 0;
    let mut forward = true;
    while done < calls {
        let n = block.min(calls - done);
        let mut order: Vec<usize> = (0..clients.len()).collect();
        if !forward {
            order.reverse();
        }
        for i in order {
            let part = run(clients[i].clone(), n, concurrency).await;
            let total = &mut reports[i];
            total.completed += part.completed;
            total.failures += part.failures;
            if total.first_error.is_none() {
                total.first_error = part.first_error;
            }
            total.cpu_s += part.cpu_s;
            total.wall_s += part.wall_s;
        }
        done += n;
        forward = !forward;
    }
    reports
}

fn fail(message: &str) -> ! {
    eprintln!("load: {message}");
    std::process::exit(2)
}

#[derive(Default)]
struct Report {
    completed: usize,
    failures: usize,
    first_error: Option<String>,
    cpu_s: f64,
    wall_s: f64,
}

/// Runs `calls` calls on `concurrency` tasks; CPU and wall time of the calls only.
async fn run(call: Arc<Call>, calls: usize, concurrency: usize) -> Report {
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new((0usize, None::<String>)));
    let worker = |call: Arc<Call>, next: Arc<AtomicUsize>, errors: Arc<Mutex<_>>| async move {
        while next.fetch_add(1, Ordering::Relaxed) < calls {
            if let Err(error) = call.call().await {
                let mut errors = errors.lock().unwrap_or_else(|e| e.into_inner());
                let (count, first): &mut (usize, Option<String>) = &mut errors;
                *count += 1;
                first.get_or_insert_with(|| error.to_string());
            }
        }
    };
    let (cpu_before, started) = (cpu_seconds(), Instant::now());
    if concurrency <= 1 {
        worker(call, next, errors.clone()).await;
    } else {
        let tasks: Vec<_> = (0..concurrency)
            .map(|_| tokio::spawn(worker(call.clone(), next.clone(), errors.clone())))
            .collect();
        for task in tasks {
            let _ = task.await;
        }
    }
    let (wall, cpu_after) = (started.elapsed(), cpu_seconds());
    let (failures, first_error) = errors.lock().unwrap_or_else(|e| e.into_inner()).clone();
    Report {
        completed: calls,
        failures,
        first_error,
        cpu_s: cpu_after - cpu_before,
        wall_s: wall.as_secs_f64(),
    }
}

/// The process's CPU seconds: the sum over its threads of the nanosecond run time in
/// `/proc/self/task/*/schedstat` (Linux with scheduler statistics), else user + system time
/// from `/proc/self/stat` in clock ticks of 1/100 s (too coarse for short runs); NaN where
/// `/proc` is missing.
fn cpu_seconds() -> f64 {
    schedstat_seconds().unwrap_or_else(stat_seconds)
}

fn schedstat_seconds() -> Option<f64> {
    let mut nanos: u64 = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path().join("schedstat");
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // a thread that just ended
        };
        nanos += text.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(nanos as f64 / 1e9)
}

fn stat_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which is in parentheses and may hold spaces):
    // state is field 3, utime field 14, stime field 15.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => (user + system) / 100.0,
        _ => f64::NAN,
    }
}

/// One operation, ready to be called many times.
enum Call {
    WalletCreateEntry(paykit::wallet::Client),
    WalletTotal(paykit::wallet::Client),
    Pax8ListCompanies(paykit::pax8::Client),
    Pax8GetCompany(paykit::pax8::Client),
    HasAccess(paykit::paritydeals::Client),
    ClubReadyStaff(paykit::clubready::Client),
    SpreedlySubscriber(paykit::spreedly::Client),
    Bare(Bare),
}

impl Call {
    async fn call(&self) -> Result<(), BoxError> {
        match self {
            Call::WalletCreateEntry(client) => {
                let new =
                    paykit::wallet::NewEntry::new(seeded::ENTRY_USER, seeded::ENTRY_AMOUNT, "load");
                let entry = client.create_entry(&new).await?;
                check(
                    entry.amount == seeded::ENTRY_AMOUNT && entry.user_id == seeded::ENTRY_USER,
                    || format!("unexpected entry {entry:?}"),
                )
            }
            Call::WalletTotal(client) => {
                let total = client.total(seeded::TOTAL_USER).await?;
                check(total == seeded::TOTAL, || format!("total {total}"))
            }
            Call::Pax8ListCompanies(client) => {
                let filter = paykit::pax8::CompanyFilter::new();
                let page = client.list_companies_page(&filter).await?;
                let names: Vec<&str> = page
                    .items
                    .iter()
                    .filter_map(|c| c.name.as_deref())
                    .collect();
                check(companies_expected(&names), || {
                    format!("unexpected companies {names:?}")
                })
            }
            Call::Pax8GetCompany(client) => {
                let company = client.get_company(&seeded::company_id(0)).await?;
                check(
                    company.name.as_deref() == Some(seeded::company_name(0).as_str()),
                    || format!("unexpected company {company:?}"),
                )
            }
            Call::HasAccess(client) => {
                let access = client.has_access(seeded::CUSTOMER, seeded::FEATURE).await?;
                check(access, || "has_access is false".to_owned())
            }
            Call::ClubReadyStaff(client) => {
                let page = client.list_staff_page().await?;
                check(staff_expected(page.items.iter().map(|s| s.user_id)), || {
                    format!("unexpected staff {:?}", page.items)
                })
            }
            Call::SpreedlySubscriber(client) => {
                let subscriber = client.get_subscriber(seeded::SUBSCRIBER).await?;
                check(
                    subscriber.active && subscriber.email.as_deref() == Some(seeded::EMAIL),
                    || format!("unexpected subscriber {subscriber:?}"),
                )
            }
            Call::Bare(bare) => bare.call().await,
        }
    }
}

/// The ClubReady simulator's built-in staff: one member, user id 1.
fn staff_expected(mut ids: impl Iterator<Item = u64>) -> bool {
    ids.next() == Some(1) && ids.next().is_none()
}

fn check(ok: bool, message: impl FnOnce() -> String) -> Result<(), BoxError> {
    if ok { Ok(()) } else { Err(message().into()) }
}

fn companies_expected(names: &[&str]) -> bool {
    names.len() == seeded::COMPANIES
        && (0..seeded::COMPANIES).all(|i| names.contains(&seeded::company_name(i).as_str()))
}

fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str, BoxError> {
    value[key]
        .as_str()
        .ok_or_else(|| format!("the info file has no {key:?}").into())
}

/// The mode's transport toggles, on any vendor's builder (they all have the same knobs).
macro_rules! tuned {
    ($builder:expr, $timeouts:expr, $retry:expr) => {{
        let mut builder = $builder;
        if !$timeouts {
            builder = builder.attempt_timeout(None).deadline(None);
        }
        if !$retry {
            builder = builder.retry(RetryPolicy::none());
        }
        builder
    }};
}

async fn make_call(operation: &str, mode: &str, vendors: &Value) -> Result<Arc<Call>, BoxError> {
    let (timeouts, retry) = match mode {
        "paykit" | "bare" => (true, true),
        "paykit-untimed" => (false, true),
        "paykit-noretry" => (true, false),
        other => return Err(format!("unknown mode {other:?}").into()),
    };
    let bare = mode == "bare";
    let call = match operation {
        "wallet.create_entry" | "wallet.total" => {
            let config = &vendors["wallet"]["files"];
            let config =
                paykit::wallet::AuthorityConfig::from_file(text(config, "authority_config")?)?;
            if bare {
                if operation != "wallet.total" {
                    return Err("bare mode: wallet.total only".into());
                }
                Call::Bare(Bare::wallet_total(&config)?)
            } else {
                let builder = tuned!(config.client_builder(), timeouts, retry);
                let client = builder.build()?;
                if operation == "wallet.total" {
                    Call::WalletTotal(client)
                } else {
                    Call::WalletCreateEntry(client)
                }
            }
        }
        "pax8.list_companies" | "pax8.get_company" => {
            let pax8 = &vendors["pax8"];
            let (base, token_url) = (text(pax8, "base_url")?, text(pax8, "token_url")?);
            let (id, secret) = (text(pax8, "client_id")?, text(pax8, "client_secret")?);
            if bare {
                if operation != "pax8.get_company" {
                    return Err("bare mode: pax8.get_company only".into());
                }
                Call::Bare(Bare::pax8_get_company(base, token_url, id, secret).await?)
            } else {
                // Pax8's client-side limit (1,000 calls a minute by default) is off: the
                // benchmark measures the cost of a call, not the pacing.
                let builder = tuned!(
                    paykit::pax8::Client::builder(id, secret.to_owned())
                        .base_url(base)
                        .token_url(token_url)
                        .rate_limit(None),
                    timeouts,
                    retry
                );
                let client = builder.build()?;
                if operation == "pax8.get_company" {
                    Call::Pax8GetCompany(client)
                } else {
                    Call::Pax8ListCompanies(client)
                }
            }
        }
        "paritydeals.has_access" => {
            let pd = &vendors["paritydeals"];
            let (base, edge, key) = (
                text(pd, "base_url")?,
                text(pd, "edge_url")?,
                text(pd, "api_key")?,
            );
            if bare {
                Call::Bare(Bare::has_access(edge, key)?)
            } else {
                let builder = tuned!(
                    paykit::paritydeals::Client::builder(key.to_owned())
                        .base_url(base)
                        .edge_url(edge),
                    timeouts,
                    retry
                );
                Call::HasAccess(builder.build()?)
            }
        }
        "clubready.list_staff" => {
            let cr = &vendors["clubready"];
            let (base, key, store) = (
                text(cr, "base_url")?,
                text(cr, "api_key")?,
                text(cr, "store_id")?,
            );
            let store: u64 = store.parse()?;
            if bare {
                Call::Bare(Bare::clubready_staff(base, key, store)?)
            } else {
                let builder = tuned!(
                    paykit::clubready::Client::builder(key.to_owned())
                        .base_url(base)
                        .store_id(store),
                    timeouts,
                    retry
                );
                Call::ClubReadyStaff(builder.build()?)
            }
        }
        "spreedly.get_subscriber" => {
            let sp = &vendors["spreedly"];
            let (base, site, token) = (
                text(sp, "base_url")?,
                text(sp, "site")?,
                text(sp, "api_token")?,
            );
            if bare {
                Call::Bare(Bare::spreedly_subscriber(base, token)?)
            } else {
                let builder = tuned!(
                    paykit::spreedly::Client::builder(site, token.to_owned()).base_url(base),
                    timeouts,
                    retry
                );
                Call::SpreedlySubscriber(builder.build()?)
            }
        }
        other => return Err(format!("unknown operation {other:?}").into()),
    };
    Ok(Arc::new(call))
}

/// Bare reqwest: one `reqwest::Client`, the same request, headers and JSON decode as the
/// paykit client's (the URL is built per call, as code with per-call ids does).
struct Bare {
    http: reqwest::Client,
    kind: BareKind,
}

enum BareKind {
    /// `GET {base}/wallet?user_ids=..` with the authority token.
    WalletTotal { url: String, token: String },
    /// `GET {base}/companies/{id}` with a bearer token.
    Pax8GetCompany { base: String, token: String },
    /// `GET {edge}/entitlements?customer_id=..&feature_id=..` with the API key.
    HasAccess { url: String, authorization: String },
    /// `GET {base}/staff?format=jsv&StoreId=..&ApiKey=..`, decoded from JSV.
    ClubReadyStaff {
        url: String,
        api_key: String,
        store_id: String,
    },
    /// `GET {base}/subscribers/{id}.xml` with HTTP Basic, decoded from XML by quick-xml.
    SpreedlySubscriber { base: String, authorization: String },
}

const BARE_USER_AGENT: &str = "bare-reqwest";

impl Bare {
    fn client() -> Result<reqwest::Client, BoxError> {
        Ok(paykit::core::client::http_client_builder().build()?)
    }

    fn wallet_total(config: &paykit::wallet::AuthorityConfig) -> Result<Bare, BoxError> {
        use paykit::core::secrecy::ExposeSecret;
        let base = config.api_base_url.trim_end_matches('/');
        Ok(Bare {
            http: Bare::client()?,
            kind: BareKind::WalletTotal {
                url: format!("{base}/api/v1/wallet"),
                token: es256_token(&config.authority_id, config.private_key.expose_secret())?,
            },
        })
    }

    async fn pax8_get_company(
        base: &str,
        token_url: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Result<Bare, BoxError> {
        #[derive(Deserialize)]
        struct Token {
            access_token: String,
        }
        let http = Bare::client()?;
        let body = serde_json::json!({
            "client_id": client_id,
            "client_secret": client_secret,
            "audience": "api://p8p.client",
            "grant_type": "client_credentials",
        });
        let answer = http
            .post(token_url)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let token: Token = serde_json::from_slice(&answer)?;
        Ok(Bare {
            http,
            kind: BareKind::Pax8GetCompany {
                base: base.trim_end_matches('/').to_owned(),
                token: format!("Bearer {}", token.access_token),
            },
        })
    }

    fn clubready_staff(base: &str, api_key: &str, store_id: u64) -> Result<Bare, BoxError> {
        Ok(Bare {
            http: Bare::client()?,
            kind: BareKind::ClubReadyStaff {
                url: format!("{}/staff", base.trim_end_matches('/')),
                api_key: api_key.to_owned(),
                store_id: store_id.to_string(),
            },
        })
    }

    fn spreedly_subscriber(base: &str, token: &str) -> Result<Bare, BoxError> {
        use base64ct::{Base64, Encoding};
        Ok(Bare {
            http: Bare::client()?,
            kind: BareKind::SpreedlySubscriber {
                base: base.trim_end_matches('/').to_owned(),
                authorization: format!(
                    "Basic {}",
                    Base64::encode_string(format!("{token}:X").as_bytes())
                ),
            },
        })
    }

    fn has_access(edge: &str, api_key: &str) -> Result<Bare, BoxError> {
        Ok(Bare {
            http: Bare::client()?,
            kind: BareKind::HasAccess {
                url: format!("{}/entitlements", edge.trim_end_matches('/')),
                authorization: format!("Bearer {api_key}"),
            },
        })
    }

    async fn call(&self) -> Result<(), BoxError> {
        let timeout = Duration::from_secs(30);
        match &self.kind {
            BareKind::WalletTotal { url, token } => {
                let body = self
                    .http
                    .get(with_query(url, &[("user_ids", seeded::TOTAL_USER)])?)
                    .header("accept", "application/json")
                    .header("authorization", token)
                    .header("user-agent", BARE_USER_AGENT)
                    .timeout(timeout)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                let wallets: BareWallets = serde_json::from_slice(&body)?;
                let total: i64 = wallets
                    .wallets
                    .iter()
                    .filter(|w| w.user_id == seeded::TOTAL_USER)
                    .map(|w| w.total)
                    .sum();
                check(total == seeded::TOTAL, || format!("total {total}"))
            }
            BareKind::Pax8GetCompany { base, token } => {
                let id = seeded::company_id(0);
                let body = self
                    .http
                    .get(format!("{base}/companies/{id}"))
                    .header("accept", "application/json")
                    .header("authorization", token)
                    .header("user-agent", BARE_USER_AGENT)
                    .timeout(timeout)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                let company: BareCompany = serde_json::from_slice(&body)?;
                check(
                    company.name.as_deref() == Some(seeded::company_name(0).as_str()),
                    || format!("unexpected company {:?}", company.name),
                )
            }
            BareKind::HasAccess { url, authorization } => {
                let body = self
                    .http
                    .get(with_query(
                        url,
                        &[
                            ("customer_id", seeded::CUSTOMER),
                            ("feature_id", seeded::FEATURE),
                        ],
                    )?)
                    .header("accept", "application/json")
                    .header("authorization", authorization)
                    .header("user-agent", BARE_USER_AGENT)
                    .timeout(timeout)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                let answer: BareEntitlements = serde_json::from_slice(&body)?;
                let access = answer
                    .entitlements
                    .iter()
                    .find(|e| e.feature_id == seeded::FEATURE)
                    .is_some_and(BareEntitlement::allows_access);
                check(access, || "has_access is false".to_owned())
            }
            BareKind::ClubReadyStaff {
                url,
                api_key,
                store_id,
            } => {
                let body = self
                    .http
                    .get(with_query(
                        url,
                        &[
                            ("format", "jsv"),
                            ("StoreId", store_id),
                            ("ApiKey", api_key),
                        ],
                    )?)
                    .header("accept", "text/jsv")
                    .header("user-agent", BARE_USER_AGENT)
                    .timeout(timeout)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                let staff: Vec<BareStaff> = serde_jsv::from_slice(&body)?;
                check(staff_expected(staff.iter().map(|s| s.user_id)), || {
                    format!("unexpected staff {} rows", staff.len())
                })
            }
            BareKind::SpreedlySubscriber {
                base,
                authorization,
            } => {
                let id = seeded::SUBSCRIBER;
                let body = self
                    .http
                    .get(format!("{base}/subscribers/{id}.xml"))
                    .header("accept", "application/xml")
                    .header("authorization", authorization)
                    .header("user-agent", BARE_USER_AGENT)
                    .timeout(timeout)
                    .send()
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                let subscriber: BareSubscriber =
                    quick_xml::de::from_str(std::str::from_utf8(&body)?)?;
                check(
                    subscriber.active && subscriber.email.as_deref() == Some(seeded::EMAIL),
                    || format!("unexpected subscriber {}", subscriber.customer_id),
                )
            }
        }
    }
}

/// A Spreedly subscriber, as the bare client reads it (the fields a caller checks most).
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
struct BareSubscriber {
    customer_id: String,
    screen_name: Option<String>,
    email: Option<String>,
    active: bool,
    recurring: bool,
    on_trial: bool,
    store_credit: Option<String>,
    active_until: Option<String>,
    feature_level: Option<String>,
}

/// A ClubReady staff member, as the bare client reads it.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct BareStaff {
    user_id: u64,
    first_name: Option<String>,
    last_name: Option<String>,
    staff_type_id: Option<u64>,
}

/// `url?name=value&..`, percent-encoded, as reqwest's `query` builds it (that method is
/// behind a reqwest feature the workspace does not enable).
fn with_query(url: &str, pairs: &[(&str, &str)]) -> Result<paykit::core::url::Url, BoxError> {
    let mut url = paykit::core::url::Url::parse(url)?;
    url.query_pairs_mut().extend_pairs(pairs);
    Ok(url)
}

/// The wallet authority token (ES256 JWT, `{"sub": authority_id}`), signed once.
fn es256_token(authority_id: &str, private_key_pem: &str) -> Result<String, BoxError> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    use p256::ecdsa::signature::Signer;
    use p256::pkcs8::DecodePrivateKey;
    let key = p256::ecdsa::SigningKey::from_pkcs8_pem(private_key_pem)?;
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(br#"{"alg":"ES256","typ":"JWT"}"#),
        Base64UrlUnpadded::encode_string(
            serde_json::json!({"sub": authority_id})
                .to_string()
                .as_bytes()
        )
    );
    let signature: p256::ecdsa::Signature = key.sign(input.as_bytes());
    Ok(format!(
        "{input}.{}",
        Base64UrlUnpadded::encode_string(&signature.to_bytes())
    ))
}

#[derive(Deserialize)]
struct BareWallets {
    wallets: Vec<BareWallet>,
}

#[derive(Deserialize)]
struct BareWallet {
    user_id: String,
    total: i64,
}

/// The fields paykit's `Company` reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct BareCompany {
    id: Option<String>,
    name: Option<String>,
    address: Option<BareAddress>,
    phone: Option<String>,
    website: Option<String>,
    external_id: Option<String>,
    bill_on_behalf_of_enabled: Option<bool>,
    self_service_allowed: Option<bool>,
    order_approval_required: Option<bool>,
    status: Option<String>,
    updated_date: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct BareAddress {
    street: Option<String>,
    street2: Option<String>,
    city: Option<String>,
    state_or_province: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct BareEntitlements {
    customer_id: String,
    entitlements: Vec<BareEntitlement>,
}

/// The fields paykit's `Entitlement` reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct BareEntitlement {
    feature_id: String,
    feature_type: String,
    #[serde(default)]
    has_access: bool,
    reset_at: Option<String>,
    hard_limit: Option<bool>,
    usage_limit: Option<i64>,
    current_usage: Option<i64>,
    remaining: Option<i64>,
}

impl BareEntitlement {
    /// The official SDK's rule, as paykit applies it.
    fn allows_access(&self) -> bool {
        if self.feature_type == "METER" {
            !(self.hard_limit == Some(true) && self.remaining.is_none_or(|left| left <= 0))
        } else {
            self.has_access
        }
    }
}
