// Two builds of the wasm boundary, called with the same inputs, must answer the same: the same result
// (deep, key order included, null vs undefined kept apart) or both an exception. For a change to the
// conversions (crates/wasm/src/convert): build the tree before it (./build.sh), keep a copy of
// target/wasm32-unknown-unknown/wasm/gateway_guard_wasm.wasm, build the changed tree, then
//
//   node crates/wasm/tests/differential.mjs OLD.wasm NEW.wasm [cases per export, default 3000]
//
// Inputs: the shapes the extension sends and stores (built from the spec's ids), mutated at random:
// fields dropped, set to null or undefined, to the wrong type (string, number, 1.5, -1, NaN, 2^53, BigInt,
// array, object, Map, Set, String object), lists replaced by other iterables, whole arguments replaced by
// garbage. Pacing and guard states are grown by feeding one build's answers back in. Seeded: a failure
// prints its seed and input. Known, accepted differences (pacing `phase` given as a Map or an array, which
// serde-wasm-bindgen also read) are not generated.
/* global process, console, WebAssembly */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const [oldWasm, newWasm, perExport = '3000'] = process.argv.slice(2);
if (!oldWasm || !newWasm) {
  console.error('usage: node crates/wasm/tests/differential.mjs OLD.wasm NEW.wasm [cases]');
  process.exit(2);
}
const cache = process.env.GATEWAY_GUARD_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gateway-guard');
const version = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(readFileSync(join(root, 'Cargo.lock'), 'utf8'))?.[1];
const bindgen = join(cache, `tools/wasm-bindgen-${version}/bin/wasm-bindgen`);

const tmp = mkdtempSync(join(tmpdir(), 'gg-differential-'));
function load(wasm, name) {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'in'), { recursive: true });
  copyFileSync(wasm, join(dir, 'in', 'gateway_guard_wasm.wasm'));
  execFileSync(bindgen, ['--target', 'nodejs', '--no-typescript', '--out-dir', dir, join(dir, 'in', 'gateway_guard_wasm.wasm')]);
  return createRequire(import.meta.url)(join(dir, 'gateway_guard_wasm.js'));
}
if (!existsSync(bindgen)) throw new Error(`${bindgen} is missing: ./build.sh installs it`);
const A = load(oldWasm, 'old');
const B = load(newWasm, 'new');
rmSync(tmp, { recursive: true, force: true });

// --- seeded randomness ---------------------------------------------------------------------------------
let seed = Number(process.env.SEED || 12345);
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rnd() * n);
const pick = (xs) => xs[int(xs.length)];
const chance = (p) => rnd() < p;

// --- the vocabulary --------------------------------------------------------------------------------------
const VENDORS = ['cloudflare', 'cloudfront', 'aws-elb', 'akamai', 'fastly', 'google-frontend', 'azure-front-door',
  'azure-app-gateway', 'vercel', 'netlify', 'heroku', 'fly', 'render', 'github-pages', 'nginx', 'openresty', 'apache',
  'haproxy', 'varnish', 'envoy', 'istio', 'traefik', 'caddy', 'squid', 'lighttpd', 'h2o', 'tinyproxy', 'iis', 'kong', 'unknown'];
const FAILURES = ['refused', 'timeout', 'invalid_response', 'dns', 'tls', 'no_backend', 'app_error', 'unknown'];
const GENERATED = ['gateway', 'origin', 'unknown'];
const ADVICE = ['wait_and_hard_refresh', 'clear_site_cache', 'change_dns', 'try_private_window', 'disable_extensions',
  'toggle_vpn', 'check_before_resubmitting', 'contact_site_owner'];
const RISKS = ['other', 'order', 'payment'];
const ANSWERS = ['http-status', 'dropped', 'timeout'];
const RESOURCE_TYPES = ['main_frame', 'xmlhttprequest', 'other', 'sub_frame', 'image'];
const TRIGGERS = ['navigation', 'retry', 'manual-reload'];
const ORIGINS = ['https://shop.example', 'https://a.example', 'http://127.0.0.1:8080', 'https://pay.stripe.com', 'https://b.example'];
const STATUSES = [0, 200, 429, 500, 502, 503, 504, 520, 404];
const PAGES = ['<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
  'Error 1020 Access denied cloudflare Ray ID: 7f1', 'Backend fetch failed\nGuru Meditation:\nXID: 12', 'no healthy upstream',
  'The server is temporarily unable to service your request', 'é’Σ İ \ud800 lone', ''];
/** A page past the boundary's long-string threshold (256 UTF-16 units), ASCII or not, surrogates anywhere. */
const longPage = () => {
  const parts = ['<html><title>503 Service Unavailable</title><body>', 'x'.repeat(int(600)), pick(['é', '’', '😀', '\ud800', '\udc00', 'Σ', '']),
    'no healthy upstream ', 'y'.repeat(int(300)), pick(['😀', '\ud83d', 'é', '']), '</body></html>'];
  return chance(0.2) ? pick(['😀', 'é', '\ud800']).repeat(200 + int(200)) : parts.join('');
};
const FIELD_NAMES = ['card_number', 'cvc', 'email', 'password', 'q', 'cc-exp', 'iban', 'amount', 'coupon'];
const now = 1_700_000_000_000;

const str = () => pick(['', 'x', 'nginx', 'Server', 'Tue, 14 Nov 2023 22:13:20 GMT', '30', 'é’Σ', 'a'.repeat(300), '\ud800']);
const headerValue = () => (chance(0.02) ? 'v'.repeat(40000) : chance(0.1) ? pick(['\0', 'a\0b', '\udc00x', 'x\ud83d', '😀', '\u00a0']) : str());
/** A value of the wrong kind for almost any field. */
const junk = () => pick([null, undefined, 1.5, -1, NaN, Infinity, 2 ** 53, 2 ** 60, 70000, 5000000000, 10n, -3n, 2n ** 70n,
  true, 'str', '', [], [1], ['a', 'b'], {}, { a: 1 }, new Map([['a', 'b']]), new Set(['a']), new String('s'), new Number(5),
  () => 1, Symbol('s'), new Date(0), Object.create(null)]);

function list(make, max = 4) {
  const n = int(max + 1);
  return Array.from({ length: n }, make);
}

/** Mutates a generated object or list: a field dropped, nulled, made undefined or junk; extra keys. */
function mutate(value, depth = 0) {
  if (Array.isArray(value)) {
    const out = value.map((v) => (chance(0.15) ? mutate(v, depth + 1) : v));
    if (chance(0.05)) out.push(junk());
    if (chance(0.03)) return new Set(out);
    return out;
  }
  if (value && typeof value === 'object' && !(value instanceof Map) && !(value instanceof Set)) {
    const out = { ...value };
    for (const k of Object.keys(out)) {
      const r = rnd();
      if (r < 0.04) delete out[k];
      else if (r < 0.07) out[k] = null;
      else if (r < 0.09) out[k] = undefined;
      else if (r < 0.13) out[k] = junk();
      else if (r < 0.25 && depth < 4) out[k] = mutate(out[k], depth + 1);
    }
    if (chance(0.05)) out.extra = junk();
    return out;
  }
  return chance(0.3) ? junk() : value;
}

// --- generators per shape ----------------------------------------------------------------------------------
const facts = () => ({
  method: pick(['GET', 'POST', 'HEAD']), url: pick(ORIGINS) + '/p', resource_type: pick(RESOURCE_TYPES),
  ...(chance(0.3) ? { form_field_names: list(() => pick(FIELD_NAMES)) } : {}),
  status: pick(STATUSES),
  // Long lists too: from 4 pairs the boundary joins the strings into one crossing (read.rs, `Headers`), up to
  // 2^16 UTF-16 units in all (the 40,000-unit values go past it).
  headers: list(() => (chance(0.9) ? [pick(['Server', 'Via', 'Retry-After', 'cf-ray', 'X-Cache', 'Date']), headerValue()] : [str(), str(), str()]), chance(0.5) ? 6 : 24),
  from_cache: chance(0.1), server_ip: chance(0.5) ? '203.0.113.9' : null, page_text: chance(0.7) ? (chance(0.5) ? longPage() : pick(PAGES)) : null,
  error: chance(0.2) ? 'net::ERR_CONNECTION_RESET' : null, last_good_ip: chance(0.3) ? '198.51.100.1' : undefined,
  other_failing_hosts: int(6), received_at_ms: chance(0.5) ? now : null, failing_for_s: chance(0.5) ? int(4000) : null,
});
const diagnosis = () => ({
  status: pick(STATUSES), vendor: pick(VENDORS), via: list(() => pick(VENDORS), 2), failure: pick(FAILURES),
  generated_by: pick(GENERATED), from_cache: chance(0.2), retry_after_s: chance(0.5) ? int(100) : null,
  advice: list(() => pick(ADVICE), 3), evidence: list(str, 3),
  ...(chance(0.1) ? { vendor: { [pick(VENDORS)]: null } } : {}),
});
const field = () => ({
  name: pick(FIELD_NAMES), [chance(0.8) ? 'inputType' : 'type']: pick(['text', 'password', 'tel', 'hidden', 'submit']),
  autocomplete: pick(['', 'cc-number', 'email', 'off']), label: str(), ...(chance(0.5) ? { id: 'f' + int(9) } : {}),
  ...(chance(0.03) ? { type: 'text', inputType: 'text' } : {}),
});
const form = () => ({
  origin: pick(ORIGINS), action: pick(['', '/checkout/pay', 'https://pay.example/charge']), method: pick(['', 'post', 'get', 'dialog']),
  fields: list(field, 5), submitTexts: list(() => pick(['Place order', 'Pay now', 'Search', 'Log in']), 2),
  headingText: chance(0.5) ? pick(['Checkout', 'Payment']) : null,
});
const outcome = () => ({
  url: pick(ORIGINS) + pick(['/checkout', '/pay', '/search']), method: pick(['POST', 'GET']), status: pick(STATUSES),
  error: chance(0.3) ? pick(['net::ERR_CONNECTION_RESET', 'NS_ERROR_NET_TIMEOUT']) : null, fieldNames: list(() => pick(FIELD_NAMES)),
  resourceType: pick(RESOURCE_TYPES), initiator: chance(0.5) ? pick(ORIGINS) : null, startedAtMs: now - int(5000), nowMs: now + int(1000),
});
const attempt = () => ({ pageOrigin: pick(ORIGINS), actionUrl: pick(ORIGINS) + pick(['/checkout', '/pay']), form: form() });
const record = () => ({
  origin: pick(ORIGINS), path: '/pay', initiator: chance(0.5) ? pick(ORIGINS) : null, atMs: now - int(100000),
  status: pick(STATUSES), answer: pick(ANSWERS), error: chance(0.3) ? 'net::ERR_EMPTY_RESPONSE' : null, risk: pick(RISKS),
  evidence: list(str, 2), expiresAtMs: now + int(2_000_000) - 500_000,
});
const guardState = () => ({ version: pick([1, 1, 1, 2]), records: list(record, 3) });
const incident = () => ({
  origin: pick(ORIGINS), startMs: now - int(1e9), endMs: now - int(1e8), statuses: list(() => pick(STATUSES), 3),
  vendor: pick(VENDORS), failure: pick(FAILURES), attempts: int(20),
});
const history = () => ({ version: 1, incidents: list(incident, 5) });
const limits = () => (chance(0.5) ? {} : { maxAgeDays: int(400), maxIncidents: int(6000) });
const phase = () => pick([{ kind: 'waiting' }, { kind: 'probing' }, { kind: 'cancelled' }, { kind: 'gaveUp' },
  { kind: 'retryAfterTooLong', untilMs: now + 7_200_000 }, { kind: 'retryAfterTooLong' }, { kind: 'nope' }, { kind: 5 },
  { kind: 'waiting', untilMs: 1 }, 'waiting', null]);
const schedule = () => ({
  origin: pick(ORIGINS), firstFailureMs: now - 60000, lastFailureMs: now - int(60000), lastAttemptMs: now - int(60000),
  lastStatus: pick(STATUSES), statuses: list(() => pick(STATUSES), 3), attempts: int(10), manualReloadsMs: list(() => now - int(60000), 3),
  nextRetryMs: chance(0.7) ? now + int(60000) : null, probeTabId: chance(0.7) ? int(5) : null, tabIds: list(() => int(5), 3),
  phase: phase(), retryAfterUntilMs: chance(0.3) ? now + 5000 : null,
});
const pacingState = () => ({ version: pick([1, 1, 1, 0]), origins: list(schedule, 4) });
const settings = () => (chance(0.3) ? {} : {
  autoRetry: chance(0.8), floorS: int(100), capS: int(5000), giveUpS: int(100000), rapidReloadCount: int(12),
  rapidReloadWindowS: int(200), notifyOnRecovery: chance(0.5),
});
const failureEvent = () => ({
  origin: pick(ORIGINS), tabId: int(5), status: pick(STATUSES), method: pick(['GET', 'POST', 'HEAD']),
  ...(chance(0.5) ? { retryAfterS: chance(0.5) ? int(5000) : null } : {}), ...(chance(0.7) ? { trigger: pick(TRIGGERS) } : {}),
  nowMs: now + int(100000),
});
const reload = () => ({ origin: pick(ORIGINS), tabId: int(5), nowMs: now + int(100000) });
const time = () => pick([now, now + int(3_600_000), 0, -5, NaN, 1e300, 2 ** 53 + 2]);

/** An argument: usually a mutated valid shape, sometimes pure junk. */
const arg = (make) => (chance(0.05) ? junk() : chance(0.6) ? make() : mutate(make()));

// --- comparing ---------------------------------------------------------------------------------------------
function canon(v, seen = new Set()) {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return v + 'n';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (seen.has(v)) return '<cycle>';
  seen.add(v);
  if (Array.isArray(v)) return '[' + v.map((x) => canon(x, seen)).join(',') + ']';
  const proto = Object.getPrototypeOf(v) === Object.prototype ? '' : '<proto>';
  return proto + '{' + Object.keys(v).map((k) => JSON.stringify(k) + ':' + canon(v[k], seen)).join(',') + '}';
}
function call(core, name, args) {
  try {
    return { ok: canon(core[name](...args)) };
  } catch (e) {
    // A wasm trap (RuntimeError) is a bug in either build: the contract is a plain Error.
    if (e instanceof WebAssembly.RuntimeError) return { trap: String(e) };
    return { threw: e instanceof Error };
  }
}
const show = (args) => args.map((a) => { try { return canon(a); } catch { return String(a); } }).join(', ');
let failures = 0;
let cases = 0;
const outcomes = {};
function check(name, args) {
  cases++;
  const a = call(A, name, args);
  const b = call(B, name, args);
  const tally = (outcomes[name] ??= { ok: 0, threw: 0 });
  tally[a.ok !== undefined ? 'ok' : 'threw']++;
  if (b.trap || JSON.stringify(a) !== JSON.stringify(b)) {
    if (++failures <= 20) {
      console.log(`MISMATCH ${name}(${show(args)})`);
      console.log(`  old: ${JSON.stringify(a).slice(0, 600)}`);
      console.log(`  new: ${JSON.stringify(b).slice(0, 600)}`);
    }
  }
  return a.ok !== undefined ? A[name](...args) : undefined;
}

const n = Number(perExport);
for (let i = 0; i < n; i++) {
  check('diagnose', [arg(facts)]);
  check('explain', [arg(diagnosis)]);
  check('assessForm', [arg(form)]);
  check('assessPost', [pick(['/checkout/pay', '/search', '']), arg(() => list(() => pick(FIELD_NAMES)))]);
  check('guardRecordOutcome', [chance(0.2) ? null : arg(guardState), arg(outcome), chance(0.3) ? null : arg(() => ({ expiryMs: pick([0, 1000, 3_600_000, 9e10, null]) }))]);
  check('guardHoldDecision', [arg(guardState), arg(attempt), pick([now, now + 5e6, NaN, -1])]);
  check('guardPrune', [arg(guardState), time()]);
  check('historyAdd', [chance(0.2) ? null : arg(history), arg(incident), time(), arg(limits)]);
  check('historyNormalize', [arg(history), time(), arg(limits)]);
  check('historyCsv', [arg(history)]);
  const state = chance(0.2) ? undefined : arg(pacingState);
  check('pacingOnFailure', [state, arg(settings), arg(failureEvent), int(1e9)]);
  check('pacingOnManualReload', [state, arg(settings), arg(reload)]);
  check('pacingOnSuccess', [state, pick(ORIGINS), int(5), time()]);
  check('pacingTakeDue', [state, time()]);
  check('pacingNextWake', [state]);
  check('pacingOnTabVisible', [state, arg(settings), int(5), time()]);
  check('pacingRetryNow', [state, pick(ORIGINS), int(5), time()]);
  check('pacingCancel', [state, pick(ORIGINS)]);
  check('pacingForgetTab', [state, int(5)]);
}
// States grown through the engine (as the extension does): each answer's state is the next input.
for (let run = 0; run < n / 10; run++) {
  let pacing = null;
  let guard = null;
  for (let step = 0; step < 30; step++) {
    const ops = [
      () => check('pacingOnFailure', [pacing, settings(), failureEvent(), int(1e9)]),
      () => check('pacingOnManualReload', [pacing, settings(), reload()]),
      () => check('pacingOnSuccess', [pacing, pick(ORIGINS), int(5), now + int(200000)]),
      () => check('pacingTakeDue', [pacing, now + int(200000)]),
      () => check('pacingOnTabVisible', [pacing, settings(), int(5), now + int(200000)]),
      () => check('pacingRetryNow', [pacing, pick(ORIGINS), int(5), now + int(200000)]),
      () => check('pacingCancel', [pacing, pick(ORIGINS)]),
    ];
    const got = pick(ops)();
    if (got?.state) pacing = chance(0.1) ? mutate(got.state) : got.state;
    const g = check('guardRecordOutcome', [guard, outcome(), null]);
    if (g?.state) guard = g.state;
    check('guardHoldDecision', [guard, attempt(), now + int(100000)]);
  }
}
console.log(`${cases} cases, ${failures} mismatches; results/exceptions per export (old build):`);
for (const [name, t] of Object.entries(outcomes)) console.log(`  ${name.padEnd(22)} ${t.ok} results, ${t.threw} exceptions`);
process.exit(failures ? 1 : 0);
