//! `gateway-guard diagnose FILE.har [--json]`: every failed entry of a HAR file through the same engine
//! the extension uses (`shared/spec/diagnosis.md`, "The command").
//!
//! Output is built completely before anything is written, so a failure never leaves half a JSON
//! document on stdout; problems with the file are one line on stderr and a non-zero exit (from main).

use std::io::Write;

use anyhow::{bail, Context};
use gateway_guard_core::diagnosis::{diagnose, Advice, Diagnosis};
use gateway_guard_core::har::{read_har, HarEntry, MAX_HAR_BYTES};
use serde::Serialize;

/// One row of `--json` output: the entry's place and request, then every field of the diagnosis.
#[derive(Serialize)]
struct Row<'a> {
    entry: usize,
    method: &'a str,
    url: &'a str,
    #[serde(flatten)]
    diagnosis: &'a Diagnosis,
}

#[derive(Serialize)]
struct Output<'a> {
    diagnoses: Vec<Row<'a>>,
    skipped: usize,
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let mut json = false;
    let mut path = None;
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            flag if flag.starts_with("--") => bail!("diagnose: unknown option {flag}"),
            file if path.is_none() => path = Some(file),
            extra => bail!("diagnose takes one HAR file, got another: {extra}"),
        }
    }
    let Some(path) = path else { bail!("usage: gateway-guard diagnose FILE.har [--json]") };

    let bytes = read_bounded(path)?;
    let report = read_har(&bytes).with_context(|| path.to_owned())?;
    drop(bytes);
    let diagnosed: Vec<(&HarEntry, Diagnosis)> =
        report.entries.iter().map(|e| (e, diagnose(&e.facts))).collect();

    let text = if json {
        let rows = diagnosed
            .iter()
            .map(|(e, d)| Row { entry: e.index, method: &e.facts.method, url: &e.facts.url, diagnosis: d })
            .collect();
        let mut s = serde_json::to_string(&Output { diagnoses: rows, skipped: report.skipped })?;
        s.push('\n');
        s
    } else {
        table(&diagnosed, report.skipped)
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).context("cannot write to stdout")?;
    Ok(())
}

/// Reads the file, refusing one over the core's limit before reading it into memory.
fn read_bounded(path: &str) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {path}"))?;
    if meta.is_dir() {
        bail!("cannot read {path}: it is a directory");
    }
    if usize::try_from(meta.len()).map_or(true, |n| n > MAX_HAR_BYTES) {
        bail!(
            "{path}: the file is too large ({} MiB; the limit is {} MiB): save a HAR of just the failing page",
            meta.len() / (1024 * 1024),
            MAX_HAR_BYTES / (1024 * 1024)
        );
    }
    std::fs::read(path).with_context(|| format!("cannot read {path}"))
}

/// The readable form: an aligned table, then the advice in words.
fn table(diagnosed: &[(&HarEntry, Diagnosis)], skipped: usize) -> String {
    let header = ["ENTRY", "STATUS", "VENDOR", "FAILURE", "GENERATED_BY", "ADVICE", "URL"].map(str::to_owned);
    let mut rows = vec![header.to_vec()];
    for (entry, d) in diagnosed {
        rows.push(vec![
            entry.index.to_string(),
            d.status.to_string(),
            id(&d.vendor),
            id(&d.failure),
            id(&d.generated_by),
            d.advice.iter().map(id).collect::<Vec<_>>().join(","),
            printable(&entry.facts.url, 120),
        ]);
    }
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    if diagnosed.is_empty() {
        out.push_str("No failed entries (5xx, 429, or network errors).\n");
    } else {
        for row in &rows {
            let cells: Vec<String> =
                row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}", w = *w)).collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
    }
    let mut used: Vec<Advice> = Vec::new();
    for (_, d) in diagnosed {
        for a in &d.advice {
            if !used.contains(a) {
                used.push(*a);
            }
        }
    }
    if !used.is_empty() {
        out.push_str("\nAdvice:\n");
        let w = used.iter().map(|a| id(a).len()).max().unwrap_or(0);
        for a in used {
            out.push_str(&format!("  {:<w$}  {}\n", id(&a), advice_text(a)));
        }
    }
    out.push_str(&format!("\n{} failed, {skipped} skipped.\n", diagnosed.len()));
    out
}

/// The spec's id of a vendor, failure, producer or advice: its serde name.
fn id<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// URLs come from the file: no control characters (terminal escapes), at most `max` chars.
fn printable(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).map(|c| if c.is_control() { '?' } else { c }).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

fn advice_text(a: Advice) -> &'static str {
    match a {
        Advice::WaitAndHardRefresh => {
            "Wait a little, then reload bypassing the cache (Ctrl+Shift+R / Cmd+Shift+R)."
        }
        Advice::ClearSiteCache => "Clear this site's cached data: the error came from the browser cache.",
        Advice::ChangeDns => {
            "The address changed or DNS failed: try another DNS resolver or flush the DNS cache."
        }
        Advice::TryPrivateWindow => "Try a private window to rule out cookies, cache and extensions.",
        Advice::DisableExtensions => "Disable extensions (content blockers first) and try again.",
        Advice::ToggleVpn => {
            "Many sites fail or a proxy answered: turn the VPN or proxy off (or on) and retry."
        }
        Advice::CheckBeforeResubmitting => {
            "The form may have gone through: check e-mail, order history or bank statement before resending."
        }
        Advice::ContactSiteOwner => "The fault is on the site's side: if it persists, tell the site's owner.",
    }
}
