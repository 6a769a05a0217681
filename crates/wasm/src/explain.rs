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
