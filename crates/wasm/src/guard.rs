//! The resubmission guard across the boundary. The state crosses as plain data both ways, so the
//! shell keeps it in `storage.local` (it must survive a browser restart) and nothing lives here.

use gateway_guard_core::guard::{self, GuardSettings, GuardState, PostOutcome, SubmitAttempt};
use wasm_bindgen::prelude::*;

use crate::convert::{self, K};

/// A stored state, or the empty one when nothing (null/undefined) was stored yet.
fn state_from_js(state: &JsValue) -> Result<GuardState, JsError> {
    if state.is_null_or_undefined() {
        return Ok(GuardState::default());
    }
    convert::from_js(state, "state")
}

/// `guardRecordOutcome(state, outcome, settings) -> {state, recorded, summary}`: the new state to
/// store, the record when one was made, and where the guard must be injected from now on.
#[wasm_bindgen(js_name = guardRecordOutcome)]
pub fn guard_record_outcome(state: JsValue, outcome: JsValue, settings: JsValue) -> Result<JsValue, JsError> {
    let mut state = state_from_js(&state)?;
    let outcome: PostOutcome = convert::from_js(&outcome, "outcome")?;
    let settings: GuardSettings = if settings.is_null_or_undefined() {
        GuardSettings::default()
    } else {
        convert::from_js(&settings, "settings")?
    };
    let recorded = guard::record_outcome(&mut state, &outcome, &settings);
    let summary = guard::summary(&state, outcome.now_ms);
    convert::parts(&[(K::state, &state), (K::recorded, &recorded), (K::summary, &summary)])
}

/// `guardHoldDecision(state, attempt, nowMs) -> {record, strength, form} | null`.
#[wasm_bindgen(js_name = guardHoldDecision)]
pub fn guard_hold_decision(state: JsValue, attempt: JsValue, now_ms: f64) -> Result<JsValue, JsError> {
    let state = state_from_js(&state)?;
    let attempt: SubmitAttempt = convert::from_js(&attempt, "attempt")?;
    convert::to_js(&guard::hold_decision(&state, &attempt, ms(now_ms)))
}

/// `guardPrune(state, nowMs) -> {state, summary}`: drops expired records.
#[wasm_bindgen(js_name = guardPrune)]
pub fn guard_prune(state: JsValue, now_ms: f64) -> Result<JsValue, JsError> {
    let mut state = state_from_js(&state)?;
    let now = ms(now_ms);
    guard::prune(&mut state, now);
    let summary = guard::summary(&state, now);
    convert::parts(&[(K::state, &state), (K::summary, &summary)])
}

/// JS time (a double) to whole ms; NaN and negatives become 0.
fn ms(value: f64) -> u64 {
    if value.is_finite() && value > 0.0 {
        // Saturating float-to-int cast (Rust semantics): values past u64::MAX become u64::MAX.
        value as u64
    } else {
        0
    }
}
