//! The incident history as stored in `storage.local`, and its limits.

use gateway_guard_core::history::{History, Incident, Limits};
use wasm_bindgen::JsValue;

use super::keys::K;
use super::read::{Bad, Fields, FromJs};
use super::write::{object, ToJs};

/// Every field is required.
impl FromJs for Incident {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        Ok(Incident {
            origin: f.req(K::origin)?,
            start_ms: f.req(K::startMs)?,
            end_ms: f.req(K::endMs)?,
            statuses: f.req(K::statuses)?,
            vendor: f.req(K::vendor)?,
            failure: f.req(K::failure)?,
            attempts: f.req(K::attempts)?,
        })
    }
}

impl ToJs for Incident {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::origin, &self.origin)
            .with(K::startMs, &self.start_ms)
            .with(K::endMs, &self.end_ms)
            .with(K::statuses, &self.statuses)
            .with(K::vendor, &self.vendor)
            .with(K::failure, &self.failure)
            .with(K::attempts, &self.attempts)
            .into()
    }
}

/// Every field has a default.
impl FromJs for Limits {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut limits = Limits::default();
        f.set(K::maxAgeDays, &mut limits.max_age_days)?;
        f.set(K::maxIncidents, &mut limits.max_incidents)?;
        Ok(limits)
    }
}

/// Every field has a default.
impl FromJs for History {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut history = History::default();
        f.set(K::version, &mut history.version)?;
        f.set(K::incidents, &mut history.incidents)?;
        Ok(history)
    }
}

impl ToJs for History {
    fn to_js(&self) -> JsValue {
        object().with(K::version, &self.version).with(K::incidents, &self.incidents).into()
    }
}
