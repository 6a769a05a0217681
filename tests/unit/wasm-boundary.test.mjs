// The wasm boundary's contract as the shell uses it (crates/wasm): the exported functions, the shapes of
// their answers (keys in order, null where serde wrote None) and that bad input from JS is a JS Error,
// never a wasm trap. Runs the built module (dist/chrome/wasm, from ./build.sh) in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as core from '../../dist/chrome/wasm/gateway_guard_wasm.js';

core.initSync({ module: readFileSync(new URL('../../dist/chrome/wasm/gateway_guard_wasm_bg.wasm', import.meta.url)) });

const NOW = 1_700_000_000_000;
const facts = JSON.parse(readFileSync(new URL('../bench/facts-502.json', import.meta.url), 'utf8'));
const keys = (o) => Object.keys(o).join(',');

test('every export the shell calls is there', () => {
  const exported = ['coreVersion', 'diagnose', 'explain', 'badge', 'assessForm', 'assessPost', 'guardRecordOutcome',
    'guardHoldDecision', 'guardPrune', 'historyAdd', 'historyCsv', 'historyNormalize', 'pacingOnFailure',
    'pacingOnManualReload', 'pacingOnSuccess', 'pacingTakeDue', 'pacingNextWake', 'pacingOnTabVisible',
    'pacingRetryNow', 'pacingCancel', 'pacingForgetTab'];
  for (const name of exported) assert.equal(typeof core[name], 'function', name);
  assert.match(core.coreVersion(), /^\d+\.\d+\.\d+$/);
});

test('diagnose and explain: the spec\'s shape, snake_case, ids as strings', () => {
  const d = core.diagnose(facts);
  assert.equal(keys(d), 'status,vendor,via,failure,generated_by,from_cache,retry_after_s,advice,evidence');
  assert.equal(d.status, 502);
  assert.equal(d.vendor, 'nginx');
  assert.ok(Array.isArray(d.via) && d.via.every((v) => typeof v === 'string'));
  assert.equal(typeof d.from_cache, 'boolean');
  assert.ok(d.evidence.length > 0);
  const bare = core.diagnose({ status: 502 });
  assert.equal(bare.retry_after_s, null);
  const e = core.explain(d);
  assert.equal(keys(e), 'who,yourSide,side,sentence');
  // An id may also come as serde's one-key object; an unknown one is refused.
  assert.deepEqual(core.explain({ ...d, vendor: { nginx: null } }), e);
  assert.throws(() => core.explain({ ...d, vendor: 'nginx-ish' }), Error);
});

test('badge: the status (or "!") and its severity; junk statuses read as no answer', () => {
  assert.deepEqual({ ...core.badge(502) }, { text: '502', severity: 'hard' });
  assert.deepEqual({ ...core.badge(503) }, { text: '503', severity: 'soft' });
  assert.deepEqual({ ...core.badge(429) }, { text: '429', severity: 'soft' });
  assert.deepEqual({ ...core.badge(0) }, { text: '!', severity: 'no_answer' });
  for (const junk of [-1, 1e20, 502.5, NaN, '502', null, undefined, {}]) {
    assert.deepEqual({ ...core.badge(junk) }, { text: '!', severity: 'no_answer' }, String(junk));
  }
});

test('a long page with non-ASCII text and lone surrogates reads as the short-string path would', () => {
  const page = `<title>502 Bad Gateway</title>${'é’😀\ud800'.repeat(300)}<center>nginx</center>`;
  const long = core.diagnose({ status: 502, page_text: page });
  const short = core.diagnose({ status: 502, page_text: page.slice(0, 200) });
  assert.equal(long.vendor, 'nginx');
  assert.equal(keys(long), keys(short));
});

test('form check, guard and history answers keep their keys', () => {
  const form = { origin: 'https://shop.example', action: '/checkout/pay', method: 'post',
    fields: [{ name: 'card_number', type: 'text', autocomplete: 'cc-number' }], submitTexts: ['Pay now'] };
  assert.equal(keys(core.assessForm(form)), 'risk,evidence,score');
  assert.equal(core.assessPost('/checkout/pay', ['card_number', 'cvc']).risk, 'payment');
  const recorded = core.guardRecordOutcome(null, { url: 'https://shop.example/pay', method: 'POST', status: 502,
    fieldNames: ['card_number'], resourceType: 'main_frame', startedAtMs: NOW - 100, nowMs: NOW }, null);
  assert.equal(keys(recorded), 'state,recorded,summary');
  assert.equal(keys(recorded.state), 'version,records');
  assert.equal(keys(recorded.recorded), 'origin,path,initiator,atMs,status,answer,error,risk,evidence,expiresAtMs');
  assert.equal(keys(recorded.summary), 'liveOrigins,nextExpiryMs');
  const hold = core.guardHoldDecision(recorded.state, { pageOrigin: 'https://shop.example',
    actionUrl: 'https://shop.example/pay', form }, NOW + 1000);
  assert.equal(keys(hold), 'record,strength,form');
  assert.equal(core.guardHoldDecision(null, { pageOrigin: 'https://a.example', actionUrl: 'https://a.example/x', form }, NOW), null);
  assert.equal(keys(core.guardPrune(recorded.state, NOW)), 'state,summary');
  const history = core.historyAdd(null, { origin: 'https://shop.example', startMs: NOW - 90_000, endMs: NOW,
    statuses: [502], vendor: 'nginx', failure: 'refused', attempts: 3 }, NOW, {});
  assert.equal(keys(history), 'version,incidents');
  assert.equal(keys(history.incidents[0]), 'origin,startMs,endMs,statuses,vendor,failure,attempts');
  assert.match(core.historyCsv(history), /^origin,start,end/);
  assert.deepEqual(core.historyNormalize('garbage', NOW, null), { version: 0, incidents: [] });
});

test('pacing: each answer is {state, <decision>} and its state feeds the next call', () => {
  const event = { origin: 'https://a.example', tabId: 3, status: 503, method: 'GET', retryAfterS: 4, nowMs: NOW };
  const failed = core.pacingOnFailure(undefined, {}, event, 7);
  assert.equal(keys(failed), 'state,plan');
  assert.equal(keys(failed.state.origins[0]), 'origin,firstFailureMs,lastFailureMs,lastAttemptMs,lastStatus,statuses,'
    + 'attempts,manualReloadsMs,nextRetryMs,probeTabId,tabIds,phase,retryAfterUntilMs');
  assert.equal(keys(failed.plan), 'kind,atMs,attempts,probeTabId,incidentStartedMs');
  assert.deepEqual(failed.state.origins[0].phase, { kind: 'waiting' });
  const post = core.pacingOnFailure(failed.state, {}, { ...event, method: 'POST' }, 7);
  assert.deepEqual(post.plan, { kind: 'noAutoRetry', reason: { kind: 'postMethod' } });
  const reload = core.pacingOnManualReload(failed.state, {}, { origin: 'https://a.example', tabId: 3, nowMs: NOW + 1 });
  assert.equal(keys(reload.verdict), 'rapidReloadNotice,attempts,nextRetryMs');
  const wake = core.pacingNextWake(failed.state);
  assert.equal(typeof wake, 'number');
  const due = core.pacingTakeDue(failed.state, wake);
  assert.equal(keys(due.due[0]), 'origin,tabId,attempts');
  assert.equal(core.pacingCancel(failed.state, 'https://a.example').due, true);
  assert.deepEqual(Object.entries(core.pacingForgetTab(failed.state, 3)).map(([k, v]) => [k, v === null]), [['state', false], ['due', true]]);
  const back = core.pacingOnSuccess(failed.state, 'https://a.example', 3, NOW + 60_000);
  assert.equal(keys(back.recovery), 'origin,incidentStartedMs,incidentDurationMs,attempts,statuses,tabsToReload');
  assert.equal(core.pacingOnSuccess(back.state, 'https://a.example', 3, NOW + 60_000).recovery, null);
  // A time JS cannot hold exactly is refused rather than rounded.
  assert.throws(() => core.pacingOnFailure(undefined, {}, { ...event, nowMs: 2 ** 53 - 1, retryAfterS: 5 }, 0), Error);
});

test('a value of the wrong kind is an Error naming where it was', () => {
  assert.throws(() => core.diagnose({ status: '502' }), /facts\.status/);
  assert.throws(() => core.diagnose({ headers: [['Server', 5]] }), /facts\.headers\[0\]\[1\]/);
  assert.throws(() => core.diagnose({ status: 70000 }), Error);
  assert.throws(() => core.diagnose({ status: 1.5 }), Error);
  assert.throws(() => core.diagnose(null), /facts/);
  assert.throws(() => core.assessForm({ fields: [{ type: 'text', inputType: 'text' }] }), Error);
  // String arguments too (wasm-bindgen's own &str conversion trapped on a number or an object).
  assert.throws(() => core.assessPost(5, []), /urlPath/);
  assert.throws(() => core.pacingCancel(null, {}), /origin/);
  // Missing fields take their defaults; null and undefined are None; a list may be any iterable.
  assert.equal(core.diagnose({ status: 502, server_ip: null, error: undefined, headers: new Set([['Server', 'nginx']]) }).vendor, 'nginx');
});

test('no input makes the core trap: every export, junk in every argument, then still working', () => {
  const junk = [undefined, null, true, 0, -1, 1.5, NaN, Infinity, 2 ** 53, 10n, 2n ** 70n, '', 'x', [], [[]], {}, { a: 1 },
    new Map([['a', 1]]), new Set([1]), new String('s'), Symbol('s'), () => 1, new Date(0), Object.create(null),
    { status: {}, headers: [[1, 2]], page_text: 5 }, { origins: [{ phase: { kind: 'retryAfterTooLong' } }] }];
  const arity = { diagnose: 1, explain: 1, assessForm: 1, assessPost: 2, guardRecordOutcome: 3, guardHoldDecision: 3,
    guardPrune: 2, historyAdd: 4, historyCsv: 1, historyNormalize: 3, pacingOnFailure: 4, pacingOnManualReload: 3,
    pacingOnSuccess: 4, pacingTakeDue: 2, pacingNextWake: 1, pacingOnTabVisible: 4, pacingRetryNow: 4, pacingCancel: 2,
    pacingForgetTab: 2 };
  for (const [name, n] of Object.entries(arity)) {
    for (let position = 0; position < n; position++) {
      for (const value of junk) {
        const args = Array.from({ length: n }, (_, i) => (i === position ? value : i === 0 ? null : 'https://a.example'));
        try {
          core[name](...args);
        } catch (e) {
          assert.ok(!(e instanceof WebAssembly.RuntimeError), `${name} trapped on argument ${position}: ${e}`);
        }
      }
    }
  }
  assert.equal(core.diagnose(facts).vendor, 'nginx');
});
