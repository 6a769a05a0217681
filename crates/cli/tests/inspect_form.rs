//! `gateway-guard inspect-form` over the corpus of real forms in `tests/forms/` (sources and licences in
//! `tests/forms/SOURCES.md`): every form's risk must be the one `tests/forms/expected.json` lists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/forms")
}

fn inspect(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gateway-guard")).arg("inspect-form").args(args).output().unwrap()
}

fn inspect_json(file: &Path) -> Value {
    let out = inspect(&[file.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(corpus().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text).unwrap().as_object().unwrap().clone()
}

#[test]
fn every_corpus_form_has_its_expected_risk() {
    let expected = expected();
    let mut failures = Vec::new();
    for (file, risks) in &expected {
        let report = inspect_json(&corpus().join(file));
        let got: Vec<&str> =
            report["forms"].as_array().unwrap().iter().map(|f| f["risk"].as_str().unwrap()).collect();
        let want: Vec<&str> = risks.as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        if got != want {
            failures.push(format!("{file}: expected {want:?}, got {got:?}\n  {report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_corpus_file_is_listed_and_sourced() {
    let expected = expected();
    let sources = std::fs::read_to_string(corpus().join("SOURCES.md")).unwrap();
    let mut html: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    html.sort();
    for name in &html {
        assert!(expected.contains_key(name), "{name} has no expected risk in expected.json");
        assert!(sources.contains(name.as_str()), "{name} is not in SOURCES.md");
    }
    assert_eq!(html.len(), expected.len(), "expected.json lists a file that does not exist");
}

#[test]
fn json_has_the_spec_shape() {
    let report = inspect_json(&corpus().join("woocommerce-checkout.html"));
    let form = &report["forms"][0];
    assert_eq!(form["index"], 0);
    assert_eq!(form["action"], "/checkout/");
    assert_eq!(form["method"], "post");
    assert_eq!(form["risk"], "payment");
    assert!(form["evidence"].as_array().unwrap().iter().any(|e| e == "button: Place order"));
    let keys: Vec<&String> = form.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
}

#[test]
fn controls_linked_with_the_form_attribute_belong_to_their_form() {
    // Shopware puts the terms checkbox and the comment outside the form, linked by form="confirmOrderForm".
    let report = inspect_json(&corpus().join("shopware-confirm-order.html"));
    let evidence = report["forms"][0]["evidence"].as_array().unwrap();
    assert!(evidence.iter().any(|e| e == "field name: tos"), "{evidence:?}");
    assert!(evidence.iter().any(|e| e == "button: Zahlungspflichtig bestellen"), "{evidence:?}");
}

#[test]
fn table_output_names_each_form() {
    let out = inspect(&[corpus().join("woocommerce-coupon.html").to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().starts_with("#  METHOD  RISK"), "{text}");
    assert!(text.contains("other") && text.contains("button: Apply coupon"), "{text}");
}

#[test]
fn unreadable_file_fails_with_one_line() {
    let out = inspect(&["/nonexistent/page.html", "--json"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("cannot read /nonexistent/page.html"), "{err}");
    assert!(out.stdout.is_empty());
    // No file at all is an error too.
    assert!(!inspect(&["--json"]).status.success());
}

#[test]
fn a_page_without_forms_is_an_empty_list() {
    let dir = std::env::temp_dir().join(format!("gg-inspect-form-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("empty.html");
    std::fs::write(&page, b"<p>no forms \xff here</p>").unwrap();
    assert_eq!(inspect_json(&page), serde_json::json!({"forms": []}));
    std::fs::remove_dir_all(&dir).unwrap();
}
