//! The phrase tables as packed strings: each table is one `&'static str` in which every phrase is
//! followed by its tag, one control byte (`\x01`-`\x0a` a weight; `\x1d`-`\x1f` a risk class, then a
//! weight byte). No phrase contains a control character (checked by the tests), so the first byte below
//! `0x20` ends a phrase. In wasm32 an array of `(&str, u8)` costs 12 bytes of pointer, length and padding
//! per entry on top of the text; packed, it costs one or two. The tables are still written as tuples, in
//! the same order, through [`weighted!`] and [`risked!`], and read back without allocation.

use super::types::Risk;

/// The weight byte of a table entry (1-10).
macro_rules! weight_byte {
    (1) => {
        "\x01"
    };
    (2) => {
        "\x02"
    };
    (3) => {
        "\x03"
    };
    (4) => {
        "\x04"
    };
    (5) => {
        "\x05"
    };
    (6) => {
        "\x06"
    };
    (7) => {
        "\x07"
    };
    (8) => {
        "\x08"
    };
    (9) => {
        "\x09"
    };
    (10) => {
        "\x0a"
    };
}

/// The risk byte of an identifier table entry.
macro_rules! risk_byte {
    (Risk::Payment) => {
        "\x1d"
    };
    (Risk::Order) => {
        "\x1e"
    };
    (Risk::Other) => {
        "\x1f"
    };
}

/// `weighted![("pay", 9), ("pay now", 10)]`: a [`Weighted`] table, packed at compile time.
macro_rules! weighted {
    ($(($phrase:literal, $weight:tt)),* $(,)?) => {
        $crate::form::packed::Weighted(concat!($($phrase, weight_byte!($weight)),*))
    };
}

/// `risked![("cvv", Risk::Payment, 10)]`: a [`Risked`] table, packed at compile time.
macro_rules! risked {
    ($(($phrase:literal, Risk::$risk:ident, $weight:tt)),* $(,)?) => {
        $crate::form::packed::Risked(concat!($($phrase, risk_byte!(Risk::$risk), weight_byte!($weight)),*))
    };
}

/// A table of phrases with a weight each, in table order.
#[derive(Clone, Copy)]
pub(crate) struct Weighted(pub(crate) &'static str);

/// A table of phrases with a risk class and a weight each, in table order.
#[derive(Clone, Copy)]
pub(crate) struct Risked(pub(crate) &'static str);

/// The next phrase of `rest` and the bytes after it (its tag first).
fn phrase(rest: &'static str) -> Option<(&'static str, &'static [u8])> {
    let end = rest.bytes().position(|b| b < 0x20)?;
    Some((rest.get(..end)?, rest.as_bytes().get(end..)?))
}

/// The text after `n` tag bytes (the tag bytes are ASCII, so this is a character boundary).
fn skip(rest: &'static str, phrase: &str, n: usize) -> &'static str {
    rest.get(phrase.len() + n..).unwrap_or("")
}

impl Weighted {
    /// The entries, in table order.
    pub(crate) fn iter(self) -> impl Iterator<Item = (&'static str, u8)> {
        let mut rest = self.0;
        std::iter::from_fn(move || {
            let (p, tag) = phrase(rest)?;
            let weight = *tag.first()?;
            rest = skip(rest, p, 1);
            Some((p, weight))
        })
    }

    /// True when the table has no entry.
    #[cfg(test)]
    pub(crate) fn is_empty(self) -> bool {
        self.0.is_empty()
    }
}

impl Risked {
    /// The entries, in table order.
    pub(crate) fn iter(self) -> impl Iterator<Item = (&'static str, Risk, u8)> {
        let mut rest = self.0;
        std::iter::from_fn(move || {
            let (p, tag) = phrase(rest)?;
            let risk = match *tag.first()? {
                0x1d => Risk::Payment,
                0x1e => Risk::Order,
                _ => Risk::Other,
            };
            let weight = *tag.get(1)?;
            rest = skip(rest, p, 2);
            Some((p, risk, weight))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables written out again from what the iterators read must be the packed text itself: no
    /// phrase held a control byte, every tag was read, nothing was skipped.
    #[test]
    fn packed_tables_read_back_exactly() {
        let w =
            weighted![("pay", 9), ("pay now", 10), ("zahlungspflichtig bestellen", 1), ("注文を確定する", 7)];
        let read: Vec<_> = w.iter().collect();
        assert_eq!(
            read,
            [("pay", 9), ("pay now", 10), ("zahlungspflichtig bestellen", 1), ("注文を確定する", 7)]
        );
        let r = risked![("cvv", Risk::Payment, 10), ("cart", Risk::Other, 3), ("order", Risk::Order, 2)];
        let read: Vec<_> = r.iter().collect();
        assert_eq!(read, [("cvv", Risk::Payment, 10), ("cart", Risk::Other, 3), ("order", Risk::Order, 2)]);
        assert_eq!(weighted![].iter().count(), 0);
        assert!(weighted![].is_empty());
    }

    /// Every table of the crate, checked the same way: re-packing what is read gives the same string.
    #[test]
    fn every_table_round_trips() {
        let weight = |w: u8| char::from(w);
        let risk = |r: Risk| match r {
            Risk::Payment => '\x1d',
            Risk::Order => '\x1e',
            Risk::Other => '\x1f',
        };
        for lang in super::super::keywords::LANGUAGES {
            for list in [lang.payment, lang.order, lang.other, lang.payment_labels, lang.other_labels] {
                let mut again = String::new();
                for (p, w) in list.iter() {
                    assert!(!p.is_empty() && !p.chars().any(char::is_control), "{p}");
                    assert!((1..=10).contains(&w), "{p}: {w}");
                    again.push_str(p);
                    again.push(weight(w));
                }
                assert_eq!(again, list.0);
            }
        }
        use super::super::identifiers::{AUTOCOMPLETE, FIELD_NAMES, PATH_WORDS};
        for table in [AUTOCOMPLETE, FIELD_NAMES, PATH_WORDS] {
            let mut again = String::new();
            for (p, r, w) in table.iter() {
                assert!(!p.is_empty() && !p.chars().any(char::is_control), "{p}");
                assert!((1..=10).contains(&w), "{p}: {w}");
                again.push_str(p);
                again.push(risk(r));
                again.push(weight(w));
            }
            assert_eq!(again, table.0);
        }
    }
}
