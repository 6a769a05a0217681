//! The data of the guard: what the shell reports, what is stored, and the settings.

use serde::{Deserialize, Serialize};

use crate::form::Risk;

/// Records kept at most; the oldest is dropped first (storage is bounded, `shared/style.md`).
pub const MAX_RECORDS: usize = 100;
/// Evidence lines kept per record.
pub const MAX_RECORD_EVIDENCE: usize = 8;
/// Field names read per POST (names only; a real checkout has a few dozen).
pub const MAX_FIELD_NAMES: usize = 256;
/// Default lifetime of a record: 30 minutes (behaviour.md).
pub const DEFAULT_EXPIRY_MS: u64 = 30 * 60 * 1000;
/// Longest lifetime a setting may ask for: 24 hours (behaviour.md).
pub const MAX_EXPIRY_MS: u64 = 24 * 60 * 60 * 1000;
/// Shortest lifetime a setting may ask for: one minute (a shorter guard protects nothing).
pub const MIN_EXPIRY_MS: u64 = 60 * 1000;
/// The stored state's format version.
pub const STATE_VERSION: u32 = 1;

/// The kind of request, as webRequest names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    /// A top-level navigation: a form submission when the method is POST.
    #[default]
    MainFrame,
    /// fetch() or XMLHttpRequest.
    Xmlhttprequest,
    /// Anything else (never recorded).
    #[serde(other)]
    Other,
}

/// How one watched POST ended, as the shell saw it in webRequest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PostOutcome {
    /// The request URL.
    pub url: String,
    /// The request method (only `POST` is ever recorded).
    pub method: String,
    /// The final HTTP status; 0 when no response arrived.
    pub status: u16,
    /// The network error (`net::ERR_CONNECTION_RESET`, `NS_ERROR_NET_TIMEOUT`, ...) when there was one.
    pub error: Option<String>,
    /// Names of the body's fields (form fields or JSON keys); never values.
    pub field_names: Vec<String>,
    /// webRequest's resource type.
    pub resource_type: ResourceType,
    /// Origin of the document that sent the request (`initiator` / `originUrl`), when known.
    pub initiator: Option<String>,
    /// When the request started (ms since the epoch).
    pub started_at_ms: u64,
    /// Now (ms since the epoch).
    pub now_ms: u64,
}

/// What answer an uncertain submission got: the dialog says it in words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    /// An HTTP 5xx status (in `status`).
    #[default]
    HttpStatus,
    /// The connection dropped (reset, closed, empty response) after the request was sent.
    Dropped,
    /// No answer arrived in time.
    Timeout,
}

/// One POST that may have gone through although the user saw a failure. Never holds a field value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UncertainSubmission {
    /// Origin the POST went to, e.g. `https://shop.example`.
    pub origin: String,
    /// Path it went to, without query or fragment.
    pub path: String,
    /// Origin of the page that sent it, when it differs from `origin` and is known.
    pub initiator: Option<String>,
    /// When the attempt was made (ms since the epoch).
    pub at_ms: u64,
    /// The HTTP status; 0 when there was no answer.
    pub status: u16,
    /// The answer in the dialog's vocabulary.
    pub answer: Answer,
    /// The network error as the browser named it, when there was one.
    pub error: Option<String>,
    /// How payment-like the POST was (from its path and field names).
    pub risk: Risk,
    /// Why, from the form check (names and paths only).
    pub evidence: Vec<String>,
    /// When the record stops holding submits (ms since the epoch).
    pub expires_at_ms: u64,
}

impl UncertainSubmission {
    /// True while the record still holds submits.
    pub fn is_live(&self, now_ms: u64) -> bool {
        now_ms < self.expires_at_ms
    }
}

/// Everything the guard stores (`storage.local`, survives a restart). Bounded by [`MAX_RECORDS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GuardState {
    /// Format version ([`STATE_VERSION`]).
    pub version: u32,
    /// Records, oldest first.
    pub records: Vec<UncertainSubmission>,
}

impl Default for GuardState {
    fn default() -> Self {
        GuardState { version: STATE_VERSION, records: Vec::new() }
    }
}

/// The user's guard settings. Out-of-range values are bounded, never rejected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GuardSettings {
    /// How long a record lives, in ms; `None` (or 0) = [`DEFAULT_EXPIRY_MS`].
    pub expiry_ms: Option<u64>,
}

impl GuardSettings {
    /// The lifetime to use: the setting bounded to [`MIN_EXPIRY_MS`]..=[`MAX_EXPIRY_MS`].
    pub fn effective_expiry_ms(&self) -> u64 {
        match self.expiry_ms {
            None | Some(0) => DEFAULT_EXPIRY_MS,
            Some(ms) => ms.clamp(MIN_EXPIRY_MS, MAX_EXPIRY_MS),
        }
    }
}

/// A submit the shell is about to let through, described without values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SubmitAttempt {
    /// Origin of the page the form is on (from the browser's sender, not from the page).
    pub page_origin: String,
    /// The resolved URL the form submits to (the submitter's `formaction` or the form's `action`).
    pub action_url: String,
    /// The form, as for the form check (its `method` is the effective one).
    pub form: crate::form::FormDescription,
}
