//! Facts in, Diagnosis out (and back in, for `explain`), Explanation out: `shared/spec/diagnosis.md`.
//! Field names are the core's serde names (snake_case for these two).

use gateway_guard_core::diagnosis::{Diagnosis, Facts};
use gateway_guard_core::explain::{Badge, Explanation};
use wasm_bindgen::JsValue;

use super::keys::K;
use super::read::{Bad, Fields, FromJs, Headers};
use super::write::{object, ToJs};

/// Every field has a default (`#[serde(default)]`); the optional ones, `None`.
impl FromJs for Facts {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut facts = Facts::default();
        f.set(K::method, &mut facts.method)?;
        f.set(K::url, &mut facts.url)?;
        f.set(K::resource_type, &mut facts.resource_type)?;
        f.set(K::form_field_names, &mut facts.form_field_names)?;
        f.set(K::status, &mut facts.status)?;
        if let Some(Headers(headers)) = f.get(K::headers)? {
            facts.headers = headers;
        }
        f.set(K::from_cache, &mut facts.from_cache)?;
        facts.server_ip = f.opt_field(K::server_ip)?;
        facts.page_text = f.long_text(K::page_text)?;
        facts.error = f.opt_field(K::error)?;
        facts.last_good_ip = f.opt_field(K::last_good_ip)?;
        f.set(K::other_failing_hosts, &mut facts.other_failing_hosts)?;
        facts.received_at_ms = f.opt_field(K::received_at_ms)?;
        facts.failing_for_s = f.opt_field(K::failing_for_s)?;
        Ok(facts)
    }
}

impl FromJs for Diagnosis {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        Ok(Diagnosis {
            status: f.req(K::status)?,
            vendor: f.req(K::vendor)?,
            via: f.req(K::via)?,
            failure: f.req(K::failure)?,
            generated_by: f.req(K::generated_by)?,
            from_cache: f.req(K::from_cache)?,
            retry_after_s: f.opt(K::retry_after_s)?,
            advice: f.req(K::advice)?,
            evidence: f.req(K::evidence)?,
        })
    }
}

impl ToJs for Diagnosis {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::status, &self.status)
            .with(K::vendor, &self.vendor)
            .with(K::via, &self.via)
            .with(K::failure, &self.failure)
            .with(K::generated_by, &self.generated_by)
            .with(K::from_cache, &self.from_cache)
            .with(K::retry_after_s, &self.retry_after_s)
            .with(K::advice, &self.advice)
            .with(K::evidence, &self.evidence)
            .into()
    }
}

impl ToJs for Explanation {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::who, &self.who)
            .with(K::yourSide, &self.your_side)
            .with(K::side, &self.side)
            .with(K::sentence, &self.sentence)
            .into()
    }
}

impl ToJs for Badge {
    fn to_js(&self) -> JsValue {
        object().with(K::text, &self.text).with(K::severity, &self.severity).into()
    }
}
