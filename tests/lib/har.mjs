// One real HTTP GET, captured as a HAR 1.2 entry, the way a browser would send it.
// Node built-ins only.

import http from 'node:http';
import zlib from 'node:zlib';

// What Chromium sends for a top-level navigation. The Chrome User-Agent matters: nginx pads its
// error pages for "Chrome" and "MSIE" user agents (msie_padding), so captures match what users get.
export const CHROME_HEADERS = [
  ['Connection', 'keep-alive'],
  ['sec-ch-ua', '"Chromium";v="156", "Not_A Brand";v="24"'],
  ['sec-ch-ua-mobile', '?0'],
  ['sec-ch-ua-platform', '"Linux"'],
  ['Upgrade-Insecure-Requests', '1'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7'],
  ['Sec-Fetch-Site', 'none'],
  ['Sec-Fetch-Mode', 'navigate'],
  ['Sec-Fetch-User', '?1'],
  ['Sec-Fetch-Dest', 'document'],
  ['Accept-Encoding', 'gzip, deflate, br'],
  ['Accept-Language', 'en-US,en;q=0.9'],
];

// Node's error codes -> the net:: error Chromium reports for the same condition (HAR `_error`).
function chromeError(err) {
  const code = err.code || '';
  if (code.startsWith('HPE_')) return 'net::ERR_INVALID_HTTP_RESPONSE';
  return {
    ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
    ECONNRESET: 'net::ERR_CONNECTION_RESET',
    ETIMEDOUT: 'net::ERR_TIMED_OUT',
    EPIPE: 'net::ERR_CONNECTION_CLOSED',
  }[code] || 'net::ERR_FAILED';
}

function decode(body, encoding) {
  switch ((encoding || '').trim().toLowerCase()) {
    case 'gzip': return zlib.gunzipSync(body);
    case 'deflate': return zlib.inflateSync(body);
    case 'br': return zlib.brotliDecompressSync(body);
    default: return body;
  }
}

const pairs = (raw) => {
  const out = [];
  for (let i = 0; i < raw.length; i += 2) out.push({ name: raw[i], value: raw[i + 1] });
  return out;
};
const headersSize = (firstLine, headers) =>
  Buffer.byteLength(`${firstLine}\r\n${headers.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`);

/**
 * GET `url` with Chrome's navigation headers; resolve to a HAR 1.2 entry (never rejects).
 * A request that gets no acceptable HTTP response is recorded as status 0 with response._error.
 */
export function captureEntry(url, { timeoutMs = 20000, pageref } = {}) {
  const u = new URL(url);
  const reqHeaders = [{ name: 'Host', value: u.host }, ...CHROME_HEADERS.map(([name, value]) => ({ name, value }))];
  const started = new Date();
  const t0 = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
  let tConnect = -1; let tHeaders = -1;
  const request = {
    method: 'GET', url: u.href, httpVersion: 'HTTP/1.1', headers: reqHeaders,
    queryString: [...u.searchParams].map(([name, value]) => ({ name, value })), cookies: [],
    headersSize: headersSize(`GET ${u.pathname}${u.search} HTTP/1.1`, reqHeaders), bodySize: 0,
  };
  const entry = (response) => {
    const total = ms();
    const connect = tConnect >= 0 ? tConnect : -1;
    const wait = tHeaders >= 0 ? tHeaders - Math.max(connect, 0) : total - Math.max(connect, 0);
    const receive = tHeaders >= 0 ? total - tHeaders : 0;
    return {
      ...(pageref ? { pageref } : {}),
      startedDateTime: started.toISOString(),
      time: round(total),
      request,
      response,
      cache: {},
      timings: { blocked: -1, dns: -1, ssl: -1, connect: round(connect), send: 0, wait: round(wait), receive: round(receive) },
      serverIPAddress: '127.0.0.1',
      connection: '',
    };
  };
  return new Promise((resolve) => {
    const agent = new http.Agent({ keepAlive: false });
    const headers = Object.fromEntries(reqHeaders.map((h) => [h.name, h.value]));
    const req = http.request(u, { method: 'GET', headers, agent, setHost: false });
    let done = false;
    const finish = (e) => { if (!done) { done = true; agent.destroy(); resolve(e); } };
    req.on('socket', (s) => s.once('connect', () => { tConnect = ms(); }));
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => finish(entry({
      status: 0, statusText: '', httpVersion: '', headers: [], cookies: [],
      content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1,
      _error: chromeError(err), _nodeError: `${err.code || ''} ${err.message}`.trim(),
    })));
    req.on('response', (res) => {
      tHeaders = ms();
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', () => {});
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        let body = wire;
        try { body = decode(wire, res.headers['content-encoding']); } catch { /* keep raw */ }
        const text = body.toString('utf8');
        const isText = Buffer.from(text, 'utf8').equals(body);
        const respHeaders = pairs(res.rawHeaders);
        finish(entry({
          status: res.statusCode,
          statusText: res.statusMessage || '',
          httpVersion: `HTTP/${res.httpVersion}`,
          headers: respHeaders,
          cookies: [],
          content: {
            size: body.length,
            mimeType: res.headers['content-type'] || 'x-unknown',
            ...(isText ? { text } : { text: body.toString('base64'), encoding: 'base64' }),
          },
          redirectURL: res.headers.location || '',
          headersSize: headersSize(`HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage || ''}`, respHeaders),
          bodySize: wire.length,
        }));
      });
    });
    req.end();
  });
}

function round(x) { return x < 0 ? -1 : Math.round(x * 1000) / 1000; }

/** A HAR 1.2 document around entries (one page). */
export function harDocument(entries, { title, creatorVersion = '1' } = {}) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'gateway-guard tests/fixtures/record.mjs', version: creatorVersion },
      pages: entries.length ? [{
        startedDateTime: entries[0].startedDateTime, id: 'page_1', title: title || entries[0].request.url,
        pageTimings: { onContentLoad: -1, onLoad: -1 },
      }] : [],
      entries,
    },
  };
}
