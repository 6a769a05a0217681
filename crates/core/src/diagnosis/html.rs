//! HTML to the visible text `innerText` would give, for [`super::text::Page`]: tags stripped (block
//! tags end a line), comments and hidden elements dropped, entities decoded. One pass over the page:
//! the text between tags is appended as it is met (`Visible::push_text`), no allocation per tag.

use super::text::Visible;

/// `s` starts with the ASCII `prefix`, ignoring ASCII case.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes().get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// One of the tags only HTML has, in the first KiB. (Case-insensitive in ASCII: no other character
/// lower-cases to a letter of these tags.)
pub(super) fn looks_like_html(s: &str) -> bool {
    const MARKERS: [&str; 11] =
        ["<html", "<!doctype", "<head", "<body", "<title", "<center", "<h1", "<p>", "<br", "<div", "<hr"];
    let head = super::text::prefix_on_char_boundary(s, 1024);
    head.match_indices('<')
        .any(|(i, _)| head.get(i..).is_some_and(|t| MARKERS.iter().any(|m| starts_with_ignore_case(t, m))))
}

/// A tag name of at most 8 ASCII letters and digits, lower-cased, as one number (so the tag sets below
/// are integer comparisons, not string ones); 0 for a longer or empty name.
const fn tag_key(name: &[u8]) -> u64 {
    if name.is_empty() || name.len() > 8 {
        return 0;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() {
        // Indexing is in bounds: `i < name.len()`; `const fn` has no iterators.
        #[allow(clippy::indexing_slicing)]
        let b = name[i].to_ascii_lowercase();
        key |= (b as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Tags whose boundaries `innerText` renders as line breaks (with `blockquote`, the one longer than 8).
const BLOCK_TAGS: [u64; 34] = [
    tag_key(b"address"),
    tag_key(b"article"),
    tag_key(b"body"),
    tag_key(b"br"),
    tag_key(b"center"),
    tag_key(b"dd"),
    tag_key(b"div"),
    tag_key(b"dl"),
    tag_key(b"dt"),
    tag_key(b"footer"),
    tag_key(b"form"),
    tag_key(b"h1"),
    tag_key(b"h2"),
    tag_key(b"h3"),
    tag_key(b"h4"),
    tag_key(b"h5"),
    tag_key(b"h6"),
    tag_key(b"head"),
    tag_key(b"header"),
    tag_key(b"hr"),
    tag_key(b"html"),
    tag_key(b"iframe"),
    tag_key(b"li"),
    tag_key(b"main"),
    tag_key(b"ol"),
    tag_key(b"p"),
    tag_key(b"pre"),
    tag_key(b"section"),
    tag_key(b"table"),
    tag_key(b"td"),
    tag_key(b"th"),
    tag_key(b"title"),
    tag_key(b"tr"),
    tag_key(b"ul"),
];

/// Tags whose content is never visible.
const HIDDEN_TAGS: [u64; 4] =
    [tag_key(b"script"), tag_key(b"style"), tag_key(b"noscript"), tag_key(b"template")];

/// The first `</name` in `rest`, ignoring ASCII case.
fn find_close_tag(rest: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = rest.get(from..).and_then(|r| r.find('<')).map(|i| from + i) {
        if rest
            .get(i + 1..)
            .is_some_and(|t| t.starts_with('/') && starts_with_ignore_case(t.get(1..).unwrap_or(""), name))
        {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// HTML to visible text, in one pass: text between tags is appended as it is met.
pub(super) fn html_to_visible(html: &str, out: &mut Visible) {
    let mut rest = html;
    loop {
        let lt = out.push_text(rest, true);
        let after = match rest.get(lt..) {
            Some(after) if !after.is_empty() => after,
            _ => return,
        };
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = crate::find::find_str(comment, "-->").and_then(|e| comment.get(e + 3..)).unwrap_or("");
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unclosed `<` at the end (the 8 KiB cut): not text a user would see.
            return;
        };
        let tag = after.get(1..gt).unwrap_or("");
        let bare = tag.trim_start_matches('/');
        let len = bare.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = bare.get(..len).unwrap_or("");
        rest = after.get(gt + 1..).unwrap_or("");
        let key = tag_key(name.as_bytes());
        if !tag.starts_with('/') && HIDDEN_TAGS.contains(&key) && key != 0 {
            rest = find_close_tag(rest, name).and_then(|i| rest.get(i..)).unwrap_or("");
            continue;
        }
        if (key != 0 && BLOCK_TAGS.contains(&key)) || name.eq_ignore_ascii_case("blockquote") {
            out.line_break();
        }
    }
}

/// Decodes numeric entities and the few named ones error pages use.
#[cfg(test)]
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_entities_into(s, &mut out);
    out
}

pub(super) fn decode_entities_into(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let after = rest.get(amp + 1..).unwrap_or("");
        let end = after.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|e| after.get(..e)).and_then(entity);
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = after.get(e + 1..).unwrap_or("");
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" | "lsquo" => '\'',
        "ldquo" | "rdquo" => '"',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "copy" => '©',
        _ => return None,
    })
}
