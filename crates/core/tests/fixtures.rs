//! Recorded gateway failures: every `tests/fixtures/<scenario>/capture.har` through the HAR reader and
//! the engine, checked against its `expected.json`:
//!
//! ```json
//! {"entries": [{"entry": 0, "status": 502, "vendor": "nginx", "failure": "unknown", "generated_by": "gateway"}]}
//! ```
//!
//! `entry` is the index in `log.entries`; every other field is optional and compared with the diagnosis
//! field of the same name when present. All mismatches are reported at once. No fixtures at all is a
//! note, not a failure; a `capture.har` without `expected.json` is a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use std::path::{Path, PathBuf};

use gateway_guard_core::diagnosis::diagnose;
use gateway_guard_core::har::read_har;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Checks one scenario; returns its mismatches, each naming the scenario.
fn check_scenario(dir: &Path) -> Vec<String> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let expected_path = dir.join("expected.json");
    let bytes = match std::fs::read(dir.join("capture.har")) {
        Ok(b) => b,
        Err(e) => return vec![format!("{name}: cannot read capture.har: {e}")],
    };
    let expected: Value = match std::fs::read(&expected_path).map(|b| serde_json::from_slice(&b)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return vec![format!("{name}: expected.json is not JSON: {e}")],
        Err(_) => return vec![format!("{name}: capture.har has no expected.json beside it")],
    };
    let report = match read_har(&bytes) {
        Ok(r) => r,
        Err(e) => return vec![format!("{name}: capture.har: {e}")],
    };
    let Some(wanted) = expected.get("entries").and_then(Value::as_array) else {
        return vec![format!("{name}: expected.json has no \"entries\" list")];
    };
    let mut problems = Vec::new();
    for want in wanted {
        let Some(index) = want.get("entry").and_then(Value::as_u64) else {
            problems.push(format!("{name}: an expectation without \"entry\": {want}"));
            continue;
        };
        let Some(found) = report.entries.iter().find(|e| e.index as u64 == index) else {
            problems.push(format!("{name}: entry {index} was not selected as a failure"));
            continue;
        };
        let got = serde_json::to_value(diagnose(&found.facts)).unwrap();
        for (field, value) in want.as_object().into_iter().flatten() {
            if field == "entry" {
                continue;
            }
            match got.get(field) {
                Some(actual) if actual == value => {}
                Some(actual) => problems.push(format!(
                    "{name}: entry {index}: {field} is {actual}, expected {value} (evidence: {})",
                    got["evidence"]
                )),
                None => problems.push(format!("{name}: entry {index}: no field {field:?} in the diagnosis")),
            }
        }
    }
    problems
}

#[test]
fn recorded_fixtures_match_their_expectations() {
    let Ok(read_dir) = std::fs::read_dir(fixtures_dir()) else {
        println!("note: no tests/fixtures folder; nothing to check");
        return;
    };
    let mut scenarios: Vec<PathBuf> =
        read_dir.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    scenarios.sort();
    let mut checked = 0;
    let mut problems = Vec::new();
    for dir in &scenarios {
        if !dir.join("capture.har").exists() {
            continue;
        }
        checked += 1;
        problems.extend(check_scenario(dir));
    }
    if checked == 0 {
        println!("note: tests/fixtures holds no capture.har yet; nothing to check");
    }
    assert!(
        problems.is_empty(),
        "{} mismatch(es) in {checked} scenarios:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_capture_without_expectations_is_a_failure() {
    let dir = std::env::temp_dir().join(format!("gg-fixture-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("capture.har"), br#"{"log":{"entries":[]}}"#).unwrap();
    let problems = check_scenario(&dir);
    std::fs::write(dir.join("expected.json"), br#"{"entries":[{"entry":0,"vendor":"nginx"}]}"#).unwrap();
    let unselected = check_scenario(&dir);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("no expected.json"));
    assert!(unselected[0].contains("entry 0 was not selected"));
}
