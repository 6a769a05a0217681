//! Which fixes fit, most useful first. The diagnosis says what failed; the local signals (browser
//! cache, a changed address, many hosts failing at once, a POST) say what the user can do about it.

use super::text::clip;
use super::{Advice, Facts, Failure, GeneratedBy};

/// This many other, unrelated hosts failing within the last minute means the problem is more likely
/// the user's connection (VPN, proxy, network) than any one site. Two could be coincidence (one site's
/// CDN and its API host); three distinct sites rarely are.
pub const MANY_FAILING_HOSTS: u32 = 3;

/// A failure that has lasted this long is not a blip: rule out the browser's own state (spec: "persists
/// past about ten minutes").
pub const PERSISTENT_S: u64 = 10 * 60;

/// After this long (the default give-up time of automatic retries) the site's owner should hear of it.
pub const LONG_OUTAGE_S: u64 = 30 * 60;

/// What advice needs to know of the verdict.
pub(crate) struct Summary {
    pub failure: Failure,
    pub generated_by: GeneratedBy,
    /// A forward proxy (Squid, tinyproxy) or a local network error produced it.
    pub local_proxy: bool,
}

/// The advice, ordered, and the evidence for the local signals that chose it.
pub(crate) fn advise(facts: &Facts, summary: &Summary) -> (Vec<Advice>, Vec<String>) {
    let mut advice = Vec::new();
    let mut evidence = Vec::new();
    let mut add = |a: Advice| {
        if !advice.contains(&a) {
            advice.push(a);
        }
    };

    // A cached error is fixed by clearing the cache, whatever else went wrong.
    if facts.from_cache {
        evidence.push("served from the browser cache".to_owned());
        add(Advice::ClearSiteCache);
    }
    // Before any retry: a POST may already have been processed.
    if facts.method.eq_ignore_ascii_case("POST") {
        evidence.push("request method POST".to_owned());
        add(Advice::CheckBeforeResubmitting);
    }
    if let (Some(now), Some(before)) = (facts.server_ip.as_deref(), facts.last_good_ip.as_deref()) {
        let (now, before) = (now.trim(), before.trim());
        if !now.is_empty() && !before.is_empty() && !now.eq_ignore_ascii_case(before) {
            evidence.push(clip(&["server ip ", now, ", last worked at ", before].concat(), 80));
            add(Advice::ChangeDns);
        }
    }
    if facts.other_failing_hosts >= MANY_FAILING_HOSTS {
        evidence.push(
            [&crate::decimal::decimal(u64::from(facts.other_failing_hosts)), " other hosts failing"].concat(),
        );
        add(Advice::ToggleVpn);
    }
    if summary.local_proxy {
        add(Advice::ToggleVpn);
    }
    if facts.status == 0 {
        let error = facts.error.as_deref().unwrap_or("").to_ascii_uppercase();
        if super::catalog::BLOCKED_NET_ERRORS.iter().any(|s| crate::find::contains_str(&error, s)) {
            add(Advice::DisableExtensions);
        }
    }

    add(Advice::WaitAndHardRefresh);
    if summary.failure == Failure::Dns {
        add(Advice::ChangeDns);
    }
    // An application error can come from this user's cookies or extensions: a private window tells.
    let failing_for = facts.failing_for_s.unwrap_or(0);
    if summary.generated_by == GeneratedBy::Origin
        || summary.failure == Failure::AppError
        || facts.from_cache
        || failing_for >= PERSISTENT_S
    {
        add(Advice::TryPrivateWindow);
    }
    let on_the_site = summary.generated_by == GeneratedBy::Origin
        || matches!(summary.failure, Failure::AppError | Failure::Refused | Failure::Tls)
        || (summary.failure == Failure::Dns && facts.status != 0);
    let long_outage = failing_for >= LONG_OUTAGE_S && facts.other_failing_hosts < MANY_FAILING_HOSTS;
    if (on_the_site || long_outage) && !summary.local_proxy && facts.status != 0 {
        add(Advice::ContactSiteOwner);
    }
    (advice, evidence)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_outage_adds_private_window_then_contact_owner() {
        let blip = Facts { status: 502, failing_for_s: Some(60), ..Facts::default() };
        let summary =
            || Summary { failure: Failure::Unknown, generated_by: GeneratedBy::Gateway, local_proxy: false };
        let (advice, _) = advise(&blip, &summary());
        assert_eq!(advice, vec![Advice::WaitAndHardRefresh]);
        let persistent = Facts { failing_for_s: Some(PERSISTENT_S), ..blip.clone() };
        let (advice, _) = advise(&persistent, &summary());
        assert_eq!(advice, vec![Advice::WaitAndHardRefresh, Advice::TryPrivateWindow]);
        let long = Facts { failing_for_s: Some(LONG_OUTAGE_S), ..blip.clone() };
        let (advice, _) = advise(&long, &summary());
        assert_eq!(
            advice,
            vec![Advice::WaitAndHardRefresh, Advice::TryPrivateWindow, Advice::ContactSiteOwner]
        );
    }

    use super::*;

    fn summary(failure: Failure, generated_by: GeneratedBy) -> Summary {
        Summary { failure, generated_by, local_proxy: false }
    }

    #[test]
    fn a_transient_gateway_error_is_wait() {
        let facts = Facts { status: 504, ..Facts::default() };
        let (advice, _) = advise(&facts, &summary(Failure::Timeout, GeneratedBy::Gateway));
        assert_eq!(advice, vec![Advice::WaitAndHardRefresh]);
    }

    #[test]
    fn cache_comes_first_and_post_before_retrying() {
        let facts = Facts { status: 502, from_cache: true, method: "post".into(), ..Facts::default() };
        let (advice, evidence) = advise(&facts, &summary(Failure::Unknown, GeneratedBy::Unknown));
        assert_eq!(advice.first(), Some(&Advice::ClearSiteCache));
        assert_eq!(advice.get(1), Some(&Advice::CheckBeforeResubmitting));
        assert!(evidence.iter().any(|e| e.contains("cache")));
    }

    #[test]
    fn changed_address_suggests_dns() {
        let facts = Facts {
            status: 502,
            server_ip: Some("203.0.113.9".into()),
            last_good_ip: Some("198.51.100.7".into()),
            ..Facts::default()
        };
        let (advice, evidence) = advise(&facts, &summary(Failure::Unknown, GeneratedBy::Gateway));
        assert_eq!(advice, vec![Advice::ChangeDns, Advice::WaitAndHardRefresh]);
        assert_eq!(evidence, vec!["server ip 203.0.113.9, last worked at 198.51.100.7"]);
        let same = Facts { last_good_ip: Some("203.0.113.9".into()), ..facts };
        assert!(!advise(&same, &summary(Failure::Unknown, GeneratedBy::Gateway))
            .0
            .contains(&Advice::ChangeDns));
    }

    #[test]
    fn many_failing_hosts_threshold() {
        let two = Facts { status: 502, other_failing_hosts: MANY_FAILING_HOSTS - 1, ..Facts::default() };
        let three = Facts { other_failing_hosts: MANY_FAILING_HOSTS, ..two.clone() };
        let s = summary(Failure::Unknown, GeneratedBy::Unknown);
        assert!(!advise(&two, &s).0.contains(&Advice::ToggleVpn));
        assert_eq!(advise(&three, &s).0.first(), Some(&Advice::ToggleVpn));
    }

    #[test]
    fn origin_errors_add_private_window_and_owner() {
        let facts = Facts { status: 500, ..Facts::default() };
        let (advice, _) = advise(&facts, &summary(Failure::AppError, GeneratedBy::Origin));
        assert_eq!(
            advice,
            vec![Advice::WaitAndHardRefresh, Advice::TryPrivateWindow, Advice::ContactSiteOwner]
        );
    }

    #[test]
    fn local_proxy_suggests_vpn_not_owner() {
        let facts = Facts { status: 503, ..Facts::default() };
        let s = Summary { failure: Failure::Refused, generated_by: GeneratedBy::Gateway, local_proxy: true };
        assert_eq!(advise(&facts, &s).0, vec![Advice::ToggleVpn, Advice::WaitAndHardRefresh]);
    }

    #[test]
    fn blocked_by_client_suggests_extensions() {
        let facts = Facts { status: 0, error: Some("net::ERR_BLOCKED_BY_CLIENT".into()), ..Facts::default() };
        let (advice, _) = advise(&facts, &summary(Failure::Unknown, GeneratedBy::Unknown));
        assert_eq!(advice.first(), Some(&Advice::DisableExtensions));
    }
}
