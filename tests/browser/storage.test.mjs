// Issue 9 (4, 5): corrupted or old storage, and a browser restart. Every key the extension stores is
// overwritten with wrong types, huge arrays or an old schema version; a real nginx 502 must still get its
// badge, panel and diagnosis, and each corrupt key must be reset (logged) or migrated by the core. Then a
// browser restart (same profile) with a live uncertain submission: the guard still holds the resubmit.
// Both in Chromium and in Firefox ESR (issue 7).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { behindNginx } from './lib/switchable.mjs';
import { startShop, dialogState, CARD } from './lib/guard-helpers.mjs';
import { eachBrowser, launch, launchFor, tabIdFor, badgeText, allStorage, waitFor } from './lib/browsers.mjs';

const HUGE = 20_000;

/** Corrupt values for each key (storage.local and storage.session), written before the failure. */
function corruption(tabId) {
  const garbageRecord = { origin: 'https://old.example', path: '/pay', atMs: 1, expiresAtMs: 2, risk: 'payment' };
  return {
    local: {
      settings: { autoRetry: 'yes', history: [1, 2, 3], disabledOrigins: { a: 1 }, guardExpiryMinutes: 'x', floorMs: -5 },
      goodIps: 'not-a-map',
      incidents: { version: 0, incidents: 'old schema' },
      guardState: { version: 0, records: 'garbage' },
    },
    session: {
      pacing: { version: 0, origins: Array.from({ length: HUGE }, (_, i) => ({ origin: `https://${i}.example` })) },
      recentFailures: Array.from({ length: HUGE }, () => ({ host: 7, at: 'yesterday' })),
      pendingRetries: 'x',
      [`tab:${tabId}`]: 'garbage',
      'tab:99999': { status: 'five hundred', diagnosis: null },
      [`frames:${tabId}`]: { not: 'a list' },
      bigArray: Array.from({ length: HUGE }, (_, i) => i), // a key we never use: left alone
    },
    guardRecords: Array.from({ length: HUGE }, (_, i) => ({ ...garbageRecord, atMs: i })),
  };
}

eachBrowser('corrupted and old-schema storage is reset or migrated and the extension keeps working', async (t, name) => {
  const { backend, gateway } = await behindNginx(t, 'down');
  const browser = await launchFor(t, name);
  const { context, worker } = browser;

  const page = await context.newPage();
  // The newest tab is this page's (its about:blank URL is not reported to tabs.query reliably).
  const tabId = await worker.evaluate(async () => Math.max(...(await chrome.tabs.query({})).map((tab) => tab.id)));
  const bad = corruption(tabId);
  await worker.evaluate(async (v) => {
    await chrome.storage.local.set(v.local);
    await chrome.storage.session.set(v.session);
  }, bad);

  // The failure: badge, panel, diagnosis, as if nothing were wrong.
  assert.equal((await page.goto(gateway.url)).status(), 502);
  const pageTab = await tabIdFor(browser, gateway.url);
  assert.equal(pageTab, tabId);
  await waitFor(async () => (await badgeText(browser, tabId)) === '502', { what: 'the badge despite corrupt storage' });
  const sentence = page.locator('#gateway-guard-panel-host .sentence');
  await waitFor(async () => ((await sentence.textContent().catch(() => '')) ?? '').includes('502'), { what: 'the panel' });

  const s = await allStorage(browser);
  const record = s.session[`tab:${tabId}`];
  assert.equal(record.status, 502);
  assert.equal(record.diagnosis.vendor, 'nginx', 'diagnosed as usual');
  assert.equal(record.plan?.kind, 'retry', 'a retry is planned');
  assert.equal(s.session.pacing.version, 1, 'the pacing state was restarted at the current schema');
  assert.ok(s.session.pacing.origins.length <= 1, `pacing keeps ${s.session.pacing.origins.length} origins`);
  assert.ok(Array.isArray(s.session.recentFailures) && s.session.recentFailures.length <= 200, 'recentFailures reset');
  assert.ok(s.local.goodIps === undefined || typeof s.local.goodIps === 'object', 'goodIps reset');
  assert.equal(s.session.bigArray.length, HUGE, 'keys the extension does not own are left alone');

  // A corrupt tab record reads as none (popup->background: tab-state) and is removed.
  const popup = await context.newPage();
  await popup.goto(browser.extensionUrl('popup/popup.html'));
  const answer = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'popup->background: tab-state', tabId: 99999 }));
  assert.equal(answer, null, 'a corrupt tab record is no record');
  assert.equal((await allStorage(browser)).session['tab:99999'], undefined, 'and it was removed');
  await popup.close();

  // The guard: an unreadable state is reset; the next failed payment POST is recorded as usual.
  await page.setContent(`<form method="post" action="${gateway.url}checkout/pay">
    <input name="cardnumber" autocomplete="cc-number" value="${CARD}"><button>Pay now</button></form>`);
  await Promise.all([page.waitForNavigation(), page.click('button')]);
  const guard = await waitFor(async () => {
    const g = (await allStorage(browser)).local.guardState;
    return Array.isArray(g?.records) && g.records.length && g.version === 1 ? g : null;
  }, { what: 'a guard record after the corrupt state' });
  assert.equal(guard.version, 1);
  assert.deepEqual(guard.records.map((r) => r.path), ['/checkout/pay']);

  // A huge but readable guard state (old expired records) is pruned by the core on the next write: here
  // the expiry alarm's, fired now. (A second submit of the form would be held by the live record.)
  await worker.evaluate(async (records) => {
    const { guardState } = await chrome.storage.local.get('guardState');
    await chrome.storage.local.set({ guardState: { ...guardState, records: [...records, ...guardState.records] } });
  }, bad.guardRecords);
  await worker.evaluate(() => chrome.alarms.create('guard-expiry', { when: Date.now() }));
  const pruned = await waitFor(async () => {
    const g = (await allStorage(browser)).local.guardState;
    return g.records.length <= 100 ? g : null;
  }, { what: 'the huge guard state to be pruned', timeout: 15_000 });
  assert.ok(pruned.records.every((r) => r.origin !== 'https://old.example'), 'expired records are gone');

  // Recovery: the old-schema incident history is replaced by a current one holding this incident.
  await page.goto(gateway.url).catch(() => {});
  await backend.set('healthy');
  await waitFor(async () => (await page.title().catch(() => '')) === 'Shop', { timeout: 30_000, what: 'recovery' });
  const history = await waitFor(async () => {
    const h = (await allStorage(browser)).local.incidents;
    return h?.version === 1 && h.incidents?.length ? h : null;
  }, { what: 'the incident in a current-schema history' });
  assert.equal(history.incidents.length, 1);
  assert.equal(history.incidents[0].origin, new URL(gateway.url).origin);

  const resets = (await browser.consoleWarnings()).filter((w) => w.includes('gateway-guard: stored'));
  console.log(`# reset warnings: ${JSON.stringify(resets)}`);
  for (const key of ['goodIps', 'recentFailures', 'tab:99999', 'guardState']) {
    assert.ok(resets.some((w) => w.includes(`"${key}"`)), `a logged reset of ${key}`);
  }
});

eachBrowser('after a browser restart (same profile) a live uncertain submission still holds the resubmit', async (t, name) => {
  const shop = await startShop();
  t.after(() => shop.stop());
  const profile = await mkdtemp(path.join(tmpdir(), 'gg-profile-'));
  t.after(() => rm(profile, { recursive: true, force: true }));

  let browser = await launch(name, { userDataDir: profile });
  let closed = false;
  t.after(() => closed || browser.close());
  const page = await browser.context.newPage();
  await page.goto(shop.checkoutUrl);
  await page.fill('#card', CARD);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#pay-button')]);
  assert.equal(response.status(), 502);
  await waitFor(async () => (await allStorage(browser)).local.guardState?.records?.length, { what: 'the record' });
  await browser.close();

  browser = await launch(name, { userDataDir: profile });
  t.after(() => browser.close());
  closed = true;
  const state = (await allStorage(browser)).local.guardState;
  assert.equal(state?.records?.length, 1, 'the record survived the restart');
  // The guard scripts for the live record: kept across the restart (Firefox), or registered again when the
  // extension starts as an update (Chromium treats its unpacked extension so on every start).
  const registered = () => browser.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length);
  await waitFor(async () => (await registered()) === 2, { what: 'the guard scripts registered after the restart' });
  const again = await browser.context.newPage();
  await again.goto(shop.checkoutUrl);
  assert.equal(await again.evaluate(() => window.guardAtParse), true, 'the guard was in the page before its own script ran');
  await again.fill('#card', CARD);
  await again.click('#pay-button');
  const dialog = await waitFor(() => dialogState(again), { what: 'the guard dialog after the restart' });
  assert.equal(dialog.role, 'alertdialog');
  await sleep(750);
  assert.equal(shop.posts('/checkout/pay').length, 1, 'no second POST reached nginx');
  const everything = JSON.stringify(await allStorage(browser));
  assert.ok(!everything.includes(CARD), 'the card number is stored nowhere');
});
