//! Reading HAR 1.2 files (as Chrome's and Firefox's developer tools export them) into [`Facts`], one
//! per failed entry: status 500-599, 429, or status 0 with a network error.
//!
//! Hostile or huge input is expected. The file is streamed through serde with every string capped and
//! every list bounded, and only failed entries are kept, so memory stays near the file's own size and
//! the work is linear in it; past [`MAX_HAR_BYTES`] the file is refused before parsing. Fields of the
//! wrong type inside an entry are ignored rather than fatal: a HAR is only rejected when it is not a
//! JSON object with `log.entries` as a list.
//!
//! ```
//! use gateway_guard_core::har::read_har;
//!
//! let har = br#"{"log":{"entries":[
//!   {"request":{"method":"GET","url":"https://a.example/"},"response":{"status":200}},
//!   {"request":{"method":"GET","url":"https://a.example/x"},"response":{"status":502,
//!    "headers":[{"name":"Server","value":"nginx"}]}}]}}"#;
//! let report = read_har(har).unwrap(); // ok: doctest
//! assert_eq!((report.entries.len(), report.skipped), (1, 1));
//! assert_eq!(report.entries[0].index, 1);
//! assert_eq!(report.entries[0].facts.status, 502);
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::diagnosis::retry_after::civil_to_epoch;
use crate::diagnosis::Facts;

/// Files larger than this are refused. Chrome's "Save all as HAR with content" for a long session can
/// exceed it; a HAR saved around one failure does not. Parsing keeps roughly the file's size in memory.
pub const MAX_HAR_BYTES: usize = 128 * 1024 * 1024;
/// More failed entries than this is not a HAR saved around a failure; refused to bound the output.
pub const MAX_FAILED_ENTRIES: usize = 100_000;
/// Strings are kept up to this many bytes (the engine reads 8 KiB of a page; base64 needs 4/3 of it).
const TEXT_LIMIT: usize = 16 * 1024;
/// Lists (headers, form params) are read up to this many items.
const LIST_LIMIT: usize = 256;
/// A failure on another site within this window counts toward `other_failing_hosts`.
const FAILING_WINDOW_MS: u64 = 60_000;

/// One failed entry: its index in `log.entries` and the facts the engine needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarEntry {
    /// Index in `log.entries`.
    pub index: usize,
    /// What the engine sees.
    pub facts: Facts,
}

/// The failed entries of a HAR, and how many others were skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HarReport {
    /// Failed entries, in file order.
    pub entries: Vec<HarEntry>,
    /// Entries that did not fail (or failed without an error to diagnose).
    pub skipped: usize,
}

/// Why a file could not be read as a HAR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HarError {
    /// The file is empty (or only whitespace).
    Empty,
    /// Over [`MAX_HAR_BYTES`].
    TooLarge {
        /// The file's size in bytes.
        bytes: usize,
    },
    /// Not JSON: a syntax error at this position.
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON that ends too early: a truncated file.
    Truncated,
    /// JSON, but not a HAR; says what is missing or wrong.
    NotHar(String),
    /// Over [`MAX_FAILED_ENTRIES`] failed entries.
    TooManyFailures,
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Empty => write!(f, "the file is empty"),
            HarError::TooLarge { bytes } => write!(
                f,
                "the file is too large ({} MiB; the limit is {} MiB): save a HAR of just the failing page",
                bytes / (1024 * 1024),
                MAX_HAR_BYTES / (1024 * 1024)
            ),
            HarError::NotJson { line, column } => {
                write!(f, "not JSON (syntax error at line {line}, column {column})")
            }
            HarError::Truncated => write!(f, "the JSON ends early: the file looks truncated"),
            HarError::NotHar(what) => write!(f, "not a HAR file: {what}"),
            HarError::TooManyFailures => {
                write!(f, "more than {MAX_FAILED_ENTRIES} failed entries: not a HAR of one failure")
            }
        }
    }
}

impl std::error::Error for HarError {}

/// Reads a HAR file's bytes. Never panics; see the module docs for the limits.
pub fn read_har(bytes: &[u8]) -> Result<HarReport, HarError> {
    if bytes.len() > MAX_HAR_BYTES {
        return Err(HarError::TooLarge { bytes: bytes.len() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(HarError::Empty);
    }
    let mut collector = Collector::default();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = TopSeed(&mut collector).deserialize(&mut de).and_then(|found| de.end().map(|()| found));
    match found {
        Err(_) if collector.too_many => Err(HarError::TooManyFailures),
        Err(e) => Err(classify(&e)),
        Ok(false) => Err(HarError::NotHar("no log.entries list".to_owned())),
        Ok(true) => Ok(collector.finish()),
    }
}

fn classify(e: &serde_json::Error) -> HarError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => HarError::Truncated,
        Category::Syntax | Category::Io => HarError::NotJson { line: e.line(), column: e.column() },
        Category::Data => {
            let text = e.to_string();
            let what: String = text.chars().take(100).collect();
            HarError::NotHar(what)
        }
    }
}

/// Accumulates failed entries while the file streams past.
#[derive(Default)]
struct Collector {
    entries: Vec<HarEntry>,
    /// (arrival time, site) of each kept entry, for `other_failing_hosts`.
    sites: Vec<(Option<u64>, String)>,
    skipped: usize,
    /// host -> address of its latest successful response so far.
    last_good: HashMap<String, String>,
    next_index: usize,
    too_many: bool,
}

impl Collector {
    fn take(&mut self, raw: RawEntry) -> Result<(), &'static str> {
        let index = self.next_index;
        self.next_index += 1;
        let request = raw.request.0.unwrap_or_default();
        let response = raw.response.0.unwrap_or_default();
        let status = response
            .status
            .0
            .filter(|s| s.fract() == 0.0 && (0.0..1000.0).contains(s))
            .map_or(0, |s| s as u16);
        let url = request.url.0.unwrap_or_default();
        let host = host_of(&url);
        let server_ip = raw
            .server_ip
            .0
            .map(|ip| ip.trim().trim_start_matches('[').trim_end_matches(']').to_owned())
            .filter(|ip| !ip.is_empty());
        let error = response.error.0.or(raw.error.0).filter(|e| !e.trim().is_empty());
        let failed = (500..=599).contains(&status) || status == 429 || (status == 0 && error.is_some());
        if !failed {
            if (200..400).contains(&status) {
                if let (Some(host), Some(ip)) = (host.clone(), server_ip) {
                    self.last_good.insert(host, ip);
                }
            }
            self.skipped += 1;
            return Ok(());
        }
        if self.entries.len() >= MAX_FAILED_ENTRIES {
            self.too_many = true;
            return Err("too many failed entries");
        }
        let content = response.content.0.unwrap_or_default();
        let page_text = content.text.0.map(|t| match content.encoding.0.as_deref() {
            Some(enc) if enc.eq_ignore_ascii_case("base64") => {
                String::from_utf8_lossy(&base64_decode(&t)).into_owned()
            }
            _ => t,
        });
        let received_at_ms = raw.started.0.as_deref().and_then(iso8601_ms).map(|start| {
            let took = raw.time.0.filter(|t| t.is_finite() && *t >= 0.0 && *t < 1e12).unwrap_or(0.0);
            start.saturating_add(took as u64)
        });
        let facts = Facts {
            method: request.method.0.unwrap_or_default(),
            url,
            resource_type: raw.resource_type.0.map(|t| resource_type(&t)).unwrap_or_default(),
            form_field_names: request.post_data.0.map(field_names).unwrap_or_default(),
            status,
            headers: response
                .headers
                .0
                .into_iter()
                .filter_map(|h| h.0)
                .map(|h| (h.name.0.unwrap_or_default(), h.value.0.unwrap_or_default()))
                .collect(),
            from_cache: raw.from_cache.0 || response.from_cache.0,
            last_good_ip: host.as_ref().and_then(|h| self.last_good.get(h)).cloned(),
            server_ip,
            page_text,
            error,
            other_failing_hosts: 0,
            received_at_ms,
            // A capture has no memory of the site's earlier failures beyond itself.
            failing_for_s: None,
        };
        self.sites.push((received_at_ms, host.as_deref().map(site_of).unwrap_or_default()));
        self.entries.push(HarEntry { index, facts });
        Ok(())
    }

    /// Fills `other_failing_hosts`: distinct other sites that failed in the minute up to each failure.
    fn finish(mut self) -> HarReport {
        let mut order: Vec<usize> =
            (0..self.sites.len()).filter(|&i| matches!(self.sites.get(i), Some((Some(_), _)))).collect();
        order.sort_by_key(|&i| self.sites.get(i).and_then(|s| s.0));
        let time = |i: usize| self.sites.get(i).and_then(|s| s.0).unwrap_or(0);
        let site = |i: usize| self.sites.get(i).map_or("", |s| s.1.as_str());
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut lo, mut hi) = (0, 0);
        let mut others = vec![0u32; self.sites.len()];
        for &i in &order {
            let t = time(i);
            while let Some(&j) = order.get(hi).filter(|&&j| time(j) <= t) {
                *counts.entry(site(j)).or_insert(0) += 1;
                hi += 1;
            }
            while let Some(&j) = order.get(lo).filter(|&&j| time(j).saturating_add(FAILING_WINDOW_MS) < t) {
                if let Some(c) = counts.get_mut(site(j)) {
                    *c -= 1;
                    if *c == 0 {
                        counts.remove(site(j));
                    }
                }
                lo += 1;
            }
            let own = usize::from(counts.contains_key(site(i)));
            if let Some(slot) = others.get_mut(i) {
                *slot = u32::try_from(counts.len().saturating_sub(own)).unwrap_or(u32::MAX);
            }
        }
        for (entry, n) in self.entries.iter_mut().zip(others) {
            entry.facts.other_failing_hosts = n;
        }
        HarReport { entries: self.entries, skipped: self.skipped }
    }
}

// ---- streaming structure: { "log": { "entries": [ ... ] } } -------------------------------------

struct TopSeed<'c>(&'c mut Collector);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a HAR object with a \"log\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<Text>()? {
            if key.0.as_deref() == Some("log") && !found {
                found = map.next_value_seed(LogSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

struct LogSeed<'c>(&'c mut Collector);

impl<'de> DeserializeSeed<'de> for LogSeed<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for LogSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"log\" as an object with \"entries\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<Text>()? {
            if key.0.as_deref() == Some("entries") && !found {
                map.next_value_seed(EntriesSeed(&mut *self.0))?;
                found = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

struct EntriesSeed<'c>(&'c mut Collector);

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"log.entries\" as a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<Lenient<RawEntry>>()? {
            self.0.take(entry.0.unwrap_or_default()).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

// ---- one entry, leniently: wrong types become absent fields ---------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEntry {
    #[serde(rename = "startedDateTime")]
    started: Text,
    time: Num,
    request: Lenient<RawRequest>,
    response: Lenient<RawResponse>,
    #[serde(rename = "serverIPAddress")]
    server_ip: Text,
    #[serde(rename = "_resourceType")]
    resource_type: Text,
    #[serde(rename = "_fromCache")]
    from_cache: Flag,
    #[serde(rename = "_error")]
    error: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRequest {
    method: Text,
    url: Text,
    #[serde(rename = "postData")]
    post_data: Lenient<RawPostData>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPostData {
    #[serde(rename = "mimeType")]
    mime_type: Text,
    params: List<RawParam>,
    text: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawParam {
    name: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawResponse {
    status: Num,
    headers: List<RawHeader>,
    content: Lenient<RawContent>,
    #[serde(rename = "_error")]
    error: Text,
    #[serde(rename = "_fromCache")]
    from_cache: Flag,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawHeader {
    name: Text,
    value: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawContent {
    text: Text,
    encoding: Text,
}

/// A string capped at [`TEXT_LIMIT`] bytes; any other JSON value reads as absent.
#[derive(Default)]
struct Text(Option<String>);
/// A number, or a string holding one; anything else reads as absent.
#[derive(Default)]
struct Num(Option<f64>);
/// `true`, a non-empty string other than `"false"` (Chrome's `_fromCache: "disk"`), or a non-zero number.
#[derive(Default)]
struct Flag(bool);
/// An object read as `T`; anything else reads as absent.
struct Lenient<T>(Option<T>);
/// A list of objects, at most [`LIST_LIMIT`] kept; anything else reads as empty.
struct List<T>(Vec<Lenient<T>>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient(None)
    }
}
impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

/// The shared visitor: every JSON shape is accepted; each wrapper keeps what it understands.
enum Seen<T> {
    Str(String),
    Num(f64),
    Bool(bool),
    Obj(T),
    List(Vec<Lenient<T>>),
    Nothing,
}

struct AnyVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for AnyVisitor<T> {
    type Value = Seen<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Seen<T>, E> {
        Ok(Seen::Str(crate::diagnosis::cap_text(v, TEXT_LIMIT).to_owned()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Seen<T>, E> {
        Ok(Seen::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seen<T>, E> {
        Ok(Seen::Num(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seen<T>, E> {
        Ok(Seen::Num(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Seen<T>, E> {
        Ok(Seen::Num(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Seen<T>, E> {
        Ok(Seen::Nothing)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Seen<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Seen::Obj)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen<T>, A::Error> {
        let mut items = Vec::new();
        while items.len() < LIST_LIMIT {
            match seq.next_element::<Lenient<T>>()? {
                Some(item) => items.push(item),
                None => return Ok(Seen::List(items)),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Seen::List(items))
    }
}

fn seen<'de, T: Deserialize<'de>, D: de::Deserializer<'de>>(d: D) -> Result<Seen<T>, D::Error> {
    d.deserialize_any(AnyVisitor(std::marker::PhantomData))
}

/// Scalars need no inner type; `IgnoredAny` drains any object or list they meet.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(match seen::<IgnoredAny, D>(d)? {
            Seen::Str(s) => Some(s),
            _ => None,
        }))
    }
}
impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Num(match seen::<IgnoredAny, D>(d)? {
            Seen::Num(n) => Some(n),
            Seen::Str(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            _ => None,
        }))
    }
}
impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Flag(match seen::<IgnoredAny, D>(d)? {
            Seen::Bool(b) => b,
            Seen::Str(s) => !s.trim().is_empty() && !s.trim().eq_ignore_ascii_case("false"),
            Seen::Num(n) => n != 0.0,
            _ => false,
        }))
    }
}
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Lenient(match seen::<T, D>(d)? {
            Seen::Obj(t) => Some(t),
            _ => None,
        }))
    }
}
impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(List(match seen::<T, D>(d)? {
            Seen::List(items) => items,
            _ => Vec::new(),
        }))
    }
}

// ---- small conversions ----------------------------------------------------------------------------

/// Names of a POST's form fields, never values: `params` when the browser parsed them, else the
/// names of an urlencoded body.
fn field_names(post: RawPostData) -> Vec<String> {
    let mut names: Vec<String> =
        post.params.0.into_iter().filter_map(|p| p.0).filter_map(|p| p.name.0).collect();
    let urlencoded = post.mime_type.0.as_deref().is_some_and(|m| m.contains("x-www-form-urlencoded"));
    if names.is_empty() && urlencoded {
        if let Some(text) = post.text.0 {
            names = text
                .split('&')
                .filter_map(|pair| pair.split('=').next())
                .filter(|n| !n.is_empty())
                .map(|n| n.replace('+', " "))
                .take(LIST_LIMIT)
                .collect();
        }
    }
    names
}

/// Chrome's `_resourceType` in webRequest's vocabulary.
fn resource_type(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "document" => "main_frame".to_owned(),
        "xhr" | "fetch" => "xmlhttprequest".to_owned(),
        other => other.to_owned(),
    }
}

/// The host of a URL, lower-case, without user info or port.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A crude registrable domain (last two labels), so `api.example.com` and `example.com` count as one
/// site. Over-merging (`co.uk`) only lowers the count, which errs on the side of not blaming the VPN.
fn site_of(host: &str) -> String {
    if host.contains(':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host.to_owned();
    }
    let labels: Vec<&str> = host.trim_end_matches('.').rsplit('.').take(2).collect();
    labels.into_iter().rev().collect::<Vec<_>>().join(".")
}

/// `2024-05-01T10:00:00.123Z` or with a `+02:00` offset, as milliseconds since the epoch.
fn iso8601_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-');
    let (y, mo, day) = (d.next()?.parse().ok()?, d.next()?.parse().ok()?, d.next()?.parse().ok()?);
    let (clock, offset_s) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0i64)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (c, off) = (time.get(..at)?, time.get(at..)?);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (oh, om) = off.get(1..)?.split_once(':').unwrap_or((off.get(1..3)?, off.get(3..).unwrap_or("0")));
        (c, sign * (oh.parse::<i64>().ok()? * 3600 + om.parse::<i64>().ok()? * 60))
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut t = hms.split(':');
    let (h, mi, sec): (i64, i64, i64) =
        (t.next()?.parse().ok()?, t.next()?.parse().ok()?, t.next()?.parse().ok()?);
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let millis: i64 = format!("{:0<3}", frac.get(..frac.len().min(3))?).parse().ok()?;
    let epoch = civil_to_epoch(y, mo, day, h * 3600 + mi * 60 + sec)? - offset_s;
    u64::try_from(epoch.checked_mul(1000)?.checked_add(millis)?).ok()
}

/// Standard base64 (RFC 4648 §4); stops at the first byte that is not part of it, so a capped
/// string decodes to a prefix.
fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'\r' | b'\n' | b' ' => continue,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: &str, extra: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","time":120,
               "request":{{"method":"GET","url":"https://shop.example.com/x","headers":[]}},
               "response":{{"status":{status},"headers":[{{"name":"Server","value":"nginx"}}],
                 "content":{{"size":0,"mimeType":"text/html","text":"<center>nginx</center>"}}}}{extra}}}"#
        )
    }

    fn har(entries: &[String]) -> Vec<u8> {
        format!(r#"{{"log":{{"version":"1.2","creator":{{"name":"x"}},"entries":[{}]}}}}"#, entries.join(","))
            .into_bytes()
    }

    #[test]
    fn selects_5xx_429_and_network_errors() {
        let entries = [
            entry("200", ""),
            entry("502", ""),
            entry("429", ""),
            entry("404", ""),
            entry("0", r#","_error":"net::ERR_CONNECTION_REFUSED""#),
            entry("0", ""),
            entry("599", ""),
            entry("600", ""),
        ];
        let report = read_har(&har(&entries)).unwrap();
        let picked: Vec<usize> = report.entries.iter().map(|e| e.index).collect();
        assert_eq!(picked, [1, 2, 4, 6]);
        assert_eq!(report.skipped, 4);
        let first = &report.entries[0].facts;
        assert_eq!(
            (first.method.as_str(), first.url.as_str(), first.status),
            ("GET", "https://shop.example.com/x", 502)
        );
        assert_eq!(first.headers, vec![("Server".to_owned(), "nginx".to_owned())]);
        assert_eq!(first.page_text.as_deref(), Some("<center>nginx</center>"));
        assert_eq!(first.received_at_ms, Some(1_714_557_600_120));
        assert_eq!(report.entries[2].facts.error.as_deref(), Some("net::ERR_CONNECTION_REFUSED"));
    }

    #[test]
    fn chrome_fields() {
        let e = r#"{"_resourceType":"document","_fromCache":"disk","serverIPAddress":"[2001:db8::1]",
            "request":{"method":"POST","url":"https://pay.example.com/checkout",
              "postData":{"mimeType":"application/x-www-form-urlencoded","text":"card=1&cvc=2",
                "params":[{"name":"card_number","value":"4111"},{"name":"cvc","value":"123"}]}},
            "response":{"status":503,"headers":[],"content":{"text":"PGgxPkRvd248L2gxPg==","encoding":"base64"}}}"#;
        let f = &read_har(&har(&[e.to_owned()])).unwrap().entries[0].facts;
        assert_eq!(f.resource_type, "main_frame");
        assert!(f.from_cache);
        assert_eq!(f.server_ip.as_deref(), Some("2001:db8::1"));
        assert_eq!(f.form_field_names, ["card_number", "cvc"]);
        assert_eq!(f.page_text.as_deref(), Some("<h1>Down</h1>"));
        assert!(!format!("{f:?}").contains("4111"), "form values must never be kept");
    }

    #[test]
    fn urlencoded_text_gives_names_only() {
        let e = r#"{"request":{"method":"POST","url":"https://a.example/",
            "postData":{"mimeType":"application/x-www-form-urlencoded","text":"email=a%40b&pass+word=secret"}},
            "response":{"status":500}}"#;
        let f = &read_har(&har(&[e.to_owned()])).unwrap().entries[0].facts;
        assert_eq!(f.form_field_names, ["email", "pass word"]);
    }

    #[test]
    fn last_good_ip_and_other_failing_hosts() {
        let at = |t: &str, url: &str, status: u16, ip: &str| {
            format!(
                r#"{{"startedDateTime":"2024-05-01T10:00:{t}Z","serverIPAddress":"{ip}","request":{{"url":"{url}"}},"response":{{"status":{status}}}}}"#
            )
        };
        let entries = [
            at("00.000", "https://www.site.example/", 200, "198.51.100.7"),
            at("01.000", "https://a.example/", 502, "1.1.1.1"),
            at("02.000", "https://b.example/", 502, "1.1.1.2"),
            at("03.000", "https://cdn.c.example/", 503, "1.1.1.3"),
            at("03.500", "https://api.c.example/", 503, "1.1.1.3"),
            at("04.000", "https://www.site.example/x", 502, "203.0.113.9"),
        ];
        let report = read_har(&har(&entries)).unwrap();
        let last = &report.entries.last().unwrap().facts;
        assert_eq!(last.last_good_ip.as_deref(), Some("198.51.100.7"));
        assert_eq!(last.server_ip.as_deref(), Some("203.0.113.9"));
        assert_eq!(last.other_failing_hosts, 3, "a, b and c (two hosts of one site count once)");
        assert_eq!(report.entries[0].facts.other_failing_hosts, 0);
    }

    #[test]
    fn wrong_types_inside_entries_are_ignored() {
        let odd = [
            r#"{"request":5,"response":{"status":"502","headers":{"a":1},"content":[1,2]}}"#,
            r#"{"response":{"status":503.0,"headers":[null,1,{"name":7,"value":"x"}]}}"#,
            r#"{"response":{"status":1e300}}"#,
            r#"null"#,
            r#"[]"#,
        ];
        let report = read_har(&har(&odd.map(str::to_owned))).unwrap();
        assert_eq!(report.entries.iter().map(|e| e.facts.status).collect::<Vec<_>>(), [502, 503]);
        assert_eq!(report.entries[1].facts.headers, vec![(String::new(), "x".to_owned())]);
        assert_eq!(report.skipped, 3);
    }

    #[test]
    fn errors_name_the_problem() {
        assert_eq!(read_har(b""), Err(HarError::Empty));
        assert_eq!(read_har(b"  \n"), Err(HarError::Empty));
        assert_eq!(read_har(b"<html>"), Err(HarError::NotJson { line: 1, column: 1 }));
        assert_eq!(read_har(br#"{"log":{"entries":[{"response":"#), Err(HarError::Truncated));
        assert!(matches!(read_har(b"[1,2]"), Err(HarError::NotHar(_))));
        assert!(matches!(read_har(br#"{"log":{}}"#), Err(HarError::NotHar(_))));
        assert!(matches!(read_har(br#"{"log":{"entries":{}}}"#), Err(HarError::NotHar(_))));
        assert!(matches!(read_har(br#"{"log":[]}"#), Err(HarError::NotHar(_))));
        assert!(matches!(read_har(br#"{"log":{"entries":[]}} trailing"#), Err(HarError::NotJson { .. })));
        assert_eq!(read_har(b"\xEF\xBB\xBF{\"log\":{\"entries\":[]}}").map(|r| r.skipped), Ok(0));
        for e in [
            HarError::Empty,
            HarError::Truncated,
            HarError::TooLarge { bytes: 1 << 30 },
            HarError::TooManyFailures,
        ] {
            assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn too_large_is_refused_before_parsing() {
        let big = vec![b' '; MAX_HAR_BYTES + 1];
        assert_eq!(read_har(&big), Err(HarError::TooLarge { bytes: MAX_HAR_BYTES + 1 }));
    }

    #[test]
    fn deep_nesting_never_overflows_the_stack() {
        // Unknown fields are skipped without recursion; fields we read hit serde_json's depth limit.
        let (open, close) = ("[".repeat(100_000), "]".repeat(100_000));
        let skipped = format!(r#"{{"log":{{"entries":[{{"x":{open}{close}}}]}}}}"#);
        assert_eq!(read_har(skipped.as_bytes()).map(|r| r.skipped), Ok(1));
        let read = format!(r#"{{"log":{{"entries":[{{"request":{{"method":{open}{close}}}}}]}}}}"#);
        assert!(read_har(read.as_bytes()).is_err());
    }

    #[test]
    fn long_strings_and_lists_are_capped() {
        let body = "x".repeat(1_000_000);
        let headers = vec![r#"{"name":"a","value":"b"}"#; 10_000].join(",");
        let e =
            format!(r#"{{"response":{{"status":500,"headers":[{headers}],"content":{{"text":"{body}"}}}}}}"#);
        let f = &read_har(&har(&[e])).unwrap().entries[0].facts;
        assert_eq!(f.page_text.as_ref().map(String::len), Some(TEXT_LIMIT));
        assert_eq!(f.headers.len(), LIST_LIMIT);
    }

    #[test]
    fn iso8601_forms() {
        assert_eq!(iso8601_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(iso8601_ms("1970-01-01T01:00:00.5+01:00"), Some(500));
        assert_eq!(iso8601_ms("1970-01-01T00:00:01.250-00:00"), Some(1250));
        assert_eq!(iso8601_ms("2024-13-01T00:00:00Z"), None);
        assert_eq!(iso8601_ms("garbage"), None);
    }

    #[test]
    fn hosts_and_sites() {
        assert_eq!(host_of("https://user@API.Example.com:8443/x?y").as_deref(), Some("api.example.com"));
        assert_eq!(host_of("http://[2001:db8::1]:80/").as_deref(), Some("2001:db8::1"));
        assert_eq!(host_of("data:text/plain,hi"), None);
        assert_eq!(site_of("a.b.example.com"), "example.com");
        assert_eq!(site_of("10.0.0.1"), "10.0.0.1");
    }

    #[test]
    fn base64_prefixes() {
        assert_eq!(base64_decode("aGVsbG8="), b"hello");
        assert_eq!(base64_decode("aGVsbG8"), b"hello");
        assert_eq!(base64_decode("aGVs\nbG8=!!"), b"hello");
    }
}
