//! serde conversions across the boundary, with errors JS can read.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsError, JsValue};

/// JS value -> core struct; a shape error becomes a JS `Error` naming the problem.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("bad input: {e}")))
}

/// Core struct -> plain JS object (maps as objects, `None` as `null`), so the result can be stored as is.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsError::new(&format!("cannot convert result: {e}")))
}
