//! The diagnosis engine on arbitrary `Facts` (what a hostile server's headers and error page, or a
//! hostile page's text, can put there), then `explain` on its answer. Input starting with `{` is read
//! as JSON `Facts` (the seeds in tests/fuzz-corpus/diagnose are real failures written that way);
//! anything else is decoded with `arbitrary`, header names drawn mostly from the ones the catalog reads.
#![no_main]

use arbitrary::Unstructured;
use gateway_guard_core::diagnosis::{diagnose, Facts};
use gateway_guard_core::explain::explain;
use libfuzzer_sys::fuzz_target;

/// Header names the catalog and the engine look at, so decoded input reaches the vendor rules.
const NAMES: &[&str] = &[
    "server",
    "via",
    "retry-after",
    "date",
    "cf-ray",
    "cf-cache-status",
    "x-amz-cf-id",
    "x-amz-cf-pop",
    "x-cache",
    "x-served-by",
    "x-varnish",
    "x-vercel-error",
    "x-vercel-id",
    "x-nf-request-id",
    "x-squid-error",
    "x-kong-upstream-latency",
    "x-kong-proxy-latency",
    "x-envoy-upstream-service-time",
    "x-azure-ref",
    "x-msedge-ref",
    "fly-request-id",
    "rndr-id",
    "x-github-request-id",
    "x-powered-by",
    "content-type",
    "x-request-id",
    "x-cache-hits",
    "x-timer",
    "akamai-grn",
    "x-iinfo",
];

fn header_name(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let pick: u8 = u.arbitrary()?;
    Ok(match NAMES.get(usize::from(pick)) {
        Some(name) if pick % 2 == 0 => name.to_ascii_uppercase(),
        Some(name) => (*name).to_owned(),
        None => u.arbitrary()?,
    })
}

/// The rest of the input as (lossy) UTF-8.
fn rest_as_text(u: &mut Unstructured<'_>) -> String {
    let len = u.len();
    let bytes = u.bytes(len).unwrap_or_default();
    String::from_utf8_lossy(bytes).into_owned()
}

fn facts(u: &mut Unstructured<'_>) -> arbitrary::Result<Facts> {
    let status = match u.int_in_range(0u8..=3)? {
        0 => 0,
        1 => u.int_in_range(500u16..=504)?,
        2 => u.int_in_range(400u16..=599)?,
        _ => u.arbitrary()?,
    };
    let count = u.int_in_range(0usize..=24)?;
    let mut headers = Vec::with_capacity(count);
    for _ in 0..count {
        headers.push((header_name(u)?, u.arbitrary()?));
    }
    let failing_for_s = u.arbitrary()?;
    Ok(Facts {
        failing_for_s,
        method: u.arbitrary()?,
        url: u.arbitrary()?,
        resource_type: u.arbitrary()?,
        form_field_names: u.arbitrary()?,
        status,
        headers,
        from_cache: u.arbitrary()?,
        server_ip: u.arbitrary()?,
        error: u.arbitrary()?,
        last_good_ip: u.arbitrary()?,
        other_failing_hosts: u.arbitrary()?,
        received_at_ms: u.arbitrary()?,
        // Last, so it takes the rest of the input: the page is where most of the bytes matter.
        page_text: if u.arbitrary()? { Some(rest_as_text(u)) } else { None },
        // Fields added to `Facts` later keep their defaults until listed here.
        ..Facts::default()
    })
}

fuzz_target!(|data: &[u8]| {
    let facts = if data.first() == Some(&b'{') {
        match serde_json::from_slice::<Facts>(data) {
            Ok(f) => f,
            Err(_) => return,
        }
    } else {
        match facts(&mut Unstructured::new(data)) {
            Ok(f) => f,
            Err(_) => return,
        }
    };
    let d = diagnose(&facts);
    assert_eq!(d.status, facts.status);
    assert!(!d.advice.is_empty(), "there is always some advice");
    // Evidence strings are clipped (80 chars plus an ellipsis), whatever the server sent.
    for e in &d.evidence {
        assert!(e.chars().count() <= 81, "evidence too long: {e:?}");
        assert!(!e.chars().any(char::is_control), "control character in evidence: {e:?}");
    }
    let _ = explain(&d);
});
