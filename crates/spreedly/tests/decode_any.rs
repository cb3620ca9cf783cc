//! Every fixture, truncated at every byte and with bytes flipped, decoded as every answer
//! and error body: errors are fine, panics are not (the same calls as the `decode` fuzz
//! target in `fuzz/`).

use paykit_core::Codec;
use paykit_core::reqwest::StatusCode;
use paykit_spreedly::{ApiError, Invoice, NilText, Plan, Subscriber, Transaction, Xml};

fn decode_all(data: &[u8]) {
    for codec in [Xml::new(NilText::Null), Xml::new(NilText::Text)] {
        let _ = codec.decode::<Subscriber>(data);
        let _ = codec.decode::<Vec<Subscriber>>(data);
        let _ = codec.decode::<Vec<Plan>>(data);
        let _ = codec.decode::<Invoice>(data);
        let _ = codec.decode::<Vec<Transaction>>(data);
    }
    let _ = ApiError::parse(StatusCode::UNPROCESSABLE_ENTITY, data);
}

#[test]
fn mutated_fixtures_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/spreedly");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        seen += 1;
        decode_all(&bytes);
        for cut in (0..bytes.len()).step_by(7) {
            decode_all(&bytes[..cut]);
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64 ^ bytes.len() as u64;
        for _ in 0..200 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut copy = bytes.clone();
            let at = (state as usize) % copy.len().max(1);
            if let Some(b) = copy.get_mut(at) {
                *b = (state >> 32) as u8;
            }
            decode_all(&copy);
        }
    }
    assert!(seen >= 9);
}
