// Issue 9 (3): storms. One page fires 10,000 failing fetches and 200 failing frames at a real nginx 502
// within ~10 s; then 50 tabs fail at once and recover. The background must keep answering within 1 s,
// storage must stay small, the worker's heap bounded, and at most one notification per site.
// Figures are printed (`# ...`) for the performance notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { behindNginx } from './lib/switchable.mjs';
import { launchChromium, badgeText, allStorage, waitFor } from './lib/chromium.mjs';

const FETCHES = 10_000;
const FRAMES = 200;
const TABS = 50;
/** Bounds (generous: two shared cores). Storage: everything in local + session as JSON. */
const MAX_STORAGE_BYTES = 2 * 1024 * 1024;
/** The worker's used JS heap (Runtime.getHeapUsage): the wasm core's memory is separate, ~1-2 MB. */
const MAX_HEAP_BYTES = 32 * 1024 * 1024;
const ANSWER_MS = 1_000;

/** Runtime.getHeapUsage on the extension's service worker, through a page's CDP session (non-flat
 *  attach: Playwright opens CDP sessions on pages only). */
async function workerHeap(context, page, extensionId) {
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const sw = targetInfos.find((ti) => ti.type === 'service_worker' && ti.url.startsWith(`chrome-extension://${extensionId}/`));
    if (!sw) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
    const answer = new Promise((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (e) => {
        const m = JSON.parse(e.message);
        if (m.id === 1) resolve(m.result);
      });
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    const result = await Promise.race([answer, new Promise((r) => setTimeout(() => r(null), 5_000))]);
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return result;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Round trip of a real message from an extension page (the popup) to the background. */
async function answerMs(context, extensionId, tabId) {
  const popup = await context.newPage();
  try {
    await popup.goto(`chrome-extension://${extensionId}/popup/popup.html`);
    return await popup.evaluate(async (id) => {
      const t0 = performance.now();
      await chrome.runtime.sendMessage({ type: 'popup->background: tab-state', tabId: id });
      return performance.now() - t0;
    }, tabId);
  } finally {
    await popup.close();
  }
}

async function storageBytes(worker) {
  const s = await allStorage(worker);
  return { local: JSON.stringify(s.local).length, session: JSON.stringify(s.session).length, keys: Object.keys(s.session).length };
}

test('chromium: 10,000 failing fetches and 200 failing frames from one page leave the background responsive and bounded', async (t) => {
  const { gateway } = await behindNginx(t, 'down');
  const browser = await launchChromium();
  t.after(() => browser.close());
  const { context, worker, extensionId } = browser;

  const page = await context.newPage();
  assert.equal((await page.goto(gateway.url)).status(), 502);
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((x) => x.url === u)?.id, gateway.url);
  await waitFor(async () => (await badgeText(worker, tabId)) === '502', { what: 'the page badge' });
  // The user cancels the automatic retries, so that no hard refresh navigates the page mid-storm.
  await page.locator('#gateway-guard-panel-host button.cancel').click();
  await waitFor(async () => (await worker.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.plan?.kind, tabId)) === 'noAutoRetry', { what: 'the retries cancelled' });
  const heapBefore = await workerHeap(context, page, extensionId);

  const started = Date.now();
  const storm = await page.evaluate(async ({ fetches, frames }) => {
    const t0 = performance.now();
    const statuses = {};
    const one = (i) => {
      // One in ten is a payment-like POST: the guard looks at those.
      const init = i % 10 === 0
        ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ cardNumber: '4111111111111111', i }) }
        : {};
      return fetch(`/api/${i % 10 === 0 ? 'payment' : 'items'}?i=${i}`, init)
        .then((r) => { statuses[r.status] = (statuses[r.status] ?? 0) + 1; }, () => { statuses.error = (statuses.error ?? 0) + 1; });
    };
    const framesLoaded = [];
    for (let i = 0; i < frames; i += 1) {
      const f = document.createElement('iframe');
      f.src = `/frame/${i}`;
      framesLoaded.push(new Promise((r) => { f.onload = r; setTimeout(r, 15_000); }));
      document.body.append(f);
    }
    let i = 0;
    const workers = Array.from({ length: 64 }, async () => {
      while (i < fetches) await one(i++);
    });
    await Promise.all([...workers, ...framesLoaded]);
    return { ms: performance.now() - t0, statuses };
  }, { fetches: FETCHES, frames: FRAMES });
  assert.equal(storm.statuses[502], FETCHES, `all fetches failed with 502: ${JSON.stringify(storm.statuses)}`);

  const ms = await answerMs(context, extensionId, tabId);
  assert.ok(ms < ANSWER_MS, `the background answered in ${ms} ms after the storm`);
  // Let the queued webRequest work drain, then measure.
  await waitFor(async () => (await answerMs(context, extensionId, tabId)) < 200, { timeout: 30_000, what: 'the backlog to drain' });
  const bytes = await storageBytes(worker);
  assert.ok(bytes.local + bytes.session < MAX_STORAGE_BYTES, `storage ${JSON.stringify(bytes)}`);
  const s = await allStorage(worker);
  assert.ok((s.session[`frames:${tabId}`] ?? []).length <= 10, 'frame failures kept bounded per tab');
  assert.ok((s.local.guardState?.records ?? []).length <= 100, 'guard records bounded');
  assert.ok(!JSON.stringify(s).includes('4111111111111111'), 'no card number stored');
  const heap = await workerHeap(context, page, extensionId);
  assert.ok(heap, 'the worker heap was measured');
  assert.ok(heap.usedSize < MAX_HEAP_BYTES, `worker heap ${heap.usedSize} bytes`);
  assert.equal(await badgeText(worker, tabId), '502', 'the page badge still shows the page status, not a frame');
  console.log(`# storm: ${FETCHES} fetches + ${FRAMES} frames in ${Math.round(storm.ms)} ms (wall ${Date.now() - started} ms); ` +
    `answer ${Math.round(ms)} ms right after; storage local ${bytes.local} B, session ${bytes.session} B (${bytes.keys} keys); ` +
    `worker heap ${heapBefore?.usedSize ?? '?'} -> ${heap.usedSize} B (total ${heap.totalSize} B)`);
});

test('chromium: 50 tabs failing at once all get badges; recovery raises at most one notification per site', async (t) => {
  const { backend, gateway } = await behindNginx(t, 'down');
  const browser = await launchChromium();
  t.after(() => browser.close());
  const { context, worker, extensionId } = browser;

  const pages = [];
  for (let i = 0; i < TABS; i += 1) pages.push(await context.newPage());
  const urls = pages.map((_, i) => `${gateway.url}item/${i}`);
  const started = Date.now();
  const statuses = await Promise.all(pages.map((p, i) => p.goto(urls[i]).then((r) => r.status())));
  assert.deepEqual(new Set(statuses), new Set([502]));
  const tabIds = await worker.evaluate(async (us) => {
    const tabs = await chrome.tabs.query({});
    return us.map((u) => tabs.find((x) => x.url === u)?.id);
  }, urls);
  await waitFor(async () => {
    const badges = await worker.evaluate(async (ids) => Promise.all(ids.map((id) => chrome.action.getBadgeText({ tabId: id }))), tabIds);
    return badges.every((b) => b === '502');
  }, { timeout: 30_000, what: `badges on all ${TABS} tabs` });
  const allBadgesMs = Date.now() - started;
  const ms = await answerMs(context, extensionId, tabIds[0]);
  assert.ok(ms < ANSWER_MS, `the background answered in ${ms} ms with ${TABS} failing tabs`);
  const heap = await workerHeap(context, pages[0], extensionId);
  const bytes = await storageBytes(worker);
  assert.ok(bytes.local + bytes.session < MAX_STORAGE_BYTES, `storage ${JSON.stringify(bytes)}`);

  // Recovery: one schedule for the origin, one probe, the other tabs reload; one notification at most.
  await backend.set('healthy');
  const cleared = async () => (await worker.evaluate(async (ids) => Promise.all(ids.map((id) => chrome.action.getBadgeText({ tabId: id }))), tabIds)).filter((b) => b === '').length;
  await waitFor(async () => (await cleared()) >= 32, { timeout: 45_000, interval: 500, what: 'most tabs to recover' });
  // Regression (#9): a reloaded tab's 'complete' was handled while its success was still clearing the
  // failure record, read the old record and put the 502 badge back on the healthy page (under CPU load,
  // about one run in five). Each tab's events are now handled in order (background/failures.js).
  await t.test('every failing tab is reloaded on recovery and loses its badge', async () => {
    try {
      await waitFor(async () => (await cleared()) === TABS, { timeout: 30_000, interval: 500, what: 'all tabs to recover' });
    } catch (e) {
      const stuck = await worker.evaluate(async (ids) => {
        const out = [];
        const session = await chrome.storage.session.get(null);
        for (const id of ids) {
          const badge = await chrome.action.getBadgeText({ tabId: id });
          if (badge === '') continue;
          const tab = await chrome.tabs.get(id).catch(() => null);
          const r = session[`tab:${id}`];
          out.push({ id, badge, tab: tab && { status: tab.status, url: tab.url, title: tab.title }, record: r && { status: r.status, at: r.at, trigger: r.trigger, plan: r.plan?.kind, pageTextSeen: r.pageTextSeen } });
        }
        return { stuck: out, pacing: session.pacing, pending: session.pendingRetries, now: Date.now() };
      }, tabIds);
      const requests = backend.requests.filter((r) => r.url.startsWith('/item/')).map((r) => `${r.at} ${r.url} ${r.cacheControl}`);
      console.log(`# stuck tabs: ${JSON.stringify(stuck)}\n# backend page requests: ${JSON.stringify(requests)}`);
      throw e;
    }
  });
  const recoveredTabs = await cleared();
  const recoveredMs = Date.now() - started;
  const notifications = await worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
  const perSite = new Map();
  for (const id of notifications) perSite.set(id, (perSite.get(id) ?? 0) + 1);
  assert.ok(notifications.length <= 1, `notifications for one site: ${JSON.stringify(notifications)}`);
  const pageRequests = backend.requests.filter((r) => r.url.startsWith('/item/')).length;
  console.log(`# ${TABS} tabs: all badges ${allBadgesMs} ms after the first navigation; answer ${Math.round(ms)} ms; ` +
    `worker heap ${heap?.usedSize ?? '?'} B; storage local ${bytes.local} B, session ${bytes.session} B; ` +
    `${recoveredTabs}/${TABS} tabs recovered within ${recoveredMs} ms; ${pageRequests} backend page requests after recovery; notifications ${JSON.stringify(notifications)}`);
});
