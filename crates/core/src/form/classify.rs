//! The decision: tally weighted evidence from every part of a form (or a POST) per risk class, then
//! pick the class. Bounded work on hostile input: at most [`MAX_FIELDS`] fields and
//! [`MAX_SUBMIT_TEXTS`] button texts are read, each string cut to `normalize::MAX_TEXT_CHARS`.

use std::sync::OnceLock;

use super::identifiers::{AUTOCOMPLETE, FIELD_NAMES, PATH_WORDS, PAYMENT_HOSTS};
use super::keywords::LANGUAGES;
use super::normalize::{evidence_text, find_phrase, fold_text, identifier_words};
use super::packed::{Risked, Weighted};
use super::types::{FormAssessment, FormDescription, Risk};

/// Fields read per form; a real checkout has a few dozen.
pub const MAX_FIELDS: usize = 256;
/// Submit-button texts read per form.
pub const MAX_SUBMIT_TEXTS: usize = 32;
/// Evidence lines returned.
pub const MAX_EVIDENCE: usize = 16;
/// Payment needs at least this much payment evidence (one card field, or one final "Pay" button),
/// and more than the evidence for `Other`.
const PAYMENT_THRESHOLD: u32 = 8;
/// Order needs at least this much payment-or-order evidence, and more than the evidence for `Other`.
const ORDER_THRESHOLD: u32 = 4;

/// Assesses one form: how payment-like a submission of it is, and why.
///
/// An explicit `method="get"` (or `dialog`) is always [`Risk::Other`]: a GET is safe and idempotent
/// (RFC 9110 section 9.2.1), the browser re-sends it without asking, and the spec's uncertain
/// submission is a POST. An absent method is assessed like a POST (script-driven checkouts).
///
/// ```
/// use gateway_guard_core::form::{assess_form, FieldDescription, FormDescription, Risk};
///
/// let form = FormDescription {
///     action: "/checkout".into(),
///     method: "post".into(),
///     fields: vec![FieldDescription {
///         name: "card".into(),
///         autocomplete: "cc-number".into(),
///         ..FieldDescription::default()
///     }],
///     submit_texts: vec!["Place order".into()],
///     ..FormDescription::default()
/// };
/// let a = assess_form(&form);
/// assert_eq!(a.risk, Risk::Payment);
/// assert_eq!(a.evidence[..2], ["autocomplete cc-number", "button: Place order"]);
/// ```
pub fn assess_form(form: &FormDescription) -> FormAssessment {
    let method = form.method.trim();
    if method.eq_ignore_ascii_case("get") || method.eq_ignore_ascii_case("dialog") {
        return FormAssessment {
            risk: Risk::Other,
            evidence: vec![["method: ", &method.to_ascii_uppercase()].concat()],
            score: 0,
        };
    }
    let tables = tables();
    let mut tally = Tally::default();
    for field in form.fields.iter().take(MAX_FIELDS) {
        for token in field.autocomplete.split_ascii_whitespace().take(8) {
            let token = token.to_ascii_lowercase();
            if let Some((_, risk, weight)) = AUTOCOMPLETE.iter().find(|(t, _, _)| *t == token) {
                let line = ["autocomplete ", &token].concat();
                tally.add(risk, weight, &line, line.clone());
            }
        }
        let input_type = field.input_type.trim().to_ascii_lowercase();
        if input_type == "password" || input_type == "search" {
            let weight = if input_type == "password" { 5 } else { 6 };
            tally.add(Risk::Other, weight, &input_type, ["type: ", &input_type].concat());
        }
        let name = if field.name.is_empty() { field.id.as_deref().unwrap_or("") } else { &field.name };
        tally.identifier(name, FIELD_NAMES, "field name");
        tally.text(&field.label, &tables.labels, "label", 1);
    }
    for text in form.submit_texts.iter().take(MAX_SUBMIT_TEXTS) {
        tally.text(text, &tables.actions, "button", 1);
    }
    if let Some(heading) = &form.heading_text {
        tally.text(heading, &tables.actions, "heading", 2);
    }
    tally.url(&form.action, "action");
    tally.finish()
}

/// Assesses a fetch/XHR POST from its URL path (a full URL is accepted) and the names of its body
/// fields (form fields or JSON keys; never values). There is no button text here, so the path and the
/// names carry it: `/wc/store/v1/checkout` with `payment_method` is a payment.
///
/// ```
/// use gateway_guard_core::form::{assess_post, Risk};
///
/// let names = vec!["paymentMethod".to_string(), "billingAddress".to_string()];
/// let a = assess_post("/rest/default/V1/carts/mine/payment-information", &names);
/// assert_eq!(a.risk, Risk::Payment);
/// ```
pub fn assess_post(url_path: &str, field_names: &[String]) -> FormAssessment {
    let mut tally = Tally::default();
    tally.url(url_path, "path");
    for name in field_names.iter().take(MAX_FIELDS) {
        tally.identifier(name, FIELD_NAMES, "field name");
    }
    tally.finish()
}

/// The keyword tables, folded once.
struct Tables {
    /// Button and heading phrases of every language.
    actions: Vec<(String, Risk, u8)>,
    /// Label phrases of every language.
    labels: Vec<(String, Risk, u8)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let fold = |list: Weighted, risk: Risk| -> Vec<(String, Risk, u8)> {
            list.iter().map(|(p, w)| (fold_text(p), risk, w)).collect()
        };
        let mut actions = Vec::new();
        let mut labels = Vec::new();
        for lang in LANGUAGES {
            actions.extend(fold(lang.payment, Risk::Payment));
            actions.extend(fold(lang.order, Risk::Order));
            actions.extend(fold(lang.other, Risk::Other));
            labels.extend(fold(lang.payment_labels, Risk::Payment));
            labels.extend(fold(lang.other_labels, Risk::Other));
        }
        Tables { actions, labels }
    })
}

/// Evidence so far, per risk class (indexed by `slot`).
#[derive(Default)]
struct Tally {
    points: [u32; 3],
    /// (weight, line) per class.
    evidence: [Vec<(u8, String)>; 3],
    /// Keys already counted, so forty `billing_*` fields count once.
    seen: Vec<String>,
}

fn slot(risk: Risk) -> usize {
    match risk {
        Risk::Payment => 0,
        Risk::Order => 1,
        Risk::Other => 2,
    }
}

impl Tally {
    fn add(&mut self, risk: Risk, weight: u8, key: &str, evidence: String) {
        if self.seen.iter().any(|k| k == key) {
            return;
        }
        self.seen.push(key.to_owned());
        let i = slot(risk);
        if let Some(points) = self.points.get_mut(i) {
            *points = points.saturating_add(u32::from(weight));
        }
        if let Some(list) = self.evidence.get_mut(i) {
            if !list.iter().any(|(_, e)| *e == evidence) {
                list.push((weight, evidence));
            }
        }
    }

    /// A visible text (button, heading, label) against folded phrases; weights divided by `divisor`.
    fn text(&mut self, raw: &str, phrases: &[(String, Risk, u8)], source: &str, divisor: u8) {
        let folded = fold_text(raw);
        if folded.is_empty() {
            return;
        }
        let phrases = phrases.iter().map(|(p, r, w)| (p.as_str(), *r, *w));
        for (phrase, risk, weight) in strongest_per_class(&folded, phrases) {
            let weight = (weight / divisor.max(1)).max(1);
            self.add(
                risk,
                weight,
                &[source, ":", &phrase].concat(),
                [source, ": ", &evidence_text(raw)].concat(),
            );
        }
    }

    /// An identifier (field name, URL path) against an identifier table.
    fn identifier(&mut self, raw: &str, table: Risked, source: &str) {
        let words = identifier_words(raw);
        if words.is_empty() {
            return;
        }
        let phrases = table.iter();
        for (phrase, risk, weight) in strongest_per_class(&words, phrases) {
            self.add(
                risk,
                weight,
                &[source, ":", &phrase].concat(),
                [source, ": ", &evidence_text(raw)].concat(),
            );
        }
    }

    /// A form action or request URL: the host against payment providers, path and query against words.
    fn url(&mut self, raw: &str, source: &str) {
        let (host, rest) = split_url(raw);
        if let Some(host) = host {
            let host = host.to_ascii_lowercase();
            let provider = PAYMENT_HOSTS
                .iter()
                .any(|p| host == *p || host.strip_suffix(p).is_some_and(|parent| parent.ends_with('.')));
            if provider {
                self.add(Risk::Payment, 6, "host", [source, " host: ", &evidence_text(&host)].concat());
            }
        }
        let words = identifier_words(rest);
        if words.is_empty() {
            return;
        }
        let phrases = PATH_WORDS.iter();
        for (phrase, risk, weight) in strongest_per_class(&words, phrases) {
            self.add(
                risk,
                weight,
                &[source, ":", &phrase].concat(),
                [source, ": ", &evidence_text(rest)].concat(),
            );
        }
    }

    fn finish(self) -> FormAssessment {
        let [pay, order, other] = self.points;
        let (risk, score) = if pay >= PAYMENT_THRESHOLD && pay > other {
            (Risk::Payment, pay)
        } else if pay.saturating_add(order) >= ORDER_THRESHOLD && pay.saturating_add(order) > other {
            (Risk::Order, pay.saturating_add(order))
        } else {
            (Risk::Other, other)
        };
        // The evidence behind the answer first, heaviest first, then what it outweighed.
        let order_of_slots = match risk {
            Risk::Payment => [0, 1, 2],
            Risk::Order => [1, 0, 2],
            Risk::Other => [2, 0, 1],
        };
        let [mut e_pay, mut e_order, mut e_other] = self.evidence;
        let mut evidence = Vec::new();
        for i in order_of_slots {
            let list = match i {
                0 => std::mem::take(&mut e_pay),
                1 => std::mem::take(&mut e_order),
                _ => std::mem::take(&mut e_other),
            };
            let mut list = list;
            crate::order::sort_by_key(&mut list, |e| std::cmp::Reverse(e.0));
            for (_, line) in list {
                if !evidence.contains(&line) {
                    evidence.push(line);
                }
            }
        }
        evidence.truncate(MAX_EVIDENCE);
        FormAssessment { risk, evidence, score }
    }
}

/// Every phrase found in `text`, less those lying inside a longer match ("Ir a pagar" is a step, the
/// "pagar" in it is not a payment), reduced to the heaviest phrase per risk class.
fn strongest_per_class<P, I>(text: &str, phrases: I) -> Vec<(String, Risk, u8)>
where
    P: AsRef<str>,
    I: IntoIterator<Item = (P, Risk, u8)>,
{
    let mut found: Vec<((usize, usize), String, Risk, u8)> = Vec::new();
    for (phrase, risk, weight) in phrases {
        let phrase = phrase.as_ref();
        if let Some(span) = find_phrase(text, phrase) {
            found.push((span, phrase.to_owned(), risk, weight));
        }
    }
    let kept: Vec<&((usize, usize), String, Risk, u8)> = found
        .iter()
        .filter(|((s, e), ..)| !found.iter().any(|((os, oe), ..)| os <= s && e <= oe && (oe - os) > (e - s)))
        .collect();
    let mut best: Vec<(String, Risk, u8)> = Vec::new();
    for (_, phrase, risk, weight) in kept {
        match best.iter_mut().find(|(_, r, _)| r == risk) {
            Some(entry) if entry.2 >= *weight => {}
            Some(entry) => *entry = (phrase.clone(), *risk, *weight),
            None => best.push((phrase.clone(), *risk, *weight)),
        }
    }
    best
}

/// Splits `https://host:443/path?q#frag` (or `//host/path`) into the host and `/path?q`; a relative
/// URL has no host. The fragment is never sent, so it is dropped.
fn split_url(raw: &str) -> (Option<&str>, &str) {
    let raw = raw.trim();
    let raw = raw.split('#').next().unwrap_or("");
    let after_scheme = match crate::find::find_str(raw, "://") {
        Some(i)
            if raw.get(..i).is_some_and(|s| {
                s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            }) =>
        {
            raw.get(i + 3..)
        }
        _ => raw.strip_prefix("//"),
    };
    let Some(rest) = after_scheme else {
        return (None, raw);
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    let path = rest.get(end..).unwrap_or("");
    let host = crate::find::after_last_ascii(authority, b'@');
    let host = host.split(':').next().unwrap_or("");
    (Some(host), path)
}
