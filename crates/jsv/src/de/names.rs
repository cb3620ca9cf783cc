//! Field and variant name matching as ServiceStack does it.

/// Case-insensitive lookup of a field or variant name; falls back to
/// ignoring `_` and `-` as ServiceStack's lenient property matching does.
pub(crate) fn match_name(names: &'static [&'static str], key: &str) -> Option<&'static str> {
    match_index(names, key).map(|i| names[i])
}

/// Case-insensitive name equality with an exact-bytes fast path (the usual case).
#[inline]
pub(super) fn same_name(name: &str, key: &str) -> bool {
    name.len() == key.len() && (name.as_bytes() == key.as_bytes() || name.eq_ignore_ascii_case(key))
}

/// Index of the name `key` matches (see [`match_name`]).
pub(super) fn match_index(names: &[&str], key: &str) -> Option<usize> {
    if let Some(i) = names.iter().position(|n| same_name(n, key)) {
        return Some(i);
    }
    let loose = |b: &u8| *b == b'_' || *b == b'-';
    if !key.bytes().any(|b| loose(&b)) && !names.iter().any(|n| n.bytes().any(|b| loose(&b))) {
        return None;
    }
    let norm = |s: &str| {
        s.bytes()
            .filter(|b| !loose(b))
            .map(|b| b.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    let k = norm(key);
    names.iter().position(|n| norm(n) == k)
}
