//! Rust -> plain JS data, in the shape serde-wasm-bindgen's JSON-compatible serializer gave: structs as
//! objects with their fields in declaration order, `None` as `null`, lists as arrays, enum ids as
//! strings, numbers as numbers. So a result can go to `storage` and `JSON.stringify` as it is.

use std::cell::Cell;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::keys::K;

#[wasm_bindgen]
extern "C" {
    /// A plain object being filled.
    pub type Out;
    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Out, key: &JsValue, value: JsValue);
}

thread_local! {
    /// Set when a number had no exact JS equivalent (a `u64` past 2^53 - 1): the call then fails, as
    /// it did with serde-wasm-bindgen, rather than hand JS a rounded time.
    static INEXACT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` and says whether every number it wrote was exact.
pub fn exactly(write: impl FnOnce() -> JsValue) -> Option<JsValue> {
    INEXACT.with(|f| f.set(false));
    let value = write();
    if INEXACT.with(Cell::get) {
        None
    } else {
        Some(value)
    }
}

/// A Rust value written as plain JS data.
pub trait ToJs {
    /// The JS value.
    fn to_js(&self) -> JsValue;
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl ToJs for u16 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64((*self).into())
    }
}

impl ToJs for u32 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64((*self).into())
    }
}

impl ToJs for u64 {
    fn to_js(&self) -> JsValue {
        // Number.MAX_SAFE_INTEGER
        if *self > 9_007_199_254_740_991 {
            INEXACT.with(|f| f.set(true));
            return JsValue::NULL;
        }
        JsValue::from_f64(*self as f64)
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        match self {
            Some(value) => value.to_js(),
            None => JsValue::NULL,
        }
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        let array = Array::new();
        for element in self {
            array.push(&element.to_js());
        }
        array.into()
    }
}

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js(&self) -> JsValue {
        (**self).to_js()
    }
}

/// A new plain object, filled field by field: `object().with(K::a, &a).with(K::b, &b).into()`.
pub fn object() -> Out {
    Object::new().unchecked_into()
}

impl Out {
    /// Sets the field `k` to `value`.
    pub fn with(self, k: K, value: &dyn ToJs) -> Self {
        self.set(k.js(), value.to_js());
        self
    }
}

/// An enum id as its (cached) JS string.
pub fn id(k: K) -> JsValue {
    k.js().clone()
}
