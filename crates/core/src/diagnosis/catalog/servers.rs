//! Proxies and web servers (vendors.md §1-12), and the application itself.

use super::super::signals::Cond::*;
use super::super::signals::{ErrorHeader, Is, Signature};
use super::super::{Failure as F, Vendor};
use super::*;

// §5
pub(super) const VARNISH: Entry = Entry {
    vendor: Vendor::Varnish,
    layer: 3,
    seen: &[any("x-varnish"), h("server", Is::Eq("varnish"))],
    via_tokens: &["(varnish/", "varnish-v4"],
    bodies: &[sig(&[Phrase("guru meditation"), Phrase("varnish cache server")])],
    headers: &[sig(&[Has(h("server", Is::Eq("varnish"))), Has(any("x-varnish"))])],
    // "Backend fetch failed" covers refused, timeouts, invalid responses and no healthy backend.
    statuses: UNKNOWN_ANY,
    ..BLANK
};

// §6 (and §7 istio, §18 Envoy-based Google load balancers, by refinement)
pub(super) const ENVOY: Entry = Entry {
    vendor: Vendor::Envoy,
    layer: 3,
    seen: &[h("server", Is::Eq("envoy")), any("x-envoy-*")],
    explicit: &[Signature {
        all: &[Has(h("x-envoy-overloaded", Is::Eq("true")))],
        statuses: &[gw(0, F::NoBackend)],
    }],
    bodies: &[
        sig(&[StartsWith("upstream connect error or disconnect/reset before headers")]),
        sig(&[Whole("no healthy upstream")]),
        sig(&[Whole("upstream request timeout")]),
        sig(&[Whole("maintenance mode")]),
        sig(&[Whole("upstream max stream duration reached")]),
    ],
    // No x-envoy-upstream-service-time: the upstream's headers never arrived (router.cc).
    headers: &[sig(&[
        Has(h("server", Is::Contains("envoy"))),
        Lacks(any("x-envoy-upstream-service-time")),
        BlankOrAbsent,
        GATEWAY_5XX,
    ])],
    answered: &[sig(&[Has(any("x-envoy-upstream-service-time"))])],
    sentences: &[
        ("tls_error", F::Tls),
        ("protocol error", F::InvalidResponse),
        ("overload manager reset", F::NoBackend),
        ("reset reason: overflow", F::NoBackend),
        ("connection timeout", F::Timeout),
        ("connection failure", F::Refused),
        ("connection termination", F::InvalidResponse),
        ("remote refused stream reset", F::InvalidResponse),
        ("remote reset", F::InvalidResponse),
        ("local reset", F::InvalidResponse),
        ("no healthy upstream", F::NoBackend),
        ("maintenance mode", F::NoBackend),
        ("upstream request timeout", F::Timeout),
        ("upstream max stream duration reached", F::Timeout),
    ],
    statuses: &[gw(503, F::NoBackend), gw(504, F::Timeout), gw(0, F::Unknown)],
    refine: &[
        (h("server", Is::Eq("istio-envoy")), Vendor::Istio),
        (h("via", Is::Contains("google")), Vendor::GoogleFrontend),
    ],
    ..BLANK
};

// §4: HAProxy's exact built-in bodies.
pub(super) const HAPROXY: Entry = Entry {
    vendor: Vendor::Haproxy,
    layer: 3,
    bodies: &[
        sig(&[Phrase("no server is available to handle this request."), MaxLines(2)]),
        sig(&[Phrase("the server returned an invalid or incomplete response."), MaxLines(2)]),
        sig(&[Phrase("the server didn't respond in time."), MaxLines(2)]),
        sig(&[Heading, Phrase("an internal server error occurred."), MaxLines(2)]),
    ],
    // 503 is a refused connect, a connect timeout or no server, with one page for all: unknown.
    statuses: &[gw(502, F::InvalidResponse), gw(504, F::Timeout), gw(0, F::Unknown)],
    ..BLANK
};

// §3
pub(super) const APACHE: Entry = Entry {
    vendor: Vendor::Apache,
    layer: 4,
    seen: &[h("server", Is::Prefix("apache"))],
    bodies: &[
        sig(&[Phrase("proxy error"), Phrase("the proxy server")]),
        sig(&[Phrase("the proxy server received an invalid")]),
        sig(&[Footer("apache"), Phrase(" server at ")]),
        sig(&[Phrase(
            "temporarily unable to service your request due to maintenance downtime or capacity problems",
        )]),
        sig(&[Phrase(
            "the gateway did not receive a timely response from the upstream server or application",
        )]),
    ],
    sentences: &[
        // mod_proxy_http does not tell a read timeout from garbage here.
        ("error reading from remote server", F::Unknown),
        ("dns lookup failure", F::Dns),
        ("error during ssl handshake", F::Tls),
        ("corrupt status line", F::InvalidResponse),
        ("malformed connection header", F::InvalidResponse),
        ("interim responses", F::InvalidResponse),
        ("did not receive a timely response", F::Timeout),
    ],
    // 503 without Proxy Error notes is AH01114, "failed to make connection to backend". A 502
    // without the "Error reading from remote server" reason is a bad status line or header.
    statuses: &[gw(502, F::InvalidResponse), gw(503, F::Refused), gw(504, F::Timeout), gw(0, F::Unknown)],
    ..BLANK
};

// §10
pub(super) const SQUID: Entry = Entry {
    vendor: Vendor::Squid,
    layer: 0,
    seen: &[any("x-squid-error"), h("server", Is::Prefix("squid"))],
    via_tokens: &["(squid"],
    error_header: Some(ErrorHeader {
        name: "x-squid-error",
        codes: &[
            ("err_connect_fail 110", F::Timeout),
            ("err_connect_fail", F::Refused),
            ("err_dns_fail", F::Dns),
            ("err_read_timeout", F::Timeout),
            ("err_invalid_resp", F::InvalidResponse),
            // errno 0: Squid never reached the peer to read from it (seen when the backend refused
            // at start), so the name says nothing about the response.
            ("err_read_error 0", F::Unknown),
            ("err_read_error", F::InvalidResponse),
            ("err_zero_size_object", F::InvalidResponse),
            ("err_secure_connect_fail", F::Tls),
            ("err_cannot_forward", F::NoBackend),
        ],
    }),
    explicit: &[sig(&[Has(any("x-squid-error"))])],
    bodies: &[sig(&[Phrase("the requested url could not be retrieved")])],
    sentences: &[
        ("(111) connection refused", F::Refused),
        ("(110) connection timed out", F::Timeout),
        ("unable to determine ip address", F::Dns),
        ("read timeout", F::Timeout),
        ("zero sized reply", F::InvalidResponse),
        ("invalid response", F::InvalidResponse),
        ("failed to establish a secure connection", F::Tls),
    ],
    statuses: UNKNOWN_ANY,
    local_proxy: true,
    ..BLANK
};

// §11
pub(super) const IIS: Entry = Entry {
    vendor: Vendor::Iis,
    layer: 4,
    seen: &[h("server", Is::Prefix("microsoft-iis")), h("server", Is::Prefix("microsoft-httpapi"))],
    bodies: &[
        sig(&[Phrase("web server received an invalid response while acting as a gateway or proxy server")]),
        sig(&[Phrase("http error 503. the service is unavailable.")]),
        sig(&[Phrase("http error 502.")]),
        sig(&[Phrase("http error 500.3")]),
    ],
    headers: &[Signature {
        all: &[Has(h("server", Is::Prefix("microsoft-httpapi")))],
        statuses: &[gw(503, F::NoBackend), gw(0, F::Unknown)],
    }],
    sentences: &[
        ("0x80072ee2", F::Timeout),
        ("0x80072efd", F::Refused),
        ("0x80072f78", F::InvalidResponse),
        ("0x80072ee7", F::Dns),
        ("0x80072f8f", F::Tls),
        ("0x80072f7d", F::Tls),
        ("http error 502.4", F::NoBackend),
        ("http error 502.5", F::AppError),
        ("http error 500.3", F::AppError),
        ("the service is unavailable", F::NoBackend),
    ],
    statuses: &[gw(503, F::NoBackend), gw(0, F::Unknown)],
    refine: &[(h("server", Is::Prefix("microsoft-azure-application-gateway")), Vendor::AzureAppGateway)],
    ..BLANK
};

// §12
pub(super) const KONG: Entry = Entry {
    vendor: Vendor::Kong,
    layer: 3,
    seen: &[h("server", Is::Prefix("kong/")), any("x-kong-*")],
    via_tokens: &["kong/"],
    bodies: &[
        sig(&[AnyPhrase(KONG_MESSAGES), Phrase("request_id")]),
        sig(&[AnyPhrase(KONG_MESSAGES), Has(h("server", Is::Prefix("kong/")))]),
        sig(&[AnyPhrase(KONG_MESSAGES), Has(h("via", Is::Contains("kong/")))]),
        sig(&[AnyPhrase(KONG_MESSAGES), Has(any("x-kong-*"))]),
    ],
    // `Server: kong/...` only when Kong answered before proxying.
    headers: &[sig(&[Has(h("server", Is::Prefix("kong/")))])],
    answered: &[sig(&[Has(any("x-kong-upstream-latency"))])],
    sentences: &[
        ("the upstream server is timing out", F::Timeout),
        // nginx's 502 family: refused or invalid.
        ("an invalid response was received from the upstream server", F::Unknown),
        ("the upstream server is currently unavailable", F::NoBackend),
        ("failure to get a peer from the", F::NoBackend),
        ("name resolution failed", F::Dns),
        ("no service found with those values", F::NoBackend),
    ],
    statuses: UNKNOWN_ANY,
    ..BLANK
};

// §8: generic strings, so only with no Server header and the status they go with.
pub(super) const TRAEFIK: Entry = Entry {
    vendor: Vendor::Traefik,
    layer: 3,
    bodies: &[
        sig(&[Whole("bad gateway"), Status(&[(502, 502)]), Lacks(any("server"))]),
        sig(&[Whole("gateway timeout"), Status(&[(504, 504)]), Lacks(any("server"))]),
        sig(&[Whole("no available server"), Status(&[(503, 503)]), Lacks(any("server"))]),
    ],
    statuses: PROXY_STATUSES,
    ..BLANK
};

// §1, §27.1: the nginx template, identified by its footer token.
pub(super) const NGINX: Entry = Entry {
    vendor: Vendor::Nginx,
    layer: 4,
    seen: &[SERVER_NGINX],
    bodies: &[sig(&[Heading, Footer("nginx")])],
    // Without a body, a 502-504 under `Server: nginx` is almost always nginx's own: applications
    // rarely send those statuses.
    headers: &[sig(&[Has(SERVER_NGINX), Absent, GATEWAY_5XX])],
    statuses: PROXY_STATUSES,
    ..BLANK
};

// §2
pub(super) const OPENRESTY: Entry = Entry {
    vendor: Vendor::Openresty,
    layer: 4,
    seen: &[h("server", Is::Prefix("openresty"))],
    bodies: &[sig(&[Heading, Footer("openresty")])],
    headers: &[sig(&[Has(h("server", Is::Prefix("openresty"))), Absent, GATEWAY_5XX])],
    statuses: PROXY_STATUSES,
    refine: &[(h("server", Is::Prefix("kong/")), Vendor::Kong)],
    ..BLANK
};

// §7: identified through Envoy's pages (refine).
pub(super) const ISTIO: Entry =
    Entry { vendor: Vendor::Istio, layer: 3, seen: &[h("server", Is::Eq("istio-envoy"))], ..BLANK };

// §9
pub(super) const CADDY: Entry = Entry {
    vendor: Vendor::Caddy,
    layer: 4,
    seen: &[h("server", Is::Eq("caddy"))],
    via_tokens: &["caddy"],
    headers: &[sig(&[Has(h("server", Is::Eq("caddy"))), BlankOrAbsent])],
    answered: &[sig(&[Has(h("via", Is::Contains("caddy")))])],
    statuses: PROXY_STATUSES,
    ..BLANK
};

// UNVERIFIED (not in vendors.md): lighttpd's error page is the bare `NNN Reason` template.
pub(super) const LIGHTTPD: Entry = Entry {
    vendor: Vendor::Lighttpd,
    layer: 4,
    seen: &[h("server", Is::Prefix("lighttpd"))],
    bodies: &[sig(&[Has(h("server", Is::Prefix("lighttpd"))), BareTemplate])],
    headers: &[sig(&[Has(h("server", Is::Prefix("lighttpd"))), BlankOrAbsent, GATEWAY_5XX])],
    statuses: &[gw(504, F::Timeout), gw(0, F::Unknown)],
    ..BLANK
};

// UNVERIFIED (not in vendors.md): h2o answers proxy errors with a one-line plain-text reason.
pub(super) const H2O: Entry = Entry {
    vendor: Vendor::H2o,
    layer: 4,
    seen: &[h("server", Is::Prefix("h2o"))],
    bodies: &[sig(&[
        Has(h("server", Is::Prefix("h2o"))),
        MaxLines(1),
        AnyPhrase(&["connection refused", "timeout", "i/o error", "upstream error", "name resolution"]),
    ])],
    headers: &[sig(&[Has(h("server", Is::Prefix("h2o"))), Absent, GATEWAY_5XX])],
    sentences: &[
        ("connection refused", F::Refused),
        ("timeout", F::Timeout),
        ("name resolution", F::Dns),
        ("i/o error", F::InvalidResponse),
    ],
    statuses: PROXY_STATUSES,
    ..BLANK
};

// UNVERIFIED (not in vendors.md): tinyproxy's pages end with "Generated by tinyproxy version x".
pub(super) const TINYPROXY: Entry = Entry {
    vendor: Vendor::Tinyproxy,
    layer: 0,
    seen: &[h("server", Is::Prefix("tinyproxy"))],
    via_tokens: &["tinyproxy"],
    bodies: &[
        sig(&[Phrase("generated by tinyproxy")]),
        sig(&[Has(h("server", Is::Prefix("tinyproxy"))), Present]),
    ],
    sentences: &[
        ("connection refused", F::Refused),
        ("connection timed out", F::Timeout),
        ("name or service not known", F::Dns),
    ],
    statuses: UNKNOWN_ANY,
    local_proxy: true,
    ..BLANK
};

// The application answered (step 4): a framework's error page; or, for the statuses applications
// send (500, 503), a written page that no gateway signature above claimed. Gateways make their own
// errors from fixed templates (or empty bodies), so prose they do not recognise came from upstream.
// 502/504 are left alone: there an unrecognised page is as likely a custom gateway error page.
pub(super) const APPLICATION: Entry = Entry {
    vendor: Vendor::Unknown,
    answered: &[
        sig(&[AnyPhrase(FRAMEWORK_PAGES)]),
        sig(&[Status(&[(500, 500), (503, 503)]), Prose(APP_PAGE_WORDS)]),
    ],
    ..BLANK
};
