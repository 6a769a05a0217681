//! One test (at least) per vendor, with headers and bodies as `shared/spec/vendors.md` quotes them.

use super::*;
use Failure as F;
use GeneratedBy as G;

fn facts(status: u16, headers: &[(&str, &str)], body: Option<&str>) -> Facts {
    Facts {
        method: "GET".into(),
        url: "https://example.com/".into(),
        status,
        headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
        page_text: body.map(str::to_owned),
        ..Facts::default()
    }
}

fn run(status: u16, headers: &[(&str, &str)], body: Option<&str>) -> Diagnosis {
    diagnose(&facts(status, headers, body))
}

#[track_caller]
fn expect(d: &Diagnosis, vendor: Vendor, failure: Failure, by: GeneratedBy) {
    assert_eq!((d.vendor, d.failure, d.generated_by), (vendor, failure, by), "evidence: {:?}", d.evidence);
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n";

#[test]
fn nginx_template_html_and_visible_text() {
    let html = run(502, &[("Server", "nginx/1.25.3")], Some(NGINX_502));
    expect(&html, Vendor::Nginx, F::Unknown, G::Gateway);
    assert_eq!(html.via, vec![Vendor::Nginx]);
    let visible = run(504, &[], Some("504 Gateway Time-out\n504 Gateway Time-out\nnginx"));
    expect(&visible, Vendor::Nginx, F::Timeout, G::Gateway);
    let limit = run(503, &[("server", "nginx")], Some("503 Service Temporarily Unavailable\nnginx"));
    expect(&limit, Vendor::Nginx, F::NoBackend, G::Gateway);
}

#[test]
fn nginx_header_only_without_body_but_not_with_an_unknown_body() {
    expect(&run(502, &[("Server", "nginx/1.22.1")], None), Vendor::Nginx, F::Unknown, G::Gateway);
    let custom =
        run(502, &[("Server", "nginx")], Some("<html><body><h1>Oops, we are down</h1></body></html>"));
    expect(&custom, Vendor::Unknown, F::Unknown, G::Unknown);
    assert_eq!(custom.via, vec![Vendor::Nginx]);
}

#[test]
fn openresty_footer_and_kong_server() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>openresty</center></body></html>";
    expect(&run(502, &[("Server", "openresty")], Some(page)), Vendor::Openresty, F::Unknown, G::Gateway);
    expect(&run(502, &[("Server", "kong/3.4.2")], Some(page)), Vendor::Kong, F::Unknown, G::Gateway);
}

#[test]
fn apache_proxy_error_reasons() {
    let page = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\nThe proxy server could not handle the request<p>Reason: <strong>Error reading from remote server</strong></p></p>\n<hr>\n<address>Apache/2.4.62 (Debian) Server at example.com Port 443</address>\n</body></html>";
    expect(
        &run(502, &[("Server", "Apache/2.4.62 (Debian)")], Some(page)),
        Vendor::Apache,
        F::Unknown,
        G::Gateway,
    );
    let dns = page.replace("Error reading from remote server", "DNS lookup failure for: backend.internal");
    expect(&run(500, &[], Some(&dns)), Vendor::Apache, F::Dns, G::Gateway);
    let tls =
        page.replace("Error reading from remote server", "Error during SSL Handshake with remote server");
    expect(&run(500, &[], Some(&tls)), Vendor::Apache, F::Tls, G::Gateway);
    let refused = "<title>503 Service Unavailable</title><h1>Service Unavailable</h1>\n<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>";
    expect(&run(503, &[("Server", "Apache")], Some(refused)), Vendor::Apache, F::Refused, G::Gateway);
}

#[test]
fn haproxy_exact_bodies() {
    let b502 = "<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n";
    let b503 = "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n";
    let b504 =
        "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n";
    expect(
        &run(502, &[("Cache-Control", "no-cache")], Some(b502)),
        Vendor::Haproxy,
        F::InvalidResponse,
        G::Gateway,
    );
    // One page for refused, connect timeout and no server: the status does not decide.
    expect(&run(503, &[], Some(b503)), Vendor::Haproxy, F::Unknown, G::Gateway);
    expect(&run(504, &[], Some(b504)), Vendor::Haproxy, F::Timeout, G::Gateway);
}

#[test]
fn varnish_guru_meditation_with_retry_after() {
    let page = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>503 Backend fetch failed</title>\n  </head>\n  <body>\n    <h1>Error 503 Backend fetch failed</h1>\n    <p>Backend fetch failed</p>\n    <h3>Guru Meditation:</h3>\n    <p>XID: 123456</p>\n    <hr>\n    <p>Varnish cache server</p>\n  </body>\n</html>\n";
    let d = run(503, &[("Server", "Varnish"), ("X-Varnish", "123456"), ("Retry-After", "5")], Some(page));
    expect(&d, Vendor::Varnish, F::Unknown, G::Gateway);
    assert_eq!(d.retry_after_s, Some(5));
    expect(
        &run(503, &[("Server", "Varnish"), ("X-Varnish", "1")], Some("")),
        Vendor::Varnish,
        F::Unknown,
        G::Gateway,
    );
}

#[test]
fn envoy_reset_reasons() {
    let refused = "upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: 111";
    expect(&run(503, &[("server", "envoy")], Some(refused)), Vendor::Envoy, F::Refused, G::Gateway);
    let tls = "upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end";
    expect(&run(503, &[], Some(tls)), Vendor::Envoy, F::Tls, G::Gateway);
    let timeout =
        "upstream connect error or disconnect/reset before headers. reset reason: connection timeout";
    expect(&run(503, &[], Some(timeout)), Vendor::Envoy, F::Timeout, G::Gateway);
    let term =
        "upstream connect error or disconnect/reset before headers. reset reason: connection termination";
    expect(&run(503, &[], Some(term)), Vendor::Envoy, F::InvalidResponse, G::Gateway);
    let proto = "upstream connect error or disconnect/reset before headers. reset reason: protocol error";
    expect(&run(502, &[], Some(proto)), Vendor::Envoy, F::InvalidResponse, G::Gateway);
    expect(
        &run(503, &[("server", "envoy")], Some("no healthy upstream")),
        Vendor::Envoy,
        F::NoBackend,
        G::Gateway,
    );
    expect(
        &run(504, &[("server", "envoy")], Some("upstream request timeout")),
        Vendor::Envoy,
        F::Timeout,
        G::Gateway,
    );
    let overloaded = run(
        503,
        &[("x-envoy-overloaded", "true")],
        Some("upstream connect error or disconnect/reset before headers. reset reason: overflow"),
    );
    expect(&overloaded, Vendor::Envoy, F::NoBackend, G::Gateway);
}

#[test]
fn envoy_upstream_answered_is_origin() {
    let d = run(
        503,
        &[("server", "envoy"), ("x-envoy-upstream-service-time", "12")],
        Some("{\"error\":\"db down\"}"),
    );
    expect(&d, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(d.via, vec![Vendor::Envoy]);
    expect(&run(503, &[("server", "envoy")], Some("")), Vendor::Envoy, F::NoBackend, G::Gateway);
}

#[test]
fn istio_and_google_envoy_refinements() {
    let body = "upstream connect error or disconnect/reset before headers. reset reason: connection failure";
    let istio = run(503, &[("server", "istio-envoy")], Some(body));
    expect(&istio, Vendor::Istio, F::Refused, G::Gateway);
    assert_eq!(istio.via, vec![Vendor::Istio]);
    expect(
        &run(503, &[("via", "1.1 google")], Some("no healthy upstream")),
        Vendor::GoogleFrontend,
        F::NoBackend,
        G::Gateway,
    );
}

#[test]
fn traefik_plain_bodies_only_without_server_header() {
    let d = run(503, &[("Content-Type", "text/plain; charset=utf-8")], Some("no available server\n"));
    expect(&d, Vendor::Traefik, F::NoBackend, G::Gateway);
    expect(&run(504, &[], Some("Gateway Timeout")), Vendor::Traefik, F::Timeout, G::Gateway);
    expect(&run(502, &[], Some("Bad Gateway")), Vendor::Traefik, F::Unknown, G::Gateway);
    expect(
        &run(502, &[("Server", "gunicorn")], Some("Bad Gateway")),
        Vendor::Unknown,
        F::Unknown,
        G::Unknown,
    );
}

#[test]
fn caddy_empty_body_and_via_caddy() {
    expect(
        &run(502, &[("Server", "Caddy"), ("Content-Length", "0")], Some("")),
        Vendor::Caddy,
        F::Unknown,
        G::Gateway,
    );
    expect(&run(504, &[("Server", "Caddy")], None), Vendor::Caddy, F::Timeout, G::Gateway);
    let d = run(502, &[("Via", "1.1 Caddy"), ("Server", "gunicorn")], Some("upstream app said no"));
    expect(&d, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(d.via, vec![Vendor::Caddy]);
}

#[test]
fn squid_error_header_and_body() {
    let d = run(
        503,
        &[
            ("Server", "squid/6.6"),
            ("X-Squid-Error", "ERR_CONNECT_FAIL 111"),
            ("Via", "1.1 proxy (squid/6.6)"),
        ],
        None,
    );
    expect(&d, Vendor::Squid, F::Refused, G::Gateway);
    assert!(d.advice.contains(&Advice::ToggleVpn));
    expect(
        &run(503, &[("X-Squid-Error", "ERR_CONNECT_FAIL 110")], None),
        Vendor::Squid,
        F::Timeout,
        G::Gateway,
    );
    expect(&run(503, &[("X-Squid-Error", "ERR_DNS_FAIL 0")], None), Vendor::Squid, F::Dns, G::Gateway);
    expect(
        &run(502, &[("X-Squid-Error", "ERR_ZERO_SIZE_OBJECT 0")], None),
        Vendor::Squid,
        F::InvalidResponse,
        G::Gateway,
    );
    expect(
        &run(500, &[("X-Squid-Error", "ERR_GATEWAY_FAILURE 0")], None),
        Vendor::Squid,
        F::Unknown,
        G::Gateway,
    );
    let body =
        "ERROR\nThe requested URL could not be retrieved\nThe system returned: (111) Connection refused";
    expect(&run(503, &[], Some(body)), Vendor::Squid, F::Refused, G::Gateway);
}

#[test]
fn iis_arr_and_http_sys() {
    let arr = "<title>502 - Web server received an invalid response while acting as a gateway or proxy server.</title><h2>502 - Web server received an invalid response while acting as a gateway or proxy server.</h2>";
    expect(&run(502, &[("Server", "Microsoft-IIS/10.0")], Some(arr)), Vendor::Iis, F::Unknown, G::Gateway);
    let sys = "<HTML><HEAD><TITLE>Service Unavailable</TITLE></HEAD><BODY><h2>Service Unavailable</h2><hr><p>HTTP Error 503. The service is unavailable.</p></BODY></HTML>";
    expect(
        &run(503, &[("Server", "Microsoft-HTTPAPI/2.0")], Some(sys)),
        Vendor::Iis,
        F::NoBackend,
        G::Gateway,
    );
    expect(&run(503, &[("Server", "Microsoft-HTTPAPI/2.0")], None), Vendor::Iis, F::NoBackend, G::Gateway);
    let ancm = "<title>HTTP Error 500.30 - ASP.NET Core app failed to start</title>";
    expect(&run(500, &[], Some(ancm)), Vendor::Iis, F::AppError, G::Gateway);
    let detailed = "HTTP Error 502.3 - Bad Gateway\nError Code 0x80072ee2";
    expect(&run(502, &[], Some(detailed)), Vendor::Iis, F::Timeout, G::Gateway);
}

#[test]
fn kong_messages() {
    let json = "{\n  \"message\":\"name resolution failed\",\n  \"request_id\":\"f0c5a9\"\n}";
    expect(&run(503, &[("Via", "1.1 kong/3.6.1")], Some(json)), Vendor::Kong, F::Dns, G::Gateway);
    let timeout = "{\"message\":\"The upstream server is timing out\",\"request_id\":\"x\"}";
    expect(&run(504, &[], Some(timeout)), Vendor::Kong, F::Timeout, G::Gateway);
    let ring = "{\"message\":\"failure to get a peer from the ring-balancer\"}";
    expect(&run(503, &[("Server", "kong/3.6.1")], Some(ring)), Vendor::Kong, F::NoBackend, G::Gateway);
    let origin =
        run(500, &[("Via", "1.1 kong/3.6.1"), ("X-Kong-Upstream-Latency", "40")], Some("{\"err\":\"boom\"}"));
    expect(&origin, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(origin.via, vec![Vendor::Kong]);
}

#[test]
fn cloudflare_branded_52x() {
    let page = "<title>example.com | 522: Connection timed out</title><div id=\"cf-wrapper\"><div id=\"cf-error-details\"><span class=\"code-label\">Error code 522</span>Cloudflare Ray ID: <strong>8a1b</strong>";
    let d = run(522, &[("server", "cloudflare"), ("cf-ray", "8a1b2c3d4e5f6a7b-FRA")], Some(page));
    expect(&d, Vendor::Cloudflare, F::Timeout, G::Gateway);
    assert_eq!(d.via, vec![Vendor::Cloudflare]);
    let visible = "example.com | 521: Web server is down\nError code 521\nVisit cloudflare.com for more information.\nCloudflare Ray ID: 8a1b2c3d4e5f6a7b";
    expect(&run(521, &[], Some(visible)), Vendor::Cloudflare, F::Refused, G::Gateway);
    expect(
        &run(525, &[("server", "cloudflare")], Some("error code: 525")),
        Vendor::Cloudflare,
        F::Tls,
        G::Gateway,
    );
    expect(
        &run(520, &[("server", "cloudflare")], Some("")),
        Vendor::Cloudflare,
        F::InvalidResponse,
        G::Gateway,
    );
}

#[test]
fn cloudflare_branded_502_is_the_origin_tier() {
    let d = run(502, &[("server", "cloudflare"), ("cf-ray", "x")], Some("error code: 502"));
    expect(&d, Vendor::Cloudflare, F::InvalidResponse, G::Origin);
    let unbranded = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";
    expect(
        &run(502, &[("server", "cloudflare")], Some(unbranded)),
        Vendor::Cloudflare,
        F::Unknown,
        G::Gateway,
    );
}

#[test]
fn cloudflare_1xxx_codes() {
    expect(
        &run(530, &[("server", "cloudflare")], Some("error code: 1016")),
        Vendor::Cloudflare,
        F::Dns,
        G::Gateway,
    );
    let page = "<title>Origin DNS error | example.com | Cloudflare</title><span class=\"cf-error-type\">Error</span>\n<span class=\"cf-error-code\">1016</span> Cloudflare Ray ID: x";
    expect(&run(530, &[], Some(page)), Vendor::Cloudflare, F::Dns, G::Gateway);
    let worker = run(500, &[("server", "cloudflare")], Some("error code: 1101"));
    expect(&worker, Vendor::Cloudflare, F::AppError, G::Gateway);
    let limited = run(429, &[("server", "cloudflare"), ("retry-after", "30")], Some("error code: 1015"));
    expect(&limited, Vendor::Cloudflare, F::NoBackend, G::Gateway);
    assert_eq!(limited.retry_after_s, Some(30));
}

#[test]
fn cloudflare_passing_an_origin_500_through() {
    let d =
        run(500, &[("server", "cloudflare"), ("cf-ray", "x")], Some("<h1>Internal error</h1><p>sorry</p>"));
    expect(&d, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(d.via, vec![Vendor::Cloudflare]);
    // Status-only: 52x means Cloudflare even without a body.
    expect(&run(524, &[], None), Vendor::Cloudflare, F::Timeout, G::Gateway);
}

#[test]
fn cloudfront_sentences() {
    let page = |s: &str| {
        format!("<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY><H1>502 ERROR</H1><H2>The request could not be satisfied.</H2><HR noshade size=\"1px\">{s}<BR clear=\"all\"><HR noshade size=\"1px\"><PRE>\nGenerated by cloudfront (CloudFront)\nRequest ID: abc==\n</PRE></BODY></HTML>")
    };
    let h = [
        ("Server", "CloudFront"),
        ("Via", "1.1 abc.cloudfront.net (CloudFront)"),
        ("X-Cache", "Error from cloudfront"),
    ];
    expect(
        &run(502, &h, Some(&page("CloudFront wasn't able to resolve the origin domain name."))),
        Vendor::Cloudfront,
        F::Dns,
        G::Gateway,
    );
    expect(
        &run(502, &h, Some(&page("The origin closed the connection."))),
        Vendor::Cloudfront,
        F::InvalidResponse,
        G::Gateway,
    );
    expect(
        &run(502, &h, Some(&page("CloudFront wasn't able to connect to the origin."))),
        Vendor::Cloudfront,
        F::Unknown,
        G::Gateway,
    );
    let attempted = page("CloudFront attempted to establish a connection with the origin, but either the attempt failed or the origin closed the connection.");
    expect(&run(504, &h, Some(&attempted)), Vendor::Cloudfront, F::Timeout, G::Gateway);
}

#[test]
fn cloudfront_carrying_an_origin_error() {
    let d = run(
        503,
        &[("X-Cache", "Error from cloudfront"), ("X-Amz-Cf-Id", "abc=="), ("Server", "gunicorn")],
        Some("Service down for maintenance"),
    );
    expect(&d, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(d.via, vec![Vendor::Cloudfront]);
}

#[test]
fn aws_alb_footerless_template() {
    let page = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";
    expect(&run(503, &[("Server", "awselb/2.0")], Some(page)), Vendor::AwsElb, F::NoBackend, G::Gateway);
    expect(&run(502, &[("server", "awselb/2.0")], None), Vendor::AwsElb, F::Unknown, G::Gateway);
    expect(&run(504, &[("server", "awselb/2.0")], None), Vendor::AwsElb, F::Timeout, G::Gateway);
    expect(&run(561, &[], None), Vendor::AwsElb, F::Unknown, G::Gateway);
}

#[test]
fn akamai_reference_prefixes() {
    let page = "<HTML><HEAD>\n<TITLE>Gateway Timeout - In read </TITLE>\n</HEAD><BODY>\n<H1>Gateway Timeout</H1>\nThe proxy server did not receive a timely response from the upstream server.<P>\nReference&#32;&#35;1&#46;97ba1002&#46;1577198088&#46;5759d5b\n</BODY></HTML>\n";
    expect(&run(504, &[("Server", "AkamaiGHost")], Some(page)), Vendor::Akamai, F::Timeout, G::Gateway);
    let visible =
        "Error\nAn error occurred while processing your request.\nReference #30.5f1b2a17.1700000000.1a2b3c4d";
    expect(&run(503, &[], Some(visible)), Vendor::Akamai, F::Tls, G::Gateway);
    expect(&run(502, &[("Server", "AkamaiGHost")], None), Vendor::Akamai, F::Unknown, G::Gateway);
}

#[test]
fn fastly_guru_mediation_and_github_pages() {
    let page = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html><html><head><title>503 first byte timeout</title></head><body><h1>Error 503 first byte timeout</h1><p>first byte timeout</p><h3>Guru Mediation:</h3><p>Details: cache-sjc3150-SJC 1552586555 2044823028</p><hr><p>Varnish cache server</p></body></html>";
    let h = [("Via", "1.1 varnish"), ("X-Served-By", "cache-sjc3150-SJC"), ("X-Cache", "MISS")];
    let d = run(503, &h, Some(page));
    expect(&d, Vendor::Fastly, F::Timeout, G::Gateway);
    assert_eq!(d.via, vec![Vendor::Fastly]);
    let unhealthy = page.replace("first byte timeout", "Backend is unhealthy");
    let gh = run(
        503,
        &[("Server", "GitHub.com"), ("X-GitHub-Request-Id", "A:B"), ("X-Served-By", "cache-x")],
        Some(&unhealthy),
    );
    expect(&gh, Vendor::GithubPages, F::NoBackend, G::Gateway);
    assert_eq!(gh.via, vec![Vendor::Fastly, Vendor::GithubPages]);
}

#[test]
fn google_frontend_pages() {
    let classic = "<title>502 Server Error</title><h1>Error: Server Error</h1><h2>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.</h2>";
    expect(
        &run(502, &[("Via", "1.1 google")], Some(classic)),
        Vendor::GoogleFrontend,
        F::Unknown,
        G::Gateway,
    );
    let gfe = "<title>Error 502 (Server Error)!!1</title><p><b>502.</b> <ins>That’s an error.</ins><p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>";
    expect(&run(502, &[], Some(gfe)), Vendor::GoogleFrontend, F::Unknown, G::Gateway);
    let run500 = classic.replace("502", "500");
    expect(
        &run(500, &[("Server", "Google Frontend")], Some(&run500)),
        Vendor::GoogleFrontend,
        F::AppError,
        G::Gateway,
    );
    expect(
        &run(504, &[], Some(&classic.replace("502", "504"))),
        Vendor::GoogleFrontend,
        F::Timeout,
        G::Gateway,
    );
}

#[test]
fn azure_front_door_and_app_gateway() {
    let afd = "<h2>Our services aren't available right now</h2><p>We're working to restore all services as soon as possible. Please check back soon.</p>0oWp/agAAAAC";
    expect(&run(503, &[("x-azure-ref", "0oWp")], Some(afd)), Vendor::AzureFrontDoor, F::Unknown, G::Gateway);
    expect(&run(504, &[], Some(&afd.replace('\'', "’"))), Vendor::AzureFrontDoor, F::Timeout, G::Gateway);
    let agw = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>Microsoft-Azure-Application-Gateway/v2</center></body></html>";
    expect(
        &run(502, &[("Server", "Microsoft-Azure-Application-Gateway/v2")], Some(agw)),
        Vendor::AzureAppGateway,
        F::Unknown,
        G::Gateway,
    );
    expect(
        &run(504, &[("Server", "Microsoft-Azure-Application-Gateway/v2")], None),
        Vendor::AzureAppGateway,
        F::Timeout,
        G::Gateway,
    );
}

#[test]
fn vercel_error_codes_and_app_errors() {
    let h = [
        ("server", "Vercel"),
        ("x-vercel-id", "hkg1::lwfvf-1702001564825-665514977cb1"),
        ("x-vercel-error", "FUNCTION_INVOCATION_TIMEOUT"),
    ];
    expect(&run(504, &h, Some("504: GATEWAY_TIMEOUT")), Vendor::Vercel, F::Timeout, G::Gateway);
    expect(
        &run(502, &[("x-vercel-error", "DNS_HOSTNAME_RESOLVE_FAILED")], None),
        Vendor::Vercel,
        F::Dns,
        G::Gateway,
    );
    expect(
        &run(500, &[("x-vercel-error", "INTERNAL_UNEXPECTED_ERROR")], None),
        Vendor::Vercel,
        F::Unknown,
        G::Gateway,
    );
    let app =
        run(500, &[("server", "Vercel"), ("x-vercel-id", "fra1::abc")], Some("500: Internal Server Error"));
    expect(&app, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(app.via, vec![Vendor::Vercel]);
}

#[test]
fn netlify_function_timeout_and_crash() {
    let t = "{\"errorMessage\":\"2024-01-01T00:00:00.000Z 1b2c Task timed out after 10.01 seconds\"}";
    expect(
        &run(502, &[("server", "Netlify"), ("x-nf-request-id", "01H")], Some(t)),
        Vendor::Netlify,
        F::Timeout,
        G::Gateway,
    );
    let crash = "This edge function has crashed\nNetlify internal ID: 01H";
    expect(&run(500, &[], Some(crash)), Vendor::Netlify, F::AppError, G::Gateway);
}

#[test]
fn heroku_router_pages() {
    let app_error = "<!DOCTYPE html><html><head><title>Application Error</title></head><body><iframe src=\"//www.herokucdn.com/error-pages/application-error.html\"></iframe></body></html>";
    let h = [("Server", "Cowboy"), ("Via", "1.1 vegur")];
    let d = run(503, &h, Some(app_error));
    expect(&d, Vendor::Heroku, F::Unknown, G::Gateway);
    assert_eq!(d.via, vec![Vendor::Heroku]);
    expect(&run(503, &h, Some("Application Error")), Vendor::Heroku, F::Unknown, G::Gateway);
    let maint = app_error.replace("application-error", "maintenance-mode");
    expect(&run(503, &h, Some(&maint)), Vendor::Heroku, F::NoBackend, G::Gateway);
    expect(&run(500, &h, Some("<h1>Something broke</h1>")), Vendor::Unknown, F::AppError, G::Origin);
}

#[test]
fn fly_and_render_headers() {
    let fly = run(
        503,
        &[("server", "Fly/6f3a (2024-01-01)"), ("via", "2 fly.io"), ("fly-request-id", "01HX-ams")],
        Some(""),
    );
    expect(&fly, Vendor::Fly, F::Unknown, G::Gateway);
    let hib = run(
        503,
        &[
            ("server", "cloudflare"),
            ("cf-ray", "x"),
            ("rndr-id", "abc"),
            ("x-render-routing", "hibernate-wake-error"),
        ],
        Some(""),
    );
    expect(&hib, Vendor::Render, F::NoBackend, G::Gateway);
    assert_eq!(hib.via, vec![Vendor::Cloudflare, Vendor::Render]);
    let app = run(
        500,
        &[
            ("server", "cloudflare"),
            ("cf-ray", "x"),
            ("rndr-id", "abc"),
            ("x-render-origin-server", "uvicorn"),
        ],
        Some("Internal Server Error"),
    );
    expect(&app, Vendor::Unknown, F::AppError, G::Origin);
}

#[test]
fn lighttpd_h2o_tinyproxy() {
    let page = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>504 Gateway Timeout</title>\n </head>\n <body>\n  <h1>504 Gateway Timeout</h1>\n </body>\n</html>\n";
    expect(&run(504, &[("Server", "lighttpd/1.4.76")], Some(page)), Vendor::Lighttpd, F::Timeout, G::Gateway);
    expect(
        &run(502, &[("Server", "h2o/2.2.6")], Some("connection refused")),
        Vendor::H2o,
        F::Refused,
        G::Gateway,
    );
    let tp = "<html><head><title>500 Unable to connect</title></head><body><h1>Unable to connect</h1><p>Tinyproxy was unable to connect to the remote web server.</p><p>Connection refused</p><hr /><p><em>Generated by <a href=\"https://tinyproxy.github.io/\">tinyproxy</a> version 1.11.1.</em></p></body></html>";
    let d = run(500, &[("Server", "tinyproxy/1.11.1")], Some(tp));
    expect(&d, Vendor::Tinyproxy, F::Refused, G::Gateway);
    assert!(d.advice.contains(&Advice::ToggleVpn));
}

#[test]
fn framework_pages_mean_the_application() {
    let d = run(500, &[("Server", "nginx")], Some("<title>Server Error</title><h1>Server Error (500)</h1>"));
    expect(&d, Vendor::Unknown, F::AppError, G::Origin);
    assert_eq!(d.via, vec![Vendor::Nginx]);
    assert!(d.advice.contains(&Advice::ContactSiteOwner));
}

#[test]
fn status_only_fallbacks() {
    expect(&run(504, &[], None), Vendor::Unknown, F::Timeout, G::Unknown);
    expect(&run(503, &[], Some("Service Unavailable")), Vendor::Unknown, F::NoBackend, G::Unknown);
    expect(&run(502, &[], None), Vendor::Unknown, F::Unknown, G::Unknown);
    expect(&run(500, &[], Some("Internal Server Error")), Vendor::Unknown, F::Unknown, G::Unknown);
}

#[test]
fn network_errors_without_a_response() {
    let cases = [
        ("net::ERR_CONNECTION_REFUSED", F::Refused),
        ("net::ERR_CONNECTION_RESET", F::Refused),
        ("net::ERR_TIMED_OUT", F::Timeout),
        ("net::ERR_CONNECTION_TIMED_OUT", F::Timeout),
        ("net::ERR_NAME_NOT_RESOLVED", F::Dns),
        ("net::ERR_CERT_DATE_INVALID", F::Tls),
        ("net::ERR_SSL_PROTOCOL_ERROR", F::Tls),
        ("net::ERR_EMPTY_RESPONSE", F::InvalidResponse),
        ("net::ERR_HTTP2_PROTOCOL_ERROR", F::InvalidResponse),
        ("NS_ERROR_UNKNOWN_HOST", F::Dns),
        ("NS_ERROR_NET_TIMEOUT", F::Timeout),
        ("NS_ERROR_CONNECTION_REFUSED", F::Refused),
        ("SSL_ERROR_BAD_CERT_DOMAIN", F::Tls),
        ("net::ERR_ABORTED", F::Unknown),
    ];
    for (error, failure) in cases {
        let d = diagnose(&Facts { status: 0, error: Some(error.into()), ..Facts::default() });
        expect(&d, Vendor::Unknown, failure, G::Unknown);
        assert!(d.evidence.iter().any(|e| e.contains(error)), "{error}");
    }
    let dns =
        diagnose(&Facts { status: 0, error: Some("net::ERR_NAME_NOT_RESOLVED".into()), ..Facts::default() });
    assert_eq!(dns.advice, vec![Advice::WaitAndHardRefresh, Advice::ChangeDns]);
    let proxy = diagnose(&Facts {
        status: 0,
        error: Some("net::ERR_PROXY_CONNECTION_FAILED".into()),
        ..Facts::default()
    });
    assert_eq!(proxy.advice.first(), Some(&Advice::ToggleVpn));
}

#[test]
fn local_signals_order_the_advice() {
    let f = Facts {
        method: "POST".into(),
        status: 502,
        headers: vec![("Server".into(), "nginx".into())],
        page_text: Some(NGINX_502.into()),
        from_cache: true,
        server_ip: Some("203.0.113.9".into()),
        last_good_ip: Some("198.51.100.7".into()),
        other_failing_hosts: 5,
        ..Facts::default()
    };
    let d = diagnose(&f);
    assert!(d.from_cache);
    assert_eq!(
        d.advice[..5],
        [
            Advice::ClearSiteCache,
            Advice::CheckBeforeResubmitting,
            Advice::ChangeDns,
            Advice::ToggleVpn,
            Advice::WaitAndHardRefresh
        ]
    );
    assert!(d.evidence.iter().any(|e| e.contains("203.0.113.9")));
}

#[test]
fn retry_after_http_date_against_date_header() {
    let d = run(
        503,
        &[("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("Retry-After", "Sun, 06 Nov 1994 08:51:37 GMT")],
        None,
    );
    assert_eq!(d.retry_after_s, Some(120));
    assert_eq!(run(503, &[("Retry-After", "soon")], None).retry_after_s, None);
}

#[test]
fn hostile_text_is_never_echoed_at_length() {
    let evil = format!("nginx/{}", "A".repeat(10_000));
    let d =
        run(502, &[("Server", &evil), ("X-Squid-Error", &evil)], Some(&format!("<center>{evil}</center>")));
    assert!(d.evidence.iter().all(|e| e.chars().count() <= 81), "{:?}", d.evidence);
}

#[test]
fn serializes_to_the_contract_shape() {
    let d = run(502, &[("Server", "nginx")], Some(NGINX_502));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["vendor"], "nginx");
    assert_eq!(json["generated_by"], "gateway");
    assert_eq!(json["failure"], "unknown");
    assert_eq!(json["via"][0], "nginx");
    assert_eq!(json["advice"][0], "wait_and_hard_refresh");
    assert!(json["retry_after_s"].is_null());
    let ids: Vec<String> = [Vendor::AwsElb, Vendor::GoogleFrontend, Vendor::H2o, Vendor::GithubPages]
        .iter()
        .map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["aws-elb", "google-frontend", "h2o", "github-pages"]);
}

/// Regression tests from the recorded fixtures (tests/fixtures, issue 3).
const APP_PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Something went wrong</title></head>\n<body>\n<h1>Something went wrong</h1>\n<p>Our application hit an unexpected error while handling your request. Error id 7f3a.</p>\n</body>\n</html>\n";

#[test]
fn fixture_app_pages_through_any_gateway_are_the_origin() {
    for headers in [
        vec![("Server", "nginx/1.22.1")],
        vec![("X-Varnish", "3"), ("Via", "1.1 varnish (Varnish/7.1)")],
        vec![],
    ] {
        let d = run(500, &headers, Some(APP_PAGE));
        expect(&d, Vendor::Unknown, F::AppError, G::Origin);
        let m = run(503, &headers, Some(&APP_PAGE.replace("Something went wrong", "Down for maintenance")));
        expect(&m, Vendor::Unknown, F::AppError, G::Origin);
    }
    // A gateway status with an unrecognised page stays undecided (it may be a custom error page).
    expect(&run(502, &[("Server", "nginx")], Some(APP_PAGE)), Vendor::Unknown, F::Unknown, G::Unknown);
}

#[test]
fn fixture_apache_bad_header_is_invalid_response() {
    let page = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n<html><head>\n<title>502 Bad Gateway</title>\n</head><body>\n<h1>Bad Gateway</h1>\n<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\n</p>\n<hr>\n<address>Apache/2.4.71 (Debian) Server at 127.0.0.1 Port 39661</address>\n</body></html>\n";
    expect(
        &run(502, &[("Server", "Apache/2.4.71 (Debian)")], Some(page)),
        Vendor::Apache,
        F::InvalidResponse,
        G::Gateway,
    );
}

#[test]
fn fixture_squid_read_error_errno_0_is_unknown() {
    expect(&run(502, &[("X-Squid-Error", "ERR_READ_ERROR 0")], None), Vendor::Squid, F::Unknown, G::Gateway);
    expect(
        &run(502, &[("X-Squid-Error", "ERR_READ_ERROR 104")], None),
        Vendor::Squid,
        F::InvalidResponse,
        G::Gateway,
    );
}

#[test]
fn contains_short_answers_as_str_contains() {
    let texts =
        ["", "a", "nginx/1.25.3", "1.1 vegur", "1.1 x.cloudfront.net (cloudfront)", "ééé", "aab", "abab"];
    let needles = ["", "a", "b", "ab", "aab", "nginx", "cloudfront", "(cloudfront)", "é", "éé", "vegur", "x"];
    for t in texts {
        for n in needles {
            assert_eq!(text::contains_short(t, n), t.contains(n), "{n:?} in {t:?}");
        }
    }
}

/// The HTML pass used in WebAssembly answers as the direct search used natively, for every phrase ever
/// asked of the HTML, on the recorded fixtures' bodies, the bench page and pages made to be awkward.
#[test]
fn html_pass_answers_as_the_direct_search() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut pages: Vec<String> = vec![
        serde_json::from_str::<Facts>(include_str!("../../../../../tests/bench/facts-502.json"))
            .ok()
            .and_then(|f| f.page_text)
            .unwrap_or_default(),
        "<DIV CLASS=\"CF-Error-Details\">Reference&#32;&#35;1</DIV>".to_owned(),
        "<p>Connection REFUSED</p><a href=\"//HerokuCDN.com/error-pages/x\">É TIMEOUT</a>".to_owned(),
        "<p>That’s an error. Σ İ K timeout</p><!-- name resolution -->".to_owned(),
        "<b>i/o error</b>".to_owned(),
        String::new(),
    ];
    if let Ok(dirs) = std::fs::read_dir(root.join("tests/fixtures")) {
        for dir in dirs.flatten() {
            let Ok(har) = std::fs::read(dir.path().join("capture.har")) else { continue };
            let Ok(har) = serde_json::from_slice::<serde_json::Value>(&har) else { continue };
            for entry in har["log"]["entries"].as_array().into_iter().flatten() {
                if let Some(text) = entry["response"]["content"]["text"].as_str() {
                    pages.push(text.to_owned());
                }
            }
        }
    }
    assert!(pages.len() > 20, "only {} pages", pages.len());
    let mut phrases = markers::html_phrases();
    phrases.extend(["<center>", "nginx", "x", "</", "é"]);
    for page in &pages {
        let facts = facts(502, &[], Some(page));
        let response = signals::Response::new(&facts);
        for &phrase in &phrases {
            assert_eq!(
                response.in_html_by_pass(phrase),
                response.page().html.contains(phrase),
                "{phrase:?} in {}",
                text::clip(page, 200)
            );
        }
    }
}
