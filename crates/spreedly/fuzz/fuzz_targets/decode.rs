//! Any bytes, decoded as every Spreedly answer and error body: an error is fine, a panic is
//! not. Run with `cargo fuzz run decode` from `crates/spreedly`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use paykit_core::Codec;
use paykit_core::reqwest::StatusCode;
use paykit_spreedly::{ApiError, Invoice, NilText, Plan, Subscriber, Transaction, Xml};

fuzz_target!(|data: &[u8]| {
    for codec in [Xml::new(NilText::Null), Xml::new(NilText::Text)] {
        let _ = codec.decode::<Subscriber>(data);
        let _ = codec.decode::<Vec<Subscriber>>(data);
        let _ = codec.decode::<Vec<Plan>>(data);
        let _ = codec.decode::<Invoice>(data);
        let _ = codec.decode::<Vec<Transaction>>(data);
    }
    let _ = ApiError::parse(StatusCode::UNPROCESSABLE_ENTITY, data);
});
