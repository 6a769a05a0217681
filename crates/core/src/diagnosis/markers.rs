//! Every body phrase of the catalog found in one pass over the page, instead of one substring search per
//! phrase per rule (which was most of a diagnosis's time: ~30 searches over up to 8 KiB each).
//!
//! The index is built once, lazily, from the catalog's data. Each phrase is filed under the 4-byte
//! windows starting at [`STRIDE`] consecutive offsets of itself (its *anchor*: the stretch of rarest
//! letters), so wherever the phrase occurs, one of those windows starts at a multiple of [`STRIDE`] in
//! the text. The pass reads the window at every [`STRIDE`]-th byte, tests a hash of it against a
//! 64-Kibit filter of the anchors, and only on a hit compares the candidate phrases in full. The rules
//! still ask phrase by phrase, in §28's order; they read the answer from the pass's bit set. A phrase
//! too short for an anchor, or not in the catalog, is searched directly (the same answer).

use std::sync::OnceLock;

use super::catalog::CATALOG;
use super::signals::{Cond, Signature};

const WINDOW: usize = 4;
/// The pass reads one window every `STRIDE` bytes.
const STRIDE: usize = 4;
/// The shortest phrase the index holds: `STRIDE` windows of `WINDOW` bytes.
const SHORTEST: usize = WINDOW + STRIDE - 1;
const FILTER_BITS: u32 = 16;
/// Anchors are filed in `1 << BUCKET_BITS` buckets by the top bits of their filter slot: a filter hit
/// finds its candidates without a search.
const BUCKET_BITS: u32 = 10;
/// The filter's size in words: a fixed-size array, so the pass's lookups need no bounds check.
const FILTER_WORDS: usize = (1usize << FILTER_BITS) / 64;
// The pass reads the text as consecutive, non-overlapping windows.
const _: () = assert!(STRIDE == WINDOW);

/// The phrases of the catalog, filed by anchor.
pub(crate) struct MarkerIndex {
    /// Distinct phrases; the id of a phrase is its position.
    phrases: Vec<&'static str>,
    /// (address, length) of each phrase as the catalog holds it, sorted, with its id: lets a rule's
    /// `&'static str` find its id without hashing the text. (Equal address and length means equal
    /// text, so a hit is never wrong; a miss only means a direct search.)
    ids: Vec<(usize, usize, u16)>,
    /// One bit per hashed anchor.
    filter: Box<[u64; FILTER_WORDS]>,
    /// (anchor, phrase id, anchor's offset in the phrase), sorted by bucket, then anchor.
    anchors: Vec<(u32, u16, u16)>,
    /// Where each bucket's anchors start in `anchors` (one more entry: the end).
    starts: Vec<u32>,
}

/// Which phrases of the index occur in one text.
pub(crate) struct Found {
    bits: Vec<u64>,
}

impl Found {
    /// `Some(found)` for an indexed phrase, `None` for one the index does not hold.
    pub(crate) fn get(&self, index: &MarkerIndex, phrase: &str) -> Option<bool> {
        let id = index.id(phrase)?;
        let word = self.bits.get(usize::from(id) / 64)?;
        Some(word & (1u64 << (id % 64)) != 0)
    }
}

/// The index of every phrase the rules search the visible text for, built on first use.
pub(crate) fn index() -> &'static MarkerIndex {
    static INDEX: OnceLock<MarkerIndex> = OnceLock::new();
    INDEX.get_or_init(|| MarkerIndex::new(catalog_phrases()))
}

/// The index of the phrases the rules search the lower-cased raw HTML for: the `Html` markers and the
/// sentences (fewer phrases than [`index`], so fewer candidates to compare in a page's markup).
pub(crate) fn html_index() -> &'static MarkerIndex {
    static INDEX: OnceLock<MarkerIndex> = OnceLock::new();
    INDEX.get_or_init(|| MarkerIndex::new(html_phrases()))
}

pub(crate) fn html_phrases() -> Vec<&'static str> {
    let mut out = Vec::new();
    for entry in CATALOG {
        for sigs in [entry.explicit, entry.bodies, entry.headers, entry.answered, entry.by_status] {
            for sig in sigs {
                out.extend(sig.all.iter().filter_map(|c| match *c {
                    Cond::Html(p) => Some(p),
                    _ => None,
                }));
            }
        }
        out.extend(entry.sentences.iter().map(|&(s, _)| s));
    }
    out
}

/// Every phrase the rules search the visible text for: `Phrase`, `AnyPhrase`, the sentences and the
/// Akamai reference's lead-in.
fn catalog_phrases() -> Vec<&'static str> {
    let mut out = vec![super::signals::AKAMAI_REFERENCE];
    let from_sigs = |sigs: &'static [Signature], out: &mut Vec<&'static str>| {
        for sig in sigs {
            for cond in sig.all {
                match *cond {
                    Cond::Phrase(p) => out.push(p),
                    Cond::AnyPhrase(ps) => out.extend_from_slice(ps),
                    _ => {}
                }
            }
        }
    };
    for entry in CATALOG {
        for sigs in [entry.explicit, entry.bodies, entry.headers, entry.answered, entry.by_status] {
            from_sigs(sigs, &mut out);
        }
        out.extend(entry.sentences.iter().map(|&(s, _)| s));
    }
    out
}

/// The four bytes at `at` as one number, first byte lowest (little-endian: a plain load in wasm, where a
/// big-endian read costs a byte swap done by hand).
fn window(bytes: &[u8], at: usize) -> Option<u32> {
    let w: [u8; WINDOW] = bytes.get(at..at + WINDOW)?.try_into().ok()?;
    Some(u32::from_le_bytes(w))
}

/// Four ASCII bytes with `A`..=`Z` made lower-case, all at once: a byte gets 0x20 added where
/// `byte + 0x3f` reaches 0x80 (`byte >= b'A'`) and `byte + 0x25` does not (`byte <= b'Z'`). No sum
/// carries into the next byte while every byte is below 0x80.
fn lower_ascii_word(w: u32) -> u32 {
    let upper = w.wrapping_add(0x3f3f_3f3f) & !w.wrapping_add(0x2525_2525) & 0x8080_8080;
    w | (upper >> 2)
}

/// [`lower_ascii_word`] for eight bytes.
fn lower_ascii_u64(w: u64) -> u64 {
    const H: u64 = 0x8080_8080_8080_8080;
    let upper = w.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & !w.wrapping_add(0x2525_2525_2525_2525) & H;
    w | (upper >> 2)
}

fn filter_slot(anchor: u32) -> u32 {
    anchor.wrapping_mul(0x9e37_79b1) >> (32 - FILTER_BITS)
}

fn bucket(anchor: u32) -> usize {
    (filter_slot(anchor) >> (FILTER_BITS - BUCKET_BITS)) as usize
}

/// How common a byte is in English error pages: anchors avoid spaces and frequent letters.
fn commonness(b: u8) -> u32 {
    match b {
        b' ' => 12,
        b'e' => 11,
        b't' | b'a' | b'o' => 9,
        b'i' | b'n' | b's' | b'r' | b'h' => 8,
        b'l' | b'd' | b'c' | b'u' => 6,
        b'm' | b'f' | b'p' | b'g' | b'w' | b'y' | b'b' | b'.' | b',' => 4,
        _ => 1,
    }
}

impl MarkerIndex {
    fn new(all: Vec<&'static str>) -> MarkerIndex {
        let mut phrases: Vec<&'static str> = all.iter().copied().filter(|p| p.len() >= SHORTEST).collect();
        crate::order::sort(&mut phrases);
        phrases.dedup();
        phrases.truncate(usize::from(u16::MAX));
        let mut ids: Vec<(usize, usize, u16)> = all
            .iter()
            .filter_map(|p| {
                let id = u16::try_from(phrases.binary_search(p).ok()?).ok()?;
                Some((p.as_ptr() as usize, p.len(), id))
            })
            .collect();
        crate::order::sort(&mut ids);
        ids.dedup();
        let mut anchors = Vec::new();
        let mut filter = Box::new([0u64; FILTER_WORDS]);
        for (id, phrase) in phrases.iter().enumerate() {
            let Ok(id) = u16::try_from(id) else { break };
            let bytes = phrase.as_bytes();
            // The stretch of SHORTEST bytes with the rarest letters: its windows occur least often.
            let Some(best) = (0..=bytes.len() - SHORTEST).min_by_key(|&start| {
                bytes
                    .get(start..start + SHORTEST)
                    .map_or(u32::MAX, |s| s.iter().map(|&b| commonness(b)).sum())
            }) else {
                continue;
            };
            for offset in best..best + STRIDE {
                let (Some(anchor), Ok(offset)) = (window(bytes, offset), u16::try_from(offset)) else {
                    continue;
                };
                anchors.push((anchor, id, offset));
                let slot = filter_slot(anchor) as usize;
                if let Some(word) = filter.get_mut(slot / 64) {
                    *word |= 1u64 << (slot % 64);
                }
            }
        }
        crate::order::sort_by_key(&mut anchors, |&(anchor, id, offset)| (bucket(anchor), anchor, id, offset));
        anchors.dedup();
        let mut starts = vec![0u32; (1usize << BUCKET_BITS) + 1];
        for &(anchor, _, _) in &anchors {
            if let Some(n) = starts.get_mut(bucket(anchor) + 1) {
                *n += 1;
            }
        }
        for b in 1..starts.len() {
            let before = starts.get(b - 1).copied().unwrap_or(0);
            if let Some(n) = starts.get_mut(b) {
                *n += before;
            }
        }
        MarkerIndex { phrases, ids, filter, anchors, starts }
    }

    fn id(&self, phrase: &str) -> Option<u16> {
        let key = (phrase.as_ptr() as usize, phrase.len());
        let i = self.ids.binary_search_by(|&(p, l, _)| (p, l).cmp(&key)).ok()?;
        self.ids.get(i).map(|&(_, _, id)| id)
    }

    /// One pass over `text`: which indexed phrases occur in it.
    pub(crate) fn scan(&self, text: &str) -> Found {
        self.pass::<false>(text.as_bytes()).0
    }

    /// One pass over `text` as if it were lower-cased first, when `text` is ASCII: the same answer as
    /// `scan(&text.to_ascii_lowercase())` without the copy. `None` when it is not ASCII (the window is
    /// lower-cased a word at a time, exact only when no byte has its top bit set).
    pub(crate) fn scan_ascii_lowered(&self, text: &str) -> Option<Found> {
        // The pass notes whether any byte had its top bit set; the tail it skips is checked apart.
        let bytes = text.as_bytes();
        let (found, high) = self.pass::<true>(bytes);
        let tail = bytes.get(bytes.len() - bytes.len() % WINDOW..).unwrap_or(&[]);
        (high & 0x8080_8080_8080_8080 == 0 && tail.is_ascii()).then_some(found)
    }

    /// The pass, and the OR of every window read (for the ASCII check). Two windows per step: one
    /// 8-byte load (and lower-casing) for both.
    fn pass<const LOWER: bool>(&self, bytes: &[u8]) -> (Found, u64) {
        let mut bits = vec![0u64; self.phrases.len().div_ceil(64)];
        let filter: &[u64; FILTER_WORDS] = &self.filter;
        let filed = |w: u32| {
            let slot = filter_slot(w) as usize;
            filter.get(slot / 64).is_some_and(|f| f & (1u64 << (slot % 64)) != 0)
        };
        let mut high = 0;
        let mut pairs = bytes.chunks_exact(2 * WINDOW);
        let mut at = 0;
        for chunk in pairs.by_ref() {
            let Ok(two) = <[u8; 2 * WINDOW]>::try_from(chunk) else { continue };
            let mut two = u64::from_le_bytes(two);
            if LOWER {
                high |= two;
                two = lower_ascii_u64(two);
            }
            // The first window is the low half (bytes are little-endian, as in `window`).
            let (first, second) = (two as u32, (two >> 32) as u32);
            if filed(first) {
                self.verify::<LOWER>(bytes, at, first, &mut bits);
            }
            if filed(second) {
                self.verify::<LOWER>(bytes, at + WINDOW, second, &mut bits);
            }
            at += 2 * WINDOW;
        }
        if let Some(mut w) = window(pairs.remainder(), 0) {
            if LOWER {
                high |= u64::from(w);
                w = lower_ascii_word(w);
            }
            if filed(w) {
                self.verify::<LOWER>(bytes, at, w, &mut bits);
            }
        }
        (Found { bits }, high)
    }

    /// The anchor `anchor` starts at `at`: compare each phrase filed under it in full.
    fn verify<const LOWER: bool>(&self, text: &[u8], at: usize, anchor: u32, bits: &mut [u64]) {
        let b = bucket(anchor);
        let (Some(&first), Some(&end)) = (self.starts.get(b), self.starts.get(b + 1)) else { return };
        let filed = self.anchors.get(first as usize..end as usize).unwrap_or(&[]);
        for &(_, id, offset) in filed.iter().filter(|e| e.0 == anchor) {
            let Some(start) = at.checked_sub(usize::from(offset)) else { continue };
            let Some(phrase) = self.phrases.get(usize::from(id)) else { continue };
            let Some(candidate) = text.get(start..start + phrase.len()) else { continue };
            // The first and last bytes reject most candidates before the full compare.
            let ends =
                |b: &[u8]| (b.first().map(u8::to_ascii_lowercase), b.last().map(u8::to_ascii_lowercase));
            let same = if LOWER {
                ends(candidate) == ends(phrase.as_bytes())
                    && candidate.iter().zip(phrase.as_bytes()).all(|(c, p)| c.to_ascii_lowercase() == *p)
            } else {
                (candidate.first(), candidate.last()) == (phrase.as_bytes().first(), phrase.as_bytes().last())
                    && candidate == phrase.as_bytes()
            };
            if same {
                if let Some(word) = bits.get_mut(usize::from(id) / 64) {
                    *word |= 1u64 << (id % 64);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_phrase_is_found_exactly_where_contains_finds_it() {
        let index = index();
        let texts = [
            "502 bad gateway nginx/1.25.3",
            "the proxy server received an invalid response from an upstream server. proxy error",
            "guru meditation: xid: 1 varnish cache server",
            "that's an error. the requested url could not be retrieved",
            "",
            "abc",
        ];
        for text in texts {
            let found = index.scan(text);
            for &phrase in &index.phrases {
                if let Some(hit) = found.get(index, phrase) {
                    assert_eq!(hit, text.contains(phrase), "{phrase:?} in {text:?}");
                }
            }
        }
        // Each phrase, alone and embedded, is found.
        for &phrase in &index.phrases {
            for text in [phrase.to_owned(), format!("x {phrase} y")] {
                assert_ne!(index.scan(&text).get(index, phrase), Some(false), "{phrase:?}");
            }
        }
    }

    #[test]
    fn the_lowering_pass_answers_as_a_pass_over_the_lowered_text() {
        for index in [index(), html_index()] {
            lowering_pass_answers(index);
        }
    }

    fn lowering_pass_answers(index: &MarkerIndex) {
        for b in 0u8..0x80 {
            let w = u32::from_be_bytes([b, b'Q', b, b'@']);
            let want = u32::from_be_bytes([b.to_ascii_lowercase(), b'q', b.to_ascii_lowercase(), b'@']);
            assert_eq!(lower_ascii_word(w), want, "{b:#x}");
            let two = u64::from_le_bytes([b, b'Q', b, b'@', b'Z', b, b'[', b]);
            let lower = b.to_ascii_lowercase();
            let want = u64::from_le_bytes([lower, b'q', lower, b'@', b'z', lower, b'[', lower]);
            assert_eq!(lower_ascii_u64(two), want, "{b:#x}");
        }
        let mut texts: Vec<String> = index
            .phrases
            .iter()
            .flat_map(|p| {
                let upper = p.to_ascii_uppercase();
                let mixed: String = p
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c })
                    .collect();
                [format!("<P>{upper}</P>"), format!("x{mixed}"), format!("<a HREF=\"{mixed}\">é</a>")]
            })
            .collect();
        texts.push("<DIV CLASS=\"CF-ERROR-DETAILS\">".to_owned());
        texts.push(String::new());
        for text in &texts {
            let lowered = index.scan_ascii_lowered(text);
            assert_eq!(lowered.is_some(), text.is_ascii(), "{text:?}");
            let Some(lowered) = lowered else { continue };
            let direct = index.scan(&text.to_ascii_lowercase());
            for &phrase in &index.phrases {
                assert_eq!(lowered.get(index, phrase), direct.get(index, phrase), "{phrase:?} in {text:?}");
                assert_eq!(
                    lowered.get(index, phrase),
                    Some(text.to_ascii_lowercase().contains(phrase)),
                    "{phrase:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_phrase_not_in_the_catalog_is_not_answered() {
        let found = index().scan("anything");
        assert_eq!(found.get(index(), "anything"), None);
    }

    #[test]
    fn found_at_every_alignment() {
        let index = index();
        for &phrase in &index.phrases {
            for pad in 0..2 * STRIDE {
                let text = format!("{}{phrase}{}", "x".repeat(pad), "y".repeat(pad % 3));
                assert_eq!(index.scan(&text).get(index, phrase), Some(true), "{phrase:?} after {pad}");
            }
        }
    }
}
