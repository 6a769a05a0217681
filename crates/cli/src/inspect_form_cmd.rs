//! `gateway-guard inspect-form FILE.html [--json]`: parse a saved page with a real HTML5 parser, describe
//! every `<form>` the way the content script does from the DOM, and run the core's `assess_form` on it
//! (see `shared/spec/behaviour.md`, "The form check as a command").

use std::collections::HashMap;

use anyhow::{anyhow, bail, Context};
use gateway_guard_core::form::{assess_form, FieldDescription, FormDescription, Risk, MAX_FIELDS};
use scraper::{ElementRef, Html, Selector};
use serde::Serialize;

/// The line for one form, as `--json` prints it.
#[derive(Debug, Serialize)]
struct FormReport {
    index: usize,
    /// The `action` attribute as written ("" when absent: the form posts to its own page).
    action: String,
    /// The `method` attribute, lower-cased ("" when absent; HTML then submits a GET, but a form without
    /// a method is usually submitted by script, so the core assesses it).
    method: String,
    risk: Risk,
    evidence: Vec<String>,
}

#[derive(Serialize)]
struct Report {
    forms: Vec<FormReport>,
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let json = args.iter().any(|a| a == "--json");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        bail!("inspect-form needs an HTML file: gateway-guard inspect-form FILE.html [--json]");
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {path}"))?;
    // Saved pages come in any encoding; the check reads names and short texts, so a lossy UTF-8 view
    // is enough and never fails.
    let text = String::from_utf8_lossy(&bytes);
    let forms = describe_forms(&text)?;
    let reports: Vec<FormReport> = forms
        .iter()
        .enumerate()
        .map(|(index, form)| {
            let assessment = assess_form(form);
            FormReport {
                index,
                action: form.action.clone(),
                method: form.method.to_ascii_lowercase(),
                risk: assessment.risk,
                evidence: assessment.evidence,
            }
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string(&Report { forms: reports })?);
    } else {
        print_table(path, &reports);
    }
    Ok(())
}

fn selector(css: &str) -> anyhow::Result<Selector> {
    Selector::parse(css).map_err(|e| anyhow!("bad built-in selector {css}: {e}"))
}

/// Every `<form>` of the page in document order, as the core's [`FormDescription`].
pub fn describe_forms(html: &str) -> anyhow::Result<Vec<FormDescription>> {
    let doc = Html::parse_document(html);
    let forms_sel = selector("form")?;
    let controls_sel = selector("input, select, textarea, button")?;
    let labels_sel = selector("label[for]")?;
    let heading_sel = selector("legend, h1, h2, h3")?;

    let mut label_for: HashMap<&str, String> = HashMap::new();
    for label in doc.select(&labels_sel) {
        if let Some(id) = label.attr("for") {
            label_for.entry(id).or_insert_with(|| text_of(label));
        }
    }
    // Controls outside their form, linked by `form="id"` (HTML's form-associated elements).
    let mut linked: HashMap<&str, Vec<ElementRef<'_>>> = HashMap::new();
    for control in doc.select(&controls_sel) {
        if let Some(owner) = control.attr("form") {
            linked.entry(owner).or_default().push(control);
        }
    }
    let preceding_headings = preceding_headings(&doc);

    let mut out = Vec::new();
    for (form, heading_before) in doc.select(&forms_sel).zip(preceding_headings) {
        let form_id = form.attr("id");
        let mut controls: Vec<ElementRef<'_>> = form
            .select(&controls_sel)
            .filter(|c| c.attr("form").is_none_or(|owner| Some(owner) == form_id))
            .collect();
        if let Some(extra) = form_id.and_then(|id| linked.get(id)) {
            for c in extra {
                if !controls.iter().any(|k| k.id() == c.id()) {
                    controls.push(*c);
                }
            }
        }
        let mut description = FormDescription {
            origin: String::new(),
            action: form.attr("action").unwrap_or("").trim().to_owned(),
            method: form.attr("method").unwrap_or("").trim().to_owned(),
            heading_text: form.select(&heading_sel).next().map(text_of).or(heading_before),
            ..FormDescription::default()
        };
        for control in controls {
            if description.fields.len() >= MAX_FIELDS {
                break;
            }
            add_control(&mut description, control, &label_for);
        }
        out.push(description);
    }
    Ok(out)
}

/// For each form in document order, the text of the last `h1`..`h3` that started before it.
fn preceding_headings(doc: &Html) -> Vec<Option<String>> {
    let mut last: Option<String> = None;
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        match el.value().name() {
            "h1" | "h2" | "h3" => last = Some(text_of(el)),
            "form" => out.push(last.clone()),
            _ => {}
        }
    }
    out
}

fn add_control(form: &mut FormDescription, control: ElementRef<'_>, label_for: &HashMap<&str, String>) {
    let tag = control.value().name();
    let attr = |name: &str| control.attr(name).unwrap_or("").trim().to_owned();
    let input_type = match tag {
        "input" => {
            let t = attr("type").to_ascii_lowercase();
            if t.is_empty() {
                "text".to_owned()
            } else {
                t
            }
        }
        "button" => {
            // A <button> without type submits (HTML: the missing value default is the Submit state).
            let t = attr("type").to_ascii_lowercase();
            if t.is_empty() || t == "submit" {
                let text = first_non_empty([text_of(control), attr("value"), attr("aria-label")]);
                form.submit_texts.push(text);
            }
            return;
        }
        other => other.to_owned(),
    };
    match input_type.as_str() {
        "submit" => {
            // An <input type=submit> without value shows the browser's "Submit".
            form.submit_texts.push(first_non_empty([attr("value"), attr("aria-label"), "Submit".into()]));
            return;
        }
        "image" => {
            form.submit_texts.push(first_non_empty([attr("alt"), attr("value"), attr("aria-label")]));
            return;
        }
        "button" | "reset" => return,
        _ => {}
    }
    let id = control.attr("id").map(str::to_owned);
    let label = first_non_empty([
        id.as_deref().and_then(|i| label_for.get(i)).cloned().unwrap_or_default(),
        control
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "label")
            .map(text_of)
            .unwrap_or_default(),
        attr("aria-label"),
        attr("placeholder"),
        attr("title"),
    ]);
    form.fields.push(FieldDescription {
        name: attr("name"),
        input_type,
        autocomplete: attr("autocomplete"),
        label,
        id,
    });
}

/// Visible text of an element, whitespace collapsed, at most 200 characters.
fn text_of(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for word in el.text().flat_map(str::split_whitespace) {
        if out.len() > 200 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn first_non_empty<const N: usize>(candidates: [String; N]) -> String {
    candidates.into_iter().find(|s| !s.is_empty()).unwrap_or_default()
}

fn print_table(path: &str, reports: &[FormReport]) {
    if reports.is_empty() {
        println!("{path}: no forms");
        return;
    }
    let cut = |s: &str, max: usize| -> String {
        if s.chars().count() > max {
            let head: String = s.chars().take(max.saturating_sub(1)).collect();
            format!("{head}…")
        } else {
            s.to_owned()
        }
    };
    let rows: Vec<[String; 5]> = reports
        .iter()
        .map(|r| {
            [
                r.index.to_string(),
                if r.method.is_empty() { "-".into() } else { r.method.clone() },
                r.risk.to_string(),
                if r.action.is_empty() { "(this page)".into() } else { cut(&r.action, 48) },
                r.evidence.join("; "),
            ]
        })
        .collect();
    let header = ["#", "METHOD", "RISK", "ACTION", "EVIDENCE"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths.iter()).enumerate() {
            if i == 4 {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        println!("{}", s.trim_end());
    };
    line(header);
    for [index, method, risk, action, evidence] in &rows {
        line([index, method, risk, action, evidence]);
    }
}
