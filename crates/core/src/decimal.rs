//! Numbers written as text without `core::fmt`: the evidence strings, the CSV export and the origins are
//! built with `push_str`, so `format!`'s machinery (argument lists, `format_inner`, the `Display` of
//! each integer type) is not in the WebAssembly module for them. The output is exactly `format!`'s.

/// Appends `n` in decimal, as `{n}` writes it.
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `rest % 10` is below 10, so the cast keeps it whole.
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or(&[]) {
        out.push(char::from(d));
    }
}

/// `n` in decimal, as `n.to_string()` writes it.
pub(crate) fn decimal(n: u64) -> String {
    let mut out = String::with_capacity(4);
    push_decimal(&mut out, n);
    out
}

/// Appends `n` in decimal, zero-padded to `width` characters, the sign counted, as `{n:0width$}` writes
/// it.
pub(crate) fn push_padded(out: &mut String, n: i64, width: usize) {
    let mut digits = String::new();
    push_decimal(&mut digits, n.unsigned_abs());
    let sign = usize::from(n < 0);
    if n < 0 {
        out.push('-');
    }
    for _ in (digits.len() + sign)..width {
        out.push('0');
    }
    out.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_format_writes_them() {
        let edges =
            [0u64, 1, 9, 10, 11, 99, 100, 101, 502, 999, 1000, 65_535, 1 << 32, u64::MAX - 1, u64::MAX];
        for n in edges {
            assert_eq!(decimal(n), n.to_string());
        }
        let signed =
            [0i64, 1, -1, 5, -5, 9, 10, -10, 59, 99, 100, 1970, 2026, 10_000, -10_000, i64::MAX, i64::MIN];
        for n in signed {
            for width in 0..6 {
                let mut s = String::new();
                push_padded(&mut s, n, width);
                assert_eq!(s, format!("{n:0width$}"), "{n} {width}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn random_numbers_as_format(n in proptest::num::u64::ANY, m in proptest::num::i64::ANY, width in 0usize..24) {
            proptest::prop_assert_eq!(decimal(n), n.to_string());
            let mut s = String::from("x");
            push_padded(&mut s, m, width);
            proptest::prop_assert_eq!(s, format!("x{m:0width$}"));
        }
    }
}
