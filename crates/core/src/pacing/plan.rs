//! What goes into the engine and what comes out: the boundary the wasm crate converts.

use serde::{Deserialize, Serialize};

use super::state::TabId;

/// What made the request that failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// A navigation by the user (typed, link, another tab opening the origin, a restored session).
    #[default]
    Navigation,
    /// A reload the extension issued: a due retry, *Retry now*, or a tab that became visible.
    Retry,
    /// A reload by the user already reported through [`super::on_manual_reload`] (so it is not
    /// counted twice).
    ManualReload,
}

/// A top-level navigation answered with an error status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureEvent {
    /// `scheme://host[:port]` of the page.
    pub origin: String,
    /// The tab that shows the failure.
    pub tab_id: TabId,
    /// HTTP status of the answer.
    pub status: u16,
    /// Request method; only `GET` and `HEAD` are ever retried.
    pub method: String,
    /// Retry-After in seconds (see [`super::retry_after_seconds`]), when the answer had one.
    #[serde(default)]
    pub retry_after_s: Option<u64>,
    /// What made the request.
    #[serde(default)]
    pub trigger: Trigger,
    /// When the answer arrived, ms since the epoch.
    pub now_ms: u64,
}

/// Why a failure gets no automatic retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum NoRetryReason {
    /// Automatic retries are turned off in the settings.
    Disabled,
    /// The request was not a GET or HEAD: reloading could re-send a form.
    PostMethod,
    /// The status is not one the spec retries (5xx or 429).
    NotRetryableStatus,
    /// The server asked for more than an hour; the panel says when.
    RetryAfterTooLong {
        /// When the server said to come back, ms since the epoch.
        until_ms: u64,
    },
    /// The failure outlasted the give-up time; the panel turns to other fixes.
    GaveUp,
    /// The user cancelled the countdown.
    Cancelled,
}

/// The engine's answer to a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum RetryPlan {
    /// The origin will be retried (by `probe_tab_id`, with a hard refresh) at `at_ms`. Other tabs of the
    /// origin show the same countdown and reload when the probe recovers.
    Retry {
        /// When, ms since the epoch.
        at_ms: u64,
        /// Failed requests so far in this incident.
        attempts: u32,
        /// The tab that will reload.
        probe_tab_id: TabId,
        /// When the incident began, ms since the epoch.
        incident_started_ms: u64,
    },
    /// No automatic retry.
    NoAutoRetry {
        /// Why.
        reason: NoRetryReason,
    },
}

/// A reload by the user of a tab showing a failure, reported before its answer arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualReload {
    /// Origin of the tab's page.
    pub origin: String,
    /// The tab.
    pub tab_id: TabId,
    /// When the user reloaded, ms since the epoch.
    pub now_ms: u64,
}

/// The engine's answer to a manual reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManualReloadVerdict {
    /// Show the calm notice: the server is struggling, the extension retries for you.
    pub rapid_reload_notice: bool,
    /// Failed requests so far, this reload included.
    pub attempts: u32,
    /// The next automatic retry, if one is planned; never earlier than before the reload.
    pub next_retry_ms: Option<u64>,
}

/// A retry to issue now: hard-refresh `tab_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DueRetry {
    /// The failing origin.
    pub origin: String,
    /// The tab to reload (bypassing the cache).
    pub tab_id: TabId,
    /// Failed requests so far.
    pub attempts: u32,
}

/// A failing origin answered again: the incident is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recovery {
    /// The origin.
    pub origin: String,
    /// When the incident began, ms since the epoch.
    pub incident_started_ms: u64,
    /// How long it lasted.
    pub incident_duration_ms: u64,
    /// Failed requests during the incident.
    pub attempts: u32,
    /// Statuses seen, first seen first.
    pub statuses: Vec<u16>,
    /// Other tabs that showed the failure: reload them now.
    pub tabs_to_reload: Vec<TabId>,
}
