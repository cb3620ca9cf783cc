//! Eight-bytes-at-a-time byte search (SWAR) for the tokenizer and the writer: a
//! dependency-free, `unsafe`-free stand-in for `memchr`.

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of the result is set where `w` has byte `b` (the lowest set bit is
/// exact; bits above a match may be false positives, which the callers never look at).
#[inline(always)]
fn eq_mask(w: u64, b: u8) -> u64 {
    let x = w ^ (LO * u64::from(b));
    x.wrapping_sub(LO) & !x & HI
}

/// Mask of the bytes of `w` equal to any of `needles`.
#[inline(always)]
fn any_mask<const N: usize>(w: u64, needles: [u8; N]) -> u64 {
    let mut m = 0;
    for n in needles {
        m |= eq_mask(w, n);
    }
    m
}

#[inline(always)]
fn word(chunk: &[u8]) -> u64 {
    let mut arr = [0u8; 8];
    arr.copy_from_slice(&chunk[..8]);
    u64::from_le_bytes(arr)
}

/// Position of the first byte in `hay[from..]` that is one of `needles` (or `hay.len()`),
/// 32 bytes per step with 64-bit SWAR (no `unsafe`, no dependency).
#[inline(always)]
pub(crate) fn find_any<const N: usize>(hay: &[u8], from: usize, needles: [u8; N]) -> usize {
    // Most tokens are short: the first two words are checked inline, the rest out of line.
    let mut i = from;
    for _ in 0..2 {
        match hay.get(i..i + 8) {
            Some(w) => {
                let m = any_mask(word(w), needles);
                if m != 0 {
                    return i + (m.trailing_zeros() / 8) as usize;
                }
                i += 8;
            }
            None => return find_tail(hay, i, needles),
        }
    }
    find_long(hay, i, needles)
}

/// [`find_any`] past the first two words: 32 bytes per step.
#[inline(never)]
fn find_long<const N: usize>(hay: &[u8], from: usize, needles: [u8; N]) -> usize {
    let mut i = from;
    if let Some(rest) = hay.get(i..) {
        for block in rest.chunks_exact(32) {
            let m = [
                any_mask(word(&block[0..8]), needles),
                any_mask(word(&block[8..16]), needles),
                any_mask(word(&block[16..24]), needles),
                any_mask(word(&block[24..32]), needles),
            ];
            if (m[0] | m[1] | m[2] | m[3]) != 0 {
                for (k, mk) in m.iter().enumerate() {
                    if *mk != 0 {
                        return i + k * 8 + (mk.trailing_zeros() / 8) as usize;
                    }
                }
            }
            i += 32;
        }
        for chunk in hay[i..].chunks_exact(8) {
            let m = any_mask(word(chunk), needles);
            if m != 0 {
                return i + (m.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
    }
    find_tail(hay, i, needles)
}

/// Byte-at-a-time search of the last (fewer than eight) bytes.
#[inline]
fn find_tail<const N: usize>(hay: &[u8], mut i: usize, needles: [u8; N]) -> usize {
    while i < hay.len() {
        if needles.contains(&hay[i]) {
            return i;
        }
        i += 1;
    }
    hay.len()
}

/// Bytes below `n` (`n <= 128`): nonzero iff `w` has such a byte.
#[inline(always)]
fn lt_mask(w: u64, n: u8) -> u64 {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI
}

/// Mask (bit 7 of each byte) of the bytes of `w` that are one of `" : , { } [ ]`, exact at its
/// lowest set bit; and of the bytes below 0x0e (CR, LF and other controls), likewise.
#[inline(always)]
fn special_masks(w: u64) -> (u64, u64) {
    // `[`/`]` become `{`/`}` with bit 5 set; CR and LF are the only specials below 0x0e.
    let f = w | (LO * 0x20);
    let m = eq_mask(f, b'{')
        | eq_mask(f, b'}')
        | eq_mask(w, b'"')
        | eq_mask(w, b',')
        | eq_mask(w, b':');
    (m, lt_mask(w, 0x0e))
}

/// Whether the word `w` (the bytes `c`) holds a special character.
#[inline(always)]
fn word_special(w: u64, c: &[u8], table: &[bool; 256]) -> bool {
    let (m, ctl) = special_masks(w);
    // The lowest set bit of `m` is always a real match; a control byte needs the table.
    (m | ctl) != 0 && (m != 0 || c.iter().any(|&x| table[usize::from(x)]))
}

/// Whether `b` holds one of the nine characters that force JSV quoting (`" : , { } [ ]` CR LF),
/// checking a word at a time (`table` confirms control bytes and decides for short input).
#[inline]
pub(crate) fn any_special(b: &[u8], table: &[bool; 256]) -> bool {
    let n = b.len();
    if n < 8 {
        return b.iter().any(|&x| table[usize::from(x)]);
    }
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        if word_special(word(c), c, table) {
            return true;
        }
    }
    if chunks.remainder().is_empty() {
        return false;
    }
    // The last eight bytes, overlapping the words already checked.
    let last = &b[n - 8..];
    word_special(word(last), last, table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_any_matches_a_plain_scan() {
        let hay = b"abcdefgh,ijklmnop}qrstuvwxyz:0123456789\"";
        for from in 0..hay.len() {
            for needles in [[b','], [b'}'], [b':'], [b'"'], [b'#']] {
                let want = hay[from..]
                    .iter()
                    .position(|c| needles.contains(c))
                    .map_or(hay.len(), |p| p + from);
                assert_eq!(find_any(hay, from, needles), want);
            }
        }
        assert_eq!(find_any(b"\x80\xff,", 0, [b',']), 2);
        assert_eq!(find_any(b"ab", 5, [b',']), 2);
        assert_eq!(
            find_any(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09", 0, [0x09]),
            9
        );
        let long: Vec<u8> = (0..200u8).map(|i| b'a' + i % 26).collect();
        for at in 0..long.len() {
            let mut h = long.clone();
            h[at] = b',';
            for from in [0, 1, 7, 31, 33, at] {
                let want = if from <= at { at } else { h.len() };
                assert_eq!(
                    find_any(&h, from, [b',', b'}']),
                    want,
                    "at {at} from {from}"
                );
            }
        }
    }

    #[test]
    fn any_special_agrees_with_the_table() {
        let mut table = [false; 256];
        for c in *b"\":,{}[]\r\n" {
            table[usize::from(c)] = true;
        }
        for c in 0..=255u8 {
            for len in [1usize, 7, 8, 9, 17, 40] {
                for at in [0, len / 2, len - 1] {
                    let mut v = vec![b'a'; len];
                    v[at] = c;
                    assert_eq!(
                        any_special(&v, &table),
                        table[usize::from(c)],
                        "byte {c:#x} len {len} at {at}"
                    );
                }
            }
        }
    }
}
