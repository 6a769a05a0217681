//! The data that crosses into and out of the diagnosis engine.

use serde::{Deserialize, Serialize};

/// Everything the engine may look at for one failed request. Built by the extension from webRequest
/// details (plus the error page's text when a content script read it) or by the CLI from a HAR entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Facts {
    /// Request method, e.g. `GET`, `POST`.
    pub method: String,
    /// The request URL.
    pub url: String,
    /// webRequest resource type: `main_frame`, `sub_frame`, `xmlhttprequest`, ... (HAR: `_resourceType`).
    pub resource_type: String,
    /// Names (never values) of the form fields of a POST.
    pub form_field_names: Vec<String>,
    /// HTTP status; 0 when the request failed without a response.
    pub status: u16,
    /// Response headers in arrival order, any case, possibly repeated.
    pub headers: Vec<(String, String)>,
    /// The browser served this response from its cache.
    pub from_cache: bool,
    /// The server IP the browser connected to, when reported.
    pub server_ip: Option<String>,
    /// Title and visible text of the error page (or the HAR body), at most the first 8 KiB are read.
    pub page_text: Option<String>,
    /// A network error string when there was no response (`net::ERR_CONNECTION_RESET`, HAR `_error`).
    pub error: Option<String>,
    /// The last IP address that served this host successfully.
    pub last_good_ip: Option<String>,
    /// How many other, unrelated hosts failed in the last minute.
    pub other_failing_hosts: u32,
    /// When the response arrived, milliseconds since the Unix epoch (for an HTTP-date Retry-After
    /// without a Date header).
    pub received_at_ms: Option<u64>,
    /// How long this site has been failing for this user (the open incident's age), in seconds.
    pub failing_for_s: Option<u64>,
}

impl Facts {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The engine's answer; serializes to the shape of `shared/spec/diagnosis.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The HTTP status.
    pub status: u16,
    /// Who produced the error response.
    pub vendor: Vendor,
    /// Intermediaries the response passed through, outermost first.
    pub via: Vec<Vendor>,
    /// What went wrong behind the producer.
    pub failure: Failure,
    /// Whether an intermediary or the origin application made the error.
    pub generated_by: GeneratedBy,
    /// The browser showed a cached error.
    pub from_cache: bool,
    /// Retry-After as seconds from the response; `None` when absent or unparseable.
    pub retry_after_s: Option<u64>,
    /// Fixes that fit, most useful first.
    pub advice: Vec<Advice>,
    /// Short strings saying what the decision rests on.
    pub evidence: Vec<String>,
}

/// The software or service that produced (or carried) an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum Vendor {
    Cloudflare,
    Cloudfront,
    AwsElb,
    Akamai,
    Fastly,
    GoogleFrontend,
    AzureFrontDoor,
    AzureAppGateway,
    Vercel,
    Netlify,
    Heroku,
    Fly,
    Render,
    GithubPages,
    Nginx,
    Openresty,
    Apache,
    Haproxy,
    Varnish,
    Envoy,
    Istio,
    Traefik,
    Caddy,
    Squid,
    Lighttpd,
    H2o,
    Tinyproxy,
    Iis,
    Kong,
    Unknown,
}

/// What went wrong behind the layer that answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// Upstream refused or closed the connection.
    Refused,
    /// Upstream did not answer in time.
    Timeout,
    /// Upstream answered with garbage or reset mid-response.
    InvalidResponse,
    /// Upstream could not be resolved.
    Dns,
    /// TLS to upstream failed.
    Tls,
    /// No healthy backend, maintenance or overload at the gateway.
    NoBackend,
    /// The application itself failed.
    AppError,
    /// The evidence does not decide.
    Unknown,
}

/// Who made the error page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeneratedBy {
    /// An intermediary (proxy, CDN, load balancer) made it.
    Gateway,
    /// The site's own application sent it.
    Origin,
    /// The evidence does not decide.
    Unknown,
}

/// A fix the extension can suggest; the UI shows each as localized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Advice {
    WaitAndHardRefresh,
    ClearSiteCache,
    ChangeDns,
    TryPrivateWindow,
    DisableExtensions,
    ToggleVpn,
    CheckBeforeResubmitting,
    ContactSiteOwner,
}
