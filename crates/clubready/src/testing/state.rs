//! What the simulator holds, and its JSON form ([`State::to_json`], the layout
//! `Simulator::state` shows and `Simulator::seed` reads).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{NewClass, RecordedBooking, RecordedSale, STORE_ID};
use crate::wire;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SimUser {
    pub(crate) user_id: u64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) email: String,
    pub(crate) phone: Option<String>,
    pub(crate) barcode: String,
    pub(crate) username: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) member: bool,
    pub(crate) credits: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct SimClass {
    pub(crate) schedule_id: u64,
    pub(crate) class: NewClass,
}

#[derive(Debug, Clone)]
pub(crate) struct SimPackage {
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) price: Decimal,
}

impl SimPackage {
    /// The contract the package sells under.
    pub(crate) fn contract_id(&self) -> u64 {
        self.id + 500_000
    }

    /// Its one installment plan.
    pub(crate) fn installment_id(&self) -> u64 {
        self.id + 1
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SimEvent {
    pub(crate) user_id: u64,
    pub(crate) booking_id: u64,
    pub(crate) schedule_id: u64,
    pub(crate) status_id: i32,
    pub(crate) at: OffsetDateTime,
    pub(crate) booked_from_wait_list: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SimAgreement {
    pub(crate) member_id: u64,
    pub(crate) package_id: u64,
    pub(crate) contract_id: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct SimSale {
    pub(crate) sale_id: u64,
    pub(crate) sale: RecordedSale,
}

#[derive(Debug, Clone)]
pub(crate) struct SimGuestPass {
    pub(crate) guest_pass_id: u64,
    pub(crate) user_id: u64,
    pub(crate) guest_pass_type_id: u64,
    pub(crate) activated: Option<time::Date>,
    pub(crate) expires: Option<time::Date>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimProfile {
    pub(crate) profile_token: String,
    pub(crate) acct_token: Option<String>,
    pub(crate) new_owner_id: Option<u64>,
}

#[derive(Debug, Clone)]
pub(crate) struct SimStore {
    pub(crate) store_id: u64,
    pub(crate) name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct SimStaff {
    pub(crate) user_id: u64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) staff_type_id: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct SimStaffType {
    pub(crate) id: u64,
    pub(crate) title: String,
}

/// Everything the simulator holds. [`State::new`] is the state right after start: no
/// users, classes or packages; one club of one chain, one instructor.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) next_id: u64,
    pub(crate) users: Vec<SimUser>,
    pub(crate) classes: Vec<SimClass>,
    pub(crate) bookings: Vec<RecordedBooking>,
    pub(crate) events: Vec<SimEvent>,
    pub(crate) packages: Vec<SimPackage>,
    pub(crate) agreements: BTreeMap<String, SimAgreement>,
    pub(crate) sales: Vec<SimSale>,
    pub(crate) token_limits: BTreeMap<String, Decimal>,
    pub(crate) guest_passes: Vec<SimGuestPass>,
    pub(crate) profiles: Vec<SimProfile>,
    pub(crate) stores: Vec<SimStore>,
    pub(crate) staff: Vec<SimStaff>,
    pub(crate) staff_types: Vec<SimStaffType>,
}

impl State {
    pub(crate) fn new() -> State {
        State {
            next_id: 0,
            users: Vec::new(),
            classes: Vec::new(),
            bookings: Vec::new(),
            events: Vec::new(),
            packages: Vec::new(),
            agreements: BTreeMap::new(),
            sales: Vec::new(),
            token_limits: BTreeMap::new(),
            guest_passes: Vec::new(),
            profiles: Vec::new(),
            stores: vec![SimStore {
                store_id: STORE_ID,
                name: "Simulated Club".into(),
            }],
            staff: vec![SimStaff {
                user_id: 1,
                first_name: "Sam".into(),
                last_name: "Coach".into(),
                staff_type_id: 1,
            }],
            staff_types: vec![SimStaffType {
                id: 1,
                title: "Instructor".into(),
            }],
        }
    }

    /// A fresh id (users, classes, bookings, packages, agreements, sales and passes share
    /// one sequence).
    pub(crate) fn id(&mut self) -> u64 {
        self.next_id += 1;
        1000 + self.next_id
    }

    /// Makes sure later ids come after `id` (a seeded record kept its own).
    pub(crate) fn saw_id(&mut self, id: u64) {
        self.next_id = self.next_id.max(id.saturating_sub(1000));
    }

    pub(crate) fn user(&self, user_id: u64) -> Option<&SimUser> {
        self.users.iter().find(|u| u.user_id == user_id)
    }

    pub(crate) fn user_mut(&mut self, user_id: u64) -> Option<&mut SimUser> {
        self.users.iter_mut().find(|u| u.user_id == user_id)
    }

    /// Every collection as JSON, in a stable order (by id; events, profiles and token
    /// limits as they came).
    pub(crate) fn to_json(&self) -> Value {
        let mut users = self.users.clone();
        users.sort_by_key(|u| u.user_id);
        let mut classes = self.classes.clone();
        classes.sort_by_key(|c| c.schedule_id);
        let mut bookings = self.bookings.clone();
        bookings.sort_by_key(|b| b.booking_id);
        let mut packages = self.packages.clone();
        packages.sort_by_key(|p| p.id);
        let mut sales = self.sales.clone();
        sales.sort_by_key(|s| s.sale_id);
        let mut passes = self.guest_passes.clone();
        passes.sort_by_key(|p| p.guest_pass_id);
        let mut stores = self.stores.clone();
        stores.sort_by_key(|s| s.store_id);
        let mut staff = self.staff.clone();
        staff.sort_by_key(|s| s.user_id);
        let mut staff_types = self.staff_types.clone();
        staff_types.sort_by_key(|t| t.id);
        json!({
            "users": users.iter().map(|u| json!({
                "user_id": u.user_id, "first_name": u.first_name, "last_name": u.last_name,
                "email": u.email, "phone": u.phone, "barcode": u.barcode,
                "username": u.username, "password": u.password, "member": u.member,
                "credits": u.credits,
            })).collect::<Vec<_>>(),
            "classes": classes.iter().map(|c| json!({
                "schedule_id": c.schedule_id, "date": wire::iso_date(c.class.date),
                "start_time": hm(c.class.start), "end_time": hm(c.class.end),
                "title": c.class.title, "max_spots": c.class.max_spots,
            })).collect::<Vec<_>>(),
            "bookings": bookings.iter().map(|b| json!({
                "booking_id": b.booking_id, "user_id": b.user_id,
                "schedule_id": b.schedule_id, "status_id": b.status_id,
            })).collect::<Vec<_>>(),
            "booking_status_events": self.events.iter().map(|e| json!({
                "user_id": e.user_id, "booking_id": e.booking_id,
                "schedule_id": e.schedule_id, "status_id": e.status_id,
                "at": e.at.format(&Rfc3339).unwrap_or_default(),
                "booked_from_wait_list": e.booked_from_wait_list,
            })).collect::<Vec<_>>(),
            "packages": packages.iter().map(|p| json!({
                "id": p.id, "name": p.name, "price": p.price.to_string(),
            })).collect::<Vec<_>>(),
            "agreements": self.agreements.iter().map(|(token, a)| json!({
                "incomplete_agreement_token": token, "member_id": a.member_id,
                "package_id": a.package_id, "contract_id": a.contract_id,
            })).collect::<Vec<_>>(),
            "contracts": sales.iter().map(|s| json!({
                "sale_id": s.sale_id, "member_id": s.sale.member_id,
                "contract_id": s.sale.contract_id, "amount": s.sale.amount.to_string(),
                "payments": s.sale.payments.iter().map(Decimal::to_string).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "acct_token_limits": self.token_limits.iter().map(|(token, approves)| json!({
                "acct_token": token, "approves": approves.to_string(),
            })).collect::<Vec<_>>(),
            "guest_passes": passes.iter().map(|p| json!({
                "guest_pass_id": p.guest_pass_id, "user_id": p.user_id,
                "guest_pass_type_id": p.guest_pass_type_id,
                "activated": p.activated.map(wire::iso_date),
                "expires": p.expires.map(wire::iso_date),
            })).collect::<Vec<_>>(),
            "payment_profiles": self.profiles.iter().map(|p| json!({
                "profile_token": p.profile_token, "acct_token": p.acct_token,
                "new_owner_id": p.new_owner_id,
            })).collect::<Vec<_>>(),
            "stores": stores.iter().map(|s| json!({
                "store_id": s.store_id, "name": s.name,
            })).collect::<Vec<_>>(),
            "staff": staff.iter().map(|s| json!({
                "user_id": s.user_id, "first_name": s.first_name, "last_name": s.last_name,
                "staff_type_id": s.staff_type_id,
            })).collect::<Vec<_>>(),
            "staff_types": staff_types.iter().map(|t| json!({
                "id": t.id, "title": t.title,
            })).collect::<Vec<_>>(),
        })
    }
}

/// `18:30`.
fn hm(t: time::Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}
