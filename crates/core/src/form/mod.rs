//! Resubmission risk: how payment-like a form is (see `shared/spec/behaviour.md`, "Resubmission guard").
//!
//! [`assess_form`] takes a [`FormDescription`] (what the content script reads from the DOM, or the CLI
//! from parsed HTML) and answers [`Risk::Payment`], [`Risk::Order`] or [`Risk::Other`] with the evidence.
//! [`assess_post`] does the same for a fetch/XHR POST from its path and body field names. Both read only
//! names, types and visible texts, never values, and both are bounded on hostile input.
//!
//! The keyword tables (`keywords.rs`, 12 languages) and the identifier tables (`identifiers.rs`) are
//! data (packed into one string per list by `packed.rs`); `classify.rs` holds the one decision.

#[macro_use]
mod packed;
mod classify;
mod identifiers;
mod keywords;
mod normalize;
mod types;

#[cfg(test)]
mod tests;

pub use classify::{assess_form, assess_post, MAX_EVIDENCE, MAX_FIELDS, MAX_SUBMIT_TEXTS};
pub use types::*;
