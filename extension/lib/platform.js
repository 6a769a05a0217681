// The one place browser differences live. Everything else uses `api` and these feature tests.
// Firefox exposes promise-based `browser.*` (and `chrome.*`); Chrome's MV3 `chrome.*` returns promises too.

/** The WebExtensions namespace of this browser. */
export const api = globalThis.browser ?? globalThis.chrome;

/** Firefox runs the background as an event page with a DOM; Chrome as a service worker. */
export const isFirefox = typeof globalThis.browser !== 'undefined' && !!globalThis.browser?.runtime?.getBrowserInfo;

/**
 * Options for webRequest listeners that read response headers. Chrome hides some headers unless
 * 'extraHeaders' is asked for, but that option is the main cost of a listener (platform-notes.md):
 * the headers the diagnosis needs (Server, Via, Retry-After, CDN ids) are visible without it.
 */
export const responseHeaderOptions = ['responseHeaders'];

/** Session storage where the browser has it (Chrome 102+, Firefox 115+), else local. */
export const sessionArea = api.storage.session ?? api.storage.local;

/**
 * Removes the cached files of one site only. Chrome filters the cache by origin; Firefox (78+) by host
 * name, through `remove` with the cache data type (its `removeCache` ignores every filter and would clear
 * the whole cache, which the user did not ask for). `url` is a URL object of the site.
 */
export async function removeSiteCache(url) {
  if (isFirefox) await api.browsingData.remove({ hostnames: [url.hostname] }, { cache: true });
  else await api.browsingData.removeCache({ origins: [url.origin] });
}

/**
 * The match pattern for the pages of one origin, for registered content scripts. Chrome's patterns may
 * name a port; Firefox's cannot (MDN "Match patterns", Firefox bug 1362809): there a pattern with a port
 * matches no page at all (seen on ESR 153), so it names the host, on every port. Callers still decide by
 * exact origin.
 */
export function originPattern(origin) {
  const u = new URL(origin);
  return `${u.protocol}//${isFirefox ? u.hostname : u.host}/*`;
}
