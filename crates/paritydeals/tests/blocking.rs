//! The blocking client: the same operations from sync code; an error (not a panic) inside
//! a runtime.

mod common;

use paykit_paritydeals::testing::{ParityDealsSimulator, PlanFeature};
use paykit_paritydeals::time::OffsetDateTime;
use paykit_paritydeals::{
    Cancellation, ChargePeriod, CustomerFilter, Error, NewCheckout, NewCustomer,
    SubscriptionFilter, UsageReport,
};

#[test]
fn the_blocking_client_runs_the_flow_from_sync_code() {
    // The simulator needs a runtime of its own; the blocking client brings its own too.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let sim = server_rt.block_on(ParityDealsSimulator::start());
    sim.seed_plan("pro", [PlanFeature::meter("api_calls", 3, true)]);
    let client = paykit_paritydeals::blocking::Client::from_async(sim.client()).unwrap();

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
        .list_customers(&CustomerFilter::new().page_size(1))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(customers.len(), 1);
    let page = client
        .list_customers_page(&CustomerFilter::new().page_size(1))
        .unwrap();
    assert_eq!(page.total_items, Some(1));
    let subs: Vec<_> = client
        .list_subscriptions(&SubscriptionFilter::new().customer_id("bob"))
        .collect::<Result<_, _>>()
        .unwrap();
    let sub = subs[0].id().unwrap().to_owned();
    client
        .cancel_subscription(
            &sub,
            &Cancellation::days_after(OffsetDateTime::now_utc().date(), 7).unwrap(),
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
