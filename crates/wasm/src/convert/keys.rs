//! Every property name and enum id that crosses the boundary, made into a JS string once per worker and
//! reused: reading or writing a property then passes a reference, with no UTF-8 copy per call.
//!
//! The spellings are those of the core's serde attributes (`rename_all`), which the CLI's JSON and the
//! stored data also use (`ids.rs` checks each enum's ids against serde's in its tests).

use std::cell::OnceCell;

use wasm_bindgen::JsValue;

macro_rules! keys {
    ($($key:ident = $name:literal,)*) => {
        /// A property name or enum id; [`K::name`] is its text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum K {
            $($key,)*
        }
        /// Every name, one after the other (one string: no pointer and length per name in the module).
        const TEXT: &str = concat!($($name,)*);
        /// Where each name ends in [`TEXT`].
        const ENDS: &[u16] = &ends([$($name.len(),)*]);
        /// Each key and its name as written, for the tests.
        #[cfg(test)]
        const WRITTEN: &[(K, &str)] = &[$((K::$key, $name),)*];
    };
}

/// The running sums of `lengths`, at compile time.
#[allow(clippy::indexing_slicing)] // const fn: an index out of range fails the build
const fn ends<const N: usize>(lengths: [usize; N]) -> [u16; N] {
    let mut out = [0; N];
    let (mut i, mut end) = (0, 0);
    while i < N {
        end += lengths[i];
        assert!(end <= u16::MAX as usize);
        out[i] = end as u16;
        i += 1;
    }
    out
}

keys! {
    // Facts and Diagnosis (serde's field names: snake_case, as in shared/spec/diagnosis.md)
    method = "method",
    url = "url",
    resource_type = "resource_type",
    form_field_names = "form_field_names",
    status = "status",
    headers = "headers",
    from_cache = "from_cache",
    server_ip = "server_ip",
    page_text = "page_text",
    error = "error",
    last_good_ip = "last_good_ip",
    other_failing_hosts = "other_failing_hosts",
    received_at_ms = "received_at_ms",
    failing_for_s = "failing_for_s",
    vendor = "vendor",
    via = "via",
    failure = "failure",
    generated_by = "generated_by",
    retry_after_s = "retry_after_s",
    advice = "advice",
    evidence = "evidence",
    // Form check
    origin = "origin",
    action = "action",
    fields = "fields",
    submitTexts = "submitTexts",
    headingText = "headingText",
    name = "name",
    inputType = "inputType",
    type_ = "type",
    autocomplete = "autocomplete",
    label = "label",
    id = "id",
    risk = "risk",
    score = "score",
    // Explanation
    who = "who",
    yourSide = "yourSide",
    side = "side",
    sentence = "sentence",
    // Guard
    fieldNames = "fieldNames",
    resourceType = "resourceType",
    initiator = "initiator",
    startedAtMs = "startedAtMs",
    nowMs = "nowMs",
    path = "path",
    atMs = "atMs",
    answer = "answer",
    expiresAtMs = "expiresAtMs",
    version = "version",
    records = "records",
    expiryMs = "expiryMs",
    pageOrigin = "pageOrigin",
    actionUrl = "actionUrl",
    form = "form",
    liveOrigins = "liveOrigins",
    nextExpiryMs = "nextExpiryMs",
    record = "record",
    strength = "strength",
    state = "state",
    recorded = "recorded",
    summary = "summary",
    // History
    startMs = "startMs",
    endMs = "endMs",
    statuses = "statuses",
    attempts = "attempts",
    maxAgeDays = "maxAgeDays",
    maxIncidents = "maxIncidents",
    incidents = "incidents",
    // Pacing
    origins = "origins",
    firstFailureMs = "firstFailureMs",
    lastFailureMs = "lastFailureMs",
    lastAttemptMs = "lastAttemptMs",
    lastStatus = "lastStatus",
    manualReloadsMs = "manualReloadsMs",
    nextRetryMs = "nextRetryMs",
    probeTabId = "probeTabId",
    tabIds = "tabIds",
    phase = "phase",
    retryAfterUntilMs = "retryAfterUntilMs",
    kind = "kind",
    untilMs = "untilMs",
    autoRetry = "autoRetry",
    floorS = "floorS",
    capS = "capS",
    giveUpS = "giveUpS",
    rapidReloadCount = "rapidReloadCount",
    rapidReloadWindowS = "rapidReloadWindowS",
    notifyOnRecovery = "notifyOnRecovery",
    tabId = "tabId",
    retryAfterS = "retryAfterS",
    trigger = "trigger",
    reason = "reason",
    incidentStartedMs = "incidentStartedMs",
    incidentDurationMs = "incidentDurationMs",
    tabsToReload = "tabsToReload",
    rapidReloadNotice = "rapidReloadNotice",
    plan = "plan",
    verdict = "verdict",
    recovery = "recovery",
    due = "due",
    // Vendor ids (kebab-case)
    cloudflare = "cloudflare",
    cloudfront = "cloudfront",
    aws_elb = "aws-elb",
    akamai = "akamai",
    fastly = "fastly",
    google_frontend = "google-frontend",
    azure_front_door = "azure-front-door",
    azure_app_gateway = "azure-app-gateway",
    vercel = "vercel",
    netlify = "netlify",
    heroku = "heroku",
    fly = "fly",
    render = "render",
    github_pages = "github-pages",
    nginx = "nginx",
    openresty = "openresty",
    apache = "apache",
    haproxy = "haproxy",
    varnish = "varnish",
    envoy = "envoy",
    istio = "istio",
    traefik = "traefik",
    caddy = "caddy",
    squid = "squid",
    lighttpd = "lighttpd",
    h2o = "h2o",
    tinyproxy = "tinyproxy",
    iis = "iis",
    kong = "kong",
    unknown = "unknown",
    // The toolbar badge (explain::Badge, Severity)
    text = "text",
    severity = "severity",
    hard = "hard",
    soft = "soft",
    no_answer = "no_answer",
    // Failure, GeneratedBy and Advice ids (snake_case)
    refused = "refused",
    timeout = "timeout",
    invalid_response = "invalid_response",
    dns = "dns",
    tls = "tls",
    no_backend = "no_backend",
    app_error = "app_error",
    gateway = "gateway",
    wait_and_hard_refresh = "wait_and_hard_refresh",
    clear_site_cache = "clear_site_cache",
    change_dns = "change_dns",
    try_private_window = "try_private_window",
    disable_extensions = "disable_extensions",
    toggle_vpn = "toggle_vpn",
    check_before_resubmitting = "check_before_resubmitting",
    contact_site_owner = "contact_site_owner",
    // Who, Side and Sentence ids
    you = "you",
    yours = "yours",
    not_yours = "not_yours",
    unclear = "unclear",
    cached_error = "cached_error",
    local_network = "local_network",
    rate_limited = "rate_limited",
    origin_app_error = "origin_app_error",
    origin_refused = "origin_refused",
    origin_timeout = "origin_timeout",
    origin_invalid_response = "origin_invalid_response",
    origin_dns = "origin_dns",
    origin_tls = "origin_tls",
    gateway_error = "gateway_error",
    // Risk, Answer, ResourceType and Trigger ids
    other = "other",
    order = "order",
    payment = "payment",
    http_status = "http-status",
    dropped = "dropped",
    main_frame = "main_frame",
    xmlhttprequest = "xmlhttprequest",
    navigation = "navigation",
    retry = "retry",
    manual_reload = "manual-reload",
    // Phase, NoRetryReason and RetryPlan kinds (camelCase)
    waiting = "waiting",
    probing = "probing",
    cancelled = "cancelled",
    gaveUp = "gaveUp",
    retryAfterTooLong = "retryAfterTooLong",
    disabled = "disabled",
    postMethod = "postMethod",
    notRetryableStatus = "notRetryableStatus",
    noAutoRetry = "noAutoRetry",
}

impl K {
    /// The text of the name.
    pub fn name(self) -> &'static str {
        let i = self as usize;
        let start = i.checked_sub(1).and_then(|j| ENDS.get(j)).copied().unwrap_or(0);
        let end = ENDS.get(i).copied().unwrap_or(start);
        TEXT.get(usize::from(start)..usize::from(end)).unwrap_or("")
    }

    /// The name as a JS string, made on first use and kept for the worker's life.
    pub fn js(self) -> &'static JsValue {
        // One slot per name; the table is leaked once so that references to it are `'static`
        // (`JsValue` is neither `Send` nor `Sync`, so it cannot be a plain `static`).
        thread_local! {
            static TABLE: &'static [OnceCell<JsValue>] =
                Box::leak(ENDS.iter().map(|_| OnceCell::new()).collect::<Vec<_>>().into_boxed_slice());
        }
        let table = TABLE.with(|t| *t);
        match table.get(self as usize) {
            Some(slot) => slot.get_or_init(|| JsValue::from_str(self.name())),
            // Not reached: every key has a slot.
            None => Box::leak(Box::new(JsValue::UNDEFINED)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_per_key() {
        assert_eq!(ENDS.len(), K::noAutoRetry as usize + 1);
        assert_eq!(K::method.name(), "method");
        assert_eq!(K::url.name(), "url");
        assert_eq!(K::type_.name(), "type");
        assert_eq!(K::noAutoRetry.name(), "noAutoRetry");
        assert_eq!(WRITTEN.len(), ENDS.len());
        for (i, &(k, name)) in WRITTEN.iter().enumerate() {
            assert_eq!((k as usize, k.name()), (i, name));
        }
        assert_eq!(K::aws_elb.name(), "aws-elb");
    }
}
