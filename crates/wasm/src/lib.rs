//! The wasm-bindgen boundary of Gateway Guard. It converts JS objects to core structs and back and
//! decides nothing itself: every function here is one core call.
//!
//! JS sees `Error` objects (through [`JsError`]) for input that does not have the contract's shape. String
//! arguments are taken as `JsValue` and checked here: wasm-bindgen's own `&str` conversion trusts JS to
//! pass a string, and anything else (a number, an object) made the module trap.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
// wasm-bindgen's macro expansion is outside our control.
#![allow(missing_docs)]

mod convert;
mod explain;
mod guard;
mod history;
mod pacing;

use gateway_guard_core::diagnosis::{self, Facts};
use wasm_bindgen::prelude::*;

/// The crate version (the extension's version comes from the same place).
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// `diagnose(facts) -> diagnosis`: see `shared/spec/diagnosis.md` for both shapes.
#[wasm_bindgen]
pub fn diagnose(facts: JsValue) -> Result<JsValue, JsError> {
    let facts: Facts = convert::from_js(&facts, "facts")?;
    convert::to_js(&diagnosis::diagnose(&facts))
}

/// `assessForm(formDescription) -> {risk, evidence, score}` (see crates/core/src/form/types.rs).
#[wasm_bindgen(js_name = assessForm)]
pub fn assess_form(form: JsValue) -> Result<JsValue, JsError> {
    let form: gateway_guard_core::form::FormDescription = convert::from_js(&form, "form")?;
    convert::to_js(&gateway_guard_core::form::assess_form(&form))
}

/// `assessPost(urlPath, fieldNames) -> {risk, evidence, score}` for a fetch/XHR POST.
#[wasm_bindgen(js_name = assessPost)]
pub fn assess_post(url_path: JsValue, field_names: JsValue) -> Result<JsValue, JsError> {
    let url_path: String = convert::from_js(&url_path, "urlPath")?;
    let names: Vec<String> = convert::from_js(&field_names, "fieldNames")?;
    convert::to_js(&gateway_guard_core::form::assess_post(&url_path, &names))
}
