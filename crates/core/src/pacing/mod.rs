//! Retry pacing: when to hard-refresh a page that failed with a 5xx or 429, without hammering a
//! struggling server (the contract is "Retry pacing" in `shared/spec/behaviour.md`).
//!
//! Everything is a pure function of a [`PacingState`] (serializable, so it survives the background
//! worker being stopped), the user's [`Settings`], the clock (`now_ms`, ms since the epoch) and a random
//! value. The shell's loop:
//!
//! 1. a top-level GET/HEAD fails → [`on_failure`] → [`RetryPlan`] (show the countdown, set a wake-up
//!    for [`next_wake`]);
//! 2. on wake-up → [`take_due`] → hard-refresh each [`DueRetry`] tab; its answer goes back through
//!    [`on_failure`] with [`Trigger::Retry`], or [`on_success`], whose [`Recovery`] lists the other tabs
//!    to reload;
//! 3. the user reloads → [`on_manual_reload`]; comes back to a tab → [`on_tab_visible`]; presses
//!    *Retry now* or *Cancel* → [`retry_now`], [`cancel`]; closes a tab → [`forget_tab`].
//!
//! The schedule (see [`schedule`] for the numbers and why): no retry sooner than the floor (5 s) after
//! the last request, nor before a Retry-After of up to 1 h (longer: no automatic retry); waits grow in
//! proportion to the outage's age with equal jitter, 503/429 starting sooner than 502 and 504 probed
//! least often, capped at 10 min; after 30 min of failure retries stop. One schedule per origin, shared
//! by its tabs; at most [`MAX_ORIGINS`] origins are tracked.
//!
//! ```
//! use gateway_guard_core::pacing::{
//!     on_failure, on_success, take_due, FailureEvent, PacingState, RetryPlan, Settings, Trigger,
//! };
//!
//! let mut state = PacingState::new();
//! let settings = Settings::default();
//! let failure = |tab_id, trigger, now_ms| FailureEvent {
//!     origin: "https://shop.example".into(),
//!     tab_id,
//!     status: 503,
//!     method: "GET".into(),
//!     retry_after_s: None,
//!     trigger,
//!     now_ms,
//! };
//!
//! // Two tabs fail; they share one schedule, probed by the first.
//! let RetryPlan::Retry { at_ms, probe_tab_id, .. } = on_failure(&mut state, &settings, &failure(1, Trigger::Navigation, 0), 42)
//! else { panic!("a GET answered 503 is retried") }; // ok: doctest
//! assert!(at_ms >= 5_000 && probe_tab_id == 1);
//! let joined = on_failure(&mut state, &settings, &failure(2, Trigger::Navigation, 1_000), 7);
//! assert!(matches!(joined, RetryPlan::Retry { probe_tab_id: 1, .. }));
//!
//! // The countdown ends: tab 1 reloads (bypassing the cache) and the site is back.
//! let now = 60_000;
//! assert_eq!(take_due(&mut state, now).len(), 1);
//! let recovery = on_success(&mut state, "https://shop.example", 1, now).unwrap(); // ok: doctest
//! assert_eq!(recovery.tabs_to_reload, vec![2]);
//! assert_eq!(recovery.incident_duration_ms, 60_000);
//! ```

mod engine;
mod plan;
mod retry_after;
pub mod rng;
pub mod schedule;
mod settings;
mod state;

#[cfg(test)]
#[path = "tests/engine.rs"]
mod engine_tests;

pub use engine::{
    cancel, due, forget_tab, next_wake, on_failure, on_manual_reload, on_success, on_tab_visible, retry_now,
    take_due, MAX_RETRY_AFTER_MS, PROBE_WATCHDOG_MS,
};
pub use plan::{
    DueRetry, FailureEvent, ManualReload, ManualReloadVerdict, NoRetryReason, Recovery, RetryPlan, Trigger,
};
pub use retry_after::{http_date_seconds, retry_after_seconds};
pub use schedule::StatusClass;
pub use settings::{
    Settings, CAP_BOUNDS_S, FLOOR_BOUNDS_S, GIVE_UP_BOUNDS_S, RAPID_RELOAD_COUNT_BOUNDS,
    RAPID_RELOAD_WINDOW_BOUNDS_S,
};
pub use state::{OriginSchedule, PacingState, Phase, TabId, MAX_ORIGINS, MAX_TABS_PER_ORIGIN};
