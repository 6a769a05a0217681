// URL helpers shared by the background and the extension pages. Only web pages (http, https) count: a
// browser or extension page never fails with a 5xx.

/** The parsed URL of a web page, or null. */
export function webUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** `scheme://host[:port]` of a web page, or null. */
export const originOf = (url) => webUrl(url)?.origin ?? null;

/** The host name without the port (two ports of one host are one site), or ''. */
export const hostnameOf = (url) => webUrl(url)?.hostname ?? '';
