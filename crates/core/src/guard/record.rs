//! Recording: which ended POSTs leave an uncertain submission, and keeping the state bounded.

use serde::{Deserialize, Serialize};

use super::types::{
    Answer, GuardSettings, GuardState, PostOutcome, ResourceType, UncertainSubmission, MAX_FIELD_NAMES,
    MAX_RECORDS, MAX_RECORD_EVIDENCE,
};
use super::url::{origin_of, split_url};
use crate::form::{assess_post, Risk};

/// What a network error says about a POST whose body may have left the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorMeaning {
    /// The request never reached a server (no DNS, refused, offline, blocked, TLS failed before
    /// sending) or the user cancelled it: nothing can have gone through.
    NotSent,
    /// No answer arrived in time after the request was sent.
    Timeout,
    /// The connection ended without a usable answer after the request was sent.
    Dropped,
}

/// Network errors by name (Chromium `net::ERR_*` without the prefix, Firefox `NS_*`). Any error not
/// listed is taken as [`ErrorMeaning::Dropped`]: when in doubt, the POST may have gone through.
const ERRORS: &[(&str, ErrorMeaning)] = &[
    ("ERR_NAME_NOT_RESOLVED", ErrorMeaning::NotSent),
    ("ERR_NAME_RESOLUTION_FAILED", ErrorMeaning::NotSent),
    ("ERR_CONNECTION_REFUSED", ErrorMeaning::NotSent),
    // TCP connect timed out: the request was never written.
    ("ERR_CONNECTION_TIMED_OUT", ErrorMeaning::NotSent),
    ("ERR_ADDRESS_UNREACHABLE", ErrorMeaning::NotSent),
    ("ERR_INTERNET_DISCONNECTED", ErrorMeaning::NotSent),
    ("ERR_PROXY_CONNECTION_FAILED", ErrorMeaning::NotSent),
    ("ERR_BLOCKED_BY_CLIENT", ErrorMeaning::NotSent),
    ("ERR_BLOCKED_BY_ADMINISTRATOR", ErrorMeaning::NotSent),
    ("ERR_CERT_AUTHORITY_INVALID", ErrorMeaning::NotSent),
    ("ERR_CERT_COMMON_NAME_INVALID", ErrorMeaning::NotSent),
    ("ERR_CERT_DATE_INVALID", ErrorMeaning::NotSent),
    ("ERR_SSL_PROTOCOL_ERROR", ErrorMeaning::NotSent),
    // A cancelled request (the user pressed Stop, or the page navigated away). Chromium also reports
    // this for a POST answered with a download or a 204, so it cannot be read as "maybe went through".
    ("ERR_ABORTED", ErrorMeaning::NotSent),
    ("NS_BINDING_ABORTED", ErrorMeaning::NotSent),
    ("NS_ERROR_UNKNOWN_HOST", ErrorMeaning::NotSent),
    ("NS_ERROR_CONNECTION_REFUSED", ErrorMeaning::NotSent),
    ("NS_ERROR_OFFLINE", ErrorMeaning::NotSent),
    ("NS_ERROR_PROXY_CONNECTION_REFUSED", ErrorMeaning::NotSent),
    ("ERR_TIMED_OUT", ErrorMeaning::Timeout),
    ("NS_ERROR_NET_TIMEOUT", ErrorMeaning::Timeout),
    ("ERR_CONNECTION_RESET", ErrorMeaning::Dropped),
    ("ERR_CONNECTION_CLOSED", ErrorMeaning::Dropped),
    ("ERR_EMPTY_RESPONSE", ErrorMeaning::Dropped),
    ("NS_ERROR_NET_RESET", ErrorMeaning::Dropped),
    ("NS_ERROR_NET_INTERRUPT", ErrorMeaning::Dropped),
];

fn error_meaning(error: &str) -> ErrorMeaning {
    let name = error.trim();
    let name = name.strip_prefix("net::").unwrap_or(name);
    ERRORS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map_or(ErrorMeaning::Dropped, |(_, meaning)| *meaning)
}

/// Notes how a watched POST ended. Returns the new record when it left an uncertain submission.
///
/// - Only `POST` counts (a GET is safe to repeat, RFC 9110 section 9.2.1).
/// - A top-level form POST is recorded when it got a 5xx, or no answer because the connection dropped
///   or timed out after it was sent. A fetch/XHR POST only when the form check calls it a payment or
///   an order (everyday API calls are not the guard's business).
/// - A 2xx or 3xx answer to a POST to the same origin and path clears the live record there: the
///   server has now answered for that form.
/// - 4xx answers leave the state alone. Expired records are pruned on the way.
pub fn record_outcome(
    state: &mut GuardState,
    outcome: &PostOutcome,
    settings: &GuardSettings,
) -> Option<UncertainSubmission> {
    prune(state, outcome.now_ms);
    if !outcome.method.trim().eq_ignore_ascii_case("post") || outcome.resource_type == ResourceType::Other {
        return None;
    }
    let (origin, path) = split_url(&outcome.url)?;
    if (200..400).contains(&outcome.status) {
        state.records.retain(|r| !(r.origin == origin && r.path == path));
        return None;
    }
    let answer = match (outcome.status, outcome.error.as_deref()) {
        (500..=599, _) => Answer::HttpStatus,
        (0, Some(error)) => match error_meaning(error) {
            ErrorMeaning::NotSent => return None,
            ErrorMeaning::Timeout => Answer::Timeout,
            ErrorMeaning::Dropped => Answer::Dropped,
        },
        _ => return None,
    };
    let names: Vec<String> = outcome.field_names.iter().take(MAX_FIELD_NAMES).cloned().collect();
    let assessment = assess_post(&path, &names);
    if outcome.resource_type == ResourceType::Xmlhttprequest && assessment.risk < Risk::Order {
        return None;
    }
    let initiator = outcome.initiator.as_deref().and_then(origin_of).filter(|o| *o != origin);
    let at_ms = if outcome.started_at_ms == 0 { outcome.now_ms } else { outcome.started_at_ms };
    let record = UncertainSubmission {
        origin,
        path,
        initiator,
        at_ms,
        status: if answer == Answer::HttpStatus { outcome.status } else { 0 },
        answer,
        error: outcome.error.as_ref().map(|e| e.chars().take(64).collect()),
        risk: assessment.risk,
        evidence: assessment.evidence.into_iter().take(MAX_RECORD_EVIDENCE).collect(),
        expires_at_ms: outcome.now_ms.saturating_add(settings.effective_expiry_ms()),
    };
    // One record per origin and path: the newest attempt is the one the user must check.
    state.records.retain(|r| !(r.origin == record.origin && r.path == record.path));
    state.records.push(record.clone());
    let excess = state.records.len().saturating_sub(MAX_RECORDS);
    state.records.drain(..excess);
    Some(record)
}

/// Drops expired records and keeps at most [`MAX_RECORDS`] (the newest).
pub fn prune(state: &mut GuardState, now_ms: u64) {
    state.records.retain(|r| r.is_live(now_ms));
    let excess = state.records.len().saturating_sub(MAX_RECORDS);
    state.records.drain(..excess);
}

/// Origins where a live record holds submits (the POST's origin and, when it differs, the origin of
/// the page that sent it), sorted and without duplicates: the shell injects the guard there only.
pub fn live_origins(state: &GuardState, now_ms: u64) -> Vec<String> {
    let mut origins: Vec<String> = state
        .records
        .iter()
        .filter(|r| r.is_live(now_ms))
        .flat_map(|r| std::iter::once(r.origin.clone()).chain(r.initiator.clone()))
        .collect();
    crate::order::sort(&mut origins);
    origins.dedup();
    origins
}

/// When the next live record expires, for the shell's alarm.
pub fn next_expiry_ms(state: &GuardState, now_ms: u64) -> Option<u64> {
    state.records.iter().filter(|r| r.is_live(now_ms)).map(|r| r.expires_at_ms).min()
}

/// What the shell needs after any change: where to inject the guard, and when to look again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GuardSummary {
    /// See [`live_origins`].
    pub live_origins: Vec<String>,
    /// See [`next_expiry_ms`].
    pub next_expiry_ms: Option<u64>,
}

/// [`live_origins`] and [`next_expiry_ms`] together.
pub fn summary(state: &GuardState, now_ms: u64) -> GuardSummary {
    GuardSummary { live_origins: live_origins(state, now_ms), next_expiry_ms: next_expiry_ms(state, now_ms) }
}
