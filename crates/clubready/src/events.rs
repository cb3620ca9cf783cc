//! Booking status events: every booking's status changes in a window (the only list of
//! bookings across users), split into 24-hour calls.

use paykit_core::reqwest::Method;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::error::Error;
use crate::scheduling::status_opt;
use crate::values::BookingStatus;
use crate::{Client, wire};

/// The longest window of booking status events ClubReady answers in one call.
pub const MAX_EVENTS_WINDOW: Duration = Duration::hours(24);

/// Which bookings [`BookingEventFilter`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BookingType {
    /// Classes and services (0, the default).
    #[default]
    All,
    /// Classes only (1).
    Classes,
    /// Services only (2).
    Services,
}

/// How [`BookingEventFilter`] treats consultations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ConsultFilter {
    /// Any (0, the default).
    #[default]
    Any,
    /// Consultations only (1).
    Only,
    /// No consultations (2).
    Exclude,
}

/// Booking status changes in a window: `BookingEventFilter::new(from, to)`. A window
/// longer than ClubReady's 24 hours is split into 24-hour calls, answered merged in order.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BookingEventFilter {
    pub(crate) from: OffsetDateTime,
    pub(crate) to: OffsetDateTime,
    pub(crate) booking_type: BookingType,
    pub(crate) consult: ConsultFilter,
    pub(crate) status: Option<BookingStatus>,
}

impl BookingEventFilter {
    /// Changes from `from` to `to` (sent in UTC).
    pub fn new(from: OffsetDateTime, to: OffsetDateTime) -> Self {
        BookingEventFilter {
            from,
            to,
            booking_type: BookingType::All,
            consult: ConsultFilter::Any,
            status: None,
        }
    }

    /// Classes, services or both (default both).
    pub fn booking_type(mut self, booking_type: BookingType) -> Self {
        self.booking_type = booking_type;
        self
    }

    /// Consultations (default any).
    pub fn consult(mut self, consult: ConsultFilter) -> Self {
        self.consult = consult;
        self
    }

    /// Only this status.
    pub fn status(mut self, status: BookingStatus) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn windows(&self) -> Vec<(OffsetDateTime, OffsetDateTime)> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start < self.to {
            let end = (start + MAX_EVENTS_WINDOW).min(self.to);
            out.push((start, end));
            start = end;
        }
        out
    }
}

/// One booking status change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BookingStatusEvent {
    /// The chain.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub chain_id: Option<u64>,
    /// The club.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub store_id: Option<u64>,
    /// The user.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub user_id: Option<u64>,
    /// The booking.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub booking_id: Option<u64>,
    /// The class session.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub class_schedule_id: Option<u64>,
    /// The service, for a service booking.
    #[serde(default, deserialize_with = "wire::id_opt::deserialize")]
    pub service_id: Option<u64>,
    /// When the booked session is, as sent.
    #[serde(default, deserialize_with = "wire::text")]
    pub booking_date_time: Option<String>,
    /// The new status (`Status`, or `StatusId`).
    #[serde(default, alias = "StatusId", deserialize_with = "status_opt")]
    pub status: Option<BookingStatus>,
    /// When it changed, as sent.
    #[serde(default, deserialize_with = "wire::text")]
    pub status_changed: Option<String>,
    /// A consultation.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub consult: bool,
    /// Booked from the wait list.
    #[serde(default, deserialize_with = "wire::flag::deserialize")]
    pub booked_from_wait_list: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Events {
    #[serde(default)]
    pub(crate) booking_status_events: Vec<BookingStatusEvent>,
}

impl Client {
    /// Booking status changes in a window: `GET /scheduling/booking-status-events`, one
    /// call per 24 hours, merged in order (the only way to list bookings across users).
    pub async fn get_booking_status_events(
        &self,
        filter: &BookingEventFilter,
    ) -> Result<Vec<BookingStatusEvent>, Error> {
        if filter.to <= filter.from {
            return Err(Error::invalid("to", "the window ends before it starts"));
        }
        let mut all = Vec::new();
        for (from, to) in filter.windows() {
            let request = self
                .request(
                    "clubready.get_booking_status_events",
                    Method::GET,
                    "/scheduling/booking-status-events",
                )
                .query("FromDate", wire::utc(from))
                .query("ToDate", wire::utc(to))
                .query("BookingTypeFilter", (filter.booking_type as u8).to_string())
                .query("ConsultFilter", (filter.consult as u8).to_string())
                .query_opt(
                    "StatusFilter",
                    filter.status.as_ref().map(|s| s.as_str().to_owned()),
                );
            let events: Events = self.send(request).await?;
            all.extend(events.booking_status_events);
        }
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn windows_split_in_order() {
        let e = BookingEventFilter::new(
            datetime!(2026-06-01 00:00 UTC),
            datetime!(2026-06-02 12:00 UTC),
        );
        assert_eq!(e.windows().len(), 2);
        assert_eq!(wire::utc(e.windows()[1].0), "2026-06-02T00:00:00Z");
    }
}
