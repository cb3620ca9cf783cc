//! The simulator's state: credentials, tokens, counters and every resource as JSON.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Everything the simulated Pax8 knows.
#[derive(Debug)]
pub(super) struct State {
    pub(super) credentials: HashMap<String, String>,
    pub(super) token_lifetime: Duration,
    pub(super) tokens: HashMap<String, Instant>,
    pub(super) tokens_issued: usize,
    pub(super) token_requests: usize,
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

    /// A fresh UUID-shaped id (ids are UUID strings).
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

    /// Makes a company `Active` once it has primary Admin, Billing and Technical contacts
    ///, `Inactive` otherwise (unless deleted).
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
    crate::dates::format_date(time::OffsetDateTime::now_utc().date())
}
