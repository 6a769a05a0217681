//! `gateway-guard diagnose FILE.har [--json]` (minimal: the HAR reader grows in the core).

use anyhow::{bail, Context};
use gateway_guard_core::diagnosis::{diagnose, Facts};
use serde_json::Value;

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let json = args.iter().any(|a| a == "--json");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        bail!("diagnose needs a HAR file");
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let har: Value = serde_json::from_str(&text).with_context(|| format!("{path} is not JSON"))?;
    let entries = har
        .pointer("/log/entries")
        .and_then(Value::as_array)
        .with_context(|| format!("{path} is not a HAR file (no log.entries)"))?;
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let status = e.pointer("/response/status").and_then(Value::as_u64).unwrap_or(0);
        if !(500..=599).contains(&status) {
            continue;
        }
        let headers = e
            .pointer("/response/headers")
            .and_then(Value::as_array)
            .map(|hs| {
                hs.iter()
                    .filter_map(|h| {
                        Some((h.get("name")?.as_str()?.to_owned(), h.get("value")?.as_str()?.to_owned()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let facts = Facts { status: u16::try_from(status).unwrap_or(0), headers, ..Facts::default() };
        out.push((i, diagnose(&facts)));
    }
    if json {
        println!("{}", serde_json::to_string(&out.iter().map(|(i, d)| (i, d)).collect::<Vec<_>>())?);
    } else {
        for (i, d) in &out {
            println!("{i}\t{}\t{:?}", d.status, d.vendor);
        }
    }
    Ok(())
}
