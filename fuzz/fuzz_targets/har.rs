//! A HAR file from anywhere (the CLI reads what users hand it): `read_har` must return `Ok` or a
//! `HarError`, never panic, and every failed entry it yields must survive `diagnose` and `explain`.
#![no_main]

use gateway_guard_core::diagnosis::diagnose;
use gateway_guard_core::explain::explain;
use gateway_guard_core::har::read_har;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = read_har(data) {
        for entry in report.entries.iter().take(64) {
            let d = diagnose(&entry.facts);
            assert_eq!(d.status, entry.facts.status);
            let _ = explain(&d);
        }
    }
});
