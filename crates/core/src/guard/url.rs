//! Just enough URL splitting for the guard: origin and path. The shell hands over URLs the browser
//! already parsed and serialized (webRequest `url`, `form.action`), so this only has to split them;
//! it still never panics on anything else.

/// `(origin, path)` of an absolute http(s) URL: scheme and host lowercased, the default port dropped
/// (RFC 6454 section 4), userinfo dropped, the path without query or fragment (`/` when empty).
/// `None` for anything that is not an absolute http(s) URL with a host.
///
/// ```
/// use gateway_guard_core::guard::split_url;
/// assert_eq!(
///     split_url("HTTPS://Shop.Example:443/pay?x=1#top"),
///     Some(("https://shop.example".to_string(), "/pay".to_string()))
/// );
/// ```
pub fn split_url(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = crate::find::split_once_str(url.trim(), "://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at_checked(authority_end)?;
    let host_port = crate::find::after_last_ascii(authority, b'@').to_ascii_lowercase();
    // An IPv6 literal carries colons inside its brackets; the port colon comes after `]`.
    let port_colon = match crate::find::rfind_ascii(&host_port, b']') {
        Some(bracket) => host_port.get(bracket..).and_then(|s| s.find(':')).map(|i| i + bracket),
        None => crate::find::rfind_ascii(&host_port, b':'),
    };
    let (host, port) = match port_colon {
        Some(i) => (host_port.get(..i)?, host_port.get(i + 1..)?),
        None => (host_port.as_str(), ""),
    };
    if host.is_empty() {
        return None;
    }
    let origin = if port.is_empty() || port == default_port {
        [scheme.as_str(), "://", host].concat()
    } else {
        [scheme.as_str(), "://", host, ":", port].concat()
    };
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = tail.get(..path_end).unwrap_or("");
    let path = if path.is_empty() { "/".to_owned() } else { path.to_owned() };
    Some((origin, path))
}

/// The origin of an origin string or URL, normalized like [`split_url`]; `None` when it has none.
pub(crate) fn origin_of(origin_or_url: &str) -> Option<String> {
    split_url(origin_or_url).map(|(origin, _)| origin)
}
