//! The form check's description in and assessment out (camelCase names).

use gateway_guard_core::form::{FieldDescription, FormAssessment, FormDescription};
use wasm_bindgen::JsValue;

use super::keys::K;
use super::read::{Bad, Fields, FromJs};
use super::write::{object, ToJs};

/// Every field has a default.
impl FromJs for FormDescription {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut form = FormDescription::default();
        f.set(K::origin, &mut form.origin)?;
        f.set(K::action, &mut form.action)?;
        f.set(K::method, &mut form.method)?;
        f.set(K::fields, &mut form.fields)?;
        f.set(K::submitTexts, &mut form.submit_texts)?;
        f.set(K::headingText, &mut form.heading_text)?;
        Ok(form)
    }
}

/// Every field has a default; `inputType` may be spelled `type` (serde alias), but not both at once.
impl FromJs for FieldDescription {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut field = FieldDescription::default();
        f.set(K::name, &mut field.name)?;
        f.set(K::inputType, &mut field.input_type)?;
        if f.has(K::type_) {
            if f.has(K::inputType) {
                return Err(Bad::new("both `inputType` and `type`"));
            }
            f.set(K::type_, &mut field.input_type)?;
        }
        f.set(K::autocomplete, &mut field.autocomplete)?;
        f.set(K::label, &mut field.label)?;
        f.set(K::id, &mut field.id)?;
        Ok(field)
    }
}

impl ToJs for FormAssessment {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::risk, &self.risk)
            .with(K::evidence, &self.evidence)
            .with(K::score, &self.score)
            .into()
    }
}
