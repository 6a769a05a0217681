//! Substring search without std's `StrSearcher` in WebAssembly. std's `str::find`/`contains` with a
//! `&str` pattern builds a Two-Way searcher (its code, plus the panic formatting of its slicing: ~6 KB of
//! wasm) and has no vector fast path there; the core's needles are short phrases and markers, for which
//! a byte loop is as fast. Natively std's searcher keeps its SSE2 path.

/// `haystack.find(needle)`: the byte index of the first occurrence.
pub(crate) fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    {
        find_bytes(haystack, needle)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        haystack.find(needle)
    }
}

/// `haystack.contains(needle)`. Natively std's `contains` itself: it has an SSE2 path for short needles
/// that `find` lacks.
pub(crate) fn contains_str(haystack: &str, needle: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        find_bytes(haystack, needle).is_some()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        haystack.contains(needle)
    }
}

/// `haystack.split_once(needle)`.
pub(crate) fn split_once_str<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find_str(haystack, needle)?;
    Some((haystack.get(..at)?, haystack.get(at + needle.len()..)?))
}

/// `haystack.rfind(char::from(ascii))` for an ASCII byte: the index of its last occurrence. A byte loop
/// (an ASCII byte never occurs inside a multi-byte character), so std's reverse char searcher and its
/// `memrchr` stay out of the WebAssembly module.
pub(crate) fn rfind_ascii(haystack: &str, ascii: u8) -> Option<usize> {
    debug_assert!(ascii.is_ascii());
    haystack.bytes().rposition(|b| b == ascii)
}

/// The text after the last `ascii` byte of `haystack`, or all of it: `haystack.rsplit(c).next()`.
pub(crate) fn after_last_ascii(haystack: &str, ascii: u8) -> &str {
    rfind_ascii(haystack, ascii).and_then(|i| haystack.get(i + 1..)).unwrap_or(haystack)
}

/// The first occurrence of `needle`'s bytes in `haystack`'s, by a plain loop: the first byte compared,
/// then the rest. The same index as `str::find`: a UTF-8 string's first byte is never a continuation
/// byte, so its bytes occur only at character boundaries.
pub(crate) fn find_bytes(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else { return Some(0) };
    let last_start = hay.len().checked_sub(needle.len())?;
    hay.get(..=last_start)?
        .iter()
        .enumerate()
        .find(|&(i, &b)| b == first && hay.get(i + 1..i + needle.len()) == Some(rest))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_std_on_edges() {
        for (hay, needle) in [
            ("", ""),
            ("a", ""),
            ("", "a"),
            ("abc", "abc"),
            ("abc", "abcd"),
            ("aaab", "aab"),
            ("xx-->y-->", "-->"),
            ("https://a://b", "://"),
            ("é€𝄞 reference # 1", "reference #"),
            ("ééé", "é"),
            ("aé", "é"),
        ] {
            assert_eq!(find_bytes(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            assert_eq!(split_once_str(hay, needle), hay.split_once(needle), "{hay:?} {needle:?}");
            assert_eq!(contains_str(hay, needle), hay.contains(needle));
        }
    }

    #[test]
    fn last_ascii_as_std() {
        for hay in ["", "@", "a@b", "u:p@h@x", "é@€", "[::1]:8080", "𝄞:", "no"] {
            for c in ['@', ':', ']'] {
                let b = u8::try_from(c).unwrap();
                assert_eq!(rfind_ascii(hay, b), hay.rfind(c), "{hay:?} {c}");
                assert_eq!(after_last_ascii(hay, b), hay.rsplit(c).next().unwrap(), "{hay:?} {c}");
            }
        }
    }

    proptest::proptest! {
        /// Random haystacks and needles over a few ASCII and multi-byte characters, so that matches,
        /// near misses and partial UTF-8 overlaps are frequent.
        #[test]
        fn as_std_on_random_text(
            hay in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', '-', '>', 'é', '€', '𝄞']), 0..40),
            needle in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', '-', '>', 'é', '€', '𝄞']), 0..5),
        ) {
            let hay: String = hay.into_iter().collect();
            let needle: String = needle.into_iter().collect();
            proptest::prop_assert_eq!(find_bytes(&hay, &needle), hay.find(needle.as_str()));
            proptest::prop_assert_eq!(split_once_str(&hay, &needle), hay.split_once(needle.as_str()));
        }
    }
}
