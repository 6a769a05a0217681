//! The pacing state the background worker stores between wake-ups: one schedule per failing origin.

use serde::{Deserialize, Serialize};

use super::plan::NoRetryReason;

/// A browser tab id, as `chrome.tabs` / `browser.tabs` report it.
pub type TabId = u32;

/// At most this many origins are tracked; the one that failed least recently is dropped first.
pub const MAX_ORIGINS: usize = 256;
/// At most this many tabs are remembered per origin (to reload on recovery). Generous: 50 failing tabs of
/// one site were seen in the storm test, and each entry is a number.
pub const MAX_TABS_PER_ORIGIN: usize = 128;
/// At most this many distinct statuses are remembered per incident.
pub const MAX_STATUSES: usize = 8;
/// At most this many manual reload times are kept (the largest rapid-reload count allowed).
pub const MAX_MANUAL_RELOADS: usize = 10;

/// Everything the extension remembers about pacing. Serializes to camelCase JSON so the shell can put
/// it in `storage.session` and hand it back after the worker was stopped; a countdown resumes from
/// [`OriginSchedule::next_retry_ms`], an absolute time, so it still fires on time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PacingState {
    /// Format version; a stored state of another version is dropped by [`PacingState::normalized`].
    pub version: u32,
    /// One schedule per failing origin, at most [`MAX_ORIGINS`].
    pub origins: Vec<OriginSchedule>,
}

impl Default for PacingState {
    fn default() -> Self {
        Self { version: PacingState::VERSION, origins: Vec::new() }
    }
}

/// Where an origin's schedule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Phase {
    /// Waiting for [`OriginSchedule::next_retry_ms`].
    Waiting,
    /// A retry was issued and its answer is awaited; `next_retry_ms` is then a watchdog in case the
    /// answer never comes (tab closed, worker stopped mid-flight).
    Probing,
    /// The user pressed *Cancel*.
    Cancelled,
    /// The failure outlasted the give-up time.
    GaveUp,
    /// The server asked for more than an hour (Retry-After); no automatic retry until then.
    RetryAfterTooLong {
        /// When the server said to come back, ms since the epoch.
        until_ms: u64,
    },
}

impl Phase {
    /// Why automatic retries are stopped, if they are.
    pub fn stop_reason(self) -> Option<NoRetryReason> {
        match self {
            Self::Waiting | Self::Probing => None,
            Self::Cancelled => Some(NoRetryReason::Cancelled),
            Self::GaveUp => Some(NoRetryReason::GaveUp),
            Self::RetryAfterTooLong { until_ms } => Some(NoRetryReason::RetryAfterTooLong { until_ms }),
        }
    }
}

/// One failing origin's incident and schedule, shared by all its tabs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OriginSchedule {
    /// `scheme://host[:port]`.
    pub origin: String,
    /// When the incident began, ms since the epoch.
    pub first_failure_ms: u64,
    /// When the latest failure arrived (orders eviction).
    pub last_failure_ms: u64,
    /// When the latest request (automatic or manual) was sent; the floor counts from here.
    pub last_attempt_ms: u64,
    /// The latest status.
    pub last_status: u16,
    /// Distinct statuses seen in this incident, first seen first.
    pub statuses: Vec<u16>,
    /// Failed requests so far: the first load, automatic retries and manual reloads.
    pub attempts: u32,
    /// Times of recent manual reloads, oldest first.
    pub manual_reloads_ms: Vec<u64>,
    /// When the next automatic retry is due (or the watchdog, while probing).
    pub next_retry_ms: Option<u64>,
    /// The tab that retries for the origin; the others wait and reload on recovery.
    pub probe_tab_id: Option<TabId>,
    /// Tabs showing this origin's failure (never a tab whose failed request was a POST).
    pub tab_ids: Vec<TabId>,
    /// Where the schedule stands.
    pub phase: Phase,
    /// The latest Retry-After that is still honoured, as an absolute time.
    pub retry_after_until_ms: Option<u64>,
}

impl OriginSchedule {
    /// A fresh incident for `origin`, begun at `now_ms`.
    pub fn new(origin: &str, now_ms: u64) -> Self {
        Self {
            origin: origin.to_owned(),
            first_failure_ms: now_ms,
            last_failure_ms: now_ms,
            last_attempt_ms: now_ms,
            last_status: 0,
            statuses: Vec::new(),
            attempts: 0,
            manual_reloads_ms: Vec::new(),
            next_retry_ms: None,
            probe_tab_id: None,
            tab_ids: Vec::new(),
            phase: Phase::Waiting,
            retry_after_until_ms: None,
        }
    }

    /// Remember a tab that shows the failure (bounded; the oldest is forgotten first).
    pub fn add_tab(&mut self, tab_id: TabId) {
        if !self.tab_ids.contains(&tab_id) {
            if self.tab_ids.len() >= MAX_TABS_PER_ORIGIN {
                self.tab_ids.remove(0);
            }
            self.tab_ids.push(tab_id);
        }
    }

    /// Remember a status seen in this incident (bounded).
    pub fn add_status(&mut self, status: u16) {
        self.last_status = status;
        if !self.statuses.contains(&status) && self.statuses.len() < MAX_STATUSES {
            self.statuses.push(status);
        }
    }

    fn bound(&mut self) {
        let excess = self.tab_ids.len().saturating_sub(MAX_TABS_PER_ORIGIN);
        self.tab_ids.drain(..excess);
        self.statuses.truncate(MAX_STATUSES);
        let excess = self.manual_reloads_ms.len().saturating_sub(MAX_MANUAL_RELOADS);
        self.manual_reloads_ms.drain(..excess);
    }
}

impl PacingState {
    /// The current format version.
    pub const VERSION: u32 = 1;

    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// A state read back from storage made safe to use: another version is dropped (retries then
    /// restart from the next failure, which is harmless), and every list is cut to its bound, newest kept.
    pub fn normalized(mut self) -> Self {
        if self.version != Self::VERSION {
            return Self::new();
        }
        crate::order::sort_by_key(&mut self.origins, |o| std::cmp::Reverse(o.last_failure_ms));
        self.origins.truncate(MAX_ORIGINS);
        self.origins.iter_mut().for_each(OriginSchedule::bound);
        self
    }

    /// The schedule of `origin`, if it is failing.
    pub fn get(&self, origin: &str) -> Option<&OriginSchedule> {
        self.origins.iter().find(|o| o.origin == origin)
    }

    /// The schedule of `origin`, mutably.
    pub fn get_mut(&mut self, origin: &str) -> Option<&mut OriginSchedule> {
        self.origins.iter_mut().find(|o| o.origin == origin)
    }

    /// Remove and return the schedule of `origin`.
    pub fn remove(&mut self, origin: &str) -> Option<OriginSchedule> {
        let i = self.origins.iter().position(|o| o.origin == origin)?;
        Some(self.origins.swap_remove(i))
    }

    /// Store `schedule`, replacing the one for the same origin; when the state is full, the origin that
    /// failed least recently makes room.
    pub fn insert(&mut self, schedule: OriginSchedule) {
        self.remove(&schedule.origin);
        while self.origins.len() >= MAX_ORIGINS {
            let oldest =
                self.origins.iter().enumerate().min_by_key(|(_, o)| o.last_failure_ms).map(|(i, _)| i);
            match oldest {
                Some(i) => drop(self.origins.swap_remove(i)),
                None => break,
            }
        }
        self.origins.push(schedule);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_max_origins_least_recently_failed_dropped_first() {
        let mut s = PacingState::new();
        for i in 0..(MAX_ORIGINS as u64 + 10) {
            s.insert(OriginSchedule::new(&format!("https://site{i}.example"), 1_000 + i));
        }
        assert_eq!(s.origins.len(), MAX_ORIGINS);
        assert!(s.get("https://site9.example").is_none());
        assert!(s.get("https://site10.example").is_some());
        // A failure refreshes an origin, so it survives the next evictions.
        s.get_mut("https://site10.example").unwrap().last_failure_ms = 99_999;
        s.insert(OriginSchedule::new("https://new.example", 100_000));
        assert_eq!(s.origins.len(), MAX_ORIGINS);
        assert!(s.get("https://site10.example").is_some());
        assert!(s.get("https://site11.example").is_none());
    }

    #[test]
    fn tabs_and_statuses_are_bounded() {
        let mut o = OriginSchedule::new("https://a.example", 0);
        for t in 0..300 {
            o.add_tab(t);
        }
        for t in 0..100u16 {
            o.add_status(500 + t);
        }
        o.add_tab(299);
        assert_eq!(o.tab_ids.len(), MAX_TABS_PER_ORIGIN);
        assert_eq!(o.tab_ids.last(), Some(&299));
        assert_eq!(o.statuses.len(), MAX_STATUSES);
        assert_eq!(o.last_status, 599);
    }

    #[test]
    fn serde_round_trip_keeps_everything() {
        let mut s = PacingState::new();
        let mut o = OriginSchedule::new("https://a.example", 5);
        o.add_tab(3);
        o.add_status(503);
        o.next_retry_ms = Some(10_000);
        o.phase = Phase::RetryAfterTooLong { until_ms: 7_200_000 };
        s.insert(o);
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"version\":1") && json.contains("\"nextRetryMs\":10000"));
        assert!(json.contains(r#""phase":{"kind":"retryAfterTooLong","untilMs":7200000}"#), "{json}");
        let back: PacingState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn normalized_drops_other_versions_and_cuts_oversized_lists() {
        let old = PacingState { version: 0, origins: vec![OriginSchedule::new("https://a.example", 0)] };
        assert_eq!(old.normalized(), PacingState::new());
        let mut big = PacingState::new();
        for i in 0..(MAX_ORIGINS + 5) {
            let mut o = OriginSchedule::new(&format!("https://{i}.example"), i as u64);
            o.tab_ids = (0..300).collect();
            o.manual_reloads_ms = (0..100).collect();
            big.origins.push(o);
        }
        let n = big.normalized();
        assert_eq!(n.origins.len(), MAX_ORIGINS);
        assert!(n.get("https://0.example").is_none());
        let o = n.get("https://260.example").unwrap();
        assert_eq!((o.tab_ids.len(), o.manual_reloads_ms.len()), (MAX_TABS_PER_ORIGIN, MAX_MANUAL_RELOADS));
        assert_eq!(o.manual_reloads_ms.last(), Some(&99));
    }

    #[test]
    fn an_empty_object_reads_as_an_empty_state() {
        let s: PacingState = serde_json::from_str("{}").unwrap();
        assert_eq!(s.normalized(), PacingState::new());
    }
}
