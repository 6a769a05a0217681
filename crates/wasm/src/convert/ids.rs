//! The core's closed sets (vendors, failures, advice, risks, ...) as their spec ids. One table per enum
//! serves both directions; the tests check every table against serde's own ids, variant for variant.

use gateway_guard_core::diagnosis::{Advice, Failure, GeneratedBy, Vendor};
use gateway_guard_core::explain::{Sentence, Severity, Side, Who};
use gateway_guard_core::form::Risk;
use gateway_guard_core::guard::{Answer, ResourceType};
use gateway_guard_core::pacing::Trigger;
use wasm_bindgen::JsValue;

use super::keys::K;
use super::read::{variant, Bad, FromJs};
use super::write::{id, ToJs};

/// Implements both conversions from a table; the `match` makes a variant missing from the table a
/// compile error rather than a silent gap (and `other` names the variant unknown ids read as).
macro_rules! ids {
    ($ty:ident, $table:ident, other = $other:expr, [$($variant:ident = $k:ident),* $(,)?]) => {
        pub(crate) const $table: &[($ty, K)] = &[$(($ty::$variant, K::$k)),*];

        impl ToJs for $ty {
            fn to_js(&self) -> JsValue {
                id(match self {
                    $($ty::$variant => K::$k,)*
                })
            }
        }

        impl FromJs for $ty {
            fn from_js(value: &JsValue) -> Result<Self, Bad> {
                variant(value, $table, $other)
            }
        }
    };
}

ids!(
    Vendor,
    VENDORS,
    other = None,
    [
        Cloudflare = cloudflare,
        Cloudfront = cloudfront,
        AwsElb = aws_elb,
        Akamai = akamai,
        Fastly = fastly,
        GoogleFrontend = google_frontend,
        AzureFrontDoor = azure_front_door,
        AzureAppGateway = azure_app_gateway,
        Vercel = vercel,
        Netlify = netlify,
        Heroku = heroku,
        Fly = fly,
        Render = render,
        GithubPages = github_pages,
        Nginx = nginx,
        Openresty = openresty,
        Apache = apache,
        Haproxy = haproxy,
        Varnish = varnish,
        Envoy = envoy,
        Istio = istio,
        Traefik = traefik,
        Caddy = caddy,
        Squid = squid,
        Lighttpd = lighttpd,
        H2o = h2o,
        Tinyproxy = tinyproxy,
        Iis = iis,
        Kong = kong,
        Unknown = unknown,
    ]
);

ids!(
    Failure,
    FAILURES,
    other = None,
    [
        Refused = refused,
        Timeout = timeout,
        InvalidResponse = invalid_response,
        Dns = dns,
        Tls = tls,
        NoBackend = no_backend,
        AppError = app_error,
        Unknown = unknown,
    ]
);

ids!(GeneratedBy, GENERATED_BY, other = None, [Gateway = gateway, Origin = origin, Unknown = unknown]);

ids!(
    Advice,
    ADVICE,
    other = None,
    [
        WaitAndHardRefresh = wait_and_hard_refresh,
        ClearSiteCache = clear_site_cache,
        ChangeDns = change_dns,
        TryPrivateWindow = try_private_window,
        DisableExtensions = disable_extensions,
        ToggleVpn = toggle_vpn,
        CheckBeforeResubmitting = check_before_resubmitting,
        ContactSiteOwner = contact_site_owner,
    ]
);

ids!(Who, WHO, other = None, [Origin = origin, Gateway = gateway, You = you, Unknown = unknown]);

ids!(Side, SIDES, other = None, [Yours = yours, NotYours = not_yours, Unclear = unclear]);

ids!(Severity, SEVERITIES, other = None, [Hard = hard, Soft = soft, NoAnswer = no_answer]);

ids!(
    Sentence,
    SENTENCES,
    other = None,
    [
        CachedError = cached_error,
        LocalNetwork = local_network,
        RateLimited = rate_limited,
        OriginAppError = origin_app_error,
        OriginRefused = origin_refused,
        OriginTimeout = origin_timeout,
        OriginInvalidResponse = origin_invalid_response,
        OriginDns = origin_dns,
        OriginTls = origin_tls,
        NoBackend = no_backend,
        GatewayError = gateway_error,
        Unknown = unknown,
    ]
);

ids!(Risk, RISKS, other = None, [Other = other, Order = order, Payment = payment]);

ids!(Answer, ANSWERS, other = None, [HttpStatus = http_status, Dropped = dropped, Timeout = timeout]);

// `#[serde(other)]`: any other id is `Other`.
ids!(
    ResourceType,
    RESOURCE_TYPES,
    other = Some(ResourceType::Other),
    [MainFrame = main_frame, Xmlhttprequest = xmlhttprequest, Other = other,]
);

ids!(Trigger, TRIGGERS, other = None, [Navigation = navigation, Retry = retry, ManualReload = manual_reload]);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{de::DeserializeOwned, Serialize};

    /// Every variant serde knows, by id: serde lists them all when it meets an unknown one.
    fn serde_ids<T: DeserializeOwned>() -> Vec<String> {
        let err = serde_json::from_str::<T>("\"~\"").err().map(|e| e.to_string()).unwrap_or_default();
        let list = err.split("expected one of ").nth(1).or_else(|| err.split("expected ").nth(1)).unwrap();
        list.split(", ").map(|s| s.split('`').nth(1).unwrap().to_owned()).collect()
    }

    fn same_as_serde<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(table: &[(T, K)]) {
        for (variant, k) in table {
            assert_eq!(serde_json::to_value(variant).unwrap(), k.name(), "{variant:?}");
        }
        let mut ours: Vec<String> = table.iter().map(|(_, k)| k.name().to_owned()).collect();
        let mut theirs = serde_ids::<T>();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn every_table_has_serde_ids_for_every_variant() {
        same_as_serde(VENDORS);
        same_as_serde(FAILURES);
        same_as_serde(GENERATED_BY);
        same_as_serde(ADVICE);
        same_as_serde(WHO);
        same_as_serde(SIDES);
        same_as_serde(SEVERITIES);
        same_as_serde(SENTENCES);
        same_as_serde(RISKS);
        same_as_serde(ANSWERS);
        same_as_serde(TRIGGERS);
        // ResourceType's `other` takes every unknown id, so serde lists only the named ones.
        for (variant, k) in RESOURCE_TYPES {
            assert_eq!(serde_json::to_value(variant).unwrap(), k.name());
        }
    }
}
