//! `via`: the intermediaries a response evidently passed through, outermost (browser side) first.
//!
//! Two sources: the `Via` header, whose elements each forwarder appends (RFC 9110 §7.6.3), so for a
//! response the last element is the hop nearest the browser; and vendor headers (`cf-ray`,
//! `x-amz-cf-id`, `x-served-by`, `x-varnish`, `Server`, ...). Vendor headers give no order of their own,
//! so the catalog's `layer` (forward proxy, CDN, platform, proxy, web server) orders the result.

use super::catalog::CATALOG;
use super::signals::{Header, Is, Response};
use super::text::contains_short;
use super::Vendor;

/// Vendors on the path, outermost first, including `producer` when it is a known vendor.
pub(crate) fn intermediaries(response: &Response<'_>, producer: Vendor) -> Vec<Vendor> {
    let mut found: Vec<Vendor> = Vec::new();
    let fastly = response.find(&Header { name: "x-served-by", is: Is::Prefix("cache-") }).is_some();
    // Via elements, nearest the browser first.
    let mut elements: Vec<&str> =
        response.values("via").flat_map(|v| v.split(',')).map(str::trim).take(32).collect();
    elements.reverse();
    for element in elements {
        if let Some(v) = via_element(element, fastly) {
            push(&mut found, v);
        }
    }
    for entry in CATALOG {
        if entry.vendor != Vendor::Unknown && entry.seen.iter().any(|h| response.find(h).is_some()) {
            push(&mut found, entry.vendor);
        }
    }
    if producer != Vendor::Unknown {
        push(&mut found, producer);
    }
    // GitHub Pages and Istio are seen through Fastly's and Envoy's headers; keep the specific one.
    if found.contains(&Vendor::Istio) {
        found.retain(|v| *v != Vendor::Envoy);
    }
    crate::order::sort_by_key(&mut found, |v| layer(*v));
    found
}

/// The vendor one `Via` element names, e.g. `1.1 abc.cloudfront.net (CloudFront)`, `1.1 vegur`.
fn via_element(element: &str, fastly: bool) -> Option<Vendor> {
    // A bare `1.1 varnish` is Fastly when Fastly's own headers are there (§17); otherwise Varnish.
    let received_by = element.split_whitespace().nth(1).unwrap_or("");
    if received_by == "varnish" && !contains_short(element, "(varnish/") {
        return Some(if fastly { Vendor::Fastly } else { Vendor::Varnish });
    }
    CATALOG.iter().find(|e| e.via_tokens.iter().any(|t| contains_short(element, t))).map(|e| e.vendor)
}

fn push(found: &mut Vec<Vendor>, v: Vendor) {
    if !found.contains(&v) {
        found.push(v);
    }
}

fn layer(v: Vendor) -> u8 {
    CATALOG.iter().find(|e| e.vendor == v).map_or(4, |e| e.layer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Facts;

    fn via_of(headers: &[(&str, &str)]) -> Vec<Vendor> {
        let facts = Facts {
            status: 502,
            headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            ..Facts::default()
        };
        intermediaries(&Response::new(&facts), Vendor::Unknown)
    }

    #[test]
    fn cloudflare_in_front_of_nginx() {
        assert_eq!(
            via_of(&[("Server", "nginx"), ("CF-RAY", "8a1b2c3d4e5f6a7b-FRA")]),
            vec![Vendor::Cloudflare, Vendor::Nginx]
        );
    }

    #[test]
    fn fastly_bare_varnish_via_is_fastly() {
        assert_eq!(
            via_of(&[("Via", "1.1 varnish, 1.1 varnish"), ("X-Served-By", "cache-sjc3150-SJC")]),
            vec![Vendor::Fastly]
        );
        assert_eq!(
            via_of(&[("Via", "1.1 varnish (Varnish/7.4)"), ("X-Varnish", "32770")]),
            vec![Vendor::Varnish]
        );
    }

    #[test]
    fn cloudfront_heroku_kong_caddy_via_tokens() {
        assert_eq!(
            via_of(&[("Via", "1.1 vegur, 1.1 0d5b1c.cloudfront.net (CloudFront)")]),
            vec![Vendor::Cloudfront, Vendor::Heroku]
        );
        assert_eq!(via_of(&[("via", "1.1 kong/3.4.2")]), vec![Vendor::Kong]);
        assert_eq!(via_of(&[("via", "1.1 Caddy")]), vec![Vendor::Caddy]);
        assert_eq!(via_of(&[("via", "2 fly.io"), ("fly-request-id", "01H-ams")]), vec![Vendor::Fly]);
    }

    #[test]
    fn render_behind_cloudflare_and_istio_replaces_envoy() {
        assert_eq!(
            via_of(&[("server", "cloudflare"), ("cf-ray", "x"), ("rndr-id", "abc")]),
            vec![Vendor::Cloudflare, Vendor::Render]
        );
        assert_eq!(
            via_of(&[("server", "istio-envoy"), ("x-envoy-upstream-service-time", "3")]),
            vec![Vendor::Istio]
        );
    }

    #[test]
    fn nothing_known_is_empty() {
        assert!(via_of(&[("Server", "gunicorn"), ("Via", "1.1 some-proxy")]).is_empty());
    }
}
