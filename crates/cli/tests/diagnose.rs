//! `gateway-guard diagnose`: the built binary on small Chrome- and Firefox-style HARs and on bad files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, missing_docs)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gateway-guard")).args(args).output().unwrap()
}

fn diagnose_json(file: &str) -> Value {
    let path = data(file);
    let out = run(&["diagnose", path.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn chrome_har_json() {
    let v = diagnose_json("chrome.har");
    assert_eq!(v["skipped"], 3);
    let d = v["diagnoses"].as_array().unwrap();
    let entries: Vec<u64> = d.iter().map(|r| r["entry"].as_u64().unwrap()).collect();
    assert_eq!(entries, [1, 3, 4, 5]);

    let nginx = &d[0];
    assert_eq!(nginx["method"], "GET");
    assert_eq!(nginx["url"], "https://shop.example/cart");
    assert_eq!(nginx["status"], 502);
    assert_eq!(nginx["vendor"], "nginx");
    assert_eq!(nginx["via"], serde_json::json!(["nginx"]));
    assert_eq!(nginx["failure"], "unknown");
    assert_eq!(nginx["generated_by"], "gateway");
    assert_eq!(nginx["from_cache"], false);
    assert!(nginx["retry_after_s"].is_null());
    // The address changed since the page's first request succeeded.
    assert_eq!(nginx["advice"][0], "change_dns");
    assert!(nginx["evidence"].as_array().unwrap().iter().any(|e| e == "body footer: nginx/1.25.3"));

    // A base64 Cloudflare page on a POST: check before resubmitting comes first.
    let cf = &d[1];
    assert_eq!((cf["vendor"].as_str(), cf["failure"].as_str()), (Some("cloudflare"), Some("timeout")));
    assert_eq!(cf["method"], "POST");
    assert_eq!(cf["advice"][0], "check_before_resubmitting");

    let refused = &d[2];
    assert_eq!(refused["status"], 0);
    assert_eq!(refused["failure"], "refused");
    assert_eq!(refused["vendor"], "unknown");

    let cached = &d[3];
    assert_eq!(cached["vendor"], "varnish");
    assert_eq!(cached["from_cache"], true);
    assert_eq!(cached["retry_after_s"], 5);
    assert_eq!(cached["advice"][0], "clear_site_cache");
}

#[test]
fn json_never_contains_form_values() {
    let path = data("chrome.har");
    let out = run(&["diagnose", path.to_str().unwrap(), "--json"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("4111"));
}

#[test]
fn firefox_har_json() {
    let v = diagnose_json("firefox.har");
    assert_eq!(v["skipped"], 1);
    let d = v["diagnoses"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!((d[0]["entry"].as_u64(), d[0]["vendor"].as_str()), (Some(1), Some("istio")));
    assert_eq!(d[0]["failure"], "refused");
    assert_eq!((d[1]["vendor"].as_str(), d[1]["failure"].as_str()), (Some("traefik"), Some("timeout")));
}

#[test]
fn readable_table_is_aligned() {
    let path = data("chrome.har");
    let out = run(&["diagnose", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ENTRY  STATUS  VENDOR"), "{text}");
    let url_col = lines[0].find("URL").unwrap();
    for row in &lines[1..5] {
        assert_eq!(row.find("https://"), Some(url_col), "{row}");
    }
    assert!(text.contains("wait_and_hard_refresh"));
    assert!(text.contains("Wait a little"), "English advice text without --json");
    assert!(text.contains("4 failed, 3 skipped."));
}

#[test]
fn a_har_without_failures_is_fine() {
    let v = diagnose_json("no_failures.har");
    assert_eq!(v, serde_json::json!({"diagnoses": [], "skipped": 1}));
    let path = data("no_failures.har");
    let out = run(&["diagnose", path.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("No failed entries"));
}

#[test]
fn bad_files_fail_with_one_line_and_no_stdout() {
    let cases = [
        ("not_json.har", "not JSON"),
        ("not_har.har", "not a HAR"),
        ("truncated.har", "truncated"),
        ("empty.har", "empty"),
        ("does_not_exist.har", "cannot read"),
    ];
    for (file, message) in cases {
        let path = data(file);
        for json in [true, false] {
            let mut args = vec!["diagnose", path.to_str().unwrap()];
            if json {
                args.push("--json");
            }
            let out = run(&args);
            assert!(!out.status.success(), "{file}");
            assert!(out.stdout.is_empty(), "{file}: no partial output");
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(err.lines().count(), 1, "{file}: {err}");
            assert!(err.contains(message) && err.contains(file), "{file}: {err}");
        }
    }
}

#[test]
fn a_directory_and_usage_errors() {
    let dir = data("");
    let out = run(&["diagnose", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("directory"));
    for args in [vec!["diagnose"], vec!["diagnose", "--bogus", "x.har"], vec!["diagnose", "a.har", "b.har"]] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}

#[test]
fn hostile_urls_are_printed_without_control_characters() {
    let dir = std::env::temp_dir().join(format!("gg-diagnose-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("escape.har");
    let url = "https://evil.example/\u{1b}[31mred\u{7}";
    let har =
        serde_json::json!({"log": {"entries": [{"request": {"url": url}, "response": {"status": 500}}]}});
    std::fs::write(&file, har.to_string()).unwrap();
    let out = run(&["diagnose", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b));
    assert!(!out.stdout.contains(&0x07));
}
