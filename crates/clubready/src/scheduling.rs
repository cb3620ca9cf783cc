//! Scheduling: the class schedule, rosters, booking checks, bookings and their status.

use paykit_core::reqwest::Method;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Time};

use crate::error::Error;
use crate::values::{Ack, BookingStatus};
use crate::{Client, wire};

/// The longest window ClubReady's class schedule answers in one call, in days.
pub const MAX_SCHEDULE_DAYS: i64 = 7;

/// One class session of the schedule. Dates and times are the club's local ones, as
/// ClubReady sends them (no offset): never converted through any time zone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ClassSession {
    /// The class (the kind of class).
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub class_id: Option<u64>,
    /// The session: what [`Client::book_class`] books.
    pub schedule_id: u64,
    /// The day, club-local (sent `M-D-YYYY`).
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub date: Option<Date>,
    /// The title; it may end in ` - <location>` ([`ClassSession::location`]).
    #[serde(default)]
    pub title: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// Start, club-local (sent `8:30 PM`).
    #[serde(default, deserialize_with = "wire::time_opt::deserialize")]
    pub start_time: Option<Time>,
    /// End, club-local.
    #[serde(default, deserialize_with = "wire::time_opt::deserialize")]
    pub end_time: Option<Time>,
    /// Instructor's first name.
    #[serde(default)]
    pub instructor_first_name: Option<String>,
    /// Instructor's last name.
    #[serde(default)]
    pub instructor_last_name: Option<String>,
    /// Whether the public may book it directly (`false`: a day-pass product).
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub can_directly_book_public: bool,
    /// Free spots.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub free_spots: Option<i64>,
    /// Spots in all.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub max_spots: Option<i64>,
}

impl ClassSession {
    /// The location at the end of the title (`Yoga - Studio B` → `Studio B`), if any.
    pub fn location(&self) -> Option<&str> {
        self.title
            .as_deref()
            .and_then(|t| t.rsplit_once(" - "))
            .map(|(_, l)| l.trim())
    }

    /// The title without the location.
    pub fn name(&self) -> Option<&str> {
        self.title
            .as_deref()
            .map(|t| t.rsplit_once(" - ").map_or(t, |(n, _)| n.trim()))
    }
}

/// The schedule window: `ClassScheduleFilter::new(from, to)`, both days included. A window
/// longer than ClubReady's 7 days is split into 7-day calls, answered merged in order.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClassScheduleFilter {
    pub(crate) from: Date,
    pub(crate) to: Date,
}

impl ClassScheduleFilter {
    /// The classes from `from` to `to`, both included.
    pub fn new(from: Date, to: Date) -> Self {
        ClassScheduleFilter { from, to }
    }

    /// The 7-day windows, in order.
    pub(crate) fn windows(&self) -> Vec<(Date, Date)> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let end = start
                .checked_add(Duration::days(MAX_SCHEDULE_DAYS - 1))
                .map_or(self.to, |e| e.min(self.to));
            out.push((start, end));
            match end.next_day() {
                Some(next) => start = next,
                None => break,
            }
        }
        out
    }
}

/// A class's roster and wait list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ClassRoster {
    /// The class's day (club-local).
    #[serde(default, deserialize_with = "wire::date_opt::deserialize")]
    pub class_date: Option<Date>,
    /// Free spots.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub free_spots: Option<i64>,
    /// Spots in all.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub max_spots: Option<i64>,
    /// Bookings.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub total_booked: Option<i64>,
    /// In person or virtual.
    #[serde(default, deserialize_with = "wire::text")]
    pub location_type: Option<String>,
    /// The link of a virtual class.
    #[serde(default)]
    pub virtual_link: Option<String>,
    /// Who is booked (full member details).
    #[serde(default)]
    pub class_roster: Vec<RosterEntry>,
    /// Who waits.
    #[serde(default)]
    pub wait_list: Vec<RosterEntry>,
}

/// One person on a roster or wait list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct RosterEntry {
    /// The booking.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub booking_id: Option<u64>,
    /// The user.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub user_id: Option<u64>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// When the booking was made, as sent.
    #[serde(default, deserialize_with = "wire::text")]
    pub booking_made: Option<String>,
    /// First booking of this user.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub first_time_booking: bool,
    /// The package the credit came from.
    #[serde(default)]
    pub package_name: Option<String>,
    /// Its id.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub package_id: Option<u64>,
    /// Whether the user is a member.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub is_member: bool,
    /// Credits left.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub credits_remaining: Option<i64>,
    /// The booking's status.
    #[serde(default, deserialize_with = "status_opt")]
    pub booking_status_id: Option<BookingStatus>,
    /// Its description.
    #[serde(default)]
    pub booking_status_description: Option<String>,
}

pub(crate) fn status_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<BookingStatus>, D::Error> {
    Ok(wire::text(d)?.map(|t| BookingStatus::parse(&t)))
}

/// Whether a user can book a class.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BookingCheck {
    /// Whether a booking would be accepted.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub can_book: bool,
    /// Whether it uses a credit.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub consumes_credit: bool,
    /// Where the credit would come from.
    #[serde(default, deserialize_with = "wire::text")]
    pub source: Option<String>,
    /// Credits available.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub available_credits: Option<i64>,
    /// Already booked.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub is_booked: bool,
    /// Already on the wait list.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub is_wait_listed: bool,
    /// Hours before the class a cancellation is within policy.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub cancel_hours: Option<i64>,
    /// How long before the class booking closes.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub lead_time: Option<i64>,
    /// How far ahead booking opens.
    #[serde(default, deserialize_with = "wire::int_opt::deserialize")]
    pub max_lead_time: Option<i64>,
    /// The server's message.
    #[serde(default, deserialize_with = "wire::text")]
    pub message: Option<String>,
}

/// A booking to make: `NewBooking::new(user_id, schedule_id)`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NewBooking {
    pub(crate) user_id: u64,
    pub(crate) schedule_id: u64,
    pub(crate) allow_wait_list: bool,
}

impl NewBooking {
    /// Books `user_id` into the session `schedule_id` ([`ClassSession::schedule_id`]).
    pub fn new(user_id: u64, schedule_id: u64) -> Self {
        NewBooking {
            user_id,
            schedule_id,
            allow_wait_list: false,
        }
    }

    /// Puts the user on the wait list when the class is full (default `false`).
    pub fn allow_wait_list(mut self, allow: bool) -> Self {
        self.allow_wait_list = allow;
        self
    }
}

/// A booking made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Booking {
    /// The booking (none when only wait-listed, with some servers).
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub booking_id: Option<u64>,
    /// The server's message.
    #[serde(default, deserialize_with = "wire::text")]
    pub message: Option<String>,
}

/// Which side of the cancel policy a cancellation is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CancelPolicy {
    /// Within the policy: the credit comes back (status 3).
    Within,
    /// Outside the policy: the credit is lost (status 4).
    Outside,
}

impl Client {
    /// The class schedule from `from` to `to` (both included): `GET
    /// /scheduling/class-schedule`, one call per 7 days, the answers merged in order.
    /// A window that ends before it starts is [`Error::InvalidInput`].
    pub async fn get_class_schedule(
        &self,
        filter: &ClassScheduleFilter,
    ) -> Result<Vec<ClassSession>, Error> {
        if filter.to < filter.from {
            return Err(Error::invalid("to", "the window ends before it starts"));
        }
        let mut all = Vec::new();
        for (from, to) in filter.windows() {
            let request = self
                .request(
                    "clubready.get_class_schedule",
                    Method::GET,
                    "/scheduling/class-schedule",
                )
                .query("FromDate", wire::iso_date(from))
                .query("ToDate", wire::iso_date(to));
            let sessions: Vec<ClassSession> = self.send(request).await?;
            all.extend(sessions);
        }
        Ok(all)
    }

    /// A class's roster and wait list: `GET /scheduling/class-roster`.
    pub async fn get_class_roster(&self, class_schedule_id: u64) -> Result<ClassRoster, Error> {
        let request = self
            .request(
                "clubready.get_class_roster",
                Method::GET,
                "/scheduling/class-roster",
            )
            .query("ClassScheduleId", class_schedule_id.to_string());
        self.send(request).await
    }

    /// Whether a user can book a class: `GET /scheduling/booking-status-check`.
    pub async fn get_booking_status(
        &self,
        class_schedule_id: u64,
        user_id: u64,
    ) -> Result<BookingCheck, Error> {
        let request = self
            .request(
                "clubready.get_booking_status",
                Method::GET,
                "/scheduling/booking-status-check",
            )
            .query("ClassScheduleId", class_schedule_id.to_string())
            .query("UserId", user_id.to_string());
        self.send(request).await
    }

    /// Books a class at the client's club: `POST /scheduling/class-booking`. A full class
    /// without wait list, or no credit, is [`Error::Refused`]. Never resent once it may
    /// have reached the server (it uses a credit).
    pub async fn book_class(&self, booking: &NewBooking) -> Result<Booking, Error> {
        let request = self
            .store_request(
                "clubready.book_class",
                Method::POST,
                "/scheduling/class-booking",
            )?
            .idempotency(paykit_core::Idempotency::Never);
        let request = self.body(request, booking);
        self.send(request).await
    }

    /// Sets a booking's status: `POST /scheduling/booking-status-update`.
    pub async fn update_booking_status(
        &self,
        user_id: u64,
        booking_id: u64,
        status: BookingStatus,
    ) -> Result<Ack, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Body {
            user_id: u64,
            booking_id: u64,
            status_id: i32,
        }
        let status_id = status
            .id()
            .ok_or_else(|| Error::invalid("status", "not a status ClubReady numbers"))?;
        let request = self.request(
            "clubready.update_booking_status",
            Method::POST,
            "/scheduling/booking-status-update",
        );
        let request = self.body(
            request,
            &Body {
                user_id,
                booking_id,
                status_id,
            },
        );
        self.send(request).await
    }

    /// Cancels a booking (a status change: ClubReady has no delete):
    /// [`Client::update_booking_status`] with 3 (within policy) or 4 (outside).
    pub async fn cancel_booking(
        &self,
        user_id: u64,
        booking_id: u64,
        policy: CancelPolicy,
    ) -> Result<Ack, Error> {
        let status = match policy {
            CancelPolicy::Within => BookingStatus::CancelledWithinPolicy,
            CancelPolicy::Outside => BookingStatus::CancelledOutsidePolicy,
        };
        self.update_booking_status(user_id, booking_id, status)
            .await
    }

    /// Takes a user off a class's wait list: `POST /scheduling/{UserId}/cancel-wait-list`.
    pub async fn cancel_wait_list(
        &self,
        user_id: u64,
        class_schedule_id: u64,
    ) -> Result<Ack, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Body {
            class_schedule_id: u64,
        }
        let request = self
            .request(
                "clubready.cancel_wait_list",
                Method::POST,
                "/scheduling/{}/cancel-wait-list",
            )
            .arg(user_id.to_string());
        let request = self.body(request, &Body { class_schedule_id });
        self.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn windows_split_in_order() {
        let f = ClassScheduleFilter::new(date!(2026 - 06 - 01), date!(2026 - 06 - 14));
        assert_eq!(
            f.windows(),
            vec![
                (date!(2026 - 06 - 01), date!(2026 - 06 - 07)),
                (date!(2026 - 06 - 08), date!(2026 - 06 - 14)),
            ]
        );
        let f = ClassScheduleFilter::new(date!(2026 - 06 - 01), date!(2026 - 06 - 01));
        assert_eq!(f.windows().len(), 1);
    }
}
