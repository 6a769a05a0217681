//! The HAR reader and the engine never panic, whatever the input; large input costs bounded time and
//! memory (one test reads a 100 MB file).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use gateway_guard_core::diagnosis::{diagnose, Facts};
use gateway_guard_core::har::{read_har, HarError, MAX_HAR_BYTES};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        (0u16..700).prop_map(|n| json!(n)),
        ".{0,40}".prop_map(Value::String),
        prop_oneof![
            Just("base64"),
            Just("net::ERR_TIMED_OUT"),
            Just("disk"),
            Just("nginx"),
            Just("<center>nginx</center>")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((har_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Keys a HAR has, and some it does not.
fn har_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("request"),
        Just("response"),
        Just("status"),
        Just("headers"),
        Just("name"),
        Just("value"),
        Just("content"),
        Just("text"),
        Just("encoding"),
        Just("_error"),
        Just("_fromCache"),
        Just("serverIPAddress"),
        Just("_resourceType"),
        Just("postData"),
        Just("params"),
        Just("mimeType"),
        Just("startedDateTime"),
        Just("time"),
        Just("method"),
        Just("url"),
        Just("other"),
    ]
    .prop_map(str::to_owned)
}

fn check_diagnoses(bytes: &[u8]) {
    if let Ok(report) = read_har(bytes) {
        for entry in report.entries {
            let d = diagnose(&entry.facts);
            assert_eq!(d.status, entry.facts.status);
            assert!(d.evidence.iter().all(|e| e.chars().count() <= 81), "{:?}", d.evidence);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_diagnoses(&bytes);
    }

    #[test]
    fn arbitrary_har_shaped_json_never_panics(entries in prop::collection::vec(json_value(), 0..8)) {
        let har = json!({"log": {"version": "1.2", "entries": entries}});
        check_diagnoses(har.to_string().as_bytes());
    }

    #[test]
    fn arbitrary_entry_fields_never_panic(
        status in prop_oneof![0u16..1000, Just(502u16), Just(503u16)],
        headers in prop::collection::vec((".{0,20}", ".{0,60}"), 0..8),
        body in ".{0,300}",
        base64 in any::<bool>(),
        error in ".{0,30}",
    ) {
        let hs: Vec<Value> = headers.iter().map(|(n, v)| json!({"name": n, "value": v})).collect();
        let entry = json!({
            "request": {"method": "POST", "url": format!("https://{error}/"), "postData": {"mimeType": "application/x-www-form-urlencoded", "text": body}},
            "response": {"status": status, "headers": hs, "_error": error,
                "content": {"text": body, "encoding": if base64 { "base64" } else { "" }}},
            "startedDateTime": error, "serverIPAddress": error,
        });
        check_diagnoses(json!({"log": {"entries": [entry]}}).to_string().as_bytes());
    }

    #[test]
    fn arbitrary_facts_never_panic(
        status in any::<u16>(),
        headers in prop::collection::vec(("[a-zA-Z-]{0,20}", ".{0,80}"), 0..10),
        page in proptest::option::of(".{0,2000}"),
        html_page in "(<[a-z/!-]{0,8}>|&#?[a-z0-9]{0,6};?|[a-z0-9 ]{0,10}|\r\n){0,60}",
        error in proptest::option::of(".{0,40}"),
        received in proptest::option::of(any::<u64>()),
    ) {
        for text in [page.clone(), Some(html_page.clone())] {
            let facts = Facts {
                status,
                headers: headers.clone(),
                page_text: text,
                error: error.clone(),
                received_at_ms: received,
                server_ip: Some("1.2.3.4".into()),
                last_good_ip: error.clone(),
                ..Facts::default()
            };
            let d = diagnose(&facts);
            prop_assert!(d.evidence.iter().all(|e| e.chars().count() <= 81));
        }
    }
}

#[test]
fn a_100_mb_file_is_read_in_bounded_time_and_memory() {
    let body = "x".repeat(100 * 1024 * 1024);
    let har = format!(
        r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://a.example/"}},"response":{{"status":502,"content":{{"text":"{body}"}}}}}}]}}}}"#
    );
    drop(body);
    assert!(har.len() > 100_000_000 && har.len() <= MAX_HAR_BYTES);
    let started = std::time::Instant::now();
    let report = read_har(har.as_bytes()).unwrap();
    // The body is kept only up to the reader's cap, not its 100 MB.
    assert!(report.entries[0].facts.page_text.as_ref().unwrap().len() <= 16 * 1024);
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn many_tiny_failed_entries_are_refused_not_hoarded() {
    let one = r#"{"response":{"status":500}},"#;
    let mut har = String::from(r#"{"log":{"entries":["#);
    har.push_str(&one.repeat(200_000));
    har.push_str(r#"{}]}}"#);
    assert_eq!(read_har(har.as_bytes()), Err(HarError::TooManyFailures));
}

#[test]
fn over_the_limit_is_refused() {
    let big = vec![b'{'; MAX_HAR_BYTES + 10];
    assert!(matches!(read_har(&big), Err(HarError::TooLarge { .. })));
}
