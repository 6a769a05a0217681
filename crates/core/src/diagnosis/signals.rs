//! The vocabulary the vendor catalog is written in, and how one response is tested against it.
//! A [`Signature`] is a conjunction of [`Cond`]s over the status, the headers and the normalised page;
//! the catalog (`catalog.rs`) is data built from these, and the rules (`mod.rs`) only walk it.

use std::cell::OnceCell;

use super::markers::{self, Found};
use super::text::{clip, contains_short, Page};
use super::{Facts, Failure, GeneratedBy};
use crate::decimal::decimal;
use crate::find::contains_str;

/// A test on a lower-cased header value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Is {
    /// Present, whatever the value.
    Any,
    /// Equal to.
    Eq(&'static str),
    /// Starts with.
    Prefix(&'static str),
    /// Contains.
    Contains(&'static str),
}

/// A header test: `name` is lower-case; a trailing `*` makes it a name prefix (`x-kong-*`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub name: &'static str,
    pub is: Is,
}

/// One condition of a signature. Phrases are lower-case and match the normalised page (see `text.rs`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cond {
    /// The visible text contains the phrase.
    Phrase(&'static str),
    /// The visible text contains one of these phrases.
    AnyPhrase(&'static [&'static str]),
    /// The raw HTML contains this (attributes, URLs: things visible text does not show).
    Html(&'static str),
    /// The whole visible text is exactly this.
    Whole(&'static str),
    /// The visible text starts with this.
    StartsWith(&'static str),
    /// The last line is this token, alone or followed by `/version` or ` more` (`nginx/1.25.3`).
    Footer(&'static str),
    /// Some line is this prefix followed only by digits (`error code: 522`).
    CodeLine(&'static str),
    /// An Akamai reference number `reference #<n>.<hex>.<digits>.<hex>`.
    AkamaiReference,
    /// The first line reads `NNN Reason` (the nginx-family template's title and heading).
    Heading,
    /// Every line reads `NNN Reason` and nothing else (the footer-less template: ALB, lighttpd).
    BareTemplate,
    /// At most this many visible lines.
    MaxLines(usize),
    /// At least this many words of visible text: a written page, not a bare status phrase.
    Prose(usize),
    /// The status is within one of these inclusive ranges.
    Status(&'static [(u16, u16)]),
    /// The status is within none of these inclusive ranges.
    NotStatus(&'static [(u16, u16)]),
    /// A header matches.
    Has(Header),
    /// No header matches.
    Lacks(Header),
    /// The page text was supplied (even if empty).
    Known,
    /// The page text was supplied and has visible content.
    Present,
    /// The page text was not supplied, or is empty.
    BlankOrAbsent,
    /// The page text was not supplied at all.
    Absent,
}

impl Cond {
    /// Decided from the status, the headers or the page's shape alone, without a text search.
    fn is_cheap(&self) -> bool {
        matches!(
            self,
            Cond::Status(_)
                | Cond::NotStatus(_)
                | Cond::Has(_)
                | Cond::Lacks(_)
                | Cond::Known
                | Cond::Present
                | Cond::BlankOrAbsent
                | Cond::Absent
                | Cond::MaxLines(_)
                | Cond::Heading
        )
    }
}

/// What a status means for a vendor that produced the response; `status` 0 matches any status.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Meaning {
    pub status: u16,
    pub failure: Failure,
    pub by: GeneratedBy,
}

/// A set of conditions that together identify a vendor. `statuses`, when not empty, replaces the
/// vendor's own status meanings for this signature (Cloudflare's unbranded nginx-style pages mean
/// something else than its branded ones).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signature {
    pub all: &'static [Cond],
    pub statuses: &'static [Meaning],
}

/// A response header that names the platform's own error code (`x-vercel-error`, `x-squid-error`),
/// with code prefixes (lower-case) mapped to failures.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ErrorHeader {
    pub name: &'static str,
    pub codes: &'static [(&'static str, Failure)],
}

/// One response, prepared for matching: headers lower-cased once; the page normalised, and the
/// catalog's phrases searched in it, once and only if a rule asks (a verdict decided by the status
/// and headers never reads the page).
pub(crate) struct Response<'a> {
    pub facts: &'a Facts,
    /// (name, value), both lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// [`name_key`] of each header name: most name tests fail on this integer compare.
    keys: Vec<u64>,
    page: OnceCell<Page<'a>>,
    phrases: OnceCell<Found>,
    /// The catalog's phrases found in the lower-cased raw HTML (one pass, on first use).
    html_phrases: OnceCell<Found>,
}

/// Header values longer than this are cut before matching: no real signal is longer.
const HEADER_VALUE_LIMIT: usize = 512;
/// More headers than this are ignored (hostile input; real responses have a few dozen).
const HEADER_COUNT_LIMIT: usize = 256;

/// A header name's length and first 7 bytes as one number: equal names have equal keys.
fn name_key(name: &str) -> u64 {
    let len = u64::try_from(name.len().min(255)).unwrap_or(255);
    name.bytes().take(7).enumerate().fold(len, |key, (i, b)| key | (u64::from(b) << (8 * (i + 1))))
}

impl<'a> Response<'a> {
    pub(crate) fn new(facts: &'a Facts) -> Response<'a> {
        let headers: Vec<(String, String)> = facts
            .headers
            .iter()
            .take(HEADER_COUNT_LIMIT)
            .map(|(n, v)| {
                let v = super::text::prefix_on_char_boundary(v.trim(), HEADER_VALUE_LIMIT);
                (n.trim().to_ascii_lowercase(), crate::lower::lower_str(v))
            })
            .collect();
        let keys = headers.iter().map(|(n, _)| name_key(n)).collect();
        Response {
            facts,
            headers,
            keys,
            page: OnceCell::new(),
            phrases: OnceCell::new(),
            html_phrases: OnceCell::new(),
        }
    }

    /// The page, normalised on first use.
    pub(crate) fn page(&self) -> &Page<'a> {
        self.page.get_or_init(|| Page::new(self.facts.page_text.as_deref()))
    }

    /// Whether the visible text contains `phrase` (lower-case): read from one pass over the page for
    /// all the catalog's phrases (`markers.rs`), searched directly for any other.
    pub(crate) fn says(&self, phrase: &str) -> bool {
        let index = markers::index();
        let found = self.phrases.get_or_init(|| index.scan(self.page().whole()));
        found.get(index, phrase).unwrap_or_else(|| contains_str(self.page().whole(), phrase))
    }

    /// Whether the lower-cased raw HTML contains `phrase` (lower-case). In WebAssembly: read from one
    /// pass over the raw HTML for all the phrases ever asked of it ([`Response::in_html_by_pass`]).
    /// Natively, std's substring search has a vector fast path and lower-casing a copy is cheap, so
    /// the pass would be slower there (+1 us a diagnosis; in wasm it saves 2.9 us): one search each.
    pub(crate) fn in_html(&self, phrase: &str) -> bool {
        if cfg!(target_arch = "wasm32") {
            self.in_html_by_pass(phrase)
        } else {
            self.page().html.contains(phrase)
        }
    }

    /// [`Response::in_html`] read from one pass, lower-casing as it goes when the page is ASCII (the
    /// usual case: no lower-cased copy is made); the same answer as a direct search.
    pub(crate) fn in_html_by_pass(&self, phrase: &str) -> bool {
        let index = markers::html_index();
        let html = &self.page().html;
        let found = self
            .html_phrases
            .get_or_init(|| index.scan_ascii_lowered(html.raw()).unwrap_or_else(|| index.scan(html.text())));
        found.get(index, phrase).unwrap_or_else(|| html.contains(phrase))
    }

    /// The first header matching `h`, as (name, lower-cased value).
    pub(crate) fn find(&self, h: &Header) -> Option<(&str, &str)> {
        let found = match h.name.strip_suffix('*') {
            Some(prefix) => {
                self.headers.iter().find(|(n, v)| n.starts_with(prefix) && value_matches(h.is, v))
            }
            None => self.named(h.name).find(|(_, v)| value_matches(h.is, v)),
        };
        found.map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The headers named exactly `name` (lower-case), in arrival order.
    fn named<'s, 'n: 's>(&'s self, name: &'n str) -> impl Iterator<Item = &'s (String, String)> + 's {
        let key = name_key(name);
        self.headers
            .iter()
            .zip(&self.keys)
            .filter(move |(_, &k)| k == key)
            .map(|(h, _)| h)
            .filter(move |(n, _)| n == name)
    }

    /// The first value of a header by exact (lower-case) name.
    pub(crate) fn value(&self, name: &str) -> Option<&str> {
        let key = name_key(name);
        self.headers
            .iter()
            .zip(&self.keys)
            .find(|((n, _), &k)| k == key && n == name)
            .map(|((_, v), _)| v.as_str())
    }

    /// Every value of a header, in arrival order.
    pub(crate) fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.named(name).map(|(_, v)| v.as_str())
    }

    /// Whether every condition holds; on success, evidence for the positive ones.
    pub(crate) fn matches(&self, sig: &Signature) -> Option<Vec<String>> {
        // Most signatures fail on a status or header test; checking those first skips the page scans
        // (substring searches over up to 8 KiB) that dominated the diagnosis's time. The full pass
        // below keeps the evidence in the signature's own order.
        let cheap_holds = |c: &Cond| match c {
            Cond::Has(h) => self.find(h).is_some(),
            c => self.holds(c, &mut Vec::new()),
        };
        if !sig.all.iter().filter(|c| c.is_cheap()).all(cheap_holds) {
            return None;
        }
        let mut evidence = Vec::new();
        for cond in sig.all {
            if !self.holds(cond, &mut evidence) {
                return None;
            }
        }
        Some(evidence)
    }

    fn holds(&self, cond: &Cond, evidence: &mut Vec<String>) -> bool {
        let page = self.page();
        let status = self.facts.status;
        let mut note = |s: String| evidence.push(clip(&s, 80));
        match *cond {
            Cond::Phrase(p) => {
                self.says(p) && {
                    note(["body: ", p].concat());
                    true
                }
            }
            Cond::AnyPhrase(ps) => match ps.iter().find(|p| self.says(p)) {
                Some(p) => {
                    note(["body: ", p].concat());
                    true
                }
                None => false,
            },
            Cond::Html(p) => {
                self.in_html(p) && {
                    note(["body: ", p].concat());
                    true
                }
            }
            Cond::Whole(p) => {
                page.whole() == p && {
                    note(["body is exactly: ", p].concat());
                    true
                }
            }
            Cond::StartsWith(p) => {
                page.whole().starts_with(p) && {
                    note(["body: ", p].concat());
                    true
                }
            }
            Cond::Footer(token) => match page.footer() {
                Some(last) if is_token(last, token) => {
                    note(["body footer: ", &clip(last, 60)].concat());
                    true
                }
                _ => false,
            },
            Cond::CodeLine(prefix) => match page.lines.iter().find(|l| code_line(l, prefix)) {
                Some(l) => {
                    note(["body: ", &clip(l, 40)].concat());
                    true
                }
                None => false,
            },
            // Nearly every page lacks the lead-in: the phrase pass answers that without a search.
            Cond::AkamaiReference => {
                match self.says(AKAMAI_REFERENCE).then(|| akamai_reference(page.whole())).flatten() {
                    Some(r) => {
                        note(["body: reference #", &clip(r, 50)].concat());
                        true
                    }
                    None => false,
                }
            }
            Cond::Heading => page.lines.first().is_some_and(heading),
            Cond::BareTemplate => {
                !page.lines.is_empty() && page.lines.iter().all(heading) && {
                    note("body: bare status template".to_owned());
                    true
                }
            }
            Cond::MaxLines(n) => page.lines.len() <= n,
            Cond::Prose(n) => {
                let words = page.whole().split_whitespace().count();
                words >= n && {
                    note(
                        ["body: a written page (", &decimal(words as u64), " words), no gateway template"]
                            .concat(),
                    );
                    true
                }
            }
            Cond::Status(ranges) => ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&status)),
            Cond::NotStatus(ranges) => !ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&status)),
            Cond::Has(h) => match self.find(&h) {
                Some((n, v)) => {
                    note(["header ", n, ": ", &clip(v, 60)].concat());
                    true
                }
                None => false,
            },
            Cond::Lacks(h) => self.find(&h).is_none(),
            Cond::Known => page.known,
            Cond::Present => page.known && !page.is_blank(),
            Cond::BlankOrAbsent => !page.known || page.is_blank(),
            Cond::Absent => !page.known,
        }
    }
}

fn value_matches(is: Is, value: &str) -> bool {
    match is {
        Is::Any => true,
        Is::Eq(s) => value == s,
        Is::Prefix(s) => value.starts_with(s),
        Is::Contains(s) => contains_short(value, s),
    }
}

/// `line` is `token`, or `token` followed by `/` or a space (a version or build note).
pub(crate) fn is_token(line: &str, token: &str) -> bool {
    match line.strip_prefix(token) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || rest.starts_with(' '),
        None => false,
    }
}

/// `NNN Reason`: three digits, a space, then text.
fn heading(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 4 && b.iter().take(3).all(u8::is_ascii_digit) && b.get(3) == Some(&b' ')
}

fn code_line(line: &str, prefix: &str) -> bool {
    line.strip_prefix(prefix)
        .map(str::trim)
        .is_some_and(|code| !code.is_empty() && code.len() <= 5 && code.bytes().all(|b| b.is_ascii_digit()))
}

/// What an Akamai reference number follows (a `static`, so the phrase index knows it by address).
pub(crate) static AKAMAI_REFERENCE: &str = "reference #";

/// Finds `reference #<digits>.<hex>.<digits>.<hex>` and returns the part after `#`.
pub(crate) fn akamai_reference(text: &str) -> Option<&str> {
    let start = crate::find::find_str(text, AKAMAI_REFERENCE)? + AKAMAI_REFERENCE.len();
    let rest = text.get(start..)?;
    let reference = rest.split(|c: char| c.is_whitespace() || c == '<').next()?;
    let parts: Vec<&str> = reference.trim_end_matches('.').split('.').collect();
    let ok = parts.len() == 4
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_hexdigit()))
        && parts.first().is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()));
    ok.then_some(reference)
}
