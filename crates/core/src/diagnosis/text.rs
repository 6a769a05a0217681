//! Normalising the error page so one set of markers matches both forms it arrives in: the HTML body of
//! a HAR entry, or the visible text (title + `document.body.innerText`) a content script read.
//!
//! HTML is reduced the way a browser renders it for `innerText`: comments, `<script>` and `<style>`
//! dropped, block-level tags become line breaks, runs of other whitespace collapse to one space and
//! entities are decoded (Akamai entity-encodes its reference number, e.g. `Reference&#32;&#35;1&#46;`).
//! So nginx's footer `<hr><center>nginx</center>` and the visible text's last line `nginx` normalise to
//! the same last line.

/// Only this much of the page is read (the contract: first 8 KiB).
pub(crate) const PAGE_LIMIT: usize = 8 * 1024;

/// The error page, normalised.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// Whether any page text was supplied at all (`None` = the body is not known, e.g. a HAR without
    /// content or a subresource the content script never saw).
    pub known: bool,
    /// Non-empty visible lines, trimmed, lower-cased, `’` folded to `'`.
    pub lines: Vec<String>,
    /// The lines joined by single spaces, for phrase matching across line wraps.
    pub flat: String,
    /// The raw HTML, lower-cased (empty when the text was not HTML): for markers that live in attributes,
    /// such as `cf-error-details` or Heroku's iframe URL.
    pub html: String,
}

impl Page {
    /// Reads at most [`PAGE_LIMIT`] bytes of `text` (cut on a char boundary).
    pub(crate) fn new(text: Option<&str>) -> Page {
        let Some(text) = text else { return Page::default() };
        let text = prefix_on_char_boundary(text, PAGE_LIMIT);
        let (lines, html) = if looks_like_html(text) {
            (html_to_lines(text), fold(text))
        } else {
            (text.lines().map(fold).collect(), String::new())
        };
        let lines: Vec<String> =
            lines.into_iter().map(collapse_whitespace).filter(|l| !l.is_empty()).collect();
        let flat = lines.join(" ");
        Page { known: true, lines, flat, html }
    }

    /// No body, or an empty one.
    pub(crate) fn is_blank(&self) -> bool {
        self.lines.is_empty() && self.html.trim().is_empty()
    }

    /// The last visible line: nginx-family pages carry their signature there.
    pub(crate) fn footer(&self) -> Option<&str> {
        self.lines.last().map(String::as_str)
    }

    /// The whole visible text (lines joined by spaces).
    pub(crate) fn whole(&self) -> &str {
        &self.flat
    }
}

/// Whitespace runs to one space, trimmed. Lines from HTML are already collapsed (`push_text`), so the
/// common case keeps the string without another allocation.
fn collapse_whitespace(line: String) -> String {
    let b = line.as_bytes();
    let collapsed = !line.starts_with(char::is_whitespace)
        && !line.ends_with(char::is_whitespace)
        && !b.windows(2).any(|w| w == b"  ")
        && line.chars().all(|c| c == ' ' || !c.is_whitespace());
    if collapsed {
        line
    } else {
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub(crate) fn prefix_on_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// At most `max` chars of hostile text, with control characters replaced, for evidence strings.
pub(crate) fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Lower-case and fold typographic apostrophes, so `That’s an error.` matches `that's an error.`.
fn fold(s: &str) -> String {
    let lower = s.to_lowercase();
    // `replace` always copies; most pages have no typographic apostrophe to fold.
    if lower.contains(['\u{2019}', '\u{2018}']) {
        lower.replace(['\u{2019}', '\u{2018}'], "'")
    } else {
        lower
    }
}

fn looks_like_html(s: &str) -> bool {
    let head = fold(prefix_on_char_boundary(s, 1024));
    ["<html", "<!doctype", "<head", "<body", "<title", "<center", "<h1", "<p>", "<br", "<div", "<hr"]
        .iter()
        .any(|t| head.contains(t))
}

/// Tags whose boundaries `innerText` renders as line breaks.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "br",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
];

/// Tags whose content is never visible.
const HIDDEN_TAGS: &[&str] = &["script", "style", "noscript", "template"];

fn html_to_lines(html: &str) -> Vec<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, rest.get(..lt).unwrap_or(""));
        let after = rest.get(lt..).unwrap_or("");
        if let Some(comment) = after.strip_prefix("<!--") {
            rest = comment.find("-->").and_then(|e| comment.get(e + 3..)).unwrap_or("");
            continue;
        }
        let Some(gt) = after.find('>') else {
            // An unclosed `<` at the end (the 8 KiB cut): not text a user would see.
            rest = "";
            break;
        };
        let tag = after.get(1..gt).unwrap_or("");
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = after.get(gt + 1..).unwrap_or("");
        if !tag.starts_with('/') && HIDDEN_TAGS.contains(&name.as_str()) {
            let close = format!("</{name}");
            // ASCII lower-casing keeps byte offsets, so the index is valid in `rest`.
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&close).and_then(|i| rest.get(i..)).unwrap_or("");
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    push_text(&mut out, rest);
    out.lines().map(fold).collect()
}

/// Appends text content: whitespace (including raw newlines) collapses to a space, entities decoded.
fn push_text(out: &mut String, text: &str) {
    // Most text has no entity: skip the decoding copy.
    let decoded =
        if text.contains('&') { std::borrow::Cow::Owned(decode_entities(text)) } else { text.into() };
    for c in decoded.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            if !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Decodes numeric entities and the few named ones error pages use.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
        <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n\
        </html>\r\n<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n\
        <!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";

    #[test]
    fn nginx_html_and_visible_text_normalise_alike() {
        let html = Page::new(Some(NGINX_502));
        let visible = Page::new(Some("502 Bad Gateway\n502 Bad Gateway\n\nnginx/1.25.3"));
        assert_eq!(html.lines, visible.lines);
        assert_eq!(html.footer(), Some("nginx/1.25.3"));
        assert!(html.html.contains("<center>nginx/1.25.3</center>"));
        assert!(visible.html.is_empty());
    }

    #[test]
    fn akamai_entities_decode() {
        let p = Page::new(Some(
            "<HTML><HEAD><TITLE>Gateway Timeout - In read </TITLE></HEAD><BODY>\
             <H1>Gateway Timeout</H1>The proxy server did not receive a timely response from the \
             upstream server.<P>Reference&#32;&#35;1&#46;97ba1002&#46;1577198088&#46;5759d5b</BODY></HTML>",
        ));
        assert!(p.flat.contains("reference #1.97ba1002.1577198088.5759d5b"), "{}", p.flat);
    }

    #[test]
    fn raw_newlines_inside_html_text_collapse() {
        let p = Page::new(Some(
            "<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />",
        ));
        assert_eq!(p.lines, vec!["the proxy server received an invalid response from an upstream server."]);
    }

    #[test]
    fn scripts_styles_and_comments_are_invisible() {
        let p = Page::new(Some("<html><style>p{}</style><script>var nginx=1</script><!-- x --><p>ok</p>"));
        assert_eq!(p.lines, vec!["ok"]);
    }

    #[test]
    fn typographic_apostrophe_folds() {
        let p = Page::new(Some("<p><b>502.</b> <ins>That’s an error.</ins>"));
        assert!(p.flat.contains("that's an error."));
    }

    #[test]
    fn only_the_first_8_kib_is_read_on_a_char_boundary() {
        let long = format!("{}{}", "é".repeat(5000), "marker");
        let p = Page::new(Some(&long));
        assert!(!p.flat.contains("marker"));
        assert!(p.flat.len() <= PAGE_LIMIT);
    }

    #[test]
    fn absent_and_blank_pages() {
        assert!(!Page::new(None).known);
        assert!(Page::new(Some("  \n ")).is_blank());
        assert!(Page::new(Some("  \n ")).known);
    }

    #[test]
    fn hostile_fragments_never_panic() {
        for s in ["<", "<!--", "&#xFFFFFFFF;", "&#;", "<script>", "<a\u{0}>é&", "&#55296;", "</>"] {
            let _ = Page::new(Some(s));
        }
        assert_eq!(decode_entities("a &amp b &lt; &#x41;"), "a &amp b < A");
    }

    #[test]
    fn clip_limits_and_strips_controls() {
        assert_eq!(clip("ab\ncd", 10), "ab cd");
        assert_eq!(clip(&"x".repeat(100), 5), "xxxxx…");
    }
}
