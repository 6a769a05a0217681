//! The pacing decisions: pure functions from (state, event, clock, randomness) to a plan.

use super::plan::{
    DueRetry, FailureEvent, ManualReload, ManualReloadVerdict, NoRetryReason, Recovery, RetryPlan, Trigger,
};
use super::rng::SplitMix64;
use super::schedule::{backoff_ms, retry_after_spread_ms, StatusClass};

/// 9999-12-31T23:59:59Z: no Retry-After points later (and JS numbers hold it exactly).
const LATEST_HTTP_DATE_MS: u64 = 253_402_300_799_000;
use super::settings::Settings;
use super::state::{OriginSchedule, PacingState, Phase, TabId, MAX_MANUAL_RELOADS};

/// A Retry-After up to this long is honoured; a longer one means no automatic retry (behaviour.md).
pub const MAX_RETRY_AFTER_MS: u64 = 60 * 60 * 1000;
/// While a retry is in flight, the origin is due again after this long if no answer was reported (the
/// tab was closed, or the worker stopped before it could report). Longer than any gateway timeout.
pub const PROBE_WATCHDOG_MS: u64 = 2 * 60 * 1000;

fn no_retry(reason: NoRetryReason) -> RetryPlan {
    RetryPlan::NoAutoRetry { reason }
}

/// A failed top-level navigation: record it in its origin's incident and plan the next retry.
///
/// Only GET and HEAD are ever retried; a failed POST leaves the state untouched, so its tab is never
/// reloaded (that would re-send the form). Tabs of one origin share one schedule: a failure in a tab
/// that is not probing joins the planned retry, and pushes it back when that retry would come sooner
/// than the backoff after this request (another tab's request counts as an attempt); only the probe's
/// own failure ([`Trigger::Retry`]) plans the next step afresh. `rand` is any random value (the shell
/// passes `crypto.getRandomValues` bits); the same inputs always give the same plan.
pub fn on_failure(
    state: &mut PacingState,
    settings: &Settings,
    event: &FailureEvent,
    rand: u64,
) -> RetryPlan {
    let s = settings.clamped();
    if !is_safe_method(&event.method) {
        return no_retry(NoRetryReason::PostMethod);
    }
    let Some(class) = StatusClass::of(event.status) else {
        return no_retry(NoRetryReason::NotRetryableStatus);
    };
    if !s.auto_retry {
        return no_retry(NoRetryReason::Disabled);
    }
    let now = event.now_ms;
    // A failure long after the previous one is a new incident: a running schedule would have probed
    // within one cap, so the user has come back after the old incident went quiet.
    let incident_gap = s.cap_ms().saturating_mul(2);
    let mut o = match state.remove(&event.origin) {
        Some(o) if now.saturating_sub(o.last_failure_ms) <= incident_gap => o,
        _ => OriginSchedule::new(&event.origin, now),
    };
    o.last_failure_ms = o.last_failure_ms.max(now);
    o.last_attempt_ms = o.last_attempt_ms.max(now);
    o.add_status(event.status);
    o.add_tab(event.tab_id);
    if event.trigger != Trigger::ManualReload {
        o.attempts = o.attempts.saturating_add(1);
    }
    let plan = plan_next(&mut o, &s, class, event, &mut SplitMix64::new(rand));
    state.insert(o);
    plan
}

fn is_safe_method(method: &str) -> bool {
    method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD")
}

fn plan_next(
    o: &mut OriginSchedule,
    s: &Settings,
    class: StatusClass,
    event: &FailureEvent,
    rng: &mut SplitMix64,
) -> RetryPlan {
    let now = event.now_ms;
    // The floor counts from the latest request, whoever sent it.
    let mut not_before = o.last_attempt_ms.saturating_add(s.floor_ms());
    // RFC 9110 §10.2.3: Retry-After is the server's own estimate; honour it as a lower bound up to an
    // hour, and beyond that stop (a page that long away is better left to the user).
    if let Some(ra_s) = event.retry_after_s {
        let ra_ms = ra_s.saturating_mul(1000);
        // Bounded to the end of year 9999 (the latest HTTP-date), so the time stays exact in JS numbers.
        let until_ms = now.saturating_add(ra_ms).min(LATEST_HTTP_DATE_MS);
        o.retry_after_until_ms = Some(until_ms);
        if ra_ms > MAX_RETRY_AFTER_MS {
            o.phase = Phase::RetryAfterTooLong { until_ms };
            o.next_retry_ms = None;
            return no_retry(NoRetryReason::RetryAfterTooLong { until_ms });
        }
        not_before = not_before.max(until_ms.saturating_add(retry_after_spread_ms(ra_ms, s, rng)));
    }
    match o.phase {
        Phase::RetryAfterTooLong { until_ms } if now >= until_ms => {}
        phase => {
            if let Some(reason) = phase.stop_reason() {
                return no_retry(reason);
            }
        }
    }
    let elapsed = now.saturating_sub(o.first_failure_ms);
    if elapsed >= s.give_up_ms() {
        o.phase = Phase::GaveUp;
        o.next_retry_ms = None;
        return no_retry(NoRetryReason::GaveUp);
    }
    let mut at = now.saturating_add(backoff_ms(class, elapsed, s, rng)).max(not_before);
    // Never shorten a plan another tab is waiting on, unless this failure is that plan's own answer.
    if o.phase == Phase::Waiting && event.trigger != Trigger::Retry {
        at = at.max(o.next_retry_ms.unwrap_or(0));
    }
    o.phase = Phase::Waiting;
    o.next_retry_ms = Some(at);
    let probe = match o.probe_tab_id {
        Some(p) if event.trigger != Trigger::Retry && o.tab_ids.contains(&p) => p,
        _ => event.tab_id,
    };
    o.probe_tab_id = Some(probe);
    RetryPlan::Retry {
        at_ms: at,
        attempts: o.attempts,
        probe_tab_id: probe,
        incident_started_ms: o.first_failure_ms,
    }
}

/// The user reloaded a tab showing a failure (before the answer is known). It counts as an attempt,
/// keeps the next automatic retry at least a floor away (it never comes sooner because of the reload),
/// and says whether the calm "server is struggling" notice should show. Report the reload's own
/// failure afterwards with [`Trigger::ManualReload`] so it is not counted twice.
pub fn on_manual_reload(
    state: &mut PacingState,
    settings: &Settings,
    reload: &ManualReload,
) -> ManualReloadVerdict {
    let s = settings.clamped();
    let Some(o) = state.get_mut(&reload.origin) else {
        return ManualReloadVerdict { rapid_reload_notice: false, attempts: 0, next_retry_ms: None };
    };
    let now = reload.now_ms;
    o.attempts = o.attempts.saturating_add(1);
    o.last_attempt_ms = o.last_attempt_ms.max(now);
    o.add_tab(reload.tab_id);
    let window_start = now.saturating_sub(s.rapid_reload_window_ms());
    o.manual_reloads_ms.retain(|&t| t >= window_start);
    if o.manual_reloads_ms.len() >= MAX_MANUAL_RELOADS {
        o.manual_reloads_ms.remove(0);
    }
    o.manual_reloads_ms.push(now);
    let rapid_reload_notice = o.manual_reloads_ms.len() >= s.rapid_reload_count as usize;
    if o.phase == Phase::Waiting {
        o.next_retry_ms = o.next_retry_ms.map(|next| next.max(now.saturating_add(s.floor_ms())));
    }
    ManualReloadVerdict { rapid_reload_notice, attempts: o.attempts, next_retry_ms: o.next_retry_ms }
}

/// A page of `origin` loaded in `tab_id`: close the incident. The other tabs that showed the failure
/// are returned to be reloaded. `None` when the origin was not failing.
pub fn on_success(state: &mut PacingState, origin: &str, tab_id: TabId, now_ms: u64) -> Option<Recovery> {
    let o = state.remove(origin)?;
    Some(Recovery {
        incident_started_ms: o.first_failure_ms,
        incident_duration_ms: now_ms.saturating_sub(o.first_failure_ms),
        attempts: o.attempts,
        tabs_to_reload: o.tab_ids.iter().copied().filter(|&t| t != tab_id).collect(),
        statuses: o.statuses,
        origin: o.origin,
    })
}

fn is_due(o: &OriginSchedule, now_ms: u64) -> bool {
    matches!(o.phase, Phase::Waiting | Phase::Probing)
        && o.probe_tab_id.is_some()
        && o.next_retry_ms.is_some_and(|at| at <= now_ms)
}

fn start_probe(o: &mut OriginSchedule, tab_id: TabId, now_ms: u64) -> DueRetry {
    o.phase = Phase::Probing;
    o.probe_tab_id = Some(tab_id);
    o.last_attempt_ms = o.last_attempt_ms.max(now_ms);
    o.next_retry_ms = Some(now_ms.saturating_add(PROBE_WATCHDOG_MS));
    DueRetry { origin: o.origin.clone(), tab_id, attempts: o.attempts }
}

/// The retries due at `now_ms` (one per origin: its probe tab), without changing anything.
pub fn due(state: &PacingState, now_ms: u64) -> Vec<DueRetry> {
    state
        .origins
        .iter()
        .filter(|o| is_due(o, now_ms))
        .filter_map(|o| {
            Some(DueRetry { origin: o.origin.clone(), tab_id: o.probe_tab_id?, attempts: o.attempts })
        })
        .collect()
}

/// The retries due at `now_ms`, marked as in flight: call when the alarm fires, hard-refresh each
/// returned tab, then report each answer with [`on_failure`] ([`Trigger::Retry`]) or [`on_success`].
pub fn take_due(state: &mut PacingState, now_ms: u64) -> Vec<DueRetry> {
    let mut out = Vec::new();
    for o in state.origins.iter_mut().filter(|o| is_due(o, now_ms)) {
        if let Some(tab) = o.probe_tab_id {
            out.push(start_probe(o, tab, now_ms));
        }
    }
    out
}

/// When the shell should wake next (set an alarm, or a timer in the page), if any retry is planned.
pub fn next_wake(state: &PacingState) -> Option<u64> {
    state
        .origins
        .iter()
        .filter(|o| matches!(o.phase, Phase::Waiting | Phase::Probing) && o.probe_tab_id.is_some())
        .filter_map(|o| o.next_retry_ms)
        .min()
}

/// The user came back to `tab_id` (it became visible). If it shows a failure whose floor has passed
/// since the last request, and no Retry-After is still running, it retries at once instead of waiting
/// out the countdown: the user is looking now, and one request per floor is already allowed.
pub fn on_tab_visible(
    state: &mut PacingState,
    settings: &Settings,
    tab_id: TabId,
    now_ms: u64,
) -> Option<DueRetry> {
    let s = settings.clamped();
    let o =
        state.origins.iter_mut().filter(|o| o.tab_ids.contains(&tab_id)).max_by_key(|o| o.last_failure_ms)?;
    let floor_passed = now_ms >= o.last_attempt_ms.saturating_add(s.floor_ms());
    let retry_after_over = o.retry_after_until_ms.is_none_or(|until| now_ms >= until);
    (o.phase == Phase::Waiting && floor_passed && retry_after_over).then(|| start_probe(o, tab_id, now_ms))
}

/// *Cancel*: no more automatic retries for this incident. `false` when the origin was not failing.
pub fn cancel(state: &mut PacingState, origin: &str) -> bool {
    let Some(o) = state.get_mut(origin) else { return false };
    o.phase = Phase::Cancelled;
    o.next_retry_ms = None;
    true
}

/// *Retry now*: a deliberate user choice, so it skips the countdown, the floor and a stopped schedule
/// (its failure then plans the schedule again). Reloads `tab_id`, or the probe tab when `None`.
pub fn retry_now(
    state: &mut PacingState,
    origin: &str,
    tab_id: Option<TabId>,
    now_ms: u64,
) -> Option<DueRetry> {
    let o = state.get_mut(origin)?;
    let tab = tab_id.or(o.probe_tab_id).or_else(|| o.tab_ids.first().copied())?;
    o.add_tab(tab);
    Some(start_probe(o, tab, now_ms))
}

/// A tab closed or left the failing page: stop reloading it, and let another tab of the origin probe.
pub fn forget_tab(state: &mut PacingState, tab_id: TabId) {
    for o in &mut state.origins {
        o.tab_ids.retain(|&t| t != tab_id);
        if o.probe_tab_id == Some(tab_id) {
            o.probe_tab_id = o.tab_ids.first().copied();
        }
    }
}
