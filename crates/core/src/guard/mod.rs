//! Uncertain submissions: which earlier POSTs may have gone through, and which submits to hold
//! (see `shared/spec/behaviour.md`, "Resubmission guard").
//!
//! The shell reports how each watched POST ended ([`PostOutcome`]); [`record_outcome`] decides whether
//! it leaves an [`UncertainSubmission`] in the [`GuardState`] (which the shell stores as is). Before a
//! form is submitted again, [`hold_decision`] says whether to hold it behind the dialog and how strongly
//! to word it. Nothing here ever sees a field value: only names, paths, times and statuses.
//!
//! ```
//! use gateway_guard_core::guard::{
//!     hold_decision, record_outcome, GuardSettings, GuardState, PostOutcome, ResourceType, SubmitAttempt,
//! };
//!
//! let mut state = GuardState::default();
//! let failed = PostOutcome {
//!     url: "https://shop.example/checkout/pay".into(),
//!     method: "POST".into(),
//!     status: 502,
//!     resource_type: ResourceType::MainFrame,
//!     field_names: vec!["card_number".into()],
//!     started_at_ms: 1_000,
//!     now_ms: 2_000,
//!     ..PostOutcome::default()
//! };
//! assert!(record_outcome(&mut state, &failed, &GuardSettings::default()).is_some());
//!
//! let again = SubmitAttempt {
//!     page_origin: "https://shop.example".into(),
//!     action_url: "https://shop.example/checkout/pay".into(),
//!     ..SubmitAttempt::default()
//! };
//! let hold = hold_decision(&state, &again, 3_000).unwrap(); // ok: doctest
//! assert_eq!(hold.record.status, 502);
//! ```

mod hold;
mod record;
mod types;
mod url;

#[cfg(test)]
mod tests;

pub use hold::{hold_decision, Hold};
pub use record::{live_origins, next_expiry_ms, prune, record_outcome, summary, GuardSummary};
pub use types::*;
pub use url::split_url;
