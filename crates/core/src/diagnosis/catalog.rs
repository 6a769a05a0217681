//! The vendor catalog: everything the engine knows about who makes 5xx responses, as one table of data.
//! Source: `shared/spec/vendors.md` (section numbers below); the rules that walk it are in `mod.rs`
//! and follow §28's order. Phrases are lower-case and match the normalised page (`text.rs`), so the
//! HTML of a HAR body and a content script's visible text hit the same markers.
//!
//! Entries marked UNVERIFIED carry knowledge the spec does not source (lighttpd, h2o, tinyproxy are in
//! the vocabulary of `diagnosis.md` but not in `vendors.md`); their signatures are kept narrow.

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
    // §13
    Entry {
        vendor: Vendor::Cloudflare,
        layer: 1,
        seen: &[any("cf-ray"), h("server", Is::Prefix("cloudflare")), any("cf-cache-status")],
        bodies: &[
            sig(&[Html("cf-error-details")]),
            sig(&[Phrase("cloudflare ray id")]),
            sig(&[CodeLine("error code:")]),
            Signature {
                all: &[Heading, Footer("cloudflare")],
                statuses: &[gw(503, F::Unknown), gw(0, F::Unknown)],
            },
            Signature { all: &[Heading, Footer("cloudflare-nginx")], statuses: &[gw(0, F::Unknown)] },
        ],
        answered: &[sig(&[Has(any("cf-ray")), Known, NotStatus(&[(502, 502), (504, 504), (520, 530)])])],
        by_status: &[sig(&[Status(&[(520, 527), (530, 530)])])],
        sentences: &[
            ("error code: 1016", F::Dns),
            ("error 1016", F::Dns),
            ("origin dns error", F::Dns),
            ("error code: 1001", F::Dns),
            ("error 1001", F::Dns),
            ("error code: 1004", F::Dns),
            ("error 1004", F::Dns),
            ("error code: 1033", F::NoBackend),
            ("error 1033", F::NoBackend),
            ("error code: 1101", F::AppError),
            ("error 1101", F::AppError),
            ("error code: 1102", F::AppError),
            ("error 1102", F::AppError),
            ("error code: 1015", F::NoBackend),
            ("error 1015", F::NoBackend),
        ],
        statuses: &[
            gw(520, F::InvalidResponse),
            gw(521, F::Refused),
            gw(522, F::Timeout),
            gw(523, F::Refused),
            gw(524, F::Timeout),
            gw(525, F::Tls),
            gw(526, F::Tls),
            // A branded 502/504 replaces the origin tier's own 502/504 (§13, §27.3).
            origin(502, F::InvalidResponse),
            origin(504, F::Timeout),
            gw(429, F::NoBackend),
            gw(0, F::Unknown),
        ],
        ..BLANK
    },
    // §14
    Entry {
        vendor: Vendor::Cloudfront,
        layer: 1,
        seen: &[any("x-amz-cf-id"), any("x-amz-cf-pop"), h("server", Is::Eq("cloudfront"))],
        via_tokens: &["cloudfront"],
        bodies: &[sig(&[Phrase("generated by cloudfront (cloudfront)")])],
        headers: &[sig(&[Has(h("server", Is::Eq("cloudfront")))])],
        answered: &[sig(&[Has(any("x-amz-cf-id")), Lacks(h("server", Is::Eq("cloudfront"))), Present])],
        sentences: &[
            // Contains "the origin closed the connection" too, so it must come first.
            ("cloudfront attempted to establish a connection with the origin", F::Timeout),
            ("wasn't able to resolve the origin domain name", F::Dns),
            ("the origin closed the connection", F::InvalidResponse),
            // Refused or TLS: the docs give both causes for this sentence.
            ("wasn't able to connect to the origin", F::Unknown),
            ("lambda function", F::AppError),
            ("cloudfront function", F::AppError),
        ],
        statuses: &[gw(502, F::Unknown), gw(503, F::NoBackend), gw(504, F::Timeout), gw(0, F::Unknown)],
        ..BLANK
    },
    // §16
    Entry {
        vendor: Vendor::Akamai,
        layer: 1,
        seen: &[h("server", Is::Eq("akamaighost")), any("x-akamai-*"), h("x-cache", Is::Contains("akamai"))],
        bodies: &[
            sig(&[Html("reference&#32;&#35;")]),
            sig(&[AkamaiReference]),
            sig(&[Phrase("errors.edgesuite.net")]),
        ],
        headers: &[sig(&[Has(h("server", Is::Eq("akamaighost")))])],
        // Reference-number prefixes (third-party table, UNVERIFIED against Akamai's docs).
        sentences: &[
            ("reference #1.", F::Timeout),
            ("reference #3.", F::InvalidResponse),
            ("reference #4.", F::InvalidResponse),
            ("reference #6.", F::Refused),
            ("reference #9.", F::NoBackend),
            ("reference #11.", F::Dns),
            ("reference #15.", F::InvalidResponse),
            ("reference #30.", F::Tls),
            ("reference #97.", F::Timeout),
        ],
        statuses: &[gw(504, F::Timeout), gw(0, F::Unknown)],
        ..BLANK
    },
    // §17
    Entry {
        vendor: Vendor::Fastly,
        layer: 1,
        seen: &[h("x-served-by", Is::Prefix("cache-")), any("x-fastly-request-id"), any("fastly-restarts")],
        bodies: &[sig(&[Phrase("guru mediation"), Phrase("details: cache-")])],
        sentences: &[
            ("first byte timeout", F::Timeout),
            ("between bytes timeout", F::Timeout),
            ("connection timed out", F::Timeout),
            ("backend read error", F::Timeout),
            ("connection refused", F::Refused),
            ("backend is unhealthy", F::NoBackend),
            ("all backends failed or unhealthy", F::NoBackend),
            ("no healthy ip available", F::NoBackend),
            ("quorum weight not reached", F::NoBackend),
            ("maximum threads for service reached", F::NoBackend),
            ("unknown domain", F::NoBackend),
            ("hostname mismatch", F::Tls),
            ("certificate has expired", F::Tls),
            ("unable to get local issuer certificate", F::Tls),
            ("self signed certificate", F::Tls),
            ("unable to verify the first certificate", F::Tls),
            ("illegal vary header from backend", F::InvalidResponse),
            ("response object too large", F::InvalidResponse),
        ],
        statuses: UNKNOWN_ANY,
        refine: &[
            (any("x-github-request-id"), Vendor::GithubPages),
            (h("server", Is::Eq("github.com")), Vendor::GithubPages),
        ],
        ..BLANK
    },
    // §5
    Entry {
        vendor: Vendor::Varnish,
        layer: 3,
        seen: &[any("x-varnish"), h("server", Is::Eq("varnish"))],
        via_tokens: &["(varnish/", "varnish-v4"],
        bodies: &[sig(&[Phrase("guru meditation"), Phrase("varnish cache server")])],
        headers: &[sig(&[Has(h("server", Is::Eq("varnish"))), Has(any("x-varnish"))])],
        // "Backend fetch failed" covers refused, timeouts, invalid responses and no healthy backend.
        statuses: UNKNOWN_ANY,
        ..BLANK
    },
    // §6 (and §7 istio, §18 Envoy-based Google load balancers, by refinement)
    Entry {
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
    },
    // §23
    Entry {
        vendor: Vendor::Heroku,
        layer: 2,
        seen: &[h("server", Is::Eq("heroku"))],
        via_tokens: &["vegur", "heroku-router"],
        bodies: &[
            sig(&[Html("herokucdn.com/error-pages/")]),
            // Visible text of the iframe-only page is just its title.
            sig(&[Whole("application error"), Has(h("via", Is::Contains("vegur")))]),
            sig(&[Whole("application error"), Has(h("via", Is::Contains("heroku")))]),
        ],
        answered: &[sig(&[Has(h("via", Is::Contains("vegur"))), Present])],
        sentences: &[("maintenance-mode", F::NoBackend), ("offline for maintenance", F::NoBackend)],
        // Every router error is a 503 and the H-code is only in the logs.
        statuses: UNKNOWN_ANY,
        ..BLANK
    },
    // §19
    Entry {
        vendor: Vendor::AzureFrontDoor,
        layer: 1,
        seen: &[any("x-azure-ref"), any("x-msedge-ref")],
        bodies: &[sig(&[Phrase("our services aren't available right now")])],
        statuses: &[gw(504, F::Timeout), gw(0, F::Unknown)],
        ..BLANK
    },
    // §18
    Entry {
        vendor: Vendor::GoogleFrontend,
        layer: 2,
        seen: &[h("server", Is::Eq("google frontend"))],
        via_tokens: &["google"],
        bodies: &[
            sig(&[Phrase("error: server error"), Phrase("please try again in 30 seconds")]),
            sig(&[Phrase("that's an error.")]),
        ],
        statuses: &[
            gw(500, F::AppError),
            gw(502, F::Unknown),
            gw(503, F::NoBackend),
            gw(504, F::Timeout),
            gw(0, F::Unknown),
        ],
        ..BLANK
    },
    // §4: HAProxy's exact built-in bodies.
    Entry {
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
    },
    // §3
    Entry {
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
    },
    // §10
    Entry {
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
    },
    // §11
    Entry {
        vendor: Vendor::Iis,
        layer: 4,
        seen: &[h("server", Is::Prefix("microsoft-iis")), h("server", Is::Prefix("microsoft-httpapi"))],
        bodies: &[
            sig(&[Phrase(
                "web server received an invalid response while acting as a gateway or proxy server",
            )]),
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
    },
    // §12
    Entry {
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
    },
    // §8: generic strings, so only with no Server header and the status they go with.
    Entry {
        vendor: Vendor::Traefik,
        layer: 3,
        bodies: &[
            sig(&[Whole("bad gateway"), Status(&[(502, 502)]), Lacks(any("server"))]),
            sig(&[Whole("gateway timeout"), Status(&[(504, 504)]), Lacks(any("server"))]),
            sig(&[Whole("no available server"), Status(&[(503, 503)]), Lacks(any("server"))]),
        ],
        statuses: PROXY_STATUSES,
        ..BLANK
    },
    // §1, §27.1: the nginx template, identified by its footer token.
    Entry {
        vendor: Vendor::Nginx,
        layer: 4,
        seen: &[SERVER_NGINX],
        bodies: &[sig(&[Heading, Footer("nginx")])],
        // Without a body, a 502-504 under `Server: nginx` is almost always nginx's own: applications
        // rarely send those statuses.
        headers: &[sig(&[Has(SERVER_NGINX), Absent, GATEWAY_5XX])],
        statuses: PROXY_STATUSES,
        ..BLANK
    },
    // §2
    Entry {
        vendor: Vendor::Openresty,
        layer: 4,
        seen: &[h("server", Is::Prefix("openresty"))],
        bodies: &[sig(&[Heading, Footer("openresty")])],
        headers: &[sig(&[Has(h("server", Is::Prefix("openresty"))), Absent, GATEWAY_5XX])],
        statuses: PROXY_STATUSES,
        refine: &[(h("server", Is::Prefix("kong/")), Vendor::Kong)],
        ..BLANK
    },
    // §20
    Entry {
        vendor: Vendor::AzureAppGateway,
        layer: 2,
        seen: &[h("server", Is::Prefix("microsoft-azure-application-gateway"))],
        bodies: &[sig(&[Heading, Footer("microsoft-azure-application-gateway")])],
        headers: &[sig(&[Has(h("server", Is::Prefix("microsoft-azure-application-gateway")))])],
        // 502 covers an empty pool, unhealthy instances and request time-outs alike.
        statuses: &[gw(504, F::Timeout), gw(0, F::Unknown)],
        ..BLANK
    },
    // §15
    Entry {
        vendor: Vendor::AwsElb,
        layer: 2,
        seen: &[h("server", Is::Prefix("awselb")), h("set-cookie", Is::Contains("awsalb"))],
        headers: &[sig(&[Has(h("server", Is::Prefix("awselb")))])],
        by_status: &[sig(&[Status(&[(561, 561)])])],
        statuses: &[gw(503, F::NoBackend), gw(504, F::Timeout), gw(0, F::Unknown)],
        ..BLANK
    },
    // §21
    Entry {
        vendor: Vendor::Vercel,
        layer: 2,
        seen: &[any("x-vercel-id"), h("server", Is::Eq("vercel")), any("x-vercel-error")],
        error_header: Some(ErrorHeader {
            name: "x-vercel-error",
            codes: &[
                ("function_invocation_timeout", F::Timeout),
                ("edge_function_invocation_timeout", F::Timeout),
                ("middleware_invocation_timeout", F::Timeout),
                ("function_invocation_failed", F::AppError),
                ("edge_function_invocation_failed", F::AppError),
                ("middleware_invocation_failed", F::AppError),
                ("microfrontends_middleware_error", F::AppError),
                ("infinite_loop_detected", F::AppError),
                ("no_response_from_function", F::InvalidResponse),
                ("body_not_a_string_from_function", F::InvalidResponse),
                ("function_response_payload_too_large", F::InvalidResponse),
                ("function_throttled", F::NoBackend),
                ("deployment_paused", F::NoBackend),
                ("middleware_runtime_deprecated", F::NoBackend),
                ("dns_hostname_", F::Dns),
                ("router_external_target_connection_error", F::Refused),
                ("router_external_target_handshake_error", F::Tls),
                ("router_external_target_error", F::InvalidResponse),
                ("sandbox_not_listening", F::Refused),
                ("optimized_external_image_request_", F::InvalidResponse),
            ],
        }),
        explicit: &[sig(&[Has(any("x-vercel-error"))])],
        answered: &[
            sig(&[Has(any("x-vercel-id")), Lacks(any("x-vercel-error"))]),
            sig(&[Has(h("server", Is::Eq("vercel"))), Lacks(any("x-vercel-error"))]),
        ],
        ..BLANK
    },
    // §22
    Entry {
        vendor: Vendor::Netlify,
        layer: 2,
        seen: &[any("x-nf-request-id"), h("server", Is::Eq("netlify"))],
        bodies: &[
            sig(&[Phrase("this edge function has crashed")]),
            sig(&[Phrase("netlify internal id")]),
            sig(&[Phrase("\"errormessage\""), Has(any("x-nf-request-id"))]),
            sig(&[Phrase("\"errormessage\""), Has(h("server", Is::Eq("netlify")))]),
            sig(&[Phrase("this function has crashed"), Has(any("x-nf-request-id"))]),
        ],
        sentences: &[("task timed out", F::Timeout), ("has crashed", F::AppError)],
        statuses: &[gw(0, F::AppError)],
        ..BLANK
    },
    // §24
    Entry {
        vendor: Vendor::Fly,
        layer: 2,
        seen: &[any("fly-request-id"), h("server", Is::Prefix("fly/"))],
        via_tokens: &["fly.io"],
        headers: &[sig(&[Has(any("fly-request-id")), BlankOrAbsent])],
        statuses: UNKNOWN_ANY,
        ..BLANK
    },
    // §25
    Entry {
        vendor: Vendor::Render,
        layer: 2,
        seen: &[any("rndr-id"), any("x-render-origin-server"), any("x-render-routing")],
        explicit: &[Signature {
            all: &[Has(any("x-render-routing")), Lacks(any("x-render-origin-server"))],
            statuses: &[gw(0, F::NoBackend)],
        }],
        headers: &[sig(&[Has(any("rndr-id")), Lacks(any("x-render-origin-server"))])],
        answered: &[sig(&[Has(any("x-render-origin-server"))])],
        statuses: UNKNOWN_ANY,
        ..BLANK
    },
    // §26: identified through Fastly's page (refine), seen by its headers.
    Entry {
        vendor: Vendor::GithubPages,
        layer: 2,
        seen: &[any("x-github-request-id"), h("server", Is::Eq("github.com"))],
        statuses: UNKNOWN_ANY,
        ..BLANK
    },
    // §7: identified through Envoy's pages (refine).
    Entry { vendor: Vendor::Istio, layer: 3, seen: &[h("server", Is::Eq("istio-envoy"))], ..BLANK },
    // §9
    Entry {
        vendor: Vendor::Caddy,
        layer: 4,
        seen: &[h("server", Is::Eq("caddy"))],
        via_tokens: &["caddy"],
        headers: &[sig(&[Has(h("server", Is::Eq("caddy"))), BlankOrAbsent])],
        answered: &[sig(&[Has(h("via", Is::Contains("caddy")))])],
        statuses: PROXY_STATUSES,
        ..BLANK
    },
    // UNVERIFIED (not in vendors.md): lighttpd's error page is the bare `NNN Reason` template.
    Entry {
        vendor: Vendor::Lighttpd,
        layer: 4,
        seen: &[h("server", Is::Prefix("lighttpd"))],
        bodies: &[sig(&[Has(h("server", Is::Prefix("lighttpd"))), BareTemplate])],
        headers: &[sig(&[Has(h("server", Is::Prefix("lighttpd"))), BlankOrAbsent, GATEWAY_5XX])],
        statuses: &[gw(504, F::Timeout), gw(0, F::Unknown)],
        ..BLANK
    },
    // UNVERIFIED (not in vendors.md): h2o answers proxy errors with a one-line plain-text reason.
    Entry {
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
    },
    // UNVERIFIED (not in vendors.md): tinyproxy's pages end with "Generated by tinyproxy version x".
    Entry {
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
    },
    // The application answered (step 4): a framework's error page; or, for the statuses applications
    // send (500, 503), a written page that no gateway signature above claimed. Gateways make their own
    // errors from fixed templates (or empty bodies), so prose they do not recognise came from upstream.
    // 502/504 are left alone: there an unrecognised page is as likely a custom gateway error page.
    Entry {
        vendor: Vendor::Unknown,
        answered: &[
            sig(&[AnyPhrase(FRAMEWORK_PAGES)]),
            sig(&[Status(&[(500, 500), (503, 503)]), Prose(APP_PAGE_WORDS)]),
        ],
        ..BLANK
    },
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
