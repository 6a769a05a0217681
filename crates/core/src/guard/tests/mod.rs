//! Unit tests for the guard's rules, one per rule of behaviour.md "Resubmission guard".

use super::*;
use crate::form::{FieldDescription, FormDescription, Risk};

const MIN: u64 = 60 * 1000;

fn post(url: &str, status: u16) -> PostOutcome {
    PostOutcome {
        url: url.into(),
        method: "POST".into(),
        status,
        field_names: vec!["card_number".into(), "cvc".into()],
        resource_type: ResourceType::MainFrame,
        started_at_ms: 1_000,
        now_ms: 2_000,
        ..PostOutcome::default()
    }
}

fn failed_state() -> GuardState {
    let mut state = GuardState::default();
    record_outcome(&mut state, &post("https://shop.example/checkout/pay", 502), &GuardSettings::default());
    state
}

fn card_form(action: &str) -> FormDescription {
    FormDescription {
        origin: "https://shop.example".into(),
        action: action.into(),
        method: "post".into(),
        fields: vec![FieldDescription {
            name: "cardnumber".into(),
            input_type: "text".into(),
            autocomplete: "cc-number".into(),
            ..FieldDescription::default()
        }],
        submit_texts: vec!["Pay now".into()],
        ..FormDescription::default()
    }
}

fn attempt(action_url: &str, form: FormDescription) -> SubmitAttempt {
    SubmitAttempt { page_origin: "https://shop.example".into(), action_url: action_url.into(), form }
}

fn plain_form(method: &str) -> FormDescription {
    FormDescription {
        method: method.into(),
        fields: vec![FieldDescription { name: "message".into(), ..FieldDescription::default() }],
        submit_texts: vec!["Send".into()],
        ..FormDescription::default()
    }
}

#[test]
fn top_level_post_with_5xx_is_recorded_without_values() {
    let mut state = GuardState::default();
    let record = record_outcome(
        &mut state,
        &post("https://Shop.example/checkout/pay?step=2", 502),
        &GuardSettings::default(),
    )
    .unwrap();
    assert_eq!(record.origin, "https://shop.example");
    assert_eq!(record.path, "/checkout/pay");
    assert_eq!(record.status, 502);
    assert_eq!(record.answer, Answer::HttpStatus);
    assert_eq!(record.at_ms, 1_000);
    assert_eq!(record.risk, Risk::Payment);
    assert_eq!(record.expires_at_ms, 2_000 + DEFAULT_EXPIRY_MS);
    assert_eq!(state.records, vec![record]);
    // The stored JSON carries names and paths only, camelCase.
    let json = serde_json::to_string(&state).unwrap();
    assert!(json.contains("\"expiresAtMs\""), "{json}");
    assert!(!json.contains("step=2"), "no query string is stored: {json}");
}

#[test]
fn get_and_non_post_methods_are_never_recorded() {
    let mut state = GuardState::default();
    for method in ["GET", "PUT", ""] {
        let outcome = PostOutcome { method: method.into(), ..post("https://shop.example/pay", 502) };
        assert_eq!(record_outcome(&mut state, &outcome, &GuardSettings::default()), None);
    }
    assert!(state.records.is_empty());
}

#[test]
fn dropped_connection_and_timeout_are_recorded_but_not_sent_errors_are_not() {
    let settings = GuardSettings::default();
    let mut state = GuardState::default();
    let with_error =
        |e: &str| PostOutcome { status: 0, error: Some(e.into()), ..post("https://shop.example/pay", 0) };
    let r = record_outcome(&mut state, &with_error("net::ERR_CONNECTION_RESET"), &settings).unwrap();
    assert_eq!((r.status, r.answer), (0, Answer::Dropped));
    let r = record_outcome(&mut state, &with_error("net::ERR_TIMED_OUT"), &settings).unwrap();
    assert_eq!(r.answer, Answer::Timeout);
    let r = record_outcome(&mut state, &with_error("NS_ERROR_NET_TIMEOUT"), &settings).unwrap();
    assert_eq!(r.answer, Answer::Timeout);
    let r = record_outcome(&mut state, &with_error("net::ERR_SOMETHING_NEW"), &settings).unwrap();
    assert_eq!(r.answer, Answer::Dropped, "an unknown error may have gone through");
    for never_sent in [
        "net::ERR_CONNECTION_REFUSED",
        "net::ERR_NAME_NOT_RESOLVED",
        "net::ERR_ABORTED",
        "NS_BINDING_ABORTED",
    ] {
        let mut fresh = GuardState::default();
        assert_eq!(record_outcome(&mut fresh, &with_error(never_sent), &settings), None, "{never_sent}");
    }
    assert_eq!(state.records.len(), 1, "one record per origin and path");
}

#[test]
fn client_errors_are_not_recorded() {
    let mut state = GuardState::default();
    for status in [400, 404, 422, 429] {
        assert_eq!(
            record_outcome(&mut state, &post("https://shop.example/pay", status), &GuardSettings::default()),
            None
        );
    }
}

#[test]
fn xhr_post_is_recorded_only_when_payment_or_order() {
    let settings = GuardSettings::default();
    let mut state = GuardState::default();
    let api = PostOutcome {
        resource_type: ResourceType::Xmlhttprequest,
        field_names: vec!["query".into(), "page".into()],
        ..post("https://shop.example/api/search", 503)
    };
    assert_eq!(record_outcome(&mut state, &api, &settings), None);
    let pay = PostOutcome {
        resource_type: ResourceType::Xmlhttprequest,
        field_names: vec!["paymentMethod".into(), "billingAddress".into()],
        ..post("https://shop.example/rest/default/V1/carts/mine/payment-information", 503)
    };
    assert_eq!(record_outcome(&mut state, &pay, &settings).unwrap().risk, Risk::Payment);
}

#[test]
fn success_on_the_same_origin_and_path_clears_the_record() {
    let mut state = failed_state();
    let settings = GuardSettings::default();
    record_outcome(&mut state, &post("https://shop.example/other", 200), &settings);
    assert_eq!(state.records.len(), 1, "another path does not clear");
    record_outcome(&mut state, &post("https://shop.example/checkout/pay", 404), &settings);
    assert_eq!(state.records.len(), 1, "a 4xx does not clear");
    record_outcome(&mut state, &post("https://shop.example/checkout/pay", 303), &settings);
    assert!(state.records.is_empty());
}

#[test]
fn expiry_setting_is_bounded_to_24_hours() {
    assert_eq!(GuardSettings::default().effective_expiry_ms(), 30 * MIN);
    assert_eq!(GuardSettings { expiry_ms: Some(0) }.effective_expiry_ms(), 30 * MIN);
    assert_eq!(GuardSettings { expiry_ms: Some(u64::MAX) }.effective_expiry_ms(), 24 * 60 * MIN);
    assert_eq!(GuardSettings { expiry_ms: Some(1) }.effective_expiry_ms(), MIN);
    let mut state = GuardState::default();
    let outcome = PostOutcome { now_ms: u64::MAX - 5, ..post("https://shop.example/pay", 500) };
    let r = record_outcome(&mut state, &outcome, &GuardSettings { expiry_ms: Some(u64::MAX) }).unwrap();
    assert_eq!(r.expires_at_ms, u64::MAX, "saturates, never overflows");
}

#[test]
fn state_is_bounded_and_drops_the_oldest() {
    let mut state = GuardState::default();
    for i in 0..(MAX_RECORDS + 20) {
        record_outcome(
            &mut state,
            &post(&format!("https://shop.example/p{i}"), 502),
            &GuardSettings::default(),
        );
    }
    assert_eq!(state.records.len(), MAX_RECORDS);
    assert_eq!(state.records[0].path, "/p20");
}

#[test]
fn prune_and_live_origins_follow_expiry() {
    let mut state = failed_state();
    let cross = PostOutcome {
        initiator: Some("https://shop.example".into()),
        ..post("https://pay.example/charge", 502)
    };
    record_outcome(&mut state, &cross, &GuardSettings::default());
    assert_eq!(live_origins(&state, 3_000), ["https://pay.example", "https://shop.example"]);
    assert_eq!(next_expiry_ms(&state, 3_000), Some(2_000 + DEFAULT_EXPIRY_MS));
    let later = 2_000 + DEFAULT_EXPIRY_MS;
    assert!(live_origins(&state, later).is_empty());
    assert_eq!(summary(&state, later), GuardSummary::default());
    prune(&mut state, later);
    assert!(state.records.is_empty());
}

#[test]
fn same_origin_and_path_is_held_whatever_the_form() {
    let state = failed_state();
    let hold =
        hold_decision(&state, &attempt("https://shop.example/checkout/pay", plain_form("post")), 3_000)
            .unwrap();
    assert_eq!(hold.record.path, "/checkout/pay");
    assert_eq!(hold.strength, Risk::Payment, "the record was payment-like");
    // Query and fragment do not matter; the absent method is a POST candidate too.
    assert!(hold_decision(&state, &attempt("https://shop.example/checkout/pay?x#y", plain_form("")), 3_000)
        .is_some());
}

#[test]
fn payment_form_elsewhere_on_the_origin_is_held_other_forms_are_not() {
    let state = failed_state();
    let hold =
        hold_decision(&state, &attempt("https://shop.example/other/pay", card_form("/other/pay")), 3_000)
            .unwrap();
    assert_eq!(hold.strength, Risk::Payment);
    assert_eq!(hold.form.risk, Risk::Payment);
    assert_eq!(
        hold_decision(&state, &attempt("https://shop.example/contact", plain_form("post")), 3_000),
        None
    );
    let other_site = SubmitAttempt {
        page_origin: "https://elsewhere.example".into(),
        ..attempt("https://elsewhere.example/pay", card_form("/pay"))
    };
    assert_eq!(hold_decision(&state, &other_site, 3_000), None);
}

#[test]
fn get_search_forms_are_never_held() {
    let state = failed_state();
    let search = FormDescription {
        method: "get".into(),
        fields: vec![FieldDescription {
            name: "q".into(),
            input_type: "search".into(),
            ..FieldDescription::default()
        }],
        ..FormDescription::default()
    };
    assert_eq!(hold_decision(&state, &attempt("https://shop.example/checkout/pay", search), 3_000), None);
}

#[test]
fn expired_records_hold_nothing() {
    let state = failed_state();
    let at_expiry = 2_000 + DEFAULT_EXPIRY_MS;
    assert!(hold_decision(
        &state,
        &attempt("https://shop.example/checkout/pay", card_form("")),
        at_expiry - 1
    )
    .is_some());
    assert_eq!(
        hold_decision(&state, &attempt("https://shop.example/checkout/pay", card_form("")), at_expiry),
        None
    );
}

#[test]
fn cross_origin_payment_is_held_on_the_sending_page() {
    let mut state = GuardState::default();
    let cross = PostOutcome {
        initiator: Some("https://shop.example/cart".into()),
        ..post("https://pay.example/charge", 502)
    };
    let r = record_outcome(&mut state, &cross, &GuardSettings::default()).unwrap();
    assert_eq!(r.initiator.as_deref(), Some("https://shop.example"));
    let hold = hold_decision(&state, &attempt("https://pay.example/other", card_form("")), 3_000);
    assert!(hold.is_some());
}

#[test]
fn hostile_input_never_panics() {
    let mut state = GuardState::default();
    for url in [
        "",
        "://",
        "http://",
        "http://@/",
        "https://[::1",
        "https://[::1]:8443/x",
        "ftp://x/y",
        "http://h:/p",
        "\u{0}\u{ffff}",
    ] {
        let _ = record_outcome(&mut state, &post(url, 502), &GuardSettings::default());
        let _ = hold_decision(&state, &attempt(url, plain_form("post")), 3_000);
    }
    assert_eq!(split_url("https://[::1]:8443/x"), Some(("https://[::1]:8443".into(), "/x".into())));
    assert_eq!(split_url("http://h:80"), Some(("http://h".into(), "/".into())));
    assert_eq!(split_url("http://127.0.0.1:8080/a?b"), Some(("http://127.0.0.1:8080".into(), "/a".into())));
    assert_eq!(split_url("ftp://x/y"), None);
}

#[test]
fn stored_state_round_trips_and_tolerates_missing_fields() {
    let state = failed_state();
    let json = serde_json::to_value(&state).unwrap();
    let back: GuardState = serde_json::from_value(json).unwrap();
    assert_eq!(back, state);
    let empty: GuardState = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, GuardState::default());
}
