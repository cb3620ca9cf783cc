//! The blocking client: the same operations from synchronous code.

use paykit_pax8::testing::Pax8Simulator;
use paykit_pax8::{Address, CompanyFilter, Error, NewCompany, ProductFilter, blocking};

#[tokio::test(flavor = "multi_thread")]
async fn blocking_calls_work_from_a_plain_thread() {
    // pax8.md §1.3: pages of at most 200.
    let sim = Pax8Simulator::start().await;
    sim.seed_products("Microsoft", 250);
    sim.seed_active_company(NewCompany::new(
        "Acme",
        Address::new(),
        "+1 303 555 0100",
        "https://acme.example",
    ));
    let builder = sim.client_builder();
    let (products, companies) = std::thread::spawn(move || {
        let pax8 = builder.build_blocking()?;
        let products = pax8
            .list_products(&ProductFilter::new())
            .collect::<Result<Vec<_>, _>>()?;
        let companies = pax8.list_companies_page(&CompanyFilter::new())?;
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
    let pax8 = blocking::Client::from_async(client).unwrap();
    let err = pax8.list_companies_page(&CompanyFilter::new()).unwrap_err();
    assert!(
        matches!(err, Error::Core(paykit_core::Error::BlockingInsideRuntime)),
        "{err:?}"
    );
}
