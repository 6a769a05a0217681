//! `Retry-After` (RFC 9110 §10.2.3) for the shell: the engine takes the header already turned into
//! seconds ([`super::FailureEvent::retry_after_s`]). One parser serves the diagnosis and the pacing:
//! this is the diagnosis engine's, with the shell's clock as the reference when there is no `Date`.

use crate::diagnosis::retry_after;

/// Seconds to wait according to a `Retry-After` value, or `None` when it is neither delay-seconds nor
/// an HTTP-date (or is absurd). An HTTP-date is measured from the response's `Date` header when there
/// is a valid one (the server's own clock), else from `now_ms`; a date in the past means 0 s.
///
/// ```
/// use gateway_guard_core::pacing::retry_after_seconds;
///
/// assert_eq!(retry_after_seconds("120", None, 0), Some(120));
/// let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:51:37 GMT", date, 0), Some(120));
/// assert_eq!(retry_after_seconds("soon", None, 0), None);
/// ```
pub fn retry_after_seconds(value: &str, date_header: Option<&str>, now_ms: u64) -> Option<u64> {
    retry_after::seconds(value, date_header, Some(now_ms))
}

/// Seconds since the Unix epoch of an HTTP-date in any of the three forms RFC 9110 §5.6.7 requires a
/// recipient to accept; `None` for anything else or a date before 1970.
pub fn http_date_seconds(text: &str) -> Option<u64> {
    retry_after::http_date(text, None).and_then(|s| u64::try_from(s).ok())
}
