// Which scenarios the demo shows, in which order. Only names: every definition (gateway, backend,
// what the user sees, the expected diagnosis) lives in tests/lib/scenarios.mjs, which the browser tests
// and the fixture recorder use too.
import { scenario } from '../lib/scenarios.mjs';

export const DEMO = Object.freeze([
  'nginx-refused', // 502: the app behind nginx is down
  'nginx-hang', // 504: the app accepts but never answers
  'nginx-app-503-retry-after', // 503 from the app itself, with Retry-After
  'haproxy-no-server', // 503: haproxy has no healthy server
  'varnish-refused', // 503: Varnish "Backend fetch failed"
  'nginx-comes-back', // 502 for a minute, then the page is back (automatic hard refresh)
  'nginx-checkout', // a card form whose payment POST gets a 502 (resubmission guard)
  'nginx-healthy', // a normal page: nothing to see
]);

// Fail at import time rather than halfway through a demo.
for (const name of DEMO) scenario(name);

/** DEMO filtered by `--only a,b` (names must be scenarios; they need not be in DEMO). */
export function selectDemo(only) {
  if (!only) return DEMO.slice();
  const names = only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) scenario(name); // throws with the list of known names
  return names;
}
