//! Incident history: one entry per closed outage of a site, bounded by age and count
//! (`shared/spec/behaviour.md`, "Incident history"), exportable as JSON (serde) and CSV.
//!
//! ```
//! use gateway_guard_core::history::{History, Incident, Limits};
//!
//! let mut h = History::default();
//! h.add(Incident { origin: "https://shop.example".into(), start_ms: 0, end_ms: 90_000,
//!                  statuses: vec![502], vendor: "nginx".into(), failure: "refused".into(), attempts: 4 },
//!       0, &Limits::default());
//! assert!(h.to_csv().starts_with("origin,start,end,duration_s,statuses,vendor,failure,attempts\n"));
//! ```

use serde::{Deserialize, Serialize};

use crate::decimal::{decimal, push_decimal, push_padded};

/// One closed outage of one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Incident {
    /// `scheme://host[:port]`.
    pub origin: String,
    /// First failure, ms since the epoch.
    pub start_ms: u64,
    /// Recovery, ms since the epoch.
    pub end_ms: u64,
    /// Statuses seen, first seen first.
    pub statuses: Vec<u16>,
    /// The diagnosed vendor id (spec vocabulary).
    pub vendor: String,
    /// The diagnosed failure id (spec vocabulary).
    pub failure: String,
    /// Failed requests during the incident.
    pub attempts: u32,
}

/// How much history is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Limits {
    /// Incidents older than this are dropped. Default 90 days.
    pub max_age_days: u32,
    /// At most this many incidents (oldest dropped first). Default 1,000.
    pub max_incidents: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_age_days: 90, max_incidents: 1_000 }
    }
}

impl Limits {
    /// The same limits forced into safe ranges (1..=365 days, 10..=5,000 incidents).
    pub fn clamped(self) -> Self {
        Self {
            max_age_days: self.max_age_days.clamp(1, 365),
            max_incidents: self.max_incidents.clamp(10, 5_000),
        }
    }
}

/// Bounds on what one incident may carry, whatever the input says.
const MAX_STATUSES: usize = 16;
const MAX_ID_LEN: usize = 64;
const MAX_ORIGIN_LEN: usize = 512;

/// The incident history, oldest first. Serializes as stored in `storage.local`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct History {
    /// Schema version of the stored form.
    pub version: u32,
    /// Incidents, oldest first.
    pub incidents: Vec<Incident>,
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

impl History {
    /// The schema version this code writes.
    pub const VERSION: u32 = 1;

    /// Adds a closed incident and drops what the limits no longer allow.
    pub fn add(&mut self, incident: Incident, now_ms: u64, limits: &Limits) {
        let mut incident = incident;
        incident.origin = clip(&incident.origin, MAX_ORIGIN_LEN);
        incident.vendor = clip(&incident.vendor, MAX_ID_LEN);
        incident.failure = clip(&incident.failure, MAX_ID_LEN);
        incident.statuses.truncate(MAX_STATUSES);
        incident.end_ms = incident.end_ms.max(incident.start_ms);
        self.version = Self::VERSION;
        self.incidents.push(incident);
        self.prune(now_ms, limits);
    }

    /// Drops incidents older than the age limit, then the oldest beyond the count limit.
    pub fn prune(&mut self, now_ms: u64, limits: &Limits) {
        let limits = limits.clamped();
        let max_age_ms = u64::from(limits.max_age_days).saturating_mul(86_400_000);
        let cutoff = now_ms.saturating_sub(max_age_ms);
        self.incidents.retain(|i| i.end_ms >= cutoff);
        crate::order::sort_by_key(&mut self.incidents, |i| i.start_ms);
        let max = usize::try_from(limits.max_incidents).unwrap_or(usize::MAX);
        if self.incidents.len() > max {
            let excess = self.incidents.len() - max;
            self.incidents.drain(..excess);
        }
    }

    /// The incidents of one origin, newest first.
    pub fn for_origin(&self, origin: &str) -> Vec<&Incident> {
        self.incidents.iter().rev().filter(|i| i.origin == origin).collect()
    }

    /// CSV (RFC 4180: CRLF-free lines, quoted fields where needed); times in ISO 8601 UTC.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("origin,start,end,duration_s,statuses,vendor,failure,attempts\n");
        for i in &self.incidents {
            let mut statuses = String::new();
            for (k, &status) in i.statuses.iter().enumerate() {
                if k > 0 {
                    statuses.push(' ');
                }
                push_decimal(&mut statuses, u64::from(status));
            }
            let fields = [
                csv_field(&i.origin),
                iso8601(i.start_ms),
                iso8601(i.end_ms),
                decimal(i.end_ms.saturating_sub(i.start_ms) / 1000),
                statuses,
                csv_field(&i.vendor),
                csv_field(&i.failure),
                decimal(u64::from(i.attempts)),
            ];
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }
}

/// Quotes a field when it holds a separator, a quote or a line break; a leading `=`, `+`, `-`, `@`,
/// tab or carriage return is prefixed with `'` so a spreadsheet does not run it as a formula (CSV
/// injection; OWASP lists tab and CR too: some spreadsheets strip them and read the rest as a formula).
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { ["'", s].concat() } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) {
        ["\"", &s.replace('"', "\"\""), "\""].concat()
    } else {
        s
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for ms since the epoch (proleptic Gregorian, civil-from-days).
fn iso8601(ms: u64) -> String {
    let secs = ms / 1000;
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days, in integer arithmetic.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // `rem` is below 86,400: the casts keep it whole.
    let mut out = String::with_capacity(20);
    push_padded(&mut out, year, 4);
    out.push('-');
    push_padded(&mut out, month, 2);
    out.push('-');
    push_padded(&mut out, day, 2);
    out.push('T');
    push_padded(&mut out, (rem / 3600) as i64, 2);
    out.push(':');
    push_padded(&mut out, (rem % 3600 / 60) as i64, 2);
    out.push(':');
    push_padded(&mut out, (rem % 60) as i64, 2);
    out.push('Z');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(origin: &str, start_ms: u64) -> Incident {
        Incident {
            origin: origin.into(),
            start_ms,
            end_ms: start_ms + 60_000,
            statuses: vec![502, 503],
            vendor: "nginx".into(),
            failure: "unknown".into(),
            attempts: 3,
        }
    }

    #[test]
    fn keeps_at_most_the_count_limit_dropping_the_oldest() {
        let mut h = History::default();
        let limits = Limits { max_age_days: 365, max_incidents: 10 };
        for n in 0..25 {
            h.add(incident("https://a.example", n * 1000), 30_000, &limits);
        }
        assert_eq!(h.incidents.len(), 10);
        assert_eq!(h.incidents[0].start_ms, 15_000);
    }

    #[test]
    fn drops_incidents_older_than_the_age_limit() {
        let mut h = History::default();
        let day = 86_400_000;
        h.add(incident("https://old.example", 0), 0, &Limits::default());
        h.add(incident("https://new.example", 100 * day), 100 * day, &Limits::default());
        assert_eq!(h.incidents.len(), 1);
        assert_eq!(h.incidents[0].origin, "https://new.example");
    }

    #[test]
    fn csv_quotes_separators_and_defuses_formulas() {
        let mut h = History::default();
        let mut i = incident("https://x.example", 1_795_000_000_000);
        i.vendor = "=HYPERLINK(\"evil\",\"a,b\")".into();
        h.add(i, 1_795_000_000_000, &Limits::default());
        let csv = h.to_csv();
        let line = csv.lines().nth(1).unwrap();
        assert!(line.starts_with("https://x.example,2026-11-18T"), "{line}");
        assert!(line.contains("\"'=HYPERLINK(\"\"evil\"\",\"\"a,b\"\")\""), "{line}");
        assert!(line.ends_with(",60,502 503,unknown,3") || line.contains(",60,502 503,"), "{line}");
    }

    #[test]
    fn csv_defuses_fields_starting_with_tab_or_carriage_return() {
        assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(csv_field("a\tb"), "a\tb");
        assert_eq!(csv_field("nginx"), "nginx");
    }

    #[test]
    fn iso8601_matches_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_795_563_357_000), "2026-11-24T23:35:57Z");
    }

    #[test]
    fn hostile_sizes_are_clipped() {
        let mut h = History::default();
        let mut i = incident(&"o".repeat(10_000), 0);
        i.statuses = vec![500; 1_000];
        h.add(i, 0, &Limits::default());
        assert_eq!(h.incidents[0].origin.len(), MAX_ORIGIN_LEN);
        assert_eq!(h.incidents[0].statuses.len(), MAX_STATUSES);
    }

    #[test]
    fn for_origin_lists_newest_first() {
        let mut h = History::default();
        for n in 0..3 {
            h.add(incident("https://a.example", n * 1000), 10_000, &Limits::default());
        }
        h.add(incident("https://b.example", 500), 10_000, &Limits::default());
        let a = h.for_origin("https://a.example");
        assert_eq!(a.iter().map(|i| i.start_ms).collect::<Vec<_>>(), vec![2000, 1000, 0]);
    }
}
