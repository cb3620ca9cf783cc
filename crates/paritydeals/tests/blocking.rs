//! The blocking client: the same operations from sync code; an error (not a panic) inside
//! a runtime.

mod common;

use paykit_paritydeals::testing::{ParityDealsSimulator, PlanFeature};
use paykit_paritydeals::{
    Cancellation, ChargePeriod, Date, Error, NewCheckout, NewCustomer, UsageReport,
};

#[test]
fn the_blocking_client_runs_the_flow_from_sync_code() {
    // The simulator needs a runtime of its own; the blocking client brings its own too.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let sim = server_rt.block_on(ParityDealsSimulator::start());
    sim.add_plan("pro", [PlanFeature::meter("api_calls", 3, true)]);
    let client =
        paykit_paritydeals::blocking::Client::new(sim.client_builder().build().unwrap()).unwrap();

    client.create_customer(&NewCustomer::new("bob")).unwrap();
    client
        .create_checkout_session(&NewCheckout::new("pro", ChargePeriod::Monthly).customer_id("bob"))
        .unwrap();
    assert!(client.has_access("bob", "api_calls").unwrap());
    client
        .report_usage(&UsageReport::delta("bob", "api_calls", 3))
        .unwrap();
    assert!(!client.has_access("bob", "api_calls").unwrap());
    let customers: Vec<_> = client
        .list_customers(Some(1))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(customers.len(), 1);
    let subs: Vec<_> = client
        .list_subscriptions(Some("bob"), None)
        .collect::<Result<_, _>>()
        .unwrap();
    let sub = subs[0].id().unwrap().to_owned();
    client
        .cancel_subscription(
            &sub,
            &Cancellation::SpecificDate(Date::today_utc().add_days(7)),
        )
        .unwrap();

    // Inside a runtime: a typed error, not a panic.
    let inside = server_rt.block_on(async { client.get_customer("bob") });
    assert!(
        matches!(
            inside,
            Err(Error::Core(paykit_core::Error::BlockingInsideRuntime))
        ),
        "{inside:?}"
    );
}
