//! Conversions across the boundary, written by hand for each crossing type.
//!
//! serde-wasm-bindgen did this generically, but every crossing type then carried serde's visitor
//! machinery, monomorphized per type, plus the formatting its error messages pull in: 67 KB of the
//! 380 KB wasm, and a diagnosis through it was a third slower (BENCHMARKS.md, "WebAssembly size"). These
//! conversions keep its contract: the same property names (the core's serde names, which the stored data
//! and the CLI's JSON also use), the same rules for missing, null and mistyped values ([`read`]), the same
//! output shapes ([`write`]); `crates/wasm/tests/differential.mjs` compares two builds call for call. The
//! one shape no longer read is a pacing `phase` written as a `Map` or an array (see `pacing.rs`).

mod diagnosis;
mod form;
mod guard;
mod history;
mod ids;
mod keys;
mod pacing;
mod read;
mod write;

pub use keys::K;
pub use read::FromJs;
pub use write::ToJs;

use wasm_bindgen::{JsError, JsValue};

/// Argument `name` read as `T`; a shape error becomes a JS `Error` naming the argument and the place.
pub fn from_js<T: FromJs>(value: &JsValue, name: &str) -> Result<T, JsError> {
    T::from_js(value).map_err(|e| JsError::new(&e.message(name)))
}

/// A result as plain JS data; fails (a JS `Error`) only for a number JS cannot hold exactly.
pub fn to_js(value: &dyn ToJs) -> Result<JsValue, JsError> {
    write::exactly(|| value.to_js()).ok_or_else(|| JsError::new("cannot convert result: a number past 2^53"))
}

/// A result object made of named parts: `{state, plan}` and the like.
pub fn parts(parts: &[(K, &dyn ToJs)]) -> Result<JsValue, JsError> {
    struct Parts<'a>(&'a [(K, &'a dyn ToJs)]);
    impl ToJs for Parts<'_> {
        fn to_js(&self) -> JsValue {
            self.0.iter().fold(write::object(), |out, (k, value)| out.with(*k, *value)).into()
        }
    }
    to_js(&Parts(parts))
}

/// JS `null`, as a part of a result (serde wrote `()` and `None` so).
pub struct Null;

impl ToJs for Null {
    fn to_js(&self) -> JsValue {
        JsValue::NULL
    }
}
