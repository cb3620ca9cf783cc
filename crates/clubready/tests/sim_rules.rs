//! The simulator's finer rules, through the client: wait-list promotion, the two cancel
//! policies, restrictions on every call, and page sizes.

use paykit_clubready::prelude::*;
use paykit_clubready::testing::{ClubReadySimulator, NewClass};
use paykit_clubready::{
    BookingEventFilter, BookingStatus, CancelPolicy, NewBooking, NewProspect, Restriction,
    UserFilter,
};
use time::macros::{date, time};
use time::{Duration, OffsetDateTime};

fn member(sim: &ClubReadySimulator, name: &str) -> u64 {
    sim.seed_member(NewProspect::new(
        name,
        "Test",
        format!("{name}@x.test"),
        false,
    ))
    .user_id
}

#[tokio::test]
async fn a_freed_spot_goes_to_the_first_wait_listed_member_with_a_credit() {
    let sim = ClubReadySimulator::start().await;
    let client = sim.client();
    let class = sim
        .seed_class(NewClass::new(
            date!(2026 - 06 - 02),
            time!(18:30),
            time!(19:30),
            "Yoga",
            1,
        ))
        .schedule_id;
    let (ann, bo, cy) = (member(&sim, "ann"), member(&sim, "bo"), member(&sim, "cy"));
    for user in [ann, bo, cy] {
        sim.grant_credits(user, 1);
    }
    let booking = client
        .book_class(&NewBooking::new(ann, class))
        .await
        .unwrap()
        .booking_id
        .unwrap();
    // Bo waits first, Cy second; Bo then spends the credit elsewhere.
    for user in [bo, cy] {
        let b = client
            .book_class(&NewBooking::new(user, class).allow_wait_list(true))
            .await
            .unwrap();
        assert_eq!(b.message.as_deref(), Some("Wait listed"));
    }
    assert_eq!(sim.credits(bo), 1, "waiting uses no credit");
    sim.grant_credits(bo, -1);

    // Outside the policy: Ann loses her credit, and her spot goes to Cy (Bo has none).
    client
        .cancel_booking(ann, booking, CancelPolicy::Outside)
        .await
        .unwrap();
    assert_eq!(sim.credits(ann), 0);
    assert_eq!(sim.credits(cy), 0, "the promoted member used a credit");
    let roster = client.get_class_roster(class).await.unwrap();
    assert_eq!(
        roster
            .class_roster
            .iter()
            .map(|e| e.user_id)
            .collect::<Vec<_>>(),
        [Some(cy)]
    );
    assert_eq!(
        roster
            .wait_list
            .iter()
            .map(|e| e.user_id)
            .collect::<Vec<_>>(),
        [Some(bo)]
    );
    let now = OffsetDateTime::now_utc();
    let events = client
        .get_booking_status_events(&BookingEventFilter::new(
            now - Duration::hours(1),
            now + Duration::hours(1),
        ))
        .await
        .unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.user_id, Some(cy));
    assert_eq!(last.status, Some(BookingStatus::Open));
    assert!(last.booked_from_wait_list);
    assert_eq!(
        events[events.len() - 2].status,
        Some(BookingStatus::CancelledOutsidePolicy)
    );
}

#[tokio::test]
async fn a_cancellation_within_policy_gives_the_credit_back_and_promotes() {
    let sim = ClubReadySimulator::start().await;
    let client = sim.client();
    let class = sim
        .seed_class(NewClass::new(
            date!(2026 - 06 - 02),
            time!(7:00),
            time!(8:00),
            "Spin",
            1,
        ))
        .schedule_id;
    let (ann, bo) = (member(&sim, "ann"), member(&sim, "bo"));
    sim.grant_credits(ann, 1);
    sim.grant_credits(bo, 2);
    let booking = client
        .book_class(&NewBooking::new(ann, class))
        .await
        .unwrap()
        .booking_id
        .unwrap();
    client
        .book_class(&NewBooking::new(bo, class).allow_wait_list(true))
        .await
        .unwrap();
    client
        .cancel_booking(ann, booking, CancelPolicy::Within)
        .await
        .unwrap();
    assert_eq!(sim.credits(ann), 1);
    assert_eq!(sim.credits(bo), 1);
    let check = client.get_booking_status(class, bo).await.unwrap();
    assert!(check.is_booked && !check.is_wait_listed);
}

#[tokio::test]
async fn a_restriction_rides_on_every_call() {
    let sim = ClubReadySimulator::start().await;
    let client = sim.client().with_restriction(Some(Restriction::user(42)));
    client.list_staff_page().await.unwrap();
    client
        .create_prospect(&NewProspect::new("R", "S", "rs@x.test", false))
        .await
        .unwrap();
    client
        .with_restriction(None)
        .list_staff_types_page()
        .await
        .unwrap();
    let requests = sim.requests().await;
    for r in &requests[..2] {
        assert_eq!(r.query_param("RestrictedId"), Some("42"), "{}", r.path);
        assert_eq!(r.query_param("RestrictedResourceType"), Some("User"));
    }
    assert_eq!(requests[2].query_param("RestrictedId"), None);
}

#[tokio::test]
async fn find_users_pages_by_the_servers_size_or_by_limit() {
    let sim = ClubReadySimulator::start().await;
    for n in 0..7 {
        member(&sim, &format!("m{n}"));
    }
    let client = sim.client();
    let all: Vec<_> = client
        .find_users(&UserFilter::new().limit(3))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    let pages: Vec<_> = sim
        .requests()
        .await
        .iter()
        .map(|r| {
            (
                r.query_param("Page").unwrap().to_owned(),
                r.query_param("limit").map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        pages,
        (1..=4)
            .map(|n| (n.to_string(), Some("3".to_owned())))
            .collect::<Vec<_>>(),
        "three pages of 3, 3 and 1, then an empty one"
    );
    sim.clear_requests().await;
    let all: Vec<_> = client
        .find_users(&UserFilter::new())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    let requests = sim.requests().await;
    assert_eq!(requests.len(), 2, "one page of 10, then an empty one");
    assert!(requests.iter().all(|r| r.query_param("limit").is_none()));
}
