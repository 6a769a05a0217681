// Named failure scenarios: a real gateway (Debian package) in front of a misbehaving backend.
// Shared by the fixture recorder (tests/fixtures/record.mjs), the browser tests and the demo.
//
// API
//   import { SCENARIOS, scenario, startScenario } from './scenarios.mjs';
//   SCENARIOS            // array of { name, gateway, backend, variant?, description, cause, expected }
//   scenario(name)       // one definition (throws on an unknown name)
//   const run = await startScenario('nginx-hang');
//   run.url              // http://127.0.0.1:PORT/  (the gateway; load this in the browser)
//   run.gateway          // { kind, port, url, version, accessLog, readAccessLog(), stop() }
//   run.backend          // { kind, port, url, requests: [{at, line}], stop(); flappy: up(), down(), isUp }
//   await run.stop();    // stops gateway then backend; safe to call twice
//
// Fields
//   gateway      nginx | haproxy | varnish | apache | squid | caddy | lighttpd (see gateways.mjs)
//   backend      a kind from backends.mjs (refused, hang, close_early, reset, garbage, bad_header,
//                tls_fail, app_500, app_503_retry_after, healthy, flappy)
//   variant      'no_server' (haproxy: its only server is disabled)
//   description  one line: what a user sees
//   cause        what really went wrong behind the gateway, in the failure vocabulary (ground truth)
//   expected     what a correct diagnosis of the response says, per /work/shared/spec/vendors.md and
//                diagnosis.md: { status, vendor, failure, generated_by }. `failure` is what the
//                response lets one decide, so it is `unknown` where the gateway sends the same bytes
//                for several causes (nginx 502, haproxy 503, varnish 503, caddy 502), even though
//                `cause` is known. status 0 = no HTTP response the browser accepts. For 2xx the
//                diagnosis fields are null (nothing to diagnose).
//
// All statuses below were observed with the Debian 12 packages listed in tests/fixtures/VERSIONS.md.

import { startBackend } from './backends.mjs';
import { startGateway } from './gateways.mjs';

// What each backend kind really does, in the failure vocabulary.
const CAUSE = {
  refused: 'refused', hang: 'timeout', close_early: 'invalid_response', reset: 'invalid_response',
  garbage: 'invalid_response', bad_header: 'invalid_response', tls_fail: 'tls',
  app_500: 'app_error', app_503_retry_after: 'app_error', healthy: null, flappy: null,
};

const ORIGIN_500 = { status: 500, vendor: 'unknown', failure: 'app_error', generated_by: 'origin' };
const ORIGIN_503 = { status: 503, vendor: 'unknown', failure: 'app_error', generated_by: 'origin' };
const OK = { status: 200, vendor: null, failure: null, generated_by: null };
const gw = (vendor, status, failure) => ({ status, vendor, failure, generated_by: 'gateway' });

const APP_500 = ['app_500', ORIGIN_500, 'the application\'s own "Something went wrong" 500 page, passed through'];
const APP_503 = ['app_503_retry_after', ORIGIN_503, 'the application\'s own maintenance 503 page with Retry-After: 4, passed through'];
const HEALTHY = ['healthy', OK, 'the shop\'s normal 200 page'];

// gateway -> rows of [backend kind (+':variant'), expected, what the user sees]
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
};

function build() {
  const list = [];
  for (const [gateway, rows] of Object.entries(TABLE)) {
    for (const [key, expected, description] of rows) {
      const [backend, variant] = key.split(':');
      const suffix = variant === 'no_server' ? 'no-server' : backend.replace(/_/g, '-');
      list.push({
        name: `${gateway}-${suffix}`,
        gateway,
        backend,
        ...(variant ? { variant } : {}),
        description,
        cause: variant === 'no_server' ? 'no_backend' : CAUSE[backend],
        expected,
      });
    }
  }
  return list;
}

export const SCENARIOS = Object.freeze(build());

export function scenario(name) {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario: ${name} (known: ${SCENARIOS.map((x) => x.name).join(', ')})`);
  return s;
}

/** Start the backend and gateway of scenario `name`. Stops what it started if anything fails. */
export async function startScenario(name) {
  const def = scenario(name);
  const backend = await startBackend(def.backend);
  let gateway;
  try {
    gateway = await startGateway(def.gateway, backend, { variant: def.variant });
  } catch (err) {
    await backend.stop();
    throw err;
  }
  let stopped = false;
  return {
    name,
    scenario: def,
    url: gateway.url,
    gateway,
    backend,
    async stop() {
      if (stopped) return;
      stopped = true;
      try { await gateway.stop(); } finally { await backend.stop(); }
    },
  };
}
