//! `Retry-After` (RFC 9110 §10.2.3) for the shell: the engine takes the header already turned into
//! seconds ([`super::FailureEvent::retry_after_s`]). One parser serves the diagnosis and the pacing:
//! this is the diagnosis engine's, with the shell's clock as the reference when there is no `Date`.

use crate::diagnosis::retry_after;

/// Seconds to wait according to a `Retry-After` value, or `None` when it is neither delay-seconds nor
/// an HTTP-date (or is absurd). An HTTP-date is measured from the response's `Date` header when there
/// is a valid one (the server's own clock), else from `now_ms`; a date in the past means 0 s (RFC 9110
/// §10.2.3: the wait is until that date, which has passed, so retry now). The diagnosis, which reports
/// a wait rather than schedules one, shows no `retry_after_s` for a past date.
///
/// ```
/// use gateway_guard_core::pacing::retry_after_seconds;
///
/// assert_eq!(retry_after_seconds("120", None, 0), Some(120));
/// let date = Some("Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:51:37 GMT", date, 0), Some(120));
/// assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:48:37 GMT", date, 0), Some(0));
/// assert_eq!(retry_after_seconds("soon", None, 0), None);
/// ```
pub fn retry_after_seconds(value: &str, date_header: Option<&str>, now_ms: u64) -> Option<u64> {
    retry_after::seconds(value, date_header, Some(now_ms))
        .or_else(|| retry_after::is_past_date(value, date_header, Some(now_ms)).then_some(0))
}

/// Seconds since the Unix epoch of an HTTP-date in any of the three forms RFC 9110 §5.6.7 requires a
/// recipient to accept; `None` for anything else or a date before 1970.
pub fn http_date_seconds(text: &str) -> Option<u64> {
    retry_after::http_date(text, None).and_then(|s| u64::try_from(s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
    /// `DATE` in ms since the epoch.
    const DATE_MS: u64 = 784_111_777_000;

    #[test]
    fn a_past_http_date_means_retry_now() {
        // Against the response's Date header, and against the shell's clock without one.
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:48:37 GMT", Some(DATE), 0), Some(0));
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:48:37 GMT", None, DATE_MS), Some(0));
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:49:37 GMT", None, DATE_MS), Some(0));
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:50:37 GMT", None, DATE_MS), Some(60));
        // Garbage stays unknown, not "now".
        assert_eq!(retry_after_seconds("Sun, 06 Nov 1994 08:48:37 UTC", Some(DATE), 0), None);
        assert_eq!(retry_after_seconds("-5", None, DATE_MS), None);
    }

    #[test]
    fn the_diagnosis_still_reports_no_wait_for_a_past_date() {
        let facts = crate::diagnosis::Facts {
            status: 503,
            headers: vec![
                ("Date".into(), DATE.into()),
                ("Retry-After".into(), "Sun, 06 Nov 1994 08:48:37 GMT".into()),
            ],
            ..crate::diagnosis::Facts::default()
        };
        assert_eq!(crate::diagnosis::diagnose(&facts).retry_after_s, None);
    }
}
