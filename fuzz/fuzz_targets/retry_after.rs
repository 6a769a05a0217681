//! Retry-After and HTTP-date parsing (RFC 9110 §10.2.3, §5.6.7) on hostile header values: the
//! pacing parsers directly, and the diagnosis's own parser through `diagnose` with Retry-After and
//! Date headers. Input: `retry-after \n date \n 8 bytes of clock` (missing parts are absent).
#![no_main]

use gateway_guard_core::diagnosis::{diagnose, Facts};
use gateway_guard_core::pacing::{http_date_seconds, retry_after_seconds};
use libfuzzer_sys::fuzz_target;

/// From 0001-01-01T00:00:00Z to 9999-12-31T23:59:60Z, in seconds.
const YEARS_1_TO_9999_S: u64 = 62_135_596_800 + 253_402_300_800;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let value = parts.next().unwrap_or("");
    let date = parts.next();
    let clock = parts.next().map(|rest| {
        let mut b = [0u8; 8];
        for (slot, byte) in b.iter_mut().zip(rest.bytes()) {
            *slot = byte;
        }
        u64::from_le_bytes(b)
    });
    let now_ms = clock.unwrap_or(0);

    let _ = http_date_seconds(value);
    let delta_seconds = value.trim().bytes().all(|b| b.is_ascii_digit());
    if let Some(s) = retry_after_seconds(value, date, now_ms) {
        // Both HTTP-dates lie in years 1..=9999, so their difference is at most that span. (A first
        // version of this check used the epoch seconds of year 9999, forgetting that a `Date` header may
        // lie before 1970: the fuzzer found "Date: Thu, 01 Jan 0985 ...". Seed `date-header-in-year-985`.)
        assert!(delta_seconds || s <= YEARS_1_TO_9999_S, "retry-after {s} s from {value:?}");
    }

    let mut headers = vec![("Retry-After".to_owned(), value.to_owned())];
    if let Some(d) = date {
        headers.push(("Date".to_owned(), d.to_owned()));
    }
    let facts = Facts { status: 503, headers, received_at_ms: clock, ..Facts::default() };
    let d = diagnose(&facts);
    if let Some(s) = d.retry_after_s {
        assert!(d.evidence.iter().any(|e| e == &format!("retry-after: {s} s")));
    }
});
