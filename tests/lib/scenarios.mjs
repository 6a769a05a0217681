// Named failure scenarios: a real gateway (Debian package) in front of a misbehaving backend.
// Shared by the fixture recorder (tests/fixtures/record.mjs), the browser tests and the demo.
//
// API
//   import { SCENARIOS, scenario, startScenario } from './scenarios.mjs';
//   SCENARIOS            // array of { name, gateway, backend, gatewayOptions?, afterStart?, description, cause, expected }
//   scenario(name)       // one definition (throws on an unknown name)
//   const run = await startScenario('nginx-hang');   // or startScenario(name, { recoverAfterMs })
//   run.url              // http://127.0.0.1:PORT/  (the gateway; load this in the browser)
//   run.gateway          // { kind, port, url, version, accessLog, readAccessLog(), stop() }
//   run.backend          // { kind, port, url, requests: [{at, line}], stop(); flappy: up(), down(), isUp }
//   run.outage           // scenarios with recoverAfterMs: { recoversAt (epoch ms), restart() } — restart()
//                        // takes the backend down again and starts the wait anew; otherwise null
//   run.paymentUrl       // scenarios with `payment`: the URL the payment form POSTs to; otherwise null
//   await run.stop();    // stops gateway then backend; safe to call twice
//
// Fields
//   gateway      nginx | haproxy | varnish | apache | squid | caddy | lighttpd (see gateways.mjs)
//   backend      a kind from backends.mjs (refused, hang, close_early, reset, garbage, bad_header,
//                tls_fail, app_500, app_503_retry_after, healthy, flappy)
//   gatewayOptions  optional options for startGateway, e.g. { variant: 'no_server' } (haproxy: its
//                only server is disabled)
//   afterStart   optional 'backend_down': the (flappy) backend is taken down once the gateway is up
//   recoverAfterMs  optional: the (flappy) backend comes back up this long after it was taken down
//                (startScenario's { recoverAfterMs } overrides it, e.g. for a quick test)
//   payment      optional { method, path, cause, expected }: the page itself is healthy, but its payment
//                form submits to `path`, which fails as `expected` says (the resubmission-guard case)
//   description  one line: what a user sees
//   cause        what really went wrong behind the gateway, in the failure vocabulary (ground truth)
//   expected     what a correct diagnosis of the response says, per /work/shared/spec/vendors.md and
//                diagnosis.md: { status, vendor, failure, generated_by }. `failure` is what the
//                response lets one decide, so it is `unknown` where the gateway sends the same bytes
//                for several causes (nginx 502, haproxy 503, varnish 503, caddy 502), even though
//                `cause` is known. status 0 = no HTTP response the browser accepts. For 2xx the
//                diagnosis fields are null (nothing to diagnose).
//
// Cleanup: every daemon runs in its own process group and is also killed on process exit, SIGINT,
// SIGTERM, SIGHUP and uncaught exceptions (tests/lib/procs.mjs installs those handlers; on a signal it
// exits with 128+n after killing). A SIGKILLed test process cannot clean up: its daemons survive.
// `node tests/lib/selftest.mjs` checks every scenario and that nothing is left running.
//
// Judgement calls in `expected` (report them if the catalog changes):
// - haproxy-refused / -tls / -no-server: byte-identical "503 No server is available" pages, so
//   failure `unknown` for all three (vendors.md §4 lists refused, connect timeout and no_backend).
// - squid-refused-at-start: X-Squid-Error ERR_READ_ERROR 0 (errno 0: Squid had no path to the peer;
//   vendors.md maps ERR_READ_ERROR to invalid_response, which would be wrong here) -> `unknown`.
//
// All statuses below were observed with the Debian 12 packages listed in tests/fixtures/VERSIONS.md.

import { startBackend } from './backends.mjs';
import { startGateway } from './gateways.mjs';

// What each backend kind really does, in the failure vocabulary.
const CAUSE = {
  refused: 'refused', hang: 'timeout', close_early: 'invalid_response', reset: 'invalid_response',
  garbage: 'invalid_response', bad_header: 'invalid_response', tls_fail: 'tls',
  app_500: 'app_error', app_503_retry_after: 'app_error', healthy: null, flappy: null, shop: null,
};

const ORIGIN_500 = { status: 500, vendor: 'unknown', failure: 'app_error', generated_by: 'origin' };
const ORIGIN_503 = { status: 503, vendor: 'unknown', failure: 'app_error', generated_by: 'origin' };
const OK = { status: 200, vendor: null, failure: null, generated_by: null };
const gw = (vendor, status, failure) => ({ status, vendor, failure, generated_by: 'gateway' });

const APP_500 = ['app_500', ORIGIN_500, 'the application\'s own "Something went wrong" 500 page, passed through'];
const APP_503 = ['app_503_retry_after', ORIGIN_503, 'the application\'s own maintenance 503 page with Retry-After: 4, passed through'];
const HEALTHY = ['healthy', OK, 'the shop\'s normal 200 page'];

// gateway -> rows of [backend kind (+':modifier', see MODIFIERS), expected, what the user sees]
const TABLE = {
  nginx: [
    ['refused', gw('nginx', 502, 'unknown'), 'nginx "502 Bad Gateway" page (footer nginx/1.22.1, padded for Chrome); the upstream port refuses connections'],
    ['hang', gw('nginx', 504, 'timeout'), 'nginx "504 Gateway Time-out" page after ~2 s; the upstream accepts but never answers'],
    ['close_early', gw('nginx', 502, 'unknown'), 'nginx "502 Bad Gateway" page; the upstream closes the connection without answering'],
    ['reset', gw('nginx', 502, 'unknown'), 'nginx "502 Bad Gateway" page; the upstream resets the connection'],
    ['bad_header', gw('nginx', 502, 'unknown'), 'nginx "502 Bad Gateway" page; the upstream sends a malformed header'],
    ['garbage', { status: 0, vendor: 'unknown', failure: 'invalid_response', generated_by: 'unknown' },
      'no page: nginx relays the upstream\'s non-HTTP bytes as an HTTP/0.9 response, which the browser rejects (ERR_INVALID_HTTP_RESPONSE)'],
    ['tls_fail', gw('nginx', 502, 'unknown'), 'nginx "502 Bad Gateway" page; the TLS handshake to the upstream fails'],
    APP_500, APP_503, HEALTHY,
    ['flappy', OK, 'the shop\'s 200 page while the backend is up; nginx 502 after backend.down()'],
    ['flappy:comes_back', gw('nginx', 502, 'unknown'), 'nginx "502 Bad Gateway" page for a minute (the backend is down), then the shop\'s 200 page again'],
    ['shop:pay_refused', OK, 'the shop\'s checkout page (200) with a card form; "Place order" POSTs to /pay, which gets nginx\'s "502 Bad Gateway" (the payment upstream refuses connections)'],
  ],
  haproxy: [
    ['refused', gw('haproxy', 503, 'unknown'), 'HAProxy "503 Service Unavailable / No server is available to handle this request." after ~1 s; the server refuses connections'],
    ['refused:no_server', gw('haproxy', 503, 'unknown'), 'HAProxy "503 Service Unavailable / No server is available to handle this request." at once; the only server is disabled'],
    ['hang', gw('haproxy', 504, 'timeout'), 'HAProxy "504 Gateway Time-out / The server didn\'t respond in time." after ~2 s'],
    ['close_early', gw('haproxy', 502, 'invalid_response'), 'HAProxy "502 Bad Gateway / The server returned an invalid or incomplete response."; the server closes without answering'],
    ['reset', gw('haproxy', 502, 'invalid_response'), 'HAProxy "502 Bad Gateway" page; the server resets the connection'],
    ['garbage', gw('haproxy', 502, 'invalid_response'), 'HAProxy "502 Bad Gateway" page; the server answers non-HTTP bytes'],
    ['bad_header', gw('haproxy', 502, 'invalid_response'), 'HAProxy "502 Bad Gateway" page; the server sends a malformed header'],
    ['tls_fail', gw('haproxy', 503, 'unknown'), 'HAProxy "503 ... No server is available" page; the TLS handshake to the server fails'],
    APP_500, APP_503, HEALTHY,
  ],
  varnish: [
    ['refused', gw('varnish', 503, 'unknown'), 'Varnish "Error 503 Backend fetch failed / Guru Meditation" page with Retry-After: 5; the backend refuses connections'],
    ['hang', gw('varnish', 503, 'unknown'), 'Varnish "503 Backend fetch failed" page after ~2 s (first_byte_timeout); the backend never answers'],
    ['close_early', gw('varnish', 503, 'unknown'), 'Varnish "503 Backend fetch failed" page; the backend closes without answering'],
    ['reset', gw('varnish', 503, 'unknown'), 'Varnish "503 Backend fetch failed" page; the backend resets the connection'],
    ['garbage', gw('varnish', 503, 'unknown'), 'Varnish "503 Backend fetch failed" page; the backend answers non-HTTP bytes'],
    ['bad_header', gw('varnish', 503, 'unknown'), 'Varnish "503 Backend fetch failed" page; the backend sends a malformed header'],
    APP_500, APP_503, HEALTHY,
  ],
  apache: [
    ['refused', gw('apache', 503, 'refused'), 'Apache "503 Service Unavailable" page (temporarily unable to service your request), signature Apache/2.4.71 (Debian); the backend refuses connections'],
    ['hang', gw('apache', 502, 'unknown'), 'Apache "502 Proxy Error ... Reason: Error reading from remote server" after ~2 s (ProxyTimeout); the backend never answers'],
    ['close_early', gw('apache', 502, 'unknown'), 'Apache "502 Proxy Error ... Error reading from remote server"; the backend closes without answering'],
    ['reset', gw('apache', 502, 'unknown'), 'Apache "502 Proxy Error ... Error reading from remote server"; the backend resets the connection'],
    ['garbage', gw('apache', 502, 'unknown'), 'Apache "502 Proxy Error ... Error reading from remote server"; the backend answers non-HTTP bytes'],
    ['bad_header', gw('apache', 502, 'invalid_response'), 'Apache "502 Bad Gateway / The proxy server received an invalid response" page; the backend sends a malformed header'],
    ['tls_fail', gw('apache', 500, 'tls'), 'Apache "500 Proxy Error ... Reason: Error during SSL Handshake with remote server"'],
    APP_500, APP_503, HEALTHY,
  ],
  squid: [
    ['flappy:down', gw('squid', 503, 'refused'), 'Squid "ERROR: The requested URL could not be retrieved" page, X-Squid-Error: ERR_CONNECT_FAIL 111; the backend went down after Squid started'],
    ['refused:at_start', gw('squid', 502, 'unknown'), 'Squid error page with X-Squid-Error: ERR_READ_ERROR 0; the backend was already down when Squid started, so Squid finds no path to it'],
    ['hang', gw('squid', 504, 'timeout'), 'Squid error page, X-Squid-Error: ERR_READ_TIMEOUT 0, after 3-6 s (read_timeout 2 s); the backend never answers'],
    ['close_early', gw('squid', 502, 'invalid_response'), 'Squid error page, X-Squid-Error: ERR_ZERO_SIZE_OBJECT 0; the backend closes without answering'],
    ['reset', gw('squid', 502, 'invalid_response'), 'Squid error page, X-Squid-Error: ERR_READ_ERROR 104; the backend resets the connection'],
    ['bad_header', gw('squid', 502, 'invalid_response'), 'Squid error page, X-Squid-Error: ERR_INVALID_RESP 0; the backend sends a malformed header'],
    ['garbage', OK, 'a 200 whose body is the backend\'s non-HTTP bytes: Squid relays them as an HTTP/0.9 response'],
    ['tls_fail', gw('squid', 503, 'tls'), 'Squid error page, X-Squid-Error: ERR_SECURE_CONNECT_FAIL 0; the TLS handshake to the backend fails'],
    APP_500, APP_503, HEALTHY,
  ],
  caddy: [
    ['refused', gw('caddy', 502, 'unknown'), 'an empty 502 with Server: Caddy (the browser shows its own "HTTP ERROR 502"); the backend refuses connections'],
    ['hang', gw('caddy', 504, 'timeout'), 'an empty 504 with Server: Caddy after ~2 s (response_header_timeout)'],
    ['close_early', gw('caddy', 502, 'unknown'), 'an empty 502 with Server: Caddy; the backend closes without answering'],
    ['reset', gw('caddy', 502, 'unknown'), 'an empty 502 with Server: Caddy; the backend resets the connection'],
    ['garbage', gw('caddy', 502, 'unknown'), 'an empty 502 with Server: Caddy; the backend answers non-HTTP bytes'],
    ['bad_header', gw('caddy', 502, 'unknown'), 'an empty 502 with Server: Caddy; the backend sends a malformed header'],
    ['tls_fail', gw('caddy', 502, 'unknown'), 'an empty 502 with Server: Caddy; the TLS handshake to the backend fails'],
    APP_500, APP_503, HEALTHY,
  ],
  lighttpd: [
    ['refused', gw('lighttpd', 503, 'unknown'), 'lighttpd XHTML "503 Service Unavailable" page; the backend refuses connections'],
    ['hang', gw('lighttpd', 504, 'timeout'), 'lighttpd XHTML "504 Gateway Timeout" page after ~4 s; the backend never answers'],
    ['close_early', gw('lighttpd', 500, 'unknown'), 'lighttpd XHTML "500 Internal Server Error" page; the backend closes without answering'],
    ['reset', gw('lighttpd', 500, 'unknown'), 'lighttpd XHTML "500 Internal Server Error" page; the backend resets the connection'],
    ['garbage', gw('lighttpd', 502, 'unknown'), 'lighttpd XHTML "502 Bad Gateway" page; the backend answers non-HTTP bytes'],
    ['bad_header', OK, 'a 200 with the backend\'s body: lighttpd tolerates the malformed header line'],
    APP_500, APP_503, HEALTHY,
  ],
};

// Row modifiers after ':' — gateway options or a step after start.
const MODIFIERS = {
  no_server: { suffix: 'no-server', cause: 'no_backend', gatewayOptions: { variant: 'no_server' } },
  // Squid probes its peers at start-up: a backend that was never up is handled differently from one
  // that went away later, so both are scenarios.
  at_start: { suffix: 'refused-at-start', cause: 'refused' },
  down: { suffix: 'refused', cause: 'refused', afterStart: 'backend_down' },
  // An outage that ends by itself: what the automatic, paced hard refresh is for.
  comes_back: { suffix: 'comes-back', cause: 'refused', afterStart: 'backend_down', recoverAfterMs: 60_000 },
  // Only the payment service is down: the checkout page loads, the payment POST meets nginx's 502.
  pay_refused: {
    suffix: 'checkout',
    gatewayOptions: { variant: 'pay_refused' },
    payment: { method: 'POST', path: '/pay', cause: 'refused', expected: gw('nginx', 502, 'unknown') },
  },
};

// Scenario names use the backend kind with '-' for '_', except these.
const SUFFIX = { tls_fail: 'tls' };

function build() {
  const list = [];
  for (const [gateway, rows] of Object.entries(TABLE)) {
    for (const [key, expected, description] of rows) {
      const [backend, mod] = key.split(':');
      const m = mod ? MODIFIERS[mod] : {};
      list.push({
        name: `${gateway}-${m.suffix || SUFFIX[backend] || backend.replace(/_/g, '-')}`,
        gateway,
        backend,
        ...(m.gatewayOptions ? { gatewayOptions: m.gatewayOptions } : {}),
        ...(m.afterStart ? { afterStart: m.afterStart } : {}),
        ...(m.recoverAfterMs ? { recoverAfterMs: m.recoverAfterMs } : {}),
        ...(m.payment ? { payment: m.payment } : {}),
        description,
        cause: m.cause || CAUSE[backend],
        expected,
      });
    }
  }
  const names = new Set(list.map((x) => x.name));
  if (names.size !== list.length) throw new Error('duplicate scenario names');
  return list;
}

export const SCENARIOS = Object.freeze(build());

export function scenario(name) {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario: ${name} (known: ${SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}

/**
 * Start the backend and gateway of scenario `name`. Stops what it started if anything fails.
 * @param {string} name
 * @param {{recoverAfterMs?: number}} [options] overrides the scenario's recoverAfterMs
 */
export async function startScenario(name, { recoverAfterMs } = {}) {
  const def = scenario(name);
  const recoverMs = recoverAfterMs ?? def.recoverAfterMs;
  const backend = await startBackend(def.backend);
  let gateway;
  try {
    gateway = await startGateway(def.gateway, backend, def.gatewayOptions);
    if (def.afterStart === 'backend_down') {
      // The gateway started while the backend was up (Squid probes its peers then); now it goes away.
      await backend.down();
    }
  } catch (err) {
    if (gateway) await gateway.stop();
    await backend.stop();
    throw err;
  }
  let stopped = false;
  let outage = null;
  if (recoverMs) {
    let timer;
    const schedule = () => {
      clearTimeout(timer);
      outage.recoversAt = Date.now() + recoverMs;
      timer = setTimeout(() => { if (!stopped) backend.up().catch(() => {}); }, recoverMs);
      timer.unref();
    };
    outage = {
      recoversAt: 0,
      async restart() { if (stopped) return; await backend.down(); schedule(); },
      cancel() { clearTimeout(timer); },
    };
    schedule();
  }
  return {
    name,
    scenario: def,
    url: gateway.url,
    gateway,
    backend,
    outage,
    paymentUrl: def.payment ? new URL(def.payment.path, gateway.url).href : null,
    async stop() {
      if (stopped) return;
      stopped = true;
      outage?.cancel();
      try { await gateway.stop(); } finally { await backend.stop(); }
    },
  };
}
