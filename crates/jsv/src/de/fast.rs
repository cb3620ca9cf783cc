//! Fast paths for the commonest scalar tokens — plain integers, plain decimals and
//! `True`/`False` — recognised straight from the input bytes. Each returns `None` whenever
//! the general path has to decide, and agrees with the general path whenever it returns
//! `Some` (the callers still check that the token ends right after what was read).

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// At most this many digits are read, so the value always fits in a `u64`.
const MAX_DIGITS: usize = 19;

/// Little-endian word of the eight bytes at `chunk[..8]`.
#[inline(always)]
fn word(chunk: &[u8]) -> u64 {
    let mut arr = [0u8; 8];
    arr.copy_from_slice(&chunk[..8]);
    u64::from_le_bytes(arr)
}

/// The value of eight digit values (0–9, one per byte, most significant digit in the lowest
/// byte), three multiplications instead of eight.
#[inline(always)]
fn eight_digits(x: u64) -> u64 {
    let x = (x & 0x0f0f_0f0f_0f0f_0f0f).wrapping_mul(2561) >> 8;
    let x = (x & 0x00ff_00ff_00ff_00ff).wrapping_mul(6_553_601) >> 16;
    (x & 0x0000_ffff_0000_ffff).wrapping_mul(42_949_672_960_001) >> 32
}

/// Reads up to [`MAX_DIGITS`] ASCII digits at `b[i..]`: `(value, index after the last digit)`.
/// The first eight are found and converted a word at a time when eight bytes are available.
#[inline]
pub(super) fn digits(b: &[u8], i: usize) -> (u64, usize) {
    let start = i;
    let mut i = i;
    let mut v = 0u64;
    if let Some(chunk) = b.get(i..i + 8) {
        let w = word(chunk);
        // Per byte: below `0` borrows into bit 7 of `d`, above `9` carries into bit 7 of the
        // sum. Bytes above the first non-digit may be wrong; only the lowest one is used.
        let d = w.wrapping_sub(LO * u64::from(b'0'));
        let bad = (w.wrapping_add(LO * 0x46) | d) & HI;
        let n = bad.trailing_zeros() / 8;
        if n == 0 {
            return (0, i);
        }
        // Keep the `n` digits, in the top bytes, so the bytes below read as leading zeros.
        v = eight_digits(d << (64 - 8 * n));
        i += n as usize;
        if n < 8 {
            return (v, i);
        }
    }
    while i < b.len() && b[i].is_ascii_digit() && i - start < MAX_DIGITS {
        v = v * 10 + u64::from(b[i] - b'0');
        i += 1;
    }
    (v, i)
}

/// A plain integer `-?digits` at `b[i..]`: `(negative, magnitude, end)`, `None` if there is
/// no digit.
#[inline]
pub(super) fn int(b: &[u8], i: usize) -> Option<(bool, u64, usize)> {
    let neg = b.get(i) == Some(&b'-');
    let from = i + usize::from(neg);
    let (v, end) = digits(b, from);
    (end > from).then_some((neg, v, end))
}

/// Exact powers of ten as `f64` (all representable).
const POW10_F64: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Exact powers of ten as `f32` (all representable).
const POW10_F32: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// Floats that can be built exactly from a decimal mantissa and a power of ten.
pub(crate) trait FastFloat: Sized {
    /// `±m / 10^k` when both operands are exact in `Self`, so that the one division is the
    /// correctly rounded result — the same value `str::parse` returns (Clinger's fast path).
    fn from_decimal(neg: bool, m: u64, k: usize) -> Option<Self>;
}

impl FastFloat for f64 {
    #[inline]
    fn from_decimal(neg: bool, m: u64, k: usize) -> Option<f64> {
        if m >= 1 << 53 {
            return None;
        }
        let v = m as f64 / *POW10_F64.get(k)?;
        Some(if neg { -v } else { v })
    }
}

impl FastFloat for f32 {
    #[inline]
    fn from_decimal(neg: bool, m: u64, k: usize) -> Option<f32> {
        if m >= 1 << 24 {
            return None;
        }
        let v = m as f32 / *POW10_F32.get(k)?;
        Some(if neg { -v } else { v })
    }
}

/// A plain decimal `-?digits[.digits]` (at least one digit, at most [`MAX_DIGITS`] in all)
/// at `b[i..]`: `(value, end)`.
#[inline]
pub(super) fn decimal<F: FastFloat>(b: &[u8], i: usize) -> Option<(F, usize)> {
    let neg = b.get(i) == Some(&b'-');
    let from = i + usize::from(neg);
    let (int, mut end) = digits(b, from);
    let mut m = int;
    let mut k = 0;
    if b.get(end) == Some(&b'.') {
        let (frac, e) = digits(b, end + 1);
        k = e - (end + 1);
        if (end - from) + k > MAX_DIGITS {
            return None;
        }
        m = int.checked_mul(*POW10_U64.get(k)?)?.checked_add(frac)?;
        end = e;
    }
    if end == from || (k == 0 && b[end - 1] == b'.') {
        return None;
    }
    Some((F::from_decimal(neg, m, k)?, end))
}

const POW10_U64: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `True` or `False` exactly as the writer spells them at `b[i..]`: `(value, end)`.
#[inline]
pub(super) fn bool_word(b: &[u8], i: usize) -> Option<(bool, usize)> {
    let rest = b.get(i..)?;
    if rest.starts_with(b"True") {
        Some((true, i + 4))
    } else if rest.starts_with(b"False") {
        Some((false, i + 5))
    } else {
        None
    }
}

/// Whether `a` and `b` (of equal length) hold the same bytes: overlapping word compares for
/// the short names fields have, without a call to `memcmp`.
#[inline]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        if n > 16 {
            return a == b;
        }
        return word(a) == word(b) && word(&a[n - 8..]) == word(&b[n - 8..]);
    }
    if n >= 4 {
        let w4 = |s: &[u8], at: usize| u32::from_le_bytes([s[at], s[at + 1], s[at + 2], s[at + 3]]);
        return w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4);
    }
    a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow_digits(b: &[u8], i: usize) -> (u64, usize) {
        let mut v = 0u64;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() && j - i < MAX_DIGITS {
            v = v * 10 + u64::from(b[j] - b'0');
            j += 1;
        }
        (v, j)
    }

    #[test]
    fn digits_agree_with_a_byte_loop() {
        let fillers = [
            b'/', b':', b',', b'}', b']', b'.', b'-', b' ', 0, 0x80, 0xff, b'a', b'"',
        ];
        for len in 0..=24 {
            for &f in &fillers {
                for tail in 0..3 {
                    let mut s: Vec<u8> =
                        (0..len).map(|j| b'0' + ((j * 7 + 3) % 10) as u8).collect();
                    s.extend(std::iter::repeat_n(f, tail));
                    for from in 0..=s.len() {
                        assert_eq!(digits(&s, from), slow_digits(&s, from), "{s:?} from {from}");
                    }
                }
            }
        }
        assert_eq!(
            digits(b"99999999999999999999", 0),
            (9_999_999_999_999_999_999, 19)
        );
        assert_eq!(digits(b"00000001,", 0), (1, 8));
        assert_eq!(digits(b"12345678", 0), (12_345_678, 8));
    }

    #[test]
    fn ints() {
        assert_eq!(int(b"-12,", 0), Some((true, 12, 3)));
        assert_eq!(int(b"x-0}", 1), Some((true, 0, 3)));
        assert_eq!(int(b"-,", 0), None);
        assert_eq!(int(b"", 0), None);
    }

    #[test]
    fn decimals_agree_with_parse() {
        for s in [
            "0",
            "-0",
            "12.5",
            "-12.5",
            "1.",
            ".5",
            "-.5",
            "0.1",
            "0.30000000000000004",
            "9007199254740991",
            "9007199254740992",
            "1234567890.123456789",
            "599.88",
            "49.99",
            "3.14159",
            "000123.4500",
            "1e5",
            "1.2.3",
            "-",
            ".",
            "-.",
            "12345678901234567890",
        ] {
            let b = s.as_bytes();
            let fast = decimal::<f64>(b, 0).filter(|&(_, end)| end == b.len());
            if let Some((v, _)) = fast {
                let want: f64 = s.parse().unwrap();
                assert_eq!(v.to_bits(), want.to_bits(), "{s}");
            }
            let fast = decimal::<f32>(b, 0).filter(|&(_, end)| end == b.len());
            if let Some((v, _)) = fast {
                let want: f32 = s.parse().unwrap();
                assert_eq!(v.to_bits(), want.to_bits(), "{s}");
            }
        }
        assert!(decimal::<f64>(b"12.5", 0).is_some());
        assert!(decimal::<f64>(b"-0", 0).is_some_and(|(v, _)| v.is_sign_negative()));
        assert_eq!(decimal::<f64>(b".", 0), None);
        assert_eq!(decimal::<f64>(b"-", 0), None);
        assert_eq!(decimal::<f64>(b"9007199254740993", 0), None);
    }

    #[test]
    fn bools_and_bytes() {
        assert_eq!(bool_word(b"True,", 0), Some((true, 4)));
        assert_eq!(bool_word(b"xFalse", 1), Some((false, 6)));
        assert_eq!(bool_word(b"true", 0), None);
        assert_eq!(bool_word(b"Tru", 0), None);
        for n in 0..40 {
            let a: Vec<u8> = (0..n).map(|i| b'A' + i as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a, &b), "{n} {at}");
            }
            assert!(!same_bytes(&a, &a[..n.saturating_sub(1)]) || n == 0);
        }
    }
}
