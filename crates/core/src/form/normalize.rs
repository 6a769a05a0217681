//! Text folding and phrase matching, shared by every table. Pages come in any case, with or without
//! diacritics, with non-breaking spaces and full-width letters; the tables are written in plain lower case.

/// At most this many characters of any one page-supplied string are read.
pub(crate) const MAX_TEXT_CHARS: usize = 160;

/// Folds a visible text for matching: Unicode lower case, Latin diacritics removed (`ß` -> `ss`,
/// `ł` -> `l`), full-width ASCII made half-width, typographic apostrophes made `'`, every run of
/// whitespace (NBSP included) one space. Reads at most [`MAX_TEXT_CHARS`] characters.
pub(crate) fn fold_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_TEXT_CHARS * 4));
    let mut pending_space = false;
    for c in s.chars().take(MAX_TEXT_CHARS) {
        if c.is_whitespace() || c == '\u{200b}' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for lower in crate::lower::lower_char(c) {
            push_folded(&mut out, lower);
        }
    }
    out
}

/// Splits an identifier (field name, URL path) into lower-case words: `billing[cc_number]` ->
/// `billing cc number`, `cardNumber` -> `card number`, `/checkout/pay` -> `checkout pay`.
pub(crate) fn identifier_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_TEXT_CHARS));
    let mut prev_lower = false;
    for c in s.chars().take(MAX_TEXT_CHARS) {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !out.is_empty() {
                out.push(' ');
            }
            prev_lower = c.is_lowercase() || c.is_numeric();
            for lower in crate::lower::lower_char(c) {
                push_folded(&mut out, lower);
            }
        } else {
            prev_lower = false;
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

fn push_folded(out: &mut String, c: char) {
    let replacement = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        // Russian writes ё and е interchangeably.
        'ё' => "е",
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '´' => "'",
        _ => "",
    };
    if !replacement.is_empty() {
        out.push_str(replacement);
        return;
    }
    // Full-width ASCII (U+FF01..U+FF5E), common on Japanese and Chinese pages.
    let code = u32::from(c);
    if (0xFF01..=0xFF5E).contains(&code) {
        if let Some(half) = char::from_u32(code - 0xFEE0) {
            out.extend(crate::lower::lower_char(half));
            return;
        }
    }
    if code == 0x3000 {
        out.push(' ');
        return;
    }
    out.push(c);
}

/// Scripts written without spaces between words: a phrase in them matches as a plain substring.
fn is_unspaced_script(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables: Korean attaches particles (결제하기, 장바구니에)
        | 0x1100..=0x11FF)
}

/// Where `phrase` (already folded) occurs in `text` (already folded), as a byte span.
///
/// A phrase in Chinese, Japanese or Korean matches anywhere. Any other phrase matches on word
/// boundaries (`pay` in "Pay now", not in "Payment" or "PayPal"); a phrase ending in `*` is a stem
/// that needs a boundary only before it (Russian and Polish inflect: `оплат*` finds "Оплатить").
pub(crate) fn find_phrase(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let (needle, stem) = match phrase.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (phrase, false),
    };
    // A needle longer than the text cannot occur in it; checking first skips building a searcher
    // for every (phrase, label) pair, half of a form classification's time.
    if needle.is_empty() || needle.len() > text.len() {
        return None;
    }
    if needle.chars().any(is_unspaced_script) {
        return crate::find::find_str(text, needle).map(|start| (start, start + needle.len()));
    }
    let mut from = 0;
    while let Some(rel) = text.get(from..).and_then(|rest| crate::find::find_str(rest, needle)) {
        let start = from + rel;
        let end = start + needle.len();
        let before_ok =
            text.get(..start).and_then(|b| b.chars().next_back()).is_none_or(|c| !is_word_char(c));
        let after_ok =
            stem || text.get(end..).and_then(|a| a.chars().next()).is_none_or(|c| !is_word_char(c));
        if before_ok && after_ok {
            return Some((start, end));
        }
        // Step past the first character of this occurrence.
        from = start + text.get(start..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
    }
    None
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_unspaced_script(c)
}

/// Cuts a page-supplied string for an evidence line: trimmed, whitespace collapsed, at most 60 chars.
pub(crate) fn evidence_text(s: &str) -> String {
    let mut out = String::new();
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > 60 {
            let mut cut: String = out.chars().take(59).collect();
            cut.push('…');
            return cut;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_spaces() {
        assert_eq!(fold_text("  Zahlungspflichtig\u{a0}BESTELLEN "), "zahlungspflichtig bestellen");
        assert_eq!(fold_text("Złóż zamówienie"), "zloz zamowienie");
        assert_eq!(fold_text("Straße"), "strasse");
        assert_eq!(fold_text("ＰＡＹ　ＮＯＷ"), "pay now");
        assert_eq!(fold_text("Procéder au paiement"), "proceder au paiement");
        assert_eq!(fold_text("Оформить ЗАКАЗ"), "оформить заказ");
    }

    #[test]
    fn splits_identifiers() {
        assert_eq!(identifier_words("billing[cc_number]"), "billing cc number");
        assert_eq!(identifier_words("cardNumber"), "card number");
        assert_eq!(identifier_words("/checkout/pay?x=1"), "checkout pay x 1");
        assert_eq!(identifier_words("add-to-cart"), "add to cart");
        assert_eq!(identifier_words("CVV2"), "cvv2");
    }

    #[test]
    fn latin_phrases_need_word_boundaries() {
        assert!(find_phrase("pay now", "pay").is_some());
        assert!(find_phrase("payment", "pay").is_none());
        assert!(find_phrase("paypal checkout", "pay").is_none());
        assert!(find_phrase("repay", "pay").is_none());
        assert!(find_phrase("e-mail: pay", "pay").is_some());
        assert!(find_phrase("оплатить заказ", "оплат*").is_some());
        assert!(find_phrase("предоплата", "оплат*").is_none());
    }

    #[test]
    fn cjk_phrases_match_inside_words() {
        assert!(find_phrase("今すぐ購入する", "購入").is_some());
        assert!(find_phrase("결제하기", "결제").is_some());
        assert!(find_phrase("提交订单", "订单").is_some());
    }

    #[test]
    fn long_input_is_cut() {
        let long = "a".repeat(100_000);
        assert_eq!(fold_text(&long).len(), MAX_TEXT_CHARS);
        assert!(identifier_words(&long).len() <= MAX_TEXT_CHARS);
        assert!(evidence_text(&long).chars().count() <= 60);
    }
}
