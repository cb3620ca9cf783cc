//! The simulator's state: credentials, tokens, counters and every resource as JSON.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// Everything the simulated Pax8 knows.
#[derive(Debug)]
pub(super) struct State {
    pub(super) credentials: HashMap<String, String>,
    pub(super) token_lifetime: Duration,
    pub(super) tokens: HashMap<String, Instant>,
    pub(super) tokens_issued: usize,
    pub(super) token_requests: usize,
    pub(super) rate_limit: Option<(u32, Duration)>,
    pub(super) window: (Instant, u32),
    pub(super) companies: Vec<Value>,
    pub(super) contacts: HashMap<String, Vec<Value>>,
    pub(super) products: Vec<Value>,
    pub(super) provision_details: HashMap<String, Vec<Value>>,
    pub(super) dependencies: HashMap<String, Value>,
    pub(super) pricing: HashMap<String, Vec<Value>>,
    pub(super) orders: Vec<Value>,
    pub(super) subscriptions: Vec<Value>,
    pub(super) history: HashMap<String, Vec<Value>>,
    pub(super) usage_summaries: Vec<Value>,
    pub(super) usage_lines: HashMap<String, Vec<Value>>,
    pub(super) invoices: Vec<Value>,
    pub(super) invoice_items: HashMap<String, Vec<Value>>,
    next_id: u64,
}

impl State {
    pub(super) fn new() -> Self {
        State {
            credentials: HashMap::from([(
                super::CLIENT_ID.to_owned(),
                super::CLIENT_SECRET.to_owned(),
            )]),
            token_lifetime: Duration::from_secs(86_400),
            tokens: HashMap::new(),
            tokens_issued: 0,
            token_requests: 0,
            rate_limit: None,
            window: (Instant::now(), 0),
            companies: Vec::new(),
            contacts: HashMap::new(),
            products: Vec::new(),
            provision_details: HashMap::new(),
            dependencies: HashMap::new(),
            pricing: HashMap::new(),
            orders: Vec::new(),
            subscriptions: Vec::new(),
            history: HashMap::new(),
            usage_summaries: Vec::new(),
            usage_lines: HashMap::new(),
            invoices: Vec::new(),
            invoice_items: HashMap::new(),
            next_id: 0,
        }
    }

    /// A fresh UUID-shaped id (ids are UUID strings, pax8.md §1.3).
    pub(super) fn id(&mut self) -> String {
        self.next_id += 1;
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            fastrand::u32(..),
            fastrand::u16(..),
            fastrand::u16(..0x1000),
            fastrand::u16(..0x1000),
            self.next_id
        )
    }

    /// Issues a token that expires after the configured lifetime.
    pub(super) fn issue_token(&mut self) -> (String, u64) {
        self.tokens_issued += 1;
        let token = format!(
            "sim-token-{}-{:016x}",
            self.tokens_issued,
            fastrand::u64(..)
        );
        self.tokens
            .insert(token.clone(), Instant::now() + self.token_lifetime);
        (token, self.token_lifetime.as_secs().max(1))
    }

    /// Whether `token` was issued here and has not expired.
    pub(super) fn token_valid(&self, token: &str) -> bool {
        self.tokens
            .get(token)
            .is_some_and(|expires| Instant::now() < *expires)
    }

    /// Counts a request against the rate limit; `Some(seconds)` to wait when over it.
    pub(super) fn over_rate_limit(&mut self) -> Option<u64> {
        let (limit, window) = self.rate_limit?;
        let now = Instant::now();
        if now.duration_since(self.window.0) >= window {
            self.window = (now, 0);
        }
        self.window.1 += 1;
        if self.window.1 <= limit {
            return None;
        }
        let left = window.saturating_sub(now.duration_since(self.window.0));
        Some(left.as_secs_f64().ceil().max(1.0) as u64)
    }

    /// Makes a company `Active` once it has primary Admin, Billing and Technical contacts
    /// (pax8.md §1.5), `Inactive` otherwise (unless deleted).
    pub(super) fn update_company_status(&mut self, company_id: &str) {
        let contacts = self.contacts.get(company_id).cloned().unwrap_or_default();
        let primary = |role: &str| {
            contacts.iter().any(|c| {
                c["types"].as_array().is_some_and(|types| {
                    types
                        .iter()
                        .any(|t| t["type"] == role && t["primary"] == Value::Bool(true))
                })
            })
        };
        let active = primary("Admin") && primary("Billing") && primary("Technical");
        if let Some(company) = self.companies.iter_mut().find(|c| c["id"] == company_id)
            && company["status"] != "Deleted"
        {
            company["status"] = json!(if active { "Active" } else { "Inactive" });
        }
    }
}

/// Today as `yyyy-MM-dd` (UTC).
pub(super) fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
        / 86_400;
    civil_date(days as i64)
}

/// Days since 1970-01-01 → `yyyy-MM-dd` (Howard Hinnant's civil-from-days).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_date(0), "1970-01-01");
        assert_eq!(super::civil_date(19_723), "2024-01-01");
        assert_eq!(super::civil_date(19_782), "2024-02-29");
    }
}
