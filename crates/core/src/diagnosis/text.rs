//! Normalising the error page so one set of markers matches both forms it arrives in: the HTML body of
//! a HAR entry, or the visible text (title + `document.body.innerText`) a content script read.
//!
//! HTML is reduced the way a browser renders it for `innerText`: comments, `<script>` and `<style>`
//! dropped, block-level tags become line breaks, runs of other whitespace collapse to one space and
//! entities are decoded (Akamai entity-encodes its reference number, e.g. `Reference&#32;&#35;1&#46;`).
//! So nginx's footer `<hr><center>nginx</center>` and the visible text's last line `nginx` normalise to
//! the same last line.
//!
//! One pass over at most the first 8 KiB builds the visible text straight into its final buffer (no
//! per-tag or per-line allocation): lines are byte spans of that buffer. The lower-cased raw HTML, which
//! only attribute markers need, is made on first use.

use std::cell::OnceCell;

#[cfg(test)]
pub(crate) use super::html::decode_entities;
use super::html::{decode_entities_into, html_to_visible, looks_like_html};

/// Only this much of the page is read (the contract: first 8 KiB).
pub(crate) const PAGE_LIMIT: usize = 8 * 1024;

/// The error page, normalised.
#[derive(Debug, Default)]
pub(crate) struct Page<'a> {
    /// Whether any page text was supplied at all (`None` = the body is not known, e.g. a HAR without
    /// content or a subresource the content script never saw).
    pub known: bool,
    /// Non-empty visible lines, trimmed, lower-cased, `’` folded to `'`.
    pub lines: Lines,
    /// The raw HTML, lower-cased (empty when the text was not HTML): for markers that live in attributes,
    /// such as `cf-error-details` or Heroku's iframe URL.
    pub html: Html<'a>,
}

impl<'a> Page<'a> {
    /// Reads at most [`PAGE_LIMIT`] bytes of `text` (cut on a char boundary).
    pub(crate) fn new(text: Option<&'a str>) -> Page<'a> {
        let Some(text) = text else { return Page::default() };
        let text = prefix_on_char_boundary(text, PAGE_LIMIT);
        let mut visible = Visible::with_capacity(text.len());
        let html = if looks_like_html(text) {
            html_to_visible(text, &mut visible);
            Html { raw: text, lower: OnceCell::new() }
        } else {
            // Plain text: its own line breaks are the lines.
            for line in text.split('\n') {
                visible.push_text(line, false);
                visible.line_break();
            }
            Html::default()
        };
        let lines = visible.finish();
        Page { known: true, lines, html }
    }

    /// No body, or an empty one. (An HTML page always has a tag, so its raw text is never blank.)
    pub(crate) fn is_blank(&self) -> bool {
        self.lines.is_empty() && self.html.is_empty()
    }

    /// The last visible line: nginx-family pages carry their signature there.
    pub(crate) fn footer(&self) -> Option<&str> {
        self.lines.last()
    }

    /// The whole visible text: the lines joined by single spaces, for phrase matching across line
    /// wraps (the lines' own buffer: no copy).
    pub(crate) fn whole(&self) -> &str {
        &self.lines.text
    }
}

/// The visible lines: one buffer holding them joined by single spaces, and each line's byte span.
#[derive(Default)]
pub(crate) struct Lines {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl Lines {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans.iter().map(|&(start, end)| self.text.get(start..end).unwrap_or(""))
    }
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
    pub(crate) fn first(&self) -> Option<&str> {
        self.iter().next()
    }
    pub(crate) fn last(&self) -> Option<&str> {
        self.spans.last().map(|&(start, end)| self.text.get(start..end).unwrap_or(""))
    }
}

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Lines {
    fn eq(&self, other: &Lines) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Lines {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

/// The raw HTML, lower-cased on first use (most diagnoses never ask for it).
#[derive(Debug, Default)]
pub(crate) struct Html<'a> {
    raw: &'a str,
    lower: OnceCell<String>,
}

impl Html<'_> {
    /// The lower-cased HTML with `’` folded to `'`; empty when the page was not HTML.
    pub(crate) fn text(&self) -> &str {
        if self.raw.is_empty() {
            return "";
        }
        self.lower.get_or_init(|| fold(self.raw))
    }
    /// The raw HTML as given (empty when the page was not HTML). When it is ASCII, [`Html::text`] is
    /// its ASCII lower-casing.
    pub(crate) fn raw(&self) -> &str {
        self.raw
    }
    pub(crate) fn contains(&self, needle: &str) -> bool {
        crate::find::contains_str(self.text(), needle)
    }
    /// Blank: no HTML, or only whitespace.
    pub(crate) fn is_empty(&self) -> bool {
        self.raw.trim().is_empty()
    }
}

/// Byte classes for the text scan: most bytes are [`VISIBLE`] and cost one table look-up.
const VISIBLE: u8 = 0;
/// ASCII whitespace.
const SPACE: u8 = 1;
/// The lead byte of a character that may be non-ASCII whitespace (U+0085, U+00A0, U+1680,
/// U+2000-U+3000).
const MAYBE_SPACE: u8 = 2;
/// `<` in HTML.
const TAG: u8 = 3;
/// `&` in HTML.
const ENTITY: u8 = 4;

// Constant indices into a 256-entry array: out of bounds would not compile.
#[allow(clippy::indexing_slicing)]
const fn byte_classes(html: bool) -> [u8; 256] {
    let mut class = [VISIBLE; 256];
    class[b'\t' as usize] = SPACE;
    class[b'\n' as usize] = SPACE;
    class[0x0b] = SPACE;
    class[0x0c] = SPACE;
    class[b'\r' as usize] = SPACE;
    class[b' ' as usize] = SPACE;
    class[0xc2] = MAYBE_SPACE;
    class[0xe1] = MAYBE_SPACE;
    class[0xe2] = MAYBE_SPACE;
    class[0xe3] = MAYBE_SPACE;
    if html {
        class[b'<' as usize] = TAG;
        class[b'&' as usize] = ENTITY;
    }
    class
}

static TEXT_CLASS: [u8; 256] = byte_classes(false);
static HTML_CLASS: [u8; 256] = byte_classes(true);

/// Whether eight bytes hold one the scan must look at: a control character (ASCII whitespace other
/// than the space), a non-ASCII byte, or in HTML `<` or `&` (bit tricks from "Bit Twiddling Hacks":
/// a zero byte, a byte less than n).
fn is_special(x: u64, html: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
    let non_ascii = x & HIGH != 0;
    control
        || non_ascii
        || (html && (has_zero(x ^ (ONES * u64::from(b'<'))) || has_zero(x ^ (ONES * u64::from(b'&')))))
}

/// The length of the whitespace character starting with byte `b` at `i` in `s`, or 0.
#[inline]
fn whitespace_len(s: &str, i: usize, b: u8) -> usize {
    match b {
        b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' => 1,
        // Lead bytes of the non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000-U+3000).
        0xc2 | 0xe1 | 0xe2 | 0xe3 => {
            s.get(i..).and_then(|r| r.chars().next()).filter(|c| c.is_whitespace()).map_or(0, char::len_utf8)
        }
        _ => 0,
    }
}

/// Builds the visible text: whitespace runs fold to one space, line breaks end a non-empty line, and
/// lines are trimmed; lower-cased at the end.
pub(super) struct Visible {
    lines: Lines,
    /// Start of the open line in `lines.text`, if a line has visible content.
    open: Option<usize>,
    space: bool,
    brk: bool,
    /// Reused for entity decoding.
    scratch: String,
}

impl Visible {
    fn with_capacity(n: usize) -> Visible {
        Visible {
            lines: Lines { text: String::with_capacity(n), spans: Vec::new() },
            open: None,
            space: false,
            brk: false,
            scratch: String::new(),
        }
    }

    pub(super) fn line_break(&mut self) {
        self.brk = true;
    }

    /// Appends a run of visible (non-whitespace) text.
    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        let text = &mut self.lines.text;
        match self.open {
            Some(start) if self.brk => {
                self.lines.spans.push((start, text.len()));
                text.push(' ');
                self.open = Some(text.len());
            }
            Some(_) => {
                if self.space {
                    text.push(' ');
                }
            }
            None => self.open = Some(text.len()),
        }
        self.space = false;
        self.brk = false;
        text.push_str(w);
    }

    /// Appends text content: whitespace (including raw newlines) collapses to a space. In HTML
    /// (`html`), stops at the first `<` and returns its index (else `s.len()`), and decodes entities.
    pub(super) fn push_text(&mut self, s: &str, html: bool) -> usize {
        let class = if html { &HTML_CLASS } else { &TEXT_CLASS };
        let class_of = |b: u8| class.get(usize::from(b)).copied().unwrap_or(VISIBLE);
        let bytes = s.as_bytes();
        let mut i = 0;
        // Start of the pending run: visible characters and plain spaces, folded by `run`.
        let mut run = 0;
        loop {
            // Eight bytes at a time past printable ASCII and plain spaces, the bulk of any page.
            while let Some(chunk) = bytes.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
                if is_special(u64::from_le_bytes(chunk), html) {
                    break;
                }
                i += 8;
            }
            let Some(&b) = bytes.get(i) else { break };
            let c = class_of(b);
            if c == VISIBLE || b == b' ' {
                i += 1;
                continue;
            }
            if c == TAG {
                self.run(s.get(run..i).unwrap_or(""));
                return i;
            }
            if c == ENTITY {
                // Decode up to the next tag. Nothing before `run` holds an `&`, so decoding from
                // there gives what decoding the whole text would.
                let end = s.get(i..).and_then(|r| r.find('<')).map_or(s.len(), |e| i + e);
                let mut decoded = std::mem::take(&mut self.scratch);
                decoded.clear();
                decode_entities_into(s.get(run..end).unwrap_or(""), &mut decoded);
                self.push_text(&decoded, false);
                self.scratch = decoded;
                return end;
            }
            let ws = if c == SPACE { 1 } else { whitespace_len(s, i, b) };
            if ws == 0 {
                i += 1;
                continue;
            }
            self.run(s.get(run..i).unwrap_or(""));
            self.space = true;
            i += ws;
            run = i;
        }
        self.run(s.get(run..).unwrap_or(""));
        s.len()
    }

    /// Appends a run of visible characters and plain spaces, folding the spaces.
    fn run(&mut self, run: &str) {
        if !run.starts_with(' ') && !run.ends_with(' ') && !has_double_space(run.as_bytes()) {
            // Already folded (the common case): one piece.
            self.word(run);
            return;
        }
        for (k, w) in run.split(' ').enumerate() {
            if k > 0 {
                self.space = true;
            }
            self.word(w);
        }
    }

    /// Closes the last line and lower-cases the text (per line where it is not ASCII, as before: the
    /// lower-casing of `Σ` depends on its neighbours).
    fn finish(mut self) -> Lines {
        if let Some(start) = self.open {
            self.lines.spans.push((start, self.lines.text.len()));
        }
        let lines = self.lines;
        if lines.text.is_ascii() {
            let mut lines = lines;
            if cfg!(target_arch = "wasm32") {
                // A byte loop in WebAssembly (natively std's is vectorised): eight bytes at a time, then
                // back to a `String` (a validation pass; it cannot fail, the text is ASCII).
                let mut bytes = std::mem::take(&mut lines.text).into_bytes();
                ascii_lowercase_words(&mut bytes);
                lines.text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            } else {
                lines.text.make_ascii_lowercase();
            }
            return lines;
        }
        let mut folded = Lines { text: String::with_capacity(lines.text.len()), spans: Vec::new() };
        for line in lines.iter() {
            if !folded.text.is_empty() {
                folded.text.push(' ');
            }
            let start = folded.text.len();
            folded.text.push_str(&fold(line));
            folded.spans.push((start, folded.text.len()));
        }
        folded
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

/// `needle` in `haystack`, for short texts (header values, `Via` elements, runs of page text): a plain byte loop. std's
/// `str::contains` builds a Two-Way searcher per call, which costs more than the search on texts this
/// short, and in WebAssembly it has no vector fast path. (Bytes suffice: a UTF-8 string occurs in
/// another exactly where its bytes do.)
pub(crate) fn contains_short(haystack: &str, needle: &str) -> bool {
    crate::find::find_bytes(haystack, needle).is_some()
}

/// Whether two spaces follow each other in `bytes`: eight bytes at a time (a text run can be a whole
/// paragraph; std's `contains("  ")` builds a searcher per run and has no vector path in WebAssembly).
fn has_double_space(bytes: &[u8]) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = bytes.chunks_exact(8);
    // Whether the byte before the current chunk was a space.
    let mut after_space = false;
    for chunk in chunks.by_ref() {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { continue };
        let t = u64::from_le_bytes(chunk) ^ 0x2020_2020_2020_2020;
        // 0x80 in exactly the bytes that were spaces (now zero): no carry crosses bytes here.
        let spaces = !((t & LOW7).wrapping_add(LOW7) | t | LOW7);
        if spaces & (spaces << 8) != 0 || (after_space && spaces & 0x80 != 0) {
            return true;
        }
        after_space = spaces >> 63 != 0;
    }
    chunks.remainder().iter().any(|&b| {
        let double = after_space && b == b' ';
        after_space = b == b' ';
        double
    })
}

/// `<[u8]>::make_ascii_lowercase`, eight bytes at a time (for WebAssembly, which has no vector path):
/// 0x20 is added to exactly the bytes in `A..=Z` (any bytes: those with the high bit set are left alone).
fn ascii_lowercase_words(bytes: &mut [u8]) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact_mut(8);
    for chunk in chunks.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(&*chunk) else { continue };
        let x = u64::from_le_bytes(word);
        let low = x & LOW7;
        // High bit set per byte: at least `A` (0x80 - 0x41 = 0x3f), above `Z` (0x80 - 0x5b = 0x25); no
        // carry crosses bytes, as each byte is at most 0x7f before the addition.
        let at_least_a = low + ONES * 0x3f;
        let above_z = low + ONES * 0x25;
        let upper = at_least_a & !above_z & !x & HIGH;
        chunk.copy_from_slice(&(x | (upper >> 2)).to_le_bytes());
    }
    chunks.into_remainder().make_ascii_lowercase();
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
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let lower = crate::lower::lower_str(s);
    // `replace` always copies; most pages have no typographic apostrophe to fold.
    if lower.contains(['\u{2019}', '\u{2018}']) {
        lower.replace(['\u{2019}', '\u{2018}'], "'")
    } else {
        lower
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
        <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n\
        </html>\r\n<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n\
        <!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";

    #[test]
    fn double_spaces_are_found_anywhere() {
        for len in 0..20 {
            for i in 0..len {
                for j in 0..len {
                    let mut text = vec![b'a'; len];
                    text[i] = b' ';
                    text[j] = b' ';
                    text.push(0xa0);
                    text.insert(0, b'\t');
                    let want = text.windows(2).any(|w| w == b"  ");
                    assert_eq!(has_double_space(&text), want, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn word_lowercasing_is_stds() {
        // Every byte value at every position of a word, over lengths around the word size.
        for len in 0..=25usize {
            for start in 0..256usize {
                let text: Vec<u8> = (start..start + len).map(|k| (k % 256) as u8).collect();
                let mut want = text.clone();
                want.make_ascii_lowercase();
                let mut got = text;
                ascii_lowercase_words(&mut got);
                assert_eq!(got, want);
            }
        }
    }

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
        assert!(p.whole().contains("reference #1.97ba1002.1577198088.5759d5b"), "{}", p.whole());
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
        assert!(p.whole().contains("that's an error."));
    }

    #[test]
    fn only_the_first_8_kib_is_read_on_a_char_boundary() {
        let long = format!("{}{}", "é".repeat(5000), "marker");
        let p = Page::new(Some(&long));
        assert!(!p.whole().contains("marker"));
        assert!(p.whole().len() <= PAGE_LIMIT);
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
