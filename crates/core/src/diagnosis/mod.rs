//! Diagnosis of a failed response: which layer produced it, which vendor, what failed upstream, and the
//! advice that fits. The contract is `shared/spec/diagnosis.md`; field names and ids serialize exactly as
//! the spec writes them (snake_case fields, kebab/snake ids), so the CLI's JSON and the extension's stored
//! diagnosis are one shape.

mod types;

pub use types::*;

/// Diagnoses one failed response. Never panics, whatever the headers or page text hold.
pub fn diagnose(facts: &Facts) -> Diagnosis {
    let mut evidence = Vec::new();
    let server = facts.header("server").unwrap_or("").to_ascii_lowercase();
    let vendor = if server.starts_with("nginx") {
        evidence.push(format!("header server: {}", truncate(&server, 60)));
        Vendor::Nginx
    } else {
        Vendor::Unknown
    };
    let mut advice = vec![Advice::WaitAndHardRefresh];
    if facts.from_cache {
        advice.insert(0, Advice::ClearSiteCache);
    }
    Diagnosis {
        status: facts.status,
        vendor,
        via: if vendor == Vendor::Unknown { vec![] } else { vec![vendor] },
        failure: Failure::Unknown,
        generated_by: if vendor == Vendor::Unknown { GeneratedBy::Unknown } else { GeneratedBy::Gateway },
        from_cache: facts.from_cache,
        retry_after_s: None,
        advice,
        evidence,
    }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
