//! Holding the next submit: does a live record cover this form, and how strongly to warn.

use serde::{Deserialize, Serialize};

use super::types::{GuardState, SubmitAttempt, UncertainSubmission};
use super::url::{origin_of, split_url};
use crate::form::{assess_form, FormAssessment, Risk};

/// A held submit: the record that holds it, and the wording the dialog uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hold {
    /// The earlier attempt the user must check first.
    pub record: UncertainSubmission,
    /// The strongest of the form's and the record's risk: `payment` gets the strongest wording.
    pub strength: Risk,
    /// The form check of the form being submitted now.
    pub form: FormAssessment,
}

/// Whether to hold `attempt` behind the dialog (behaviour.md, "Resubmission guard"):
///
/// - never a form whose effective method is GET or dialog (it cannot repeat a payment);
/// - a form that submits to the origin and path of a live record;
/// - any payment-like form ([`Risk::Payment`]) on an origin with a live record: the page's origin or
///   the form's target origin is the record's origin or the origin of the page that sent it.
///
/// When several records match, the same-path one wins, then the newest.
pub fn hold_decision(state: &GuardState, attempt: &SubmitAttempt, now_ms: u64) -> Option<Hold> {
    let method = attempt.form.method.trim();
    if method.eq_ignore_ascii_case("get") || method.eq_ignore_ascii_case("dialog") {
        return None;
    }
    let (action_origin, action_path) = split_url(&attempt.action_url)?;
    let page_origin = origin_of(&attempt.page_origin);
    let live = || state.records.iter().filter(|r| r.is_live(now_ms));
    let newest = |a: &&UncertainSubmission, b: &&UncertainSubmission| a.at_ms.cmp(&b.at_ms);

    let same_target = live().filter(|r| r.origin == action_origin && r.path == action_path).max_by(newest);
    let form = assess_form(&attempt.form);
    let record = match same_target {
        Some(record) => record,
        None if form.risk == Risk::Payment => {
            let on_origin = |o: &str| o == action_origin || page_origin.as_deref() == Some(o);
            live()
                .filter(|r| on_origin(&r.origin) || r.initiator.as_deref().is_some_and(on_origin))
                .max_by(newest)?
        }
        None => return None,
    };
    Some(Hold { strength: form.risk.max(record.risk), record: record.clone(), form })
}
