//! Retry-After and HTTP-date parsing (RFC 9110 §10.2.3, §5.6.7) on hostile header values: the
//! pacing parsers directly, and the diagnosis's own parser through `diagnose` with Retry-After and
//! Date headers. Input: `retry-after \n date \n 8 bytes of clock` (missing parts are absent).
#![no_main]

use gateway_guard_core::diagnosis::{diagnose, Facts};
use gateway_guard_core::pacing::{http_date_seconds, retry_after_seconds};
use libfuzzer_sys::fuzz_target;

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
        // An HTTP-date is at most year 9999: the wait it gives can never be more than that.
        assert!(delta_seconds || s <= 253_402_300_799, "retry-after {s} s from {value:?}");
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
