//! The diagnosis as one plain sentence: who failed, and whether it is the user's side. The decision
//! lives here; the shell only maps the ids to localized text (`explain_<sentence>` and `side_<side>`
//! in `_locales`), filling in the vendor's name and the status.
//!
//! ```
//! use gateway_guard_core::diagnosis::{Diagnosis, Failure, GeneratedBy, Vendor};
//! use gateway_guard_core::explain::{explain, Sentence, Side, Who};
//!
//! let d = Diagnosis {
//!     status: 522, vendor: Vendor::Cloudflare, via: vec![Vendor::Cloudflare], failure: Failure::Timeout,
//!     generated_by: GeneratedBy::Gateway, from_cache: false, retry_after_s: None, advice: vec![],
//!     evidence: vec![],
//! };
//! let e = explain(&d);
//! assert_eq!((e.who, e.sentence, e.side), (Who::Origin, Sentence::OriginTimeout, Side::NotYours));
//! assert!(!e.your_side);
//! ```

use serde::{Deserialize, Serialize};

use crate::diagnosis::{Advice, Diagnosis, Failure, GeneratedBy};

/// Whose part of the chain failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// The site's own server or application (behind any gateway).
    Origin,
    /// The gateway in front of the site answered with an error and shows nothing of the cause.
    Gateway,
    /// The user's side: the browser's cache, the network, a VPN or proxy.
    You,
    /// The evidence does not decide.
    Unknown,
}

/// What the explanation says about the user's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The problem is on the user's side.
    Yours,
    /// A server answered: the user's connection works.
    NotYours,
    /// Nothing can be said.
    Unclear,
}

/// Which sentence tells the case (localized as `explain_<id>`; `$1` is the vendor, `$2` the status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Sentence {
    /// The browser showed a stored copy of an earlier error.
    CachedError,
    /// Many unrelated sites fail at once, or a local proxy made the error.
    LocalNetwork,
    /// 429: the site limits how often it may be loaded.
    RateLimited,
    /// The site's own application sent the error.
    OriginAppError,
    OriginRefused,
    OriginTimeout,
    OriginInvalidResponse,
    OriginDns,
    OriginTls,
    /// The gateway has no healthy server for the site (overload or maintenance).
    NoBackend,
    /// The gateway reported an error and hides its cause.
    GatewayError,
    /// Nothing usable: no answer, or an error no layer can be told for.
    Unknown,
}

/// The explanation of one diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Whose part failed.
    pub who: Who,
    /// True when the fix is on the user's side.
    pub your_side: bool,
    /// What to say about the user's side.
    pub side: Side,
    /// The sentence to show.
    pub sentence: Sentence,
}

/// Who failed and which sentence says so. Local signals come first: a cached error or many sites failing
/// at once point to the user's side whatever the page says.
pub fn explain(d: &Diagnosis) -> Explanation {
    let (who, sentence) = if d.from_cache {
        (Who::You, Sentence::CachedError)
    } else if d.advice.contains(&Advice::ToggleVpn) {
        (Who::You, Sentence::LocalNetwork)
    } else if d.status == 0 {
        (Who::Unknown, Sentence::Unknown)
    } else if d.status == 429 {
        (Who::Origin, Sentence::RateLimited)
    } else if d.generated_by == GeneratedBy::Origin || d.failure == Failure::AppError {
        (Who::Origin, Sentence::OriginAppError)
    } else {
        behind_gateway(d)
    };
    let side = match who {
        Who::You => Side::Yours,
        // An HTTP answer arrived, so the path from the user to the site works.
        Who::Origin | Who::Gateway => Side::NotYours,
        Who::Unknown => Side::Unclear,
    };
    Explanation { who, your_side: side == Side::Yours, side, sentence }
}

/// A gateway (or an unidentified layer) made the error: the failure says what went wrong behind it.
fn behind_gateway(d: &Diagnosis) -> (Who, Sentence) {
    let origin = |s| (Who::Origin, s);
    match d.failure {
        Failure::Refused => origin(Sentence::OriginRefused),
        Failure::Timeout => origin(Sentence::OriginTimeout),
        Failure::InvalidResponse => origin(Sentence::OriginInvalidResponse),
        Failure::Dns => origin(Sentence::OriginDns),
        Failure::Tls => origin(Sentence::OriginTls),
        Failure::NoBackend => origin(Sentence::NoBackend),
        Failure::AppError => origin(Sentence::OriginAppError),
        Failure::Unknown if d.generated_by == GeneratedBy::Gateway => (Who::Gateway, Sentence::GatewayError),
        Failure::Unknown => (Who::Unknown, Sentence::Unknown),
    }
}

/// How the toolbar badge marks a failure; the shell picks the colour for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The site failed (5xx): red.
    Hard,
    /// The site asks to come back later (503 maintenance or overload, 429 rate limit): amber.
    Soft,
    /// No HTTP answer at all, or a status outside the failures: grey.
    NoAnswer,
}

/// The toolbar badge of a failed tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// At most 4 characters (the badge's room): the status code, or "!" when no answer came.
    pub text: String,
    /// How it is marked.
    pub severity: Severity,
}

/// The badge for a failure with HTTP `status` (0: no answer at all, a network error).
///
/// ```
/// use gateway_guard_core::explain::{badge, Severity};
/// assert_eq!(badge(502).text, "502");
/// assert_eq!(badge(503).severity, Severity::Soft);
/// assert_eq!(badge(0).text, "!");
/// ```
pub fn badge(status: u16) -> Badge {
    let severity = match status {
        429 | 503 => Severity::Soft,
        500..=599 => Severity::Hard,
        _ => Severity::NoAnswer,
    };
    let text = if (100..=999).contains(&status) {
        crate::decimal::decimal(u64::from(status))
    } else {
        "!".to_owned()
    };
    Badge { text, severity }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Vendor;

    #[test]
    fn badges_say_the_status_and_mark_come_back_later_answers_softer() {
        let b = |s| {
            let b = badge(s);
            (b.text, b.severity)
        };
        assert_eq!(b(500), ("500".to_owned(), Severity::Hard));
        assert_eq!(b(504), ("504".to_owned(), Severity::Hard));
        assert_eq!(b(599), ("599".to_owned(), Severity::Hard));
        assert_eq!(b(503), ("503".to_owned(), Severity::Soft));
        assert_eq!(b(429), ("429".to_owned(), Severity::Soft));
        assert_eq!(b(0), ("!".to_owned(), Severity::NoAnswer));
        // Out of range statuses never widen the badge.
        assert_eq!(b(42), ("!".to_owned(), Severity::NoAnswer));
        assert_eq!(b(u16::MAX), ("!".to_owned(), Severity::NoAnswer));
        assert!((0..=u16::MAX).all(|s| badge(s).text.chars().count() <= 4));
    }

    fn diagnosis(status: u16, vendor: Vendor, failure: Failure, generated_by: GeneratedBy) -> Diagnosis {
        Diagnosis {
            status,
            vendor,
            via: vec![],
            failure,
            generated_by,
            from_cache: false,
            retry_after_s: None,
            advice: vec![Advice::WaitAndHardRefresh],
            evidence: vec![],
        }
    }

    #[test]
    fn cloudflare_522_is_the_origin_and_not_your_side() {
        let e = explain(&diagnosis(522, Vendor::Cloudflare, Failure::Timeout, GeneratedBy::Gateway));
        assert_eq!(
            e,
            Explanation {
                who: Who::Origin,
                your_side: false,
                side: Side::NotYours,
                sentence: Sentence::OriginTimeout
            }
        );
    }

    #[test]
    fn each_failure_behind_a_gateway_has_its_sentence() {
        let cases = [
            (Failure::Refused, Sentence::OriginRefused),
            (Failure::Timeout, Sentence::OriginTimeout),
            (Failure::InvalidResponse, Sentence::OriginInvalidResponse),
            (Failure::Dns, Sentence::OriginDns),
            (Failure::Tls, Sentence::OriginTls),
            (Failure::NoBackend, Sentence::NoBackend),
            (Failure::AppError, Sentence::OriginAppError),
        ];
        for (failure, sentence) in cases {
            let e = explain(&diagnosis(502, Vendor::Nginx, failure, GeneratedBy::Gateway));
            assert_eq!((e.who, e.sentence, e.side), (Who::Origin, sentence, Side::NotYours), "{failure:?}");
        }
    }

    #[test]
    fn a_gateway_error_with_no_visible_cause_blames_the_gateway_only() {
        // nginx's 502 page is the same bytes for refused, reset and bad headers (tests/lib/scenarios.mjs).
        let e = explain(&diagnosis(502, Vendor::Nginx, Failure::Unknown, GeneratedBy::Gateway));
        assert_eq!((e.who, e.sentence, e.side), (Who::Gateway, Sentence::GatewayError, Side::NotYours));
    }

    #[test]
    fn the_sites_own_error_page_is_the_origin() {
        let e = explain(&diagnosis(500, Vendor::Unknown, Failure::AppError, GeneratedBy::Origin));
        assert_eq!((e.who, e.sentence), (Who::Origin, Sentence::OriginAppError));
        let e = explain(&diagnosis(503, Vendor::Unknown, Failure::Unknown, GeneratedBy::Origin));
        assert_eq!((e.who, e.sentence), (Who::Origin, Sentence::OriginAppError));
    }

    #[test]
    fn a_cached_error_is_your_side_whatever_else() {
        let mut d = diagnosis(502, Vendor::Cloudflare, Failure::Timeout, GeneratedBy::Gateway);
        d.from_cache = true;
        let e = explain(&d);
        assert_eq!(
            (e.who, e.sentence, e.side, e.your_side),
            (Who::You, Sentence::CachedError, Side::Yours, true)
        );
    }

    #[test]
    fn many_failing_sites_or_a_local_proxy_is_your_side() {
        let mut d = diagnosis(503, Vendor::Squid, Failure::Refused, GeneratedBy::Gateway);
        d.advice = vec![Advice::ToggleVpn, Advice::WaitAndHardRefresh];
        let e = explain(&d);
        assert_eq!((e.who, e.sentence, e.your_side), (Who::You, Sentence::LocalNetwork, true));
    }

    #[test]
    fn rate_limits_and_unknowns() {
        let e = explain(&diagnosis(429, Vendor::Unknown, Failure::Unknown, GeneratedBy::Unknown));
        assert_eq!((e.who, e.sentence, e.side), (Who::Origin, Sentence::RateLimited, Side::NotYours));
        let e = explain(&diagnosis(0, Vendor::Unknown, Failure::InvalidResponse, GeneratedBy::Unknown));
        assert_eq!((e.who, e.sentence, e.side), (Who::Unknown, Sentence::Unknown, Side::Unclear));
        let e = explain(&diagnosis(502, Vendor::Unknown, Failure::Unknown, GeneratedBy::Unknown));
        assert_eq!(
            (e.who, e.sentence, e.side, e.your_side),
            (Who::Unknown, Sentence::Unknown, Side::Unclear, false)
        );
    }

    #[test]
    fn ids_serialize_as_the_shell_reads_them() {
        let e = explain(&diagnosis(504, Vendor::Nginx, Failure::Timeout, GeneratedBy::Gateway));
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"who":"origin","yourSide":false,"side":"not_yours","sentence":"origin_timeout"}"#
        );
    }
}
