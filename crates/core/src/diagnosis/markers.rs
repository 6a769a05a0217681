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

/// The phrases of the catalog, filed by anchor.
pub(crate) struct MarkerIndex {
    /// Distinct phrases; the id of a phrase is its position.
    phrases: Vec<&'static str>,
    /// (address, length) of each phrase as the catalog holds it, sorted, with its id: lets a rule's
    /// `&'static str` find its id without hashing the text. (Equal address and length means equal
    /// text, so a hit is never wrong; a miss only means a direct search.)
    ids: Vec<(usize, usize, u16)>,
    /// One bit per hashed anchor.
    filter: Vec<u64>,
    /// (anchor, phrase id, anchor's offset in the phrase), sorted by anchor.
    anchors: Vec<(u32, u16, u16)>,
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

/// The index over the whole catalog, built on first use.
pub(crate) fn index() -> &'static MarkerIndex {
    static INDEX: OnceLock<MarkerIndex> = OnceLock::new();
    INDEX.get_or_init(|| MarkerIndex::new(catalog_phrases()))
}

/// Every phrase the rules search the visible text for: `Phrase`, `AnyPhrase` and the sentences.
fn catalog_phrases() -> Vec<&'static str> {
    let mut out = Vec::new();
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

/// The four bytes at `at` as one number, first byte highest.
fn window(bytes: &[u8], at: usize) -> Option<u32> {
    let w: [u8; WINDOW] = bytes.get(at..at + WINDOW)?.try_into().ok()?;
    Some(u32::from_be_bytes(w))
}

fn filter_slot(anchor: u32) -> u32 {
    anchor.wrapping_mul(0x9e37_79b1) >> (32 - FILTER_BITS)
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
        let mut filter = vec![0u64; (1usize << FILTER_BITS) / 64];
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
        crate::order::sort(&mut anchors);
        anchors.dedup();
        MarkerIndex { phrases, ids, filter, anchors }
    }

    fn id(&self, phrase: &str) -> Option<u16> {
        let key = (phrase.as_ptr() as usize, phrase.len());
        let i = self.ids.binary_search_by(|&(p, l, _)| (p, l).cmp(&key)).ok()?;
        self.ids.get(i).map(|&(_, _, id)| id)
    }

    /// One pass over `text`: which indexed phrases occur in it.
    pub(crate) fn scan(&self, text: &str) -> Found {
        let mut bits = vec![0u64; self.phrases.len().div_ceil(64)];
        let bytes = text.as_bytes();
        let filter = self.filter.as_slice();
        let mut at = 0;
        while let Some(w) = window(bytes, at) {
            let slot = filter_slot(w) as usize;
            if filter.get(slot / 64).is_some_and(|f| f & (1u64 << (slot % 64)) != 0) {
                self.verify(bytes, at, w, &mut bits);
            }
            at += STRIDE;
        }
        Found { bits }
    }

    /// The anchor `anchor` starts at `at`: compare each phrase filed under it in full.
    fn verify(&self, text: &[u8], at: usize, anchor: u32, bits: &mut [u64]) {
        let first = self.anchors.partition_point(|&(a, _, _)| a < anchor);
        for &(_, id, offset) in self.anchors.get(first..).unwrap_or(&[]).iter().take_while(|e| e.0 == anchor)
        {
            let Some(start) = at.checked_sub(usize::from(offset)) else { continue };
            let Some(phrase) = self.phrases.get(usize::from(id)) else { continue };
            let Some(candidate) = text.get(start..start + phrase.len()) else { continue };
            // The first and last bytes reject most candidates before the full compare.
            let ends = |b: &[u8]| (b.first().copied(), b.last().copied());
            if ends(candidate) == ends(phrase.as_bytes()) && candidate == phrase.as_bytes() {
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
