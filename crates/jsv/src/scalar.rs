//! Text forms of scalars: the .NET-compatible parsers and writers.

use std::borrow::Cow;

/// ASCII whitespace as .NET trims it for numbers and keys.
#[inline]
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Trims ASCII whitespace on both sides.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii() && is_ws(c as u8))
}

/// `StringSpanExtensions.ParseBoolean`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    let b = s.as_bytes();
    if b.len() == 1 {
        return match b[0] {
            b'1' | b't' | b'T' | b'y' | b'Y' => Some(true),
            b'0' | b'f' | b'F' | b'n' | b'N' => Some(false),
            _ => None,
        };
    }
    if b.len() == 2 && s.eq_ignore_ascii_case("on") {
        return Some(true);
    }
    if b.len() == 3 && b[..2].eq_ignore_ascii_case(b"of") {
        return Some(false);
    }
    let t = trim(s);
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Integer syntax of the .NET JSV reader: optional whitespace, optional `-`, ASCII digits
/// (leading zeros allowed). Returns `(negative, magnitude)`; `None` on bad syntax or overflow.
pub(crate) fn parse_int(s: &str) -> Option<(bool, u128)> {
    let t = trim(s).as_bytes();
    let (neg, digits) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() {
        return None;
    }
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if digits.len() <= 19 {
        // Fits in u64 without overflow checks.
        let acc = digits
            .iter()
            .fold(0u64, |a, &d| a * 10 + u64::from(d - b'0'));
        return Some((neg, u128::from(acc)));
    }
    let mut acc: u128 = 0;
    for &d in digits {
        acc = acc.checked_mul(10)?.checked_add(u128::from(d - b'0'))?;
    }
    Some((neg, acc))
}

/// Signed integer in range `[min, max]`.
pub(crate) fn parse_signed(s: &str, min: i128, max: i128) -> Option<i128> {
    let (neg, mag) = parse_int(s)?;
    let v = if neg {
        if mag > (i128::MAX as u128) + 1 {
            return None;
        }
        (mag as i128).wrapping_neg()
    } else {
        i128::try_from(mag).ok()?
    };
    (min..=max).contains(&v).then_some(v)
}

/// Unsigned integer not above `max` (`-0` is accepted as 0).
pub(crate) fn parse_unsigned(s: &str, max: u128) -> Option<u128> {
    let (neg, mag) = parse_int(s)?;
    if neg && mag != 0 {
        return None;
    }
    (mag <= max).then_some(mag)
}

/// .NET `double.Parse(NumberStyles.Float | AllowThousands, Invariant)`: sign, decimal point,
/// exponent, `,` thousands separators in the integral part, `NaN`, `Infinity`.
pub(crate) fn parse_float<F: std::str::FromStr + From<f32>>(s: &str) -> Option<F> {
    let t = trim(s);
    if t.is_empty() {
        return None;
    }
    let t = strip_thousands(t)?;
    match &*t {
        "NaN" => return Some(F::from(f32::NAN)),
        "Infinity" | "+Infinity" | "∞" => return Some(F::from(f32::INFINITY)),
        "-Infinity" | "-∞" => return Some(F::from(f32::NEG_INFINITY)),
        _ => {}
    }
    // Rust also accepts "inf"/"nan" spellings; only allow digits-based forms beyond the above.
    let first_alpha = t.bytes().find(|b| b.is_ascii_alphabetic());
    if matches!(first_alpha, Some(c) if c != b'e' && c != b'E') {
        return None;
    }
    t.parse::<F>().ok()
}

/// [`parse_float`] for `f64`.
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    parse_float(s)
}

/// Removes `,` group separators from the integral part (.NET `AllowThousands`).
pub(crate) fn strip_thousands(t: &str) -> Option<Cow<'_, str>> {
    if !t.contains(',') {
        return Some(Cow::Borrowed(t));
    }
    let int_end = t.find(['.', 'e', 'E']).unwrap_or(t.len());
    if t[int_end..].contains(',') {
        return None;
    }
    let int_part = &t[..int_end];
    let digits_start = usize::from(int_part.starts_with(['-', '+']));
    if int_part[digits_start..].starts_with(',') {
        return None;
    }
    let mut out = String::with_capacity(t.len());
    out.extend(int_part.chars().filter(|&c| c != ','));
    out.push_str(&t[int_end..]);
    Some(Cow::Owned(out))
}

/// Writes an unsigned integer in decimal.
#[inline]
pub(crate) fn write_u128(out: &mut Vec<u8>, mut v: u128) {
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// The two-digit strings `00` to `99`, back to back.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// `10^i` for `i` in `0..20`.
const POW10: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// Number of decimal digits of `v` (1 for 0), without a loop: `bits * log10(2)` is the
/// count or one less.
#[inline(always)]
fn decimal_len(v: u64) -> usize {
    let v = v | 1;
    let bits = 64 - v.leading_zeros() as usize;
    let t = (bits * 1233) >> 12;
    t + usize::from(v >= POW10[t])
}

/// Writes an unsigned 64-bit integer in decimal: two digits per step, straight into `out`
/// (the slot is made with one fixed-size append, so no `memcpy` call for a few bytes).
#[inline]
pub(crate) fn write_u64(out: &mut Vec<u8>, v: u64) {
    if v < 10 {
        out.push(b'0' + v as u8);
        return;
    }
    let n = decimal_len(v);
    let at = out.len();
    out.extend_from_slice(&[0u8; 20]);
    out.truncate(at + n);
    let dst = &mut out[at..];
    let mut i = n;
    let mut v = v;
    while v >= 100 {
        let d = (v % 100) as usize * 2;
        v /= 100;
        dst[i - 2..i].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
        i -= 2;
    }
    if v >= 10 {
        let d = v as usize * 2;
        dst[i - 2..i].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    } else {
        dst[i - 1] = b'0' + v as u8;
    }
}

/// Writes a signed 64-bit integer in decimal.
#[inline]
pub(crate) fn write_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    write_u64(out, v.unsigned_abs());
}

/// A fixed stack buffer for formatting floats without allocating.
struct StackBuf {
    buf: [u8; 64],
    len: usize,
}

impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Formats `args` into `out`, through a stack buffer when it fits.
fn write_fmt_to(out: &mut Vec<u8>, args: std::fmt::Arguments<'_>) {
    use std::fmt::Write;
    let mut sb = StackBuf {
        buf: [0; 64],
        len: 0,
    };
    if sb.write_fmt(args).is_ok() {
        out.extend_from_slice(&sb.buf[..sb.len]);
    } else {
        out.extend_from_slice(std::fmt::format(args).as_bytes());
    }
}

/// Writes `n / 10^k` with exactly `k` (at most 4) fraction digits.
fn write_fixed(out: &mut Vec<u8>, n: i64, k: u32) {
    if n < 0 {
        out.push(b'-');
    }
    let m = n.unsigned_abs();
    // Constant divisors, so each division is a multiplication.
    let (int, frac) = match k {
        0 => (m, 0),
        1 => (m / 10, m % 10),
        2 => (m / 100, m % 100),
        3 => (m / 1000, m % 1000),
        _ => (m / 10_000, m % 10_000),
    };
    write_u64(out, int);
    if k > 0 {
        let mut digits = [b'.', b'0', b'0', b'0', b'0'];
        let mut f = frac;
        for d in digits[1..=k as usize].iter_mut().rev() {
            *d = b'0' + (f % 10) as u8;
            f /= 10;
        }
        out.extend_from_slice(&digits[..=k as usize]);
    }
}

/// `x.round()` (half away from zero) without a libm call, for `|x| < 2^52`: the fraction
/// `x - trunc(x)` is exact there.
macro_rules! round_small {
    ($x:expr, $t:ty) => {{
        let x: $t = $x;
        let t = x as i64;
        let r = x - t as $t;
        if r >= 0.5 {
            t + 1
        } else if r <= -0.5 {
            t - 1
        } else {
            t
        }
    }};
}

/// Writes a float like .NET Core 3+ `ToString()`: shortest round-trip digits, scientific
/// (`1E+15`, `1E-05`) when the decimal exponent is `>= sci_from` or `<= -5` (thresholds derived
/// from .NET's "G" rules, which no ServiceStack test pins).
macro_rules! float_writer {
    ($name:ident, $t:ty, $sci_from:expr, $high:expr, $fast_max:expr) => {
        pub(crate) fn $name(out: &mut Vec<u8>, v: $t) {
            use std::fmt::Write;
            if v.is_nan() {
                out.extend_from_slice(b"NaN");
                return;
            }
            if v.is_infinite() {
                out.extend_from_slice(if v > 0.0 { b"Infinity" } else { b"-Infinity" });
                return;
            }
            if v == 0.0 {
                out.extend_from_slice(if v.is_sign_negative() { b"-0" } else { b"0" });
                return;
            }
            // Inside the plain range the shortest digits are written as is (one format call).
            let a = v.abs();
            // Fast path: up to four fraction digits. The smallest `k` for which the nearest
            // integer `n` to `v * 10^k` divides back to exactly `v` gives the shortest
            // round-trip text (the division is correctly rounded, as parsing is).
            if a < $fast_max {
                let mut p: $t = 1.0;
                for k in 0..=4u32 {
                    let n = round_small!(v * p, $t);
                    if n as $t / p == v {
                        write_fixed(out, n, k);
                        return;
                    }
                    p *= 10.0;
                }
            }
            if (1e-4..$high).contains(&a) {
                write_fmt_to(out, format_args!("{}", v));
                return;
            }
            let mut sb = StackBuf {
                buf: [0; 64],
                len: 0,
            };
            // `{:E}` is shortest round-trip in scientific form, e.g. "1.5E20", "1E-7".
            if write!(sb, "{:E}", v).is_err() {
                write_fmt_to(out, format_args!("{}", v));
                return;
            }
            let sci = &sb.buf[..sb.len];
            let e_pos = sci.iter().position(|&b| b == b'E').unwrap_or(sci.len());
            let (mant, exp_txt) = (&sci[..e_pos], sci.get(e_pos + 1..).unwrap_or(b"0"));
            let (neg_exp, exp_digits) = match exp_txt.split_first() {
                Some((b'-', rest)) => (true, rest),
                _ => (false, exp_txt),
            };
            let mut exp: i32 = 0;
            for &d in exp_digits {
                exp = exp * 10 + i32::from(d.wrapping_sub(b'0'));
            }
            if neg_exp {
                exp = -exp;
            }
            if !(-4..$sci_from).contains(&exp) {
                out.extend_from_slice(mant);
                out.push(b'E');
                out.push(if neg_exp { b'-' } else { b'+' });
                if exp_digits.len() < 2 {
                    out.push(b'0');
                }
                out.extend_from_slice(exp_digits);
            } else {
                write_fmt_to(out, format_args!("{}", v));
            }
        }
    };
}

float_writer!(write_f64, f64, 15, 1e15, 1e11);
float_writer!(write_f32, f32, 7, 1e7, 1e3);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bools() {
        for t in [
            "1", "t", "T", "y", "Y", "on", "ON", "true", "True", " TRUE ",
        ] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["0", "f", "F", "n", "N", "off", "ofx", "false", "False"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        for bad in ["", "2", "yes", "tru", " 1"] {
            assert_eq!(parse_bool(bad), None, "{bad}");
        }
    }

    #[test]
    fn ints() {
        assert_eq!(
            parse_signed(" -0012 ", i64::MIN as i128, i64::MAX as i128),
            Some(-12)
        );
        assert_eq!(parse_signed("+1", -10, 10), None);
        assert_eq!(parse_signed("1.0", -10, 10), None);
        assert_eq!(parse_signed("128", -128, 127), None);
        assert_eq!(parse_signed("-128", -128, 127), Some(-128));
        assert_eq!(parse_unsigned("-1", 255), None);
        assert_eq!(
            parse_unsigned("340282366920938463463374607431768211455", u128::MAX),
            Some(u128::MAX)
        );
        assert_eq!(
            parse_unsigned("340282366920938463463374607431768211456", u128::MAX),
            None
        );
    }

    #[test]
    fn floats() {
        assert_eq!(parse_f64("1,234.5"), Some(1234.5));
        assert_eq!(parse_f64("-1,000,000"), Some(-1_000_000.0));
        assert_eq!(parse_f64("1e3"), Some(1000.0));
        assert_eq!(parse_f64("1.5,0"), None);
        assert_eq!(parse_f64("inf"), None);
        assert_eq!(parse_f64("abc"), None);
        assert!(parse_f64("NaN").is_some_and(f64::is_nan));
    }

    #[test]
    fn integers_match_display() {
        let mut vals = vec![0, u64::MAX, u64::MAX - 1];
        let mut p = 1u64;
        for _ in 0..20 {
            vals.extend([p - 1, p, p + 1, p.saturating_mul(7) / 3]);
            p = p.saturating_mul(10);
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            vals.extend([x, x >> (x % 64), x % 1000]);
        }
        for v in vals {
            assert_eq!(decimal_len(v), v.to_string().len(), "{v}");
            let mut o = b"x".to_vec();
            write_u64(&mut o, v);
            assert_eq!(o, format!("x{v}").into_bytes());
            let i = v as i64;
            let mut o = Vec::new();
            write_i64(&mut o, i);
            assert_eq!(o, i.to_string().into_bytes());
        }
    }

    fn f64s(v: f64) -> String {
        let mut o = Vec::new();
        write_f64(&mut o, v);
        String::from_utf8(o).unwrap()
    }

    fn f32s(v: f32) -> String {
        let mut o = Vec::new();
        write_f32(&mut o, v);
        String::from_utf8(o).unwrap()
    }

    #[test]
    fn fast_float_path_matches_display() {
        // A simple LCG over bit patterns and over short decimals.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..200_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let short = (x >> 20) as i64 % 100_000_000;
            let candidates = [
                f64::from_bits(x),
                short as f64 / 10f64.powi((i % 6) as i32),
                (x >> 40) as f64 / 7.0,
            ];
            for v in candidates {
                if v.is_finite() && v != 0.0 && (1e-4..1e15).contains(&v.abs()) {
                    assert_eq!(f64s(v), format!("{v}"), "{v:?}");
                }
            }
            let f = f32::from_bits(x as u32);
            let g = (short % 1_000_000) as f32 / 10f32.powi((i % 5) as i32);
            for v in [f, g] {
                if v.is_finite() && v != 0.0 && (1e-4..1e7).contains(&v.abs()) {
                    assert_eq!(f32s(v), format!("{v}"), "{v:?}");
                }
            }
        }
    }

    #[test]
    fn float_text() {
        assert_eq!(f64s(2.2), "2.2");
        assert_eq!(f64s(1.0), "1");
        assert_eq!(f64s(-0.5), "-0.5");
        assert_eq!(f64s(1e14), "100000000000000");
        assert_eq!(f64s(1e15), "1E+15");
        assert_eq!(f64s(1.5e300), "1.5E+300");
        assert_eq!(f64s(0.0001), "0.0001");
        assert_eq!(f64s(0.00001), "1E-05");
        assert_eq!(f64s(f64::MAX), "1.7976931348623157E+308");
        assert_eq!(f64s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(f32s(1.1), "1.1");
        assert_eq!(f32s(111111.1), "111111.1");
        assert_eq!(f32s(1e7), "1E+07");
    }
}
