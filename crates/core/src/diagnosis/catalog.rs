//! The vendor catalog: everything the engine knows about who makes 5xx responses, as one table of data.
//! Source: `shared/spec/vendors.md` (section numbers below); the rules that walk it are in `mod.rs`
//! and follow §28's order. Phrases are lower-case and match the normalised page (`text.rs`), so the
//! HTML of a HAR body and a content script's visible text hit the same markers.
//!
//! Entries marked UNVERIFIED carry knowledge the spec does not source (lighttpd, h2o, tinyproxy are in
//! the vocabulary of `diagnosis.md` but not in `vendors.md`); their signatures are kept narrow.

mod edge;
mod servers;

use super::signals::Cond::{self, *};
use super::signals::{ErrorHeader, Header, Is, Meaning, Signature};
use super::{Failure as F, GeneratedBy, Vendor};

/// One vendor: how to see it on the path, how to recognise its own error responses (by step of §28),
/// and what its statuses and sentences mean.
#[derive(Debug)]
pub(crate) struct Entry {
    pub vendor: Vendor,
    /// Position among intermediaries, outermost (the browser side) first: 0 forward proxies,
    /// 1 CDNs, 2 platforms and load balancers, 3 proxies, 4 web servers.
    pub layer: u8,
    /// Headers showing the response passed through this vendor (for `via`).
    pub seen: &'static [Header],
    /// Substrings of one `Via` element naming this vendor (`1.1 vegur`, `... (CloudFront)`).
    pub via_tokens: &'static [&'static str],
    /// Step 1: a header carrying the platform's own error code.
    pub error_header: Option<ErrorHeader>,
    /// Step 1: explicit platform error headers.
    pub explicit: &'static [Signature],
    /// Step 2: body signatures (walked in table order: the order of §28 step 2).
    pub bodies: &'static [Signature],
    /// Step 3: header-only identification of a gateway-made response.
    pub headers: &'static [Signature],
    /// Step 4: evidence that the upstream answered, so the origin made the error.
    pub answered: &'static [Signature],
    /// Step 5: statuses only this vendor uses.
    pub by_status: &'static [Signature],
    /// Sentences of its error pages, first match decides the failure.
    pub sentences: &'static [(&'static str, F)],
    /// Status meanings when this vendor made the response.
    pub statuses: &'static [Meaning],
    /// A more specific vendor when a header says so (Fastly serving GitHub Pages).
    pub refine: &'static [(Header, Vendor)],
    /// A forward proxy, usually on the user's side: suggest toggling the VPN/proxy.
    pub local_proxy: bool,
}

const BLANK: Entry = Entry {
    vendor: Vendor::Unknown,
    layer: 4,
    seen: &[],
    via_tokens: &[],
    error_header: None,
    explicit: &[],
    bodies: &[],
    headers: &[],
    answered: &[],
    by_status: &[],
    sentences: &[],
    statuses: &[],
    refine: &[],
    local_proxy: false,
};

const fn h(name: &'static str, is: Is) -> Header {
    Header { name, is }
}
const fn any(name: &'static str) -> Header {
    Header { name, is: Is::Any }
}
const fn sig(all: &'static [Cond]) -> Signature {
    Signature { all, statuses: &[] }
}
const fn gw(status: u16, failure: F) -> Meaning {
    Meaning { status, failure, by: GeneratedBy::Gateway }
}
const fn origin(status: u16, failure: F) -> Meaning {
    Meaning { status, failure, by: GeneratedBy::Origin }
}

const SERVER_NGINX: Header = h("server", Is::Prefix("nginx"));
const GATEWAY_5XX: Cond = Status(&[(502, 504)]);
/// The common reading of a proxy's own 502/503/504: 502 could be refused, invalid, DNS or TLS.
const PROXY_STATUSES: &[Meaning] =
    &[gw(502, F::Unknown), gw(503, F::NoBackend), gw(504, F::Timeout), gw(0, F::Unknown)];
const UNKNOWN_ANY: &[Meaning] = &[gw(0, F::Unknown)];

const KONG_MESSAGES: &[&str] = &[
    "an invalid response was received from the upstream server",
    "the upstream server is timing out",
    "the upstream server is currently unavailable",
    "failure to get a peer from the",
    "name resolution failed",
    "an unexpected error occurred",
    "no service found with those values",
];

/// A page with at least this many words is written prose (an application's page), not a status phrase
/// such as `Service Unavailable` or `Internal Server Error` that any server may send.
const APP_PAGE_WORDS: usize = 8;

/// Error pages of application frameworks: the application answered (step 4).
const FRAMEWORK_PAGES: &[&str] = &[
    "server error in '/' application",
    "an unhandled exception occurred while processing the request",
    "traceback (most recent call last)",
    "whitelabel error page",
    "we're sorry, but something went wrong",
    "application error: a server-side exception has occurred",
    "server error (500)",
    "there is an error in the application",
    "fatal error: uncaught",
];

/// The catalog. Order matters only within a step, where the first matching signature wins.
pub(crate) static CATALOG: &[Entry] = &[
    edge::CLOUDFLARE,
    edge::CLOUDFRONT,
    edge::AKAMAI,
    edge::FASTLY,
    servers::VARNISH,
    servers::ENVOY,
    edge::HEROKU,
    edge::AZURE_FRONT_DOOR,
    edge::GOOGLE_FRONTEND,
    servers::HAPROXY,
    servers::APACHE,
    servers::SQUID,
    servers::IIS,
    servers::KONG,
    servers::TRAEFIK,
    servers::NGINX,
    servers::OPENRESTY,
    edge::AZURE_APP_GATEWAY,
    edge::AWS_ELB,
    edge::VERCEL,
    edge::NETLIFY,
    edge::FLY,
    edge::RENDER,
    edge::GITHUB_PAGES,
    servers::ISTIO,
    servers::CADDY,
    servers::LIGHTTPD,
    servers::H2O,
    servers::TINYPROXY,
    servers::APPLICATION,
];

/// Browser network errors for status 0 (Chromium `net::ERR_*`, Firefox `NS_ERROR_*` / NSS), matched
/// as upper-case substrings, first match wins.
pub(crate) static NET_ERRORS: &[(&str, F)] = &[
    ("PROXY", F::Unknown),
    ("TUNNEL_CONNECTION_FAILED", F::Unknown),
    ("NAME_NOT_RESOLVED", F::Dns),
    ("NAME_RESOLUTION_FAILED", F::Dns),
    ("DNS_", F::Dns),
    ("UNKNOWN_HOST", F::Dns),
    ("CONNECTION_REFUSED", F::Refused),
    ("CONNECTION_RESET", F::Refused),
    ("CONNECTION_CLOSED", F::Refused),
    ("CONNECTION_ABORTED", F::Refused),
    ("ADDRESS_UNREACHABLE", F::Refused),
    ("NET_RESET", F::Refused),
    ("NET_INTERRUPT", F::Refused),
    ("TIMED_OUT", F::Timeout),
    ("NET_TIMEOUT", F::Timeout),
    ("CERT", F::Tls),
    ("SSL", F::Tls),
    ("SEC_ERROR", F::Tls),
    ("EMPTY_RESPONSE", F::InvalidResponse),
    ("INVALID_RESPONSE", F::InvalidResponse),
    ("INVALID_HTTP_RESPONSE", F::InvalidResponse),
    ("RESPONSE_HEADERS", F::InvalidResponse),
    ("CONTENT_LENGTH_MISMATCH", F::InvalidResponse),
    ("INCOMPLETE_CHUNKED_ENCODING", F::InvalidResponse),
    ("HTTP2_PROTOCOL_ERROR", F::InvalidResponse),
    ("PARTIAL_TRANSFER", F::InvalidResponse),
    ("CORRUPTED_CONTENT", F::InvalidResponse),
];

/// Net errors that point at the user's own side (a proxy, a VPN, the connection itself).
pub(crate) static LOCAL_NET_ERRORS: &[&str] =
    &["PROXY", "TUNNEL_CONNECTION_FAILED", "INTERNET_DISCONNECTED", "NETWORK_CHANGED"];

/// Net errors an extension or content blocker causes.
pub(crate) static BLOCKED_NET_ERRORS: &[&str] = &["BLOCKED_BY_CLIENT", "BLOCKED_BY_EXTENSION"];
