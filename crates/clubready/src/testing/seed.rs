//! Seeding from JSON in the layout of [`State::to_json`]: every record is read and checked
//! first (fields, types, ids not taken, references to users, classes and packages that
//! exist), and only then added, so that a bad seed adds nothing.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::NewClass;
use super::record::{R, Rec, Taken, check_ref};
use super::state::{
    SimAgreement, SimClass, SimEvent, SimGuestPass, SimPackage, SimProfile, SimSale, SimStaff,
    SimStaffType, SimStore, SimUser, State,
};
use super::{RecordedBooking, RecordedSale};

/// The sections [`seed`] reads, in the order it reads them.
pub(crate) const SECTIONS: [&str; 13] = [
    "stores",
    "staff_types",
    "staff",
    "users",
    "classes",
    "bookings",
    "booking_status_events",
    "packages",
    "agreements",
    "contracts",
    "acct_token_limits",
    "guest_passes",
    "payment_profiles",
];

/// Records read from a seed, with the ids they gave (none: a new one when added).
#[derive(Default)]
struct Parsed {
    stores: Vec<SimStore>,
    staff_types: Vec<SimStaffType>,
    staff: Vec<SimStaff>,
    users: Vec<(Option<u64>, SimUser)>,
    classes: Vec<(Option<u64>, NewClass)>,
    bookings: Vec<(Option<u64>, RecordedBooking)>,
    events: Vec<SimEvent>,
    packages: Vec<(Option<u64>, SimPackage)>,
    agreements: Vec<(String, SimAgreement)>,
    contracts: Vec<(Option<u64>, RecordedSale)>,
    limits: Vec<(String, Decimal)>,
    passes: Vec<(Option<u64>, SimGuestPass)>,
    profiles: Vec<SimProfile>,
}

fn items<'a>(seed: &'a Map<String, Value>, section: &'static str) -> R<&'a [Value]> {
    match seed.get(section) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(format!("{section}: expected a list")),
    }
}

/// Reads and checks a whole seed against `state`; adds it only when all of it is valid.
pub(crate) fn seed(state: &mut State, seed: &Value) -> R<()> {
    let Value::Object(seed) = seed else {
        return Err("the seed must be a JSON object of sections".into());
    };
    if let Some(unknown) = seed.keys().find(|k| !SECTIONS.contains(&k.as_str())) {
        return Err(format!(
            "unknown section `{unknown}` (known: {})",
            SECTIONS.join(", ")
        ));
    }
    let parsed = parse(state, seed)?;
    apply(state, parsed);
    Ok(())
}

fn parse(state: &State, seed: &Map<String, Value>) -> R<Parsed> {
    let mut out = Parsed::default();
    let mut stores = Taken::of(state.stores.iter().map(|s| s.store_id));
    for (i, v) in items(seed, "stores")?.iter().enumerate() {
        let mut r = Rec::new("stores", i, v)?;
        let store = SimStore {
            store_id: r.req("store_id", Rec::u64)?,
            name: r.req("name", Rec::text)?,
        };
        r.finish()?;
        // A built-in seeded again as it is: nothing to add.
        if state
            .stores
            .iter()
            .any(|s| s.store_id == store.store_id && s.name == store.name)
        {
            continue;
        }
        stores.claim(&Rec::new("stores", i, v)?, "store_id", Some(store.store_id))?;
        out.stores.push(store);
    }
    let mut types = Taken::of(state.staff_types.iter().map(|t| t.id));
    for (i, v) in items(seed, "staff_types")?.iter().enumerate() {
        let mut r = Rec::new("staff_types", i, v)?;
        let kind = SimStaffType {
            id: r.req("id", Rec::u64)?,
            title: r.req("title", Rec::text)?,
        };
        r.finish()?;
        if state
            .staff_types
            .iter()
            .any(|t| t.id == kind.id && t.title == kind.title)
        {
            continue;
        }
        types.claim(&Rec::new("staff_types", i, v)?, "id", Some(kind.id))?;
        out.staff_types.push(kind);
    }
    let mut staff = Taken::of(state.staff.iter().map(|s| s.user_id));
    for (i, v) in items(seed, "staff")?.iter().enumerate() {
        let mut r = Rec::new("staff", i, v)?;
        let member = SimStaff {
            user_id: r.req("user_id", Rec::u64)?,
            first_name: r.req("first_name", Rec::text)?,
            last_name: r.req("last_name", Rec::text)?,
            staff_type_id: r.req("staff_type_id", Rec::u64)?,
        };
        check_ref(
            &r,
            "staff_type_id",
            &types,
            member.staff_type_id,
            "staff type",
        )?;
        r.finish()?;
        let same = |s: &&SimStaff| {
            s.user_id == member.user_id
                && s.first_name == member.first_name
                && s.last_name == member.last_name
                && s.staff_type_id == member.staff_type_id
        };
        if state.staff.iter().any(|s| same(&s)) {
            continue;
        }
        staff.claim(&Rec::new("staff", i, v)?, "user_id", Some(member.user_id))?;
        out.staff.push(member);
    }
    let mut users = Taken::of(state.users.iter().map(|u| u.user_id));
    for (i, v) in items(seed, "users")?.iter().enumerate() {
        let mut r = Rec::new("users", i, v)?;
        let id = r.u64("user_id")?;
        users.claim(&r, "user_id", id)?;
        let user = SimUser {
            user_id: id.unwrap_or_default(),
            first_name: r.req("first_name", Rec::text)?,
            last_name: r.req("last_name", Rec::text)?,
            email: r.req("email", Rec::text)?,
            phone: r.text("phone")?,
            barcode: r.text("barcode")?.unwrap_or_default(),
            username: r.text("username")?,
            password: r.text("password")?,
            member: r.flag("member")?.unwrap_or(false),
            credits: r.i64("credits")?.unwrap_or(0),
        };
        r.finish()?;
        out.users.push((id, user));
    }
    let mut classes = Taken::of(state.classes.iter().map(|c| c.schedule_id));
    for (i, v) in items(seed, "classes")?.iter().enumerate() {
        let mut r = Rec::new("classes", i, v)?;
        let id = r.u64("schedule_id")?;
        classes.claim(&r, "schedule_id", id)?;
        let class = NewClass::new(
            r.req("date", Rec::date)?,
            r.req("start_time", Rec::time)?,
            r.req("end_time", Rec::time)?,
            r.req("title", Rec::text)?,
            r.req("max_spots", Rec::i64)?,
        );
        if class.max_spots < 0 {
            return Err(r.err("max_spots", "must not be negative"));
        }
        r.finish()?;
        out.classes.push((id, class));
    }
    let mut bookings = Taken::of(state.bookings.iter().map(|b| b.booking_id));
    for (i, v) in items(seed, "bookings")?.iter().enumerate() {
        let mut r = Rec::new("bookings", i, v)?;
        let id = r.u64("booking_id")?;
        bookings.claim(&r, "booking_id", id)?;
        let booking = RecordedBooking {
            booking_id: id.unwrap_or_default(),
            user_id: r.req("user_id", Rec::u64)?,
            schedule_id: r.req("schedule_id", Rec::u64)?,
            status_id: status(&mut r)?,
        };
        check_ref(&r, "user_id", &users, booking.user_id, "user")?;
        check_ref(&r, "schedule_id", &classes, booking.schedule_id, "class")?;
        r.finish()?;
        out.bookings.push((id, booking));
    }
    for (i, v) in items(seed, "booking_status_events")?.iter().enumerate() {
        let mut r = Rec::new("booking_status_events", i, v)?;
        out.events.push(SimEvent {
            user_id: r.req("user_id", Rec::u64)?,
            booking_id: r.req("booking_id", Rec::u64)?,
            schedule_id: r.req("schedule_id", Rec::u64)?,
            status_id: status(&mut r)?,
            at: r.req("at", Rec::instant)?,
            booked_from_wait_list: r.flag("booked_from_wait_list")?.unwrap_or(false),
        });
        r.finish()?;
    }
    let mut packages = Taken::of(state.packages.iter().map(|p| p.id));
    for (i, v) in items(seed, "packages")?.iter().enumerate() {
        let mut r = Rec::new("packages", i, v)?;
        let id = r.u64("id")?;
        packages.claim(&r, "id", id)?;
        let package = SimPackage {
            id: id.unwrap_or_default(),
            name: r.req("name", Rec::text)?,
            price: r.req("price", Rec::decimal)?,
        };
        r.finish()?;
        out.packages.push((id, package));
    }
    let mut tokens: BTreeSet<String> = state.agreements.keys().cloned().collect();
    for (i, v) in items(seed, "agreements")?.iter().enumerate() {
        let mut r = Rec::new("agreements", i, v)?;
        let token = r.req("incomplete_agreement_token", Rec::text)?;
        if !tokens.insert(token.clone()) {
            return Err(r.err("incomplete_agreement_token", "is already taken"));
        }
        let member_id = r.req("member_id", Rec::u64)?;
        let package_id = r.req("package_id", Rec::u64)?;
        check_ref(&r, "member_id", &users, member_id, "user")?;
        check_ref(&r, "package_id", &packages, package_id, "package")?;
        let contract_id = r.u64("contract_id")?.unwrap_or(package_id + 500_000);
        r.finish()?;
        out.agreements.push((
            token,
            SimAgreement {
                member_id,
                package_id,
                contract_id,
            },
        ));
    }
    let mut sales = Taken::of(state.sales.iter().map(|s| s.sale_id));
    for (i, v) in items(seed, "contracts")?.iter().enumerate() {
        let mut r = Rec::new("contracts", i, v)?;
        let id = r.u64("sale_id")?;
        sales.claim(&r, "sale_id", id)?;
        let sale = RecordedSale {
            member_id: r.req("member_id", Rec::u64)?,
            contract_id: r.req("contract_id", Rec::u64)?,
            amount: r.req("amount", Rec::decimal)?,
            payments: r.decimals("payments")?,
        };
        check_ref(&r, "member_id", &users, sale.member_id, "user")?;
        r.finish()?;
        out.contracts.push((id, sale));
    }
    for (i, v) in items(seed, "acct_token_limits")?.iter().enumerate() {
        let mut r = Rec::new("acct_token_limits", i, v)?;
        out.limits.push((
            r.req("acct_token", Rec::text)?,
            r.req("approves", Rec::decimal)?,
        ));
        r.finish()?;
    }
    let mut passes = Taken::of(state.guest_passes.iter().map(|p| p.guest_pass_id));
    for (i, v) in items(seed, "guest_passes")?.iter().enumerate() {
        let mut r = Rec::new("guest_passes", i, v)?;
        let id = r.u64("guest_pass_id")?;
        passes.claim(&r, "guest_pass_id", id)?;
        let pass = SimGuestPass {
            guest_pass_id: id.unwrap_or_default(),
            user_id: r.req("user_id", Rec::u64)?,
            guest_pass_type_id: r.req("guest_pass_type_id", Rec::u64)?,
            activated: r.date("activated")?,
            expires: r.date("expires")?,
        };
        check_ref(&r, "user_id", &users, pass.user_id, "user")?;
        r.finish()?;
        out.passes.push((id, pass));
    }
    let mut profiles: BTreeSet<String> = state
        .profiles
        .iter()
        .map(|p| p.profile_token.clone())
        .collect();
    for (i, v) in items(seed, "payment_profiles")?.iter().enumerate() {
        let mut r = Rec::new("payment_profiles", i, v)?;
        let profile = SimProfile {
            profile_token: r.req("profile_token", Rec::text)?,
            acct_token: r.text("acct_token")?,
            new_owner_id: r.u64("new_owner_id")?,
        };
        if !profiles.insert(profile.profile_token.clone()) {
            return Err(r.err("profile_token", "was already imported"));
        }
        r.finish()?;
        out.profiles.push(profile);
    }
    Ok(out)
}

/// A booking status: a ClubReady status number.
fn status(r: &mut Rec<'_>) -> R<i32> {
    let id = r.req("status_id", Rec::i64)?;
    match id {
        2..=6 | 12 => Ok(id as i32),
        _ => Err(r.err(
            "status_id",
            format!("{id} is not a booking status (2-6, 12)"),
        )),
    }
}

fn apply(state: &mut State, p: Parsed) {
    state.stores.extend(p.stores);
    state.staff_types.extend(p.staff_types);
    state.staff.extend(p.staff);
    // Records with their own ids first, so that new ids come after them.
    let ids = p
        .users
        .iter()
        .map(|(id, _)| *id)
        .chain(p.classes.iter().map(|(id, _)| *id))
        .chain(p.bookings.iter().map(|(id, _)| *id))
        .chain(p.packages.iter().map(|(id, _)| *id))
        .chain(p.contracts.iter().map(|(id, _)| *id))
        .chain(p.passes.iter().map(|(id, _)| *id))
        .flatten()
        .collect::<Vec<_>>();
    for id in ids {
        state.saw_id(id);
    }
    for (id, mut user) in p.users {
        user.user_id = id.unwrap_or_else(|| state.id());
        if user.barcode.is_empty() {
            user.barcode = format!("B{}", user.user_id);
        }
        state.users.push(user);
    }
    for (id, class) in p.classes {
        let schedule_id = id.unwrap_or_else(|| state.id());
        state.classes.push(SimClass { schedule_id, class });
    }
    for (id, mut booking) in p.bookings {
        booking.booking_id = id.unwrap_or_else(|| state.id());
        state.bookings.push(booking);
    }
    state.events.extend(p.events);
    for (id, mut package) in p.packages {
        package.id = id.unwrap_or_else(|| state.id());
        state.packages.push(package);
    }
    state.agreements.extend(p.agreements);
    for (id, sale) in p.contracts {
        let sale_id = id.unwrap_or_else(|| state.id());
        state.sales.push(SimSale { sale_id, sale });
    }
    state.token_limits.extend(p.limits);
    for (id, mut pass) in p.passes {
        pass.guest_pass_id = id.unwrap_or_else(|| state.id());
        state.guest_passes.push(pass);
    }
    state.profiles.extend(p.profiles);
}
