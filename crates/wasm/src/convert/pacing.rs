//! Retry pacing's data: the state kept in `storage.session` (both ways), the settings and events the
//! shell reports, and the engine's answers. Tagged enums are objects with a `kind` (camelCase).

use gateway_guard_core::pacing::{
    DueRetry, FailureEvent, ManualReload, ManualReloadVerdict, NoRetryReason, OriginSchedule, PacingState,
    Phase, Recovery, RetryPlan, Settings,
};
use wasm_bindgen::JsValue;

use super::keys::K;
use super::read::{by_id, Bad, Fields, FromJs};
use super::write::{id, object, ToJs};

/// Every field has a default.
impl FromJs for PacingState {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut state = PacingState::default();
        f.set(K::version, &mut state.version)?;
        f.set(K::origins, &mut state.origins)?;
        Ok(state)
    }
}

impl ToJs for PacingState {
    fn to_js(&self) -> JsValue {
        object().with(K::version, &self.version).with(K::origins, &self.origins).into()
    }
}

/// All fields but the `Option`s are required.
impl FromJs for OriginSchedule {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        Ok(OriginSchedule {
            origin: f.req(K::origin)?,
            first_failure_ms: f.req(K::firstFailureMs)?,
            last_failure_ms: f.req(K::lastFailureMs)?,
            last_attempt_ms: f.req(K::lastAttemptMs)?,
            last_status: f.req(K::lastStatus)?,
            statuses: f.req(K::statuses)?,
            attempts: f.req(K::attempts)?,
            manual_reloads_ms: f.req(K::manualReloadsMs)?,
            next_retry_ms: f.opt(K::nextRetryMs)?,
            probe_tab_id: f.opt(K::probeTabId)?,
            tab_ids: f.req(K::tabIds)?,
            phase: f.req(K::phase)?,
            retry_after_until_ms: f.opt(K::retryAfterUntilMs)?,
        })
    }
}

impl ToJs for OriginSchedule {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::origin, &self.origin)
            .with(K::firstFailureMs, &self.first_failure_ms)
            .with(K::lastFailureMs, &self.last_failure_ms)
            .with(K::lastAttemptMs, &self.last_attempt_ms)
            .with(K::lastStatus, &self.last_status)
            .with(K::statuses, &self.statuses)
            .with(K::attempts, &self.attempts)
            .with(K::manualReloadsMs, &self.manual_reloads_ms)
            .with(K::nextRetryMs, &self.next_retry_ms)
            .with(K::probeTabId, &self.probe_tab_id)
            .with(K::tabIds, &self.tab_ids)
            .with(K::phase, &self.phase)
            .with(K::retryAfterUntilMs, &self.retry_after_until_ms)
            .into()
    }
}

/// The phase's kinds; `RetryAfterTooLong` carries `untilMs`.
const PHASES: &[(Phase, K)] = &[
    (Phase::Waiting, K::waiting),
    (Phase::Probing, K::probing),
    (Phase::Cancelled, K::cancelled),
    (Phase::GaveUp, K::gaveUp),
    (Phase::RetryAfterTooLong { until_ms: 0 }, K::retryAfterTooLong),
];

/// `{kind, ...}` (serde's internally tagged form); other properties are ignored. (serde-wasm-bindgen
/// also took a `Map` or a `[kind, ...]` array here; no stored state has those, and a state that does not
/// read starts fresh.)
impl FromJs for Phase {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let kind: String = f.req(K::kind)?;
        match by_id(&kind, PHASES) {
            Some(Phase::RetryAfterTooLong { .. }) => {
                Ok(Phase::RetryAfterTooLong { until_ms: f.req(K::untilMs)? })
            }
            Some(phase) => Ok(phase),
            None => Err(Bad::new("unknown kind")),
        }
    }
}

impl ToJs for Phase {
    fn to_js(&self) -> JsValue {
        let tag = match self {
            Phase::Waiting => K::waiting,
            Phase::Probing => K::probing,
            Phase::Cancelled => K::cancelled,
            Phase::GaveUp => K::gaveUp,
            Phase::RetryAfterTooLong { until_ms } => {
                return object().with(K::kind, &Kind(K::retryAfterTooLong)).with(K::untilMs, until_ms).into()
            }
        };
        object().with(K::kind, &Kind(tag)).into()
    }
}

/// A `kind` tag's value.
struct Kind(K);

impl ToJs for Kind {
    fn to_js(&self) -> JsValue {
        id(self.0)
    }
}

impl ToJs for NoRetryReason {
    fn to_js(&self) -> JsValue {
        let tag = match self {
            NoRetryReason::Disabled => K::disabled,
            NoRetryReason::PostMethod => K::postMethod,
            NoRetryReason::NotRetryableStatus => K::notRetryableStatus,
            NoRetryReason::GaveUp => K::gaveUp,
            NoRetryReason::Cancelled => K::cancelled,
            NoRetryReason::RetryAfterTooLong { until_ms } => {
                return object().with(K::kind, &Kind(K::retryAfterTooLong)).with(K::untilMs, until_ms).into()
            }
        };
        object().with(K::kind, &Kind(tag)).into()
    }
}

impl ToJs for RetryPlan {
    fn to_js(&self) -> JsValue {
        match self {
            RetryPlan::Retry { at_ms, attempts, probe_tab_id, incident_started_ms } => object()
                .with(K::kind, &Kind(K::retry))
                .with(K::atMs, at_ms)
                .with(K::attempts, attempts)
                .with(K::probeTabId, probe_tab_id)
                .with(K::incidentStartedMs, incident_started_ms)
                .into(),
            RetryPlan::NoAutoRetry { reason } => {
                object().with(K::kind, &Kind(K::noAutoRetry)).with(K::reason, reason).into()
            }
        }
    }
}

/// Every field has a default.
impl FromJs for Settings {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        let mut s = Settings::default();
        f.set(K::autoRetry, &mut s.auto_retry)?;
        f.set(K::floorS, &mut s.floor_s)?;
        f.set(K::capS, &mut s.cap_s)?;
        f.set(K::giveUpS, &mut s.give_up_s)?;
        f.set(K::rapidReloadCount, &mut s.rapid_reload_count)?;
        f.set(K::rapidReloadWindowS, &mut s.rapid_reload_window_s)?;
        f.set(K::notifyOnRecovery, &mut s.notify_on_recovery)?;
        Ok(s)
    }
}

/// `retryAfterS` and `trigger` may be left out; the rest is required.
impl FromJs for FailureEvent {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        Ok(FailureEvent {
            origin: f.req(K::origin)?,
            tab_id: f.req(K::tabId)?,
            status: f.req(K::status)?,
            method: f.req(K::method)?,
            retry_after_s: f.opt(K::retryAfterS)?,
            trigger: f.get(K::trigger)?.unwrap_or_default(),
            now_ms: f.req(K::nowMs)?,
        })
    }
}

impl FromJs for ManualReload {
    fn from_js(value: &JsValue) -> Result<Self, Bad> {
        let f = Fields::of(value)?;
        Ok(ManualReload { origin: f.req(K::origin)?, tab_id: f.req(K::tabId)?, now_ms: f.req(K::nowMs)? })
    }
}

impl ToJs for ManualReloadVerdict {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::rapidReloadNotice, &self.rapid_reload_notice)
            .with(K::attempts, &self.attempts)
            .with(K::nextRetryMs, &self.next_retry_ms)
            .into()
    }
}

impl ToJs for DueRetry {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::origin, &self.origin)
            .with(K::tabId, &self.tab_id)
            .with(K::attempts, &self.attempts)
            .into()
    }
}

impl ToJs for Recovery {
    fn to_js(&self) -> JsValue {
        object()
            .with(K::origin, &self.origin)
            .with(K::incidentStartedMs, &self.incident_started_ms)
            .with(K::incidentDurationMs, &self.incident_duration_ms)
            .with(K::attempts, &self.attempts)
            .with(K::statuses, &self.statuses)
            .with(K::tabsToReload, &self.tabs_to_reload)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_kinds_are_serdes() {
        for (phase, k) in PHASES {
            assert_eq!(serde_json::to_value(phase).unwrap().get("kind").unwrap(), k.name());
        }
        assert_eq!(PHASES.len(), 5);
    }
}
