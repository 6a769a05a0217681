//! The resubmission guard's data: the stored state (both ways), what the shell reports, and the answers.

use gateway_guard_core::guard::{
    GuardSettings, GuardState, GuardSummary, Hold, PostOutcome, SubmitAttempt, UncertainSubmission,
};
use wasm_bindgen::JsValue;

use super::keys::K;
use super::read::{Bad, Fields, FromJs};
use super::write::{object, ToJs};

/// Every field has a default.
impl FromJs for PostOutcome {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut out = PostOutcome::default();
        f.set(K::url, &mut out.url)?;
        f.set(K::method, &mut out.method)?;
        f.set(K::status, &mut out.status)?;
        f.set(K::error, &mut out.error)?;
        f.set(K::fieldNames, &mut out.field_names)?;
        f.set(K::resourceType, &mut out.resource_type)?;
        f.set(K::initiator, &mut out.initiator)?;
        f.set(K::startedAtMs, &mut out.started_at_ms)?;
        f.set(K::nowMs, &mut out.now_ms)?;
        Ok(out)
    }
}

/// Every field has a default.
impl FromJs for UncertainSubmission {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut r = UncertainSubmission::default();
        f.set(K::origin, &mut r.origin)?;
        f.set(K::path, &mut r.path)?;
        f.set(K::initiator, &mut r.initiator)?;
        f.set(K::atMs, &mut r.at_ms)?;
        f.set(K::status, &mut r.status)?;
        f.set(K::answer, &mut r.answer)?;
        f.set(K::error, &mut r.error)?;
        f.set(K::risk, &mut r.risk)?;
        f.set(K::evidence, &mut r.evidence)?;
        f.set(K::expiresAtMs, &mut r.expires_at_ms)?;
        Ok(r)
    }
}

impl ToJs for UncertainSubmission {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::origin, &self.origin)
            .with(K::path, &self.path)
            .with(K::initiator, &self.initiator)
            .with(K::atMs, &self.at_ms)
            .with(K::status, &self.status)
            .with(K::answer, &self.answer)
            .with(K::error, &self.error)
            .with(K::risk, &self.risk)
            .with(K::evidence, &self.evidence)
            .with(K::expiresAtMs, &self.expires_at_ms)
            .into()
    }
}

/// Every field has a default.
impl FromJs for GuardState {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut state = GuardState::default();
        f.set(K::version, &mut state.version)?;
        f.set(K::records, &mut state.records)?;
        Ok(state)
    }
}

impl ToJs for GuardState {
    fn to_js(&self) -> JsValue {
        object().with(K::version, &self.version).with(K::records, &self.records).into()
    }
}

/// Every field has a default.
impl FromJs for GuardSettings {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut settings = GuardSettings::default();
        f.set(K::expiryMs, &mut settings.expiry_ms)?;
        Ok(settings)
    }
}

/// Every field has a default.
impl FromJs for SubmitAttempt {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut attempt = SubmitAttempt::default();
        f.set(K::pageOrigin, &mut attempt.page_origin)?;
        f.set(K::actionUrl, &mut attempt.action_url)?;
        f.set(K::form, &mut attempt.form)?;
        Ok(attempt)
    }
}

impl ToJs for GuardSummary {
    fn to_js(&self) -> JsValue {
        object().with(K::liveOrigins, &self.live_origins).with(K::nextExpiryMs, &self.next_expiry_ms).into()
    }
}

impl ToJs for Hold {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::record, &self.record)
            .with(K::strength, &self.strength)
            .with(K::form, &self.form)
            .into()
    }
}
