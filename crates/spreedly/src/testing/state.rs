//! What the simulator holds: plans, subscribers, invoices, transactions and pending fees,
//! and the rules that create them.

use rust_decimal::Decimal;
use time::OffsetDateTime;

use crate::models::{Invoice, Plan, Subscriber, Transaction, TransactionDetail};
use crate::values::{DurationUnits, PlanType};

/// Transactions per answer.
pub(super) const PAGE: usize = 50;

/// A plan to seed with [`super::SpreedlySimulator::seed_plan`] (plans are read-only in the API).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SeedPlan {
    name: String,
    feature_level: String,
    amount: Decimal,
    duration_quantity: u32,
    duration_units: DurationUnits,
    plan_type: PlanType,
    enabled: bool,
}

impl SeedPlan {
    /// A regular plan charging `amount` USD every `quantity` `units`.
    pub fn regular(
        name: impl Into<String>,
        feature_level: impl Into<String>,
        amount: Decimal,
        quantity: u32,
        units: DurationUnits,
    ) -> Self {
        SeedPlan {
            name: name.into(),
            feature_level: feature_level.into(),
            amount,
            duration_quantity: quantity,
            duration_units: units,
            plan_type: PlanType::Regular,
            enabled: true,
        }
    }

    /// A free-trial plan of `quantity` `units`.
    pub fn free_trial(
        name: impl Into<String>,
        feature_level: impl Into<String>,
        quantity: u32,
        units: DurationUnits,
    ) -> Self {
        SeedPlan {
            plan_type: PlanType::FreeTrial,
            ..SeedPlan::regular(name, feature_level, Decimal::ZERO, quantity, units)
        }
    }

    /// Disabled: invoices for it are refused (403).
    pub fn disabled(mut self) -> Self {
        self.enabled = false;
        self
    }
}

/// A fee waiting for the subscriber's next invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SimFee {
    /// The subscriber.
    pub customer_id: String,
    /// The fee's name.
    pub name: String,
    /// Its group.
    pub group: String,
    /// Its amount.
    pub amount: Decimal,
}

/// An invoice and the plan it is for (the plan is applied when the invoice is paid). The
/// stored invoice carries no subscriber: answers show the subscriber as it is then.
#[derive(Debug, Clone)]
pub(super) struct SimInvoice {
    pub(super) plan_id: u64,
    pub(super) invoice: Invoice,
}

/// The whole state of one simulated site.
#[derive(Debug, Clone)]
pub(super) struct State {
    pub(super) plans: Vec<Plan>,
    pub(super) subscribers: Vec<Subscriber>,
    pub(super) invoices: Vec<SimInvoice>,
    pub(super) transactions: Vec<Transaction>,
    pub(super) fees: Vec<SimFee>,
    /// The last plan id given out.
    pub(super) next_plan: u64,
    /// The next transaction id.
    pub(super) next_transaction: u64,
    /// The counter behind subscriber and invoice tokens.
    pub(super) next_token: u64,
}

impl State {
    /// The state right after start: nothing at all.
    pub(super) fn new() -> State {
        State {
            plans: Vec::new(),
            subscribers: Vec::new(),
            invoices: Vec::new(),
            transactions: Vec::new(),
            fees: Vec::new(),
            next_plan: 100,
            next_transaction: 1,
            next_token: 0,
        }
    }

    /// Adds a plan with the next id and returns it.
    pub(super) fn add_plan(&mut self, plan: SeedPlan) -> Plan {
        self.next_plan += 1;
        let plan = Plan {
            id: self.next_plan,
            ..self.plan(plan)
        };
        self.plans.push(plan.clone());
        plan
    }

    /// The plan `plan` describes, with id 0, not added.
    pub(super) fn plan(&self, plan: SeedPlan) -> Plan {
        let now = now();
        Plan {
            id: 0,
            name: plan.name,
            description: None,
            terms: Some(terms(plan.duration_quantity, &plan.duration_units)),
            plan_type: Some(plan.plan_type),
            price: Some(plan.amount),
            amount: Some(plan.amount),
            currency_code: Some("USD".into()),
            duration_quantity: Some(plan.duration_quantity),
            duration_units: Some(plan.duration_units),
            charge_after_first_period: false,
            charge_later_duration_quantity: None,
            charge_later_duration_units: None,
            enabled: plan.enabled,
            force_recurring: false,
            needs_to_be_renewed: true,
            feature_level: Some(plan.feature_level),
            return_url: None,
            minimum_needed_for_charge: None,
            setup_fee_amount: None,
            setup_fee_description: None,
            setup_fee_currency_code: None,
            version: Some(1),
            created_at: Some(now),
            updated_at: Some(now),
        }
    }

    pub(super) fn subscriber(&self, customer_id: &str) -> Option<&Subscriber> {
        self.subscribers
            .iter()
            .find(|s| s.customer_id == customer_id)
    }

    /// A 40-hex-digit token no subscriber or invoice has yet.
    pub(super) fn fresh_token(&mut self, base: u64) -> String {
        loop {
            self.next_token += 1;
            let token = format!("{:040x}", base + self.next_token);
            let taken = self
                .subscribers
                .iter()
                .any(|s| s.token.as_ref() == Some(&token))
                || self.invoices.iter().any(|i| i.invoice.token == token);
            if !taken {
                return token;
            }
        }
    }

    /// The invoice as an answer shows it: with the subscriber as it is now.
    pub(super) fn invoice_answer(&self, invoice: &Invoice) -> Invoice {
        let mut invoice = invoice.clone();
        invoice.subscriber = invoice
            .customer_id
            .as_deref()
            .and_then(|cid| self.subscriber(cid))
            .cloned()
            .map(Box::new);
        invoice
    }

    /// The subscriber as a single read shows it: with its invoices.
    pub(super) fn subscriber_answer(&self, subscriber: &Subscriber) -> Subscriber {
        let mut s = subscriber.clone();
        s.invoices = self
            .invoices
            .iter()
            .filter(|i| i.invoice.customer_id.as_deref() == Some(s.customer_id.as_str()))
            .map(|i| i.invoice.clone())
            .collect();
        s
    }
}
pub(super) fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

pub(super) fn terms(quantity: u32, units: &DurationUnits) -> String {
    let unit = match units {
        DurationUnits::Days => "day",
        _ => "month",
    };
    if quantity == 1 {
        format!("1 {unit}")
    } else {
        format!("{quantity} {unit}s")
    }
}

/// `from` plus `quantity` `units` (a month keeps its day, clamped to the month's length).
pub(super) fn add(from: OffsetDateTime, quantity: u32, units: &DurationUnits) -> OffsetDateTime {
    match units {
        DurationUnits::Days => from + time::Duration::days(i64::from(quantity)),
        _ => {
            let total = i64::from(from.month() as u8) - 1 + i64::from(quantity);
            let year = from.year() + i32::try_from(total / 12).unwrap_or(0);
            let month = time::Month::try_from(u8::try_from(total % 12 + 1).unwrap_or(1))
                .unwrap_or(time::Month::January);
            let day = from.day().min(time::util::days_in_month(month, year));
            time::Date::from_calendar_date(year, month, day)
                .map(|d| from.replace_date(d))
                .unwrap_or(from)
        }
    }
}

pub(super) fn new_subscriber(
    state: &mut State,
    customer_id: &str,
    screen_name: Option<&str>,
    email: Option<&str>,
) -> Subscriber {
    let token = state.fresh_token(0x5eed_0000);
    let now = now();
    Subscriber {
        customer_id: customer_id.to_owned(),
        screen_name: screen_name.map(str::to_owned),
        email: email.map(str::to_owned),
        token: Some(token),
        active: false,
        active_until: None,
        on_trial: false,
        on_gift: false,
        on_metered: false,
        recurring: false,
        eligible_for_free_trial: true,
        eligible_for_setup_fee: true,
        lifetime_subscription: false,
        feature_level: None,
        subscription_plan_name: None,
        card_expires_before_next_auto_renew: false,
        grace_until: None,
        in_grace_period: false,
        ready_to_renew: false,
        ready_to_renew_since: None,
        store_credit: Some(Decimal::new(0, 1)),
        store_credit_currency_code: Some("USD".into()),
        billing_first_name: None,
        billing_last_name: None,
        billing_address1: None,
        billing_city: None,
        billing_state: None,
        billing_zip: None,
        billing_country: None,
        billing_phone_number: None,
        payment_account_on_file: false,
        payment_account_display: None,
        pagination_id: None,
        invoices: Vec::new(),
        created_at: Some(now),
        updated_at: Some(now),
    }
}

pub(super) fn record_transaction(
    state: &mut State,
    customer_id: &str,
    amount: Decimal,
    description: &str,
    invoice: Option<u64>,
) -> Transaction {
    let id = state.next_transaction;
    state.next_transaction += 1;
    let t = new_transaction(id, customer_id, amount, description, invoice);
    state.transactions.push(t.clone());
    t
}

/// A transaction of now, not recorded.
pub(super) fn new_transaction(
    id: u64,
    customer_id: &str,
    amount: Decimal,
    description: &str,
    invoice: Option<u64>,
) -> Transaction {
    let now = now();
    Transaction {
        id,
        amount: Some(amount),
        price: Some(price(amount)),
        currency_code: Some("USD".into()),
        description: Some(description.to_owned()),
        detail_type: Some("Subscription".into()),
        subscriber_customer_id: Some(customer_id.to_owned()),
        invoice_id: invoice,
        terms: None,
        detail: Some(TransactionDetail::default()),
        start_time: Some(now),
        expires_at: None,
        created_at: Some(now),
        updated_at: Some(now),
    }
}

pub(super) fn price(amount: Decimal) -> String {
    format!("${:.2}", amount)
}
