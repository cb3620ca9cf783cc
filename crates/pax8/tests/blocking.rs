//! The blocking client: the same operations from synchronous code.

use paykit_pax8::testing::Pax8Simulator;
use paykit_pax8::{CompanyFilter, Error, ProductFilter, blocking};

#[tokio::test(flavor = "multi_thread")]
async fn blocking_calls_work_from_a_plain_thread() {
    // pax8.md §1.3: pages of at most 200.
    let sim = Pax8Simulator::start().await;
    sim.seed_products("Microsoft", 250);
    sim.seed_active_company("Acme");
    let client = sim.client_builder().build().unwrap();
    let (products, companies) = std::thread::spawn(move || {
        let pax8 = blocking::Client::new(client)?;
        let products = pax8.products(&ProductFilter::default())?;
        let companies = pax8.list_companies(&CompanyFilter::default())?;
        Ok::<_, Error>((products.len(), companies.items.len()))
    })
    .join()
    .unwrap()
    .unwrap();
    assert_eq!((products, companies), (250, 1));
    assert_eq!(sim.tokens_issued(), 1);
}

#[tokio::test]
async fn a_blocking_call_inside_a_runtime_is_an_error_not_a_panic() {
    let sim = Pax8Simulator::start().await;
    let client = sim.client_builder().build().unwrap();
    let pax8 = blocking::Client::new(client).unwrap();
    let err = pax8.list_companies(&CompanyFilter::default()).unwrap_err();
    assert!(
        matches!(err, Error::Core(paykit_core::Error::BlockingInsideRuntime)),
        "{err:?}"
    );
}
