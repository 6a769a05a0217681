//! Diagnosis of a failed response: which layer produced it, which vendor, what failed upstream, and the
//! advice that fits. The contract is `shared/spec/diagnosis.md`; field names and ids serialize exactly as
//! the spec writes them (snake_case fields, kebab/snake ids), so the CLI's JSON and the extension's stored
//! diagnosis are one shape.
//!
//! The rules follow `shared/spec/vendors.md` §28, in order, over the table in `catalog.rs`:
//! 1. explicit platform error headers (`x-vercel-error`, `x-squid-error`, ...);
//! 2. unambiguous body signatures;
//! 3. header-only identification of a gateway-made response;
//! 4. evidence that the upstream answered (so the origin made the error);
//! 5. statuses only one vendor uses, then the generic meaning of the status.
//!
//! `unknown` is returned wherever the evidence does not decide: a wrong specific answer is worse.

mod advice;
mod catalog;
mod html;
mod markers;
pub(crate) mod retry_after;
mod signals;
mod text;
mod types;
mod via;

pub use advice::MANY_FAILING_HOSTS;
pub use types::*;

// For the HAR reader, which caps its strings the same way.
#[cfg(feature = "har")]
pub(crate) use text::prefix_on_char_boundary as cap_text;

use catalog::{Entry, CATALOG, NET_ERRORS};
use signals::{Response, Signature};

use crate::decimal::decimal;
use crate::find::contains_str;

/// Diagnoses one failed response. Never panics, whatever the headers or page text hold.
pub fn diagnose(facts: &Facts) -> Diagnosis {
    let response = Response::new(facts);
    let verdict = if facts.status == 0 { network_error(facts) } else { classify(&response) };
    let via = via::intermediaries(&response, verdict.vendor);
    // The original case: HTTP-dates are case-sensitive (RFC 9110 §5.6.7).
    let retry_after_s = facts
        .header("retry-after")
        .and_then(|v| retry_after::seconds(v, facts.header("date"), facts.received_at_ms));
    let (advice, local_evidence) = advice::advise(facts, &verdict.summary());
    let mut evidence = verdict.evidence;
    if let Some(s) = retry_after_s {
        evidence.push(["retry-after: ", &decimal(s), " s"].concat());
    }
    evidence.extend(local_evidence);
    evidence.dedup();
    Diagnosis {
        status: facts.status,
        vendor: verdict.vendor,
        via,
        failure: verdict.failure,
        generated_by: verdict.generated_by,
        from_cache: facts.from_cache,
        retry_after_s,
        advice,
        evidence,
    }
}

/// The decision before context (cache, DNS, other hosts) is added.
struct Verdict {
    vendor: Vendor,
    failure: Failure,
    generated_by: GeneratedBy,
    local_proxy: bool,
    evidence: Vec<String>,
}

impl Verdict {
    fn summary(&self) -> advice::Summary {
        advice::Summary {
            failure: self.failure,
            generated_by: self.generated_by,
            local_proxy: self.local_proxy,
        }
    }
}

/// The steps of §28 that match signatures, in order.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Explicit,
    Body,
    Headers,
    Answered,
    Status,
}

impl Step {
    const ALL: [Step; 5] = [Step::Explicit, Step::Body, Step::Headers, Step::Answered, Step::Status];

    fn signatures(self, entry: &Entry) -> &'static [Signature] {
        match self {
            Step::Explicit => entry.explicit,
            Step::Body => entry.bodies,
            Step::Headers => entry.headers,
            Step::Answered => entry.answered,
            Step::Status => entry.by_status,
        }
    }
}

fn classify(response: &Response<'_>) -> Verdict {
    let status = response.facts.status;
    for step in Step::ALL {
        for entry in CATALOG {
            for sig in step.signatures(entry) {
                if let Some(mut evidence) = response.matches(sig) {
                    evidence.insert(0, ["status ", &decimal(u64::from(status))].concat());
                    return if step == Step::Answered {
                        upstream_answered(evidence)
                    } else {
                        made_by(entry, sig, response, evidence)
                    };
                }
            }
        }
    }
    status_only(status)
}

/// An intermediary made the response: refine the vendor, then read the failure from its error code
/// header, its page's sentences, or its status meanings, in that order.
fn made_by(entry: &Entry, sig: &Signature, response: &Response<'_>, mut evidence: Vec<String>) -> Verdict {
    let vendor = entry
        .refine
        .iter()
        .find(|(header, _)| response.find(header).is_some())
        .map_or(entry.vendor, |&(_, v)| v);
    let status = response.facts.status;
    let mut generated_by = GeneratedBy::Gateway;
    let failure = if let Some(code) =
        entry.error_header.and_then(|eh| response.value(eh.name).map(|v| (eh, v)))
    {
        let (eh, value) = code;
        let code = value.split_whitespace().collect::<Vec<_>>().join(" ");
        evidence.push(text::clip(&["header ", eh.name, ": ", &code].concat(), 80));
        eh.codes.iter().find(|(prefix, _)| code.starts_with(prefix)).map_or(Failure::Unknown, |&(_, f)| f)
    } else if let Some(&(sentence, f)) =
        entry.sentences.iter().find(|(s, _)| response.says(s) || response.in_html(s))
    {
        evidence.push(["body: ", sentence].concat());
        f
    } else {
        let meanings = if sig.statuses.is_empty() { entry.statuses } else { sig.statuses };
        match meanings.iter().find(|m| m.status == status).or_else(|| meanings.iter().find(|m| m.status == 0))
        {
            Some(m) => {
                generated_by = m.by;
                m.failure
            }
            None => Failure::Unknown,
        }
    };
    Verdict { vendor, failure, generated_by, local_proxy: entry.local_proxy, evidence }
}

/// The upstream application answered with this error (§28 step 4). Its framework is not in the vendor
/// vocabulary, so the vendor is unknown; the intermediaries still show in `via`.
fn upstream_answered(mut evidence: Vec<String>) -> Verdict {
    evidence.push("the upstream answered".to_owned());
    Verdict {
        vendor: Vendor::Unknown,
        failure: Failure::AppError,
        generated_by: GeneratedBy::Origin,
        local_proxy: false,
        evidence,
    }
}

/// §28 step 5: nothing identified the producer; only the status speaks.
fn status_only(status: u16) -> Verdict {
    let failure = match status {
        504 => Failure::Timeout,
        503 | 429 => Failure::NoBackend,
        _ => Failure::Unknown,
    };
    Verdict {
        vendor: Vendor::Unknown,
        failure,
        generated_by: GeneratedBy::Unknown,
        local_proxy: false,
        evidence: vec![["status ", &decimal(u64::from(status))].concat()],
    }
}

/// Status 0: the browser got no response; its error string says why.
fn network_error(facts: &Facts) -> Verdict {
    let error = facts.error.as_deref().unwrap_or("").trim();
    let upper = text::prefix_on_char_boundary(error, 200).to_ascii_uppercase();
    let failure =
        NET_ERRORS.iter().find(|(s, _)| contains_str(&upper, s)).map_or(Failure::Unknown, |&(_, f)| f);
    let local = catalog::LOCAL_NET_ERRORS.iter().any(|s| contains_str(&upper, s));
    let mut evidence = vec!["status 0 (no response)".to_owned()];
    if !error.is_empty() {
        evidence.push(text::clip(&["error: ", error].concat(), 80));
    }
    Verdict {
        vendor: Vendor::Unknown,
        failure,
        generated_by: GeneratedBy::Unknown,
        local_proxy: local,
        evidence,
    }
}

#[cfg(test)]
mod tests;
