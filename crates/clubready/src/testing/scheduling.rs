//! The simulator's scheduling: the class schedule (at most 7 days a call), rosters, booking
//! checks, bookings that use credits and fill spots, a wait list whose first member with a
//! credit takes a spot that frees up, status changes, events (at most 24 hours a call) and
//! credits.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use super::routes::{Call, Reply, declined, ok, status};
use super::state::{SimClass, SimEvent, State};
use super::{CHAIN_ID, RecordedBooking, STORE_ID};
use crate::{ClassSession, wire};

const OPEN: i32 = 2;
const WITHIN_POLICY: i32 = 3;
const OUTSIDE_POLICY: i32 = 4;
const WAIT_LISTED: i32 = 12;

fn booked(state: &State, schedule_id: u64) -> i64 {
    state
        .bookings
        .iter()
        .filter(|b| b.schedule_id == schedule_id && b.status_id == OPEN)
        .count() as i64
}

pub(super) fn session(state: &State, c: &SimClass) -> ClassSession {
    ClassSession {
        class_id: Some(1),
        schedule_id: c.schedule_id,
        date: Some(c.class.date),
        title: Some(c.class.title.clone()),
        description: None,
        start_time: Some(c.class.start),
        end_time: Some(c.class.end),
        instructor_first_name: None,
        instructor_last_name: None,
        can_directly_book_public: true,
        free_spots: Some(c.class.max_spots - booked(state, c.schedule_id)),
        max_spots: Some(c.class.max_spots),
    }
}

fn session_json(state: &State, c: &SimClass) -> Value {
    json!({
        "ClassId": 1, "ScheduleId": c.schedule_id, "Date": wire::club_date(c.class.date),
        "Title": c.class.title, "StartTime": wire::club_time(c.class.start),
        "EndTime": wire::club_time(c.class.end), "CanDirectlyBookPublic": true,
        "FreeSpots": c.class.max_spots - booked(state, c.schedule_id),
        "MaxSpots": c.class.max_spots,
    })
}

fn parse_utc(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

fn event(state: &mut State, b: &RecordedBooking, booked_from_wait_list: bool) {
    state.events.push(SimEvent {
        user_id: b.user_id,
        booking_id: b.booking_id,
        schedule_id: b.schedule_id,
        status_id: b.status_id,
        at: OffsetDateTime::now_utc(),
        booked_from_wait_list,
    });
}

/// A spot of `schedule_id` may have freed up: the first wait-listed booking (in the order
/// they were made) whose user has a credit takes it and uses the credit.
fn promote(state: &mut State, schedule_id: u64) {
    let Some(max) = state
        .classes
        .iter()
        .find(|c| c.schedule_id == schedule_id)
        .map(|c| c.class.max_spots)
    else {
        return;
    };
    if booked(state, schedule_id) >= max {
        return;
    }
    let mut waiting: Vec<usize> = (0..state.bookings.len())
        .filter(|&i| {
            let b = &state.bookings[i];
            b.schedule_id == schedule_id && b.status_id == WAIT_LISTED
        })
        .collect();
    waiting.sort_by_key(|&i| state.bookings[i].booking_id);
    for i in waiting {
        let user = state.bookings[i].user_id;
        let Some(u) = state.user_mut(user).filter(|u| u.credits > 0) else {
            continue;
        };
        u.credits -= 1;
        state.bookings[i].status_id = OPEN;
        let b = state.bookings[i].clone();
        event(state, &b, true);
        return;
    }
}

pub(super) fn handle(op: &'static str, call: &Call, state: &mut State) -> Reply {
    let p = &call.p;
    match op {
        "clubready.get_class_schedule" => {
            let (Some(from), Some(to)) = (
                p.text("FromDate").and_then(|d| wire::parse_club_date(&d)),
                p.text("ToDate").and_then(|d| wire::parse_club_date(&d)),
            ) else {
                return status(400, "ArgumentException", "FromDate and ToDate are required");
            };
            if to < from || to - from >= Duration::days(crate::MAX_SCHEDULE_DAYS) {
                return status(
                    400,
                    "ArgumentException",
                    "The date range may not exceed 7 days",
                );
            }
            let mut classes: Vec<&SimClass> = state
                .classes
                .iter()
                .filter(|c| c.class.date >= from && c.class.date <= to)
                .collect();
            classes.sort_by_key(|c| (c.class.date, c.class.start, c.schedule_id));
            let rows = classes.into_iter().map(|c| session_json(state, c));
            Reply::Data(200, Value::Array(rows.collect()))
        }
        "clubready.get_class_roster" => {
            let id = p.id("ClassScheduleId");
            let Some(c) = state.classes.iter().find(|c| Some(c.schedule_id) == id) else {
                return declined("Class not found");
            };
            let entry = |b: &RecordedBooking| {
                json!({"BookingId": b.booking_id, "UserId": b.user_id,
                    "BookingStatusId": b.status_id})
            };
            let list = |s: i32| -> Vec<Value> {
                let mut rows: Vec<&RecordedBooking> = state
                    .bookings
                    .iter()
                    .filter(|b| b.schedule_id == c.schedule_id && b.status_id == s)
                    .collect();
                rows.sort_by_key(|b| b.booking_id);
                rows.into_iter().map(entry).collect()
            };
            let (roster, wait) = (list(OPEN), list(WAIT_LISTED));
            ok(
                json!({"Success": true, "ClassDate": wire::club_date(c.class.date),
                "FreeSpots": c.class.max_spots - roster.len() as i64,
                "MaxSpots": c.class.max_spots, "TotalBooked": roster.len(),
                "ClassRoster": roster, "WaitList": wait}),
            )
        }
        "clubready.get_booking_status" => {
            let (Some(id), Some(user)) = (p.id("ClassScheduleId"), p.id("UserId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "ClassScheduleId and UserId are required",
                );
            };
            let credits = state.user(user).map_or(0, |u| u.credits);
            let mine = |s: i32| {
                state
                    .bookings
                    .iter()
                    .any(|b| b.schedule_id == id && b.user_id == user && b.status_id == s)
            };
            ok(
                json!({"Success": true, "CanBook": credits > 0 && !mine(OPEN),
                "ConsumesCredit": true, "AvailableCredits": credits, "IsBooked": mine(OPEN),
                "IsWaitListed": mine(WAIT_LISTED), "CancelHours": 12}),
            )
        }
        "clubready.book_class" => book(call, state),
        "clubready.update_booking_status" => {
            let (Some(booking_id), Some(new_status)) = (p.id("BookingId"), p.id("StatusId")) else {
                return status(
                    400,
                    "ArgumentException",
                    "BookingId and StatusId are required",
                );
            };
            let Some(index) = state
                .bookings
                .iter()
                .position(|b| b.booking_id == booking_id)
            else {
                return declined("Booking not found");
            };
            let old = state.bookings[index].status_id;
            let new_status = new_status as i32;
            state.bookings[index].status_id = new_status;
            let b = state.bookings[index].clone();
            if old == OPEN && new_status == WITHIN_POLICY {
                // Within the cancel policy the credit comes back; outside it, it is lost.
                if let Some(u) = state.user_mut(b.user_id) {
                    u.credits += 1;
                }
            }
            event(state, &b, false);
            if old == OPEN && matches!(new_status, WITHIN_POLICY | OUTSIDE_POLICY) {
                promote(state, b.schedule_id);
            }
            ok(json!({"Success": true, "Message": "Status updated"}))
        }
        "clubready.cancel_wait_list" => {
            let user = call.seg_id(1);
            let id = p.id("ClassScheduleId");
            let Some(b) = state.bookings.iter_mut().find(|b| {
                Some(b.user_id) == user && Some(b.schedule_id) == id && b.status_id == WAIT_LISTED
            }) else {
                return declined("Not on the wait list");
            };
            b.status_id = WITHIN_POLICY;
            let b = b.clone();
            event(state, &b, false);
            ok(json!({"Success": true}))
        }
        "clubready.get_booking_status_events" => {
            let (Some(from), Some(to)) = (
                p.text("FromDate").and_then(|d| parse_utc(&d)),
                p.text("ToDate").and_then(|d| parse_utc(&d)),
            ) else {
                return status(400, "ArgumentException", "FromDate and ToDate are required");
            };
            if to - from > Duration::hours(24) {
                return status(
                    400,
                    "ArgumentException",
                    "The window may not exceed 24 hours",
                );
            }
            let events: Vec<Value> = state
                .events
                .iter()
                .filter(|e| e.at >= from && e.at < to)
                .map(|e| {
                    json!({"ChainId": CHAIN_ID, "StoreId": STORE_ID, "UserId": e.user_id,
                        "BookingId": e.booking_id, "ClassScheduleId": e.schedule_id,
                        "Status": e.status_id, "BookedFromWaitList": e.booked_from_wait_list})
                })
                .collect();
            ok(json!({"Success": true, "BookingStatusEvents": events}))
        }
        "clubready.get_credit_detail" => {
            let credits = call
                .seg_id(1)
                .and_then(|id| state.user(id))
                .map_or(0, |u| u.credits);
            ok(json!({"Success": true, "TotalAvailable": credits,
                "Credits": [{"ClassId": 1, "Name": "Classes", "Available": credits,
                    "StoreId": STORE_ID}]}))
        }
        _ => status(404, "NotFound", "No such operation"),
    }
}

fn book(call: &Call, state: &mut State) -> Reply {
    let p = &call.p;
    let (Some(user), Some(id)) = (p.id("UserId"), p.id("ScheduleId")) else {
        return status(
            400,
            "ArgumentException",
            "UserId and ScheduleId are required",
        );
    };
    let Some(max) = state
        .classes
        .iter()
        .find(|c| c.schedule_id == id)
        .map(|c| c.class.max_spots)
    else {
        return declined("Class not found");
    };
    let credits = state.user(user).map_or(0, |u| u.credits);
    if credits <= 0 {
        return declined("No credits available for this class");
    }
    let status_id = if booked(state, id) >= max {
        if !p.flag("AllowWaitList") {
            return declined("Class is full");
        }
        WAIT_LISTED
    } else {
        if let Some(u) = state.user_mut(user) {
            u.credits -= 1;
        }
        OPEN
    };
    let booking = RecordedBooking {
        booking_id: state.id(),
        user_id: user,
        schedule_id: id,
        status_id,
    };
    state.bookings.push(booking.clone());
    event(state, &booking, false);
    let message = if status_id == WAIT_LISTED {
        "Wait listed"
    } else {
        "Booked"
    };
    ok(json!({"BookingId": booking.booking_id, "Message": message}))
}
