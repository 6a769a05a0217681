//! Retry pacing across the boundary. The pacing state crosses as plain data on every call (the shell
//! keeps it in `storage.session`, so it survives the service worker being stopped); each function
//! returns `{state, <decision>}`: the new state with the decision.

use gateway_guard_core::pacing::{self, FailureEvent, ManualReload, PacingState, Settings};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, parts, FromJs, Null, K};

fn state_from(value: &JsValue) -> PacingState {
    // Missing or unusable stored state (first run, or an old schema) starts fresh: losing a countdown
    // is better than failing every event.
    if value.is_null_or_undefined() {
        return PacingState::new();
    }
    PacingState::from_js(value).map(PacingState::normalized).unwrap_or_else(|_| PacingState::new())
}

fn settings_from(value: &JsValue) -> Settings {
    Settings::from_js(value).map(|s| s.clamped()).unwrap_or_default()
}

/// `pacingOnFailure(state, settings, event, rand) -> {state, plan}`.
#[wasm_bindgen(js_name = pacingOnFailure)]
pub fn on_failure(state: JsValue, settings: JsValue, event: JsValue, rand: f64) -> Result<JsValue, JsError> {
    let mut state = state_from(&state);
    let event: FailureEvent = from_js(&event, "event")?;
    let plan = pacing::on_failure(&mut state, &settings_from(&settings), &event, rand as u64);
    parts(&[(K::state, &state), (K::plan, &plan)])
}

/// `pacingOnManualReload(state, settings, reload) -> {state, verdict}`.
#[wasm_bindgen(js_name = pacingOnManualReload)]
pub fn on_manual_reload(state: JsValue, settings: JsValue, reload: JsValue) -> Result<JsValue, JsError> {
    let mut state = state_from(&state);
    let reload: ManualReload = from_js(&reload, "reload")?;
    let verdict = pacing::on_manual_reload(&mut state, &settings_from(&settings), &reload);
    parts(&[(K::state, &state), (K::verdict, &verdict)])
}

/// `pacingOnSuccess(state, origin, tabId, nowMs) -> {state, recovery}` (`recovery` null when the
/// origin was not failing).
#[wasm_bindgen(js_name = pacingOnSuccess)]
pub fn on_success(state: JsValue, origin: JsValue, tab_id: u32, now_ms: f64) -> Result<JsValue, JsError> {
    let origin: String = from_js(&origin, "origin")?;
    let mut state = state_from(&state);
    let recovery = pacing::on_success(&mut state, &origin, tab_id, now_ms as u64);
    parts(&[(K::state, &state), (K::recovery, &recovery)])
}

/// `pacingTakeDue(state, nowMs) -> {state, due: [{origin, tabId, attempts}]}`.
#[wasm_bindgen(js_name = pacingTakeDue)]
pub fn take_due(state: JsValue, now_ms: f64) -> Result<JsValue, JsError> {
    let mut state = state_from(&state);
    let due = pacing::take_due(&mut state, now_ms as u64);
    parts(&[(K::state, &state), (K::due, &due)])
}

/// `pacingNextWake(state) -> ms since the epoch, or null`.
#[wasm_bindgen(js_name = pacingNextWake)]
pub fn next_wake(state: JsValue) -> Result<Option<f64>, JsError> {
    Ok(pacing::next_wake(&state_from(&state)).map(|ms| ms as f64))
}

/// `pacingOnTabVisible(state, settings, tabId, nowMs) -> {state, due}` (`due` null or one retry).
#[wasm_bindgen(js_name = pacingOnTabVisible)]
pub fn on_tab_visible(
    state: JsValue,
    settings: JsValue,
    tab_id: u32,
    now_ms: f64,
) -> Result<JsValue, JsError> {
    let mut state = state_from(&state);
    let due = pacing::on_tab_visible(&mut state, &settings_from(&settings), tab_id, now_ms as u64);
    parts(&[(K::state, &state), (K::due, &due)])
}

/// `pacingRetryNow(state, origin, tabId, nowMs) -> {state, due}`: the user's deliberate choice.
#[wasm_bindgen(js_name = pacingRetryNow)]
pub fn retry_now(state: JsValue, origin: JsValue, tab_id: u32, now_ms: f64) -> Result<JsValue, JsError> {
    let origin: String = from_js(&origin, "origin")?;
    let mut state = state_from(&state);
    let due = pacing::retry_now(&mut state, &origin, Some(tab_id), now_ms as u64);
    parts(&[(K::state, &state), (K::due, &due)])
}

/// `pacingCancel(state, origin) -> {state, due: bool}` (whether anything was cancelled).
#[wasm_bindgen(js_name = pacingCancel)]
pub fn cancel(state: JsValue, origin: JsValue) -> Result<JsValue, JsError> {
    let origin: String = from_js(&origin, "origin")?;
    let mut state = state_from(&state);
    let due = pacing::cancel(&mut state, &origin);
    parts(&[(K::state, &state), (K::due, &due)])
}

/// `pacingForgetTab(state, tabId) -> {state, due: null}`.
#[wasm_bindgen(js_name = pacingForgetTab)]
pub fn forget_tab(state: JsValue, tab_id: u32) -> Result<JsValue, JsError> {
    let mut state = state_from(&state);
    pacing::forget_tab(&mut state, tab_id);
    parts(&[(K::state, &state), (K::due, &Null)])
}
