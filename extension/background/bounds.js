// Bounds on what a server sends before it reaches the core and storage. A failing page's facts are stored
// per tab in storage.session (10 MB for the whole extension in Chrome): one 100 KB header value, copied
// into a few dozen tabs, would fill it and every later write (pacing state included) would fail.
// tests/browser/hostile.test.mjs serves such answers.

/** Headers kept per response: real 5xx answers carry a few dozen; hostile ones hundreds. */
export const MAX_HEADERS = 64;
const MAX_NAME = 64;
/** Long enough for every header the diagnosis reads (Server, Via chains, CDN ids, Retry-After). */
const MAX_VALUE = 512;

/**
 * webRequest `responseHeaders` as the core's `[name, value]` pairs, bounded in count and length. A value
 * Chrome could not decode as UTF-8 arrives as `binaryValue` only and becomes an empty string.
 */
export function boundedHeaders(responseHeaders) {
  if (!Array.isArray(responseHeaders)) return [];
  if (responseHeaders.length > MAX_HEADERS) {
    console.warn(`gateway-guard: ${responseHeaders.length} response headers; the first ${MAX_HEADERS} are kept`);
  }
  return responseHeaders
    .slice(0, MAX_HEADERS)
    .map((h) => [String(h?.name ?? '').slice(0, MAX_NAME), String(h?.value ?? '').slice(0, MAX_VALUE)]);
}
