//! Incident history across the boundary: the history crosses as the data stored in `storage.local`.

use gateway_guard_core::history::{History, Incident, Limits};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js, FromJs};

/// Stored history, or an empty one when it is missing or unusable (logged by the shell).
fn history_from(value: &JsValue) -> History {
    if value.is_null_or_undefined() {
        return History::default();
    }
    History::from_js(value).unwrap_or_default()
}

/// `historyAdd(history, incident, nowMs, limits) -> history` (bounded by age and count).
#[wasm_bindgen(js_name = historyAdd)]
pub fn add(history: JsValue, incident: JsValue, now_ms: f64, limits: JsValue) -> Result<JsValue, JsError> {
    let mut history = history_from(&history);
    let incident: Incident = from_js(&incident, "incident")?;
    let limits = Limits::from_js(&limits).unwrap_or_default();
    history.add(incident, now_ms as u64, &limits);
    to_js(&history)
}

/// `historyCsv(history) -> string`.
#[wasm_bindgen(js_name = historyCsv)]
pub fn csv(history: JsValue) -> String {
    history_from(&history).to_csv()
}

/// `historyNormalize(history, nowMs, limits) -> history`: a stored value checked and pruned (a corrupt one
/// becomes empty).
#[wasm_bindgen(js_name = historyNormalize)]
pub fn normalize(history: JsValue, now_ms: f64, limits: JsValue) -> Result<JsValue, JsError> {
    let mut history = history_from(&history);
    let limits = Limits::from_js(&limits).unwrap_or_default();
    history.prune(now_ms as u64, &limits);
    to_js(&history)
}
