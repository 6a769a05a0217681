//! Stored state read back from `storage.session` / `storage.local`, corrupted or written by another
//! version: pacing state, incident history, guard state and the settings. The first byte picks the
//! type (`p` pacing, `h` history, `g` guard, `s` pacing settings, `l` history limits + guard settings);
//! the rest is JSON. Whatever deserializes must be usable: normalised, run through the engine, and
//! stored again (serialize, read back: the same value).
//!
//! The extension converts with serde-wasm-bindgen, not serde_json; both drive the same derived
//! `Deserialize` impls and the same normalisation, which is what this target exercises.
#![no_main]

use gateway_guard_core::form::FormDescription;
use gateway_guard_core::guard::{self, GuardSettings, GuardState, PostOutcome, SubmitAttempt};
use gateway_guard_core::history::{History, Incident, Limits};
use gateway_guard_core::pacing::{self, FailureEvent, ManualReload, PacingState, Settings, Trigger};
use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};

fn parse<T: DeserializeOwned>(json: &[u8]) -> Option<T> {
    serde_json::from_slice(json).ok()
}

/// What is stored comes back equal.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_vec(value).expect("a state serializes");
    let back: T = serde_json::from_slice(&json).expect("a stored state reads back");
    assert_eq!(&back, value);
}

fn pacing_state(state: PacingState, settings: &Settings) {
    let mut state = state.normalized();
    round_trips(&state);
    let now = pacing::next_wake(&state).unwrap_or(1_700_000_000_000);
    let origin =
        state.origins.first().map(|o| o.origin.clone()).unwrap_or_else(|| "https://a.example".into());
    let tab = state.origins.first().and_then(|o| o.tab_ids.first().copied()).unwrap_or(1);
    let _ = pacing::due(&state, now);
    let _ = pacing::take_due(&mut state, now);
    let event = FailureEvent {
        origin: origin.clone(),
        tab_id: tab,
        status: 503,
        method: "GET".into(),
        retry_after_s: Some(30),
        trigger: Trigger::Retry,
        now_ms: now.saturating_add(1_000),
    };
    let _ = pacing::on_failure(&mut state, settings, &event, 42);
    let reload = ManualReload { origin: origin.clone(), tab_id: tab, now_ms: now.saturating_add(2_000) };
    let _ = pacing::on_manual_reload(&mut state, settings, &reload);
    let _ = pacing::on_tab_visible(&mut state, settings, tab, now.saturating_add(3_000));
    let _ = pacing::retry_now(&mut state, &origin, Some(tab), now.saturating_add(4_000));
    let _ = pacing::on_success(&mut state, &origin, tab, now.saturating_add(5_000));
    pacing::forget_tab(&mut state, tab);
    let _ = pacing::cancel(&mut state, &origin);
    round_trips(&state);
}

fn history(mut h: History, limits: &Limits) {
    let now = h.incidents.iter().map(|i| i.end_ms).max().unwrap_or(0);
    h.prune(now, limits);
    round_trips(&h);
    let incident = Incident {
        origin: "https://a.example".into(),
        start_ms: now,
        end_ms: now.saturating_add(60_000),
        statuses: vec![502],
        vendor: "nginx".into(),
        failure: "refused".into(),
        attempts: 3,
    };
    h.add(incident, now.saturating_add(60_000), limits);
    let _ = h.for_origin("https://a.example");
    let csv = h.to_csv();
    // One header record plus one per incident, 8 fields each: a hostile origin or vendor id cannot
    // add rows or columns, and no field starts a spreadsheet formula (CSV injection).
    let records = csv_records(&csv);
    assert_eq!(records.len(), h.incidents.len() + 1, "{csv:?}");
    for record in &records {
        assert_eq!(record.len(), 8, "{csv:?}");
        for field in record {
            assert!(!field.starts_with(['=', '+', '@']), "formula in {field:?}");
        }
    }
    round_trips(&h);
}

/// RFC 4180 records: quoted fields may hold separators, quotes (doubled) and line breaks.
fn csv_records(csv: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, csv.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && record.is_empty(), "unterminated record in {csv:?}");
    records
}

fn guard_state(mut state: GuardState, settings: &GuardSettings) {
    let now = state.records.iter().map(|r| r.expires_at_ms).max().unwrap_or(0).saturating_sub(1);
    let _ = guard::summary(&state, now);
    let _ = guard::live_origins(&state, now);
    let _ = guard::next_expiry_ms(&state, now);
    for record in state.records.clone().iter().take(4) {
        let attempt = SubmitAttempt {
            page_origin: record.origin.clone(),
            action_url: format!("{}{}", record.origin, record.path),
            form: FormDescription { method: "post".into(), ..FormDescription::default() },
        };
        let _ = guard::hold_decision(&state, &attempt, now);
    }
    let outcome = PostOutcome {
        url: "https://a.example/checkout".into(),
        method: "POST".into(),
        status: 504,
        field_names: vec!["card_number".into()],
        now_ms: now,
        ..PostOutcome::default()
    };
    let _ = guard::record_outcome(&mut state, &outcome, settings);
    guard::prune(&mut state, now);
    round_trips(&state);
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, json)) = data.split_first() else { return };
    match kind {
        b'p' => {
            if let Some(state) = parse::<PacingState>(json) {
                pacing_state(state, &Settings::default());
            }
        }
        b'h' => {
            if let Some(h) = parse::<History>(json) {
                history(h, &Limits::default());
            }
        }
        b'g' => {
            if let Some(state) = parse::<GuardState>(json) {
                guard_state(state, &GuardSettings::default());
            }
        }
        b's' => {
            if let Some(settings) = parse::<Settings>(json) {
                let clamped = settings.clamped();
                assert_eq!(clamped.clamped(), clamped, "clamping is idempotent");
                pacing_state(PacingState::new(), &clamped);
            }
        }
        b'l' => {
            if let Some(limits) = parse::<Limits>(json) {
                history(History::default(), &limits.clamped());
            }
            if let Some(settings) = parse::<GuardSettings>(json) {
                guard_state(GuardState::default(), &settings);
            }
        }
        _ => {}
    }
});
