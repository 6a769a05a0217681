//! The one-sentence explanation across the boundary.

use gateway_guard_core::diagnosis::Diagnosis;
use gateway_guard_core::explain;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, to_js};

/// `explain(diagnosis) -> {who, yourSide, side, sentence}` (see crates/core/src/explain.rs).
#[wasm_bindgen(js_name = explain)]
pub fn explain_diagnosis(diagnosis: JsValue) -> Result<JsValue, JsError> {
    let diagnosis: Diagnosis = from_js(&diagnosis, "diagnosis")?;
    to_js(&explain::explain(&diagnosis))
}

/// `badge(status) -> {text, severity}`: the toolbar badge of a failure (0: no answer at all). Anything
/// but a whole number from 0 to 65535 is taken as 0.
#[wasm_bindgen(js_name = badge)]
pub fn badge(status: JsValue) -> Result<JsValue, JsError> {
    let status = status
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (0.0..=f64::from(u16::MAX)).contains(s))
        .map_or(0, |s| s as u16);
    to_js(&explain::badge(status))
}
