//! Gateway Guard's core: every decision the extension and the command make, as pure functions over
//! plain data. No browser, wasm or I/O types live here; time and randomness are passed in.
//!
//! ```
//! use gateway_guard_core::diagnosis::{diagnose, Facts, Vendor};
//!
//! let facts = Facts {
//!     status: 502,
//!     headers: vec![("Server".into(), "nginx/1.22.1".into())],
//!     ..Facts::default()
//! };
//! let d = diagnose(&facts);
//! assert_eq!(d.vendor, Vendor::Nginx);
//! ```
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]

mod decimal;
pub mod diagnosis;
pub mod explain;
mod find;
pub mod form;
pub mod guard;
#[cfg(feature = "har")]
pub mod har;
pub mod history;
mod lower;
mod order;
pub mod pacing;
