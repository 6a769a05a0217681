// Issue 9 (2): hostile servers. A real server on 127.0.0.1 answers 5xx with markup and script in its
// headers and title, huge and invalid header values, absurd Retry-After values, fake vendor bodies, a
// 10 MB body and a body that never ends (its badge and diagnosis come from the status and headers while
// the body still streams). What a user sees must stay sane: the badge shows the status,
// the panel shows only the extension's own words (no element from the page in its shadow root), no
// payload ever runs (a sentinel stays undefined in the page, the popup and the worker), Retry-After never
// brings a retry sooner than the 5 s floor nor schedules one beyond 1 h, and the popup renders within 1 s.
// Every test runs in Chromium and Firefox ESR (lib/browsers.mjs), the same scenarios and assertions.
import assert from 'node:assert/strict';
import { startGateway } from '../lib/gateways.mjs';
import { startHostileServer, SENTINEL } from './lib/hostile-server.mjs';
import { eachBrowser, launchFor, tabIdFor, badgeText, waitFor } from './lib/browsers.mjs';

const FLOOR_MS = 5_000;
const HOUR_MS = 3_600_000;
/** Elements the payloads carry (or could smuggle): none may appear in the panel's shadow root. */
const PAGE_TAGS = new Set(['script', 'img', 'svg', 'b', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'form', 'math']);

async function tabRecord(worker, tabId) {
  return worker.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
}

/** The panel as the user meets it: its text, and every element/attribute in its shadow root. */
function panelState(page) {
  return page.evaluate(() => {
    const root = document.getElementById('gateway-guard-panel-host')?.shadowRoot;
    if (!root) return null;
    const elements = [...root.querySelectorAll('*')];
    return {
      text: root.querySelector('.panel')?.textContent ?? '',
      sentence: root.querySelector('.sentence')?.textContent ?? '',
      countdown: root.querySelector('.countdown')?.textContent ?? '',
      tags: [...new Set(elements.map((e) => e.localName))],
      handlers: elements.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
    };
  });
}

const sentinelIn = (target) => target.evaluate((name) => typeof globalThis[name], SENTINEL);

/**
 * Whether a payload ran in the background: the service worker's global in Chromium; in Firefox the event
 * page's window (runtime.getBackgroundPage), and the extension page `worker.evaluate` runs on.
 */
async function sentinelInBackground(browser) {
  if (browser.name !== 'firefox') return sentinelIn(browser.worker);
  return browser.worker.evaluate(async (name) => {
    const bg = await chrome.runtime.getBackgroundPage();
    if (!bg) return 'no background page';
    return [typeof bg[name], typeof globalThis[name]].find((v) => v !== 'undefined') ?? 'undefined';
  }, SENTINEL);
}

/** Opens `url` in a fresh tab; resolves once the badge shows and the panel has rendered its sentence. */
async function openFailure(browser, url, status) {
  const page = await browser.context.newPage();
  const response = await page.goto(url);
  assert.equal(response.status(), status, `${url} answers ${status}`);
  const tabId = await tabIdFor(browser, url);
  await waitFor(async () => (await badgeText(browser, tabId)) === String(status), { what: `badge ${status} on ${url}` });
  const panel = await waitFor(async () => {
    const p = await panelState(page);
    return p?.sentence ? p : null;
  }, { what: `the panel on ${url}` });
  return { page, tabId, panel };
}

function assertSanePanel(panel, where) {
  for (const tag of panel.tags) assert.ok(!PAGE_TAGS.has(tag), `${where}: <${tag}> in the panel's shadow root`);
  assert.deepEqual(panel.handlers, [], `${where}: no event-handler attributes in the panel`);
  assert.doesNotMatch(panel.text, /<\s*\/?\s*(script|img|svg|b)\b/i, `${where}: no markup shown as text`);
  assert.ok(!panel.text.includes(SENTINEL), `${where}: no payload text in the panel`);
  assert.doesNotMatch(panel.text, /Invalid Date|NaN|undefined|\[object/, `${where}: no broken values: ${panel.text}`);
}

/**
 * Opens the popup page (for `tabId`) and returns ms from its navigation start to a rendered status line.
 * The page itself polls every 10 ms and reads its own clock (performance.now() counts from navigation
 * start), so the figure does not include the driver's round trips (WebDriver's in Firefox).
 */
async function popupRenderMs(browser, tabId) {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(browser.extensionUrl(`popup/popup.html?tab=${tabId}`), { waitUntil: 'commit' });
    const ms = await popup.evaluate(() => new Promise((resolve, reject) => {
      const giveUp = setTimeout(() => reject(new Error('no status line within 10 s')), 10_000);
      const probe = () => {
        if ((document.getElementById('status-line')?.textContent ?? '').trim() !== '') {
          clearTimeout(giveUp);
          resolve(performance.now());
        } else setTimeout(probe, 10);
      };
      probe();
    }));
    assert.equal(await sentinelIn(popup), 'undefined', 'no payload ran in the popup');
    return { ms, text: await popup.locator('body').innerText() };
  } finally {
    await popup.close();
  }
}

eachBrowser('hostile 5xx answers show sane output and never run page-supplied script', async (t, browserName) => {
  const hostile = await startHostileServer();
  t.after(() => hostile.stop());
  const nginx = await startGateway('nginx', { port: hostile.port, tls: false });
  t.after(() => nginx.stop());
  const browser = await launchFor(t, browserName);
  const viaNginx = (p) => `${nginx.url}${p.replace(/^\//, '')}`;

  // Header cases go direct: nginx would hide Server and refuse oversized header blocks (hostile-server.mjs).
  const cases = [
    ['markup and script in Server, Via, X-Cache, Retry-After (direct)', hostile.url('/html-headers')],
    ['a 100 KB header value (direct)', hostile.url('/long-header')],
    ['400 headers (direct)', hostile.url('/many-headers')],
    ['invalid UTF-8 in header values and body (direct)', hostile.url('/bad-utf8')],
    ['fake vendor markers and <script> in the title (through nginx)', viaNginx('/fake-vendor')],
  ];
  for (const [name, url] of cases) {
    await t.test(name, async () => {
      const { page, tabId, panel } = await openFailure(browser, url, 502);
      assertSanePanel(panel, name);
      assert.equal(await sentinelIn(page), 'undefined', 'no payload ran in the page');
      const record = await tabRecord(browser.worker, tabId);
      assert.equal(record.status, 502);
      assert.match(record.diagnosis.vendor, /^[a-z0-9-]+$/, 'the vendor is an id, not page text');
      const bytes = JSON.stringify(record).length;
      assert.ok(bytes < 64 * 1024, `the stored record is ${bytes} bytes (session storage holds 10 MB in all)`);
      const popup = await popupRenderMs(browser, tabId);
      assert.doesNotMatch(popup.text, /<\s*(script|img|svg)/i, 'the popup shows no markup');
      assert.equal(await sentinelInBackground(browser), 'undefined', 'no payload ran in the worker');
      console.log(`# ${browser.name}: ${name}: vendor=${record.diagnosis.vendor} failure=${record.diagnosis.failure}; record ${bytes} bytes; popup ${Math.round(popup.ms)} ms`);
      await page.close();
    });
  }

  await t.test('the title with <script> reaches the core as text only', async () => {
    const url = viaNginx('/fake-vendor');
    const { page, tabId } = await openFailure(browser, url, 502);
    assert.match(await page.title(), /<script>window\.__pwned/, 'the title really carries the payload');
    await waitFor(async () => (await tabRecord(browser.worker, tabId))?.pageTextSeen, { what: 'page facts' });
    assert.equal(await sentinelIn(page), 'undefined');
    await page.close();
  });
});

// Each value gets a fresh server (a fresh origin): pacing keeps one schedule per origin.
const RETRY_AFTER = [
  ['-1', 'negative'],
  ['0', 'zero'],
  ['100000000000000000000', '10^20 s (overflows u64)'],
  ['99999999999999', '10^14 s (fits u64, overflows a JS Date in ms)'],
  ['3601', 'just over an hour'],
  ['Fri, 31 Dec 9999 23:59:59 GMT', 'a date in year 9999'],
  ['Thu, 01 Jan 1970 00:00:00 GMT', 'a date in the past'],
  ['soon<script>window.__pwned=1</script>', 'garbage with script'],
  ['1.5e3', 'a float'],
  ['\xff\xfe', 'invalid UTF-8'],
];

eachBrowser('Retry-After garbage never retries sooner than 5 s nor later than 1 h', async (t, browserName) => {
  const browser = await launchFor(t, browserName);
  for (const [value, name] of RETRY_AFTER) {
    await t.test(`Retry-After: ${name}`, async (tt) => {
      const hostile = await startHostileServer();
      tt.after(() => hostile.stop());
      const nginx = await startGateway('nginx', { port: hostile.port, tls: false });
      tt.after(() => nginx.stop());
      const v = encodeURIComponent(Buffer.from(value, 'latin1').toString('utf8'));
      const url = `${nginx.url}retry-after?v=${v}`;
      const { page, tabId, panel } = await openFailure(browser, url, 503);
      assertSanePanel(panel, name);
      const record = await tabRecord(browser.worker, tabId);
      const plan = record.plan;
      assert.ok(plan, 'a plan was made');
      if (plan.kind === 'retry') {
        const wait = plan.atMs - record.at;
        assert.ok(wait >= FLOOR_MS - 250, `${name}: retry ${wait} ms after the failure (floor 5 s)`);
        assert.ok(wait <= HOUR_MS, `${name}: retry ${wait} ms after the failure (at most 1 h)`);
        assert.match(panel.countdown, /\d/, 'the panel counts down');
      } else {
        assert.equal(plan.kind, 'noAutoRetry');
        assert.equal(plan.reason.kind, 'retryAfterTooLong', `${name}: ${JSON.stringify(plan)}`);
        assert.ok(panel.countdown.length > 0, 'the panel says when');
      }
      console.log(`# ${browser.name}: Retry-After ${JSON.stringify(value)}: ${plan.kind === 'retry' ? `retry in ${plan.atMs - record.at} ms` : plan.reason.kind}; panel "${panel.countdown}"`);
      await page.close();
    });
  }
});

eachBrowser('a 10 MB error body and a never-ending one leave the extension responsive', async (t, browserName) => {
  const hostile = await startHostileServer();
  t.after(() => hostile.stop());
  const nginx = await startGateway('nginx', { port: hostile.port, tls: false });
  t.after(() => nginx.stop());
  const browser = await launchFor(t, browserName);

  await t.test('10 MB body through nginx: badge, sane panel, popup within 1 s', async () => {
    const url = `${nginx.url}big`;
    const started = Date.now();
    const { page, tabId, panel } = await openFailure(browser, url, 502);
    const shownMs = Date.now() - started;
    assertSanePanel(panel, '10 MB');
    const popup = await popupRenderMs(browser, tabId);
    assert.ok(popup.ms < 1_000, `popup rendered in ${popup.ms} ms`);
    const facts = await browser.worker.evaluate(async (id) => {
      const r = (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`];
      return { recordBytes: JSON.stringify(r).length };
    }, tabId);
    assert.ok(facts.recordBytes < 64 * 1024, `the stored record is ${facts.recordBytes} bytes (page text is capped)`);
    console.log(`# ${browser.name}: 10 MB body: badge+panel ${shownMs} ms after navigation; popup ${Math.round(popup.ms)} ms; record ${facts.recordBytes} bytes`);
    await page.close();
  });

  await t.test('never-ending body (direct): badge and diagnosis from the headers while the body streams; popup within 1 s', async () => {
    const url = hostile.url('/slow');
    const page = await browser.context.newPage();
    const started = Date.now();
    const response = await page.goto(url, { waitUntil: 'commit' });
    assert.equal(response.status(), 502);
    await waitFor(() => hostile.slowStreams > 0, { what: 'the slow body to be streaming' });
    // Playwright's 'commit' can come before the tabs API reports the new URL.
    const tabId = await waitFor(() => tabIdFor(browser, url), { what: 'the tab of the slow page' });
    // The status and headers are enough: the badge must not wait for a body that never ends.
    await waitFor(async () => (await badgeText(browser, tabId)) === '502', { what: 'the badge while the body streams' });
    const badgeMs = Date.now() - started;
    const record = await tabRecord(browser.worker, tabId);
    assert.equal(record?.status, 502, 'a failure record from the headers');
    assert.ok(Array.isArray(record.diagnosis?.advice) && record.diagnosis.advice.length > 0, 'with a diagnosis and advice');
    assert.equal(record.pageTextSeen, undefined, 'judged from the headers (no page text yet)');
    const t0 = Date.now();
    const answered = await browser.worker.evaluate(() => chrome.storage.session.get(null).then(() => true));
    const workerMs = Date.now() - t0;
    assert.ok(answered && workerMs < 1_000, `the worker answered in ${workerMs} ms`);
    const popup = await popupRenderMs(browser, tabId);
    assert.ok(popup.ms < 1_000, `popup rendered in ${popup.ms} ms while the body streams`);
    assert.match(popup.text, /502/, 'the popup shows the diagnosis while the body streams');
    assert.ok(hostile.slowStreams > 0, 'the body was still streaming throughout');
    assert.equal(await badgeText(browser, tabId), '502', 'the badge stays while the body streams');
    console.log(`# ${browser.name}: never-ending body: badge 502 ${badgeMs} ms after navigation, body still streaming; ` +
      `vendor=${record.diagnosis.vendor} failure=${record.diagnosis.failure}; worker ${workerMs} ms; popup ${Math.round(popup.ms)} ms`);
    await page.close(); // the test aborts the body
    await waitFor(() => hostile.slowStreams === 0, { what: 'the slow socket to close' });
    assert.equal(await sentinelInBackground(browser), 'undefined');
  });
});
