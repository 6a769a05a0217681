// Issue 2: a top-level page that fails with 502 from a real nginx is seen by the extension, diagnosed by
// the Rust core running as WebAssembly in the background, and shown as a badge and a panel — in Chromium
// and in Firefox ESR.
import assert from 'node:assert/strict';
import { startScenario } from '../lib/scenarios.mjs';
import { eachBrowser, launchFor, tabIdFor, badgeText, allStorage, waitFor } from './lib/browsers.mjs';

eachBrowser('nginx 502 (nothing listens upstream) shows badge 502 and a diagnosis naming nginx', async (t, name) => {
  const scenario = await startScenario('nginx-refused');
  t.after(() => scenario.stop());
  const browser = await launchFor(t, name);

  const page = await browser.context.newPage();
  const response = await page.goto(scenario.url);
  assert.equal(response.status(), 502, 'nginx answers 502 for a refused upstream');

  const tabId = await waitFor(() => tabIdFor(browser, scenario.url), { what: 'the tab id' });
  await waitFor(async () => (await badgeText(browser, tabId)) === '502', { what: 'badge "502"' });
  // A hard failure is marked red (#b3261e); a 503 or 429 would be amber.
  const colour = await browser.worker.evaluate((id) => chrome.action.getBadgeBackgroundColor({ tabId: id }), tabId);
  assert.deepEqual([...colour].slice(0, 3), [0xb3, 0x26, 0x1e]);

  const { session } = await allStorage(browser);
  const record = session[`tab:${tabId}`];
  assert.ok(record, 'the background stored a diagnosis for the tab');
  assert.equal(record.diagnosis.status, 502);
  assert.equal(record.diagnosis.vendor, 'nginx');
  assert.equal(record.diagnosis.generated_by, 'gateway');

  // The panel on the error page says who answered, in words.
  const sentence = page.locator('#gateway-guard-panel-host .sentence');
  await sentence.waitFor({ timeout: 10_000 });
  assert.match(await sentence.textContent(), /nginx.*502/);
});

eachBrowser('a healthy page gets no badge, no stored failure and no injected script', async (t, name) => {
  const scenario = await startScenario('nginx-healthy');
  t.after(() => scenario.stop());
  const browser = await launchFor(t, name);

  const page = await browser.context.newPage();
  const response = await page.goto(scenario.url);
  assert.equal(response.status(), 200);
  const tabId = await waitFor(() => tabIdFor(browser, scenario.url), { what: 'the tab id' });
  // Let the extension see onCompleted and the tab's 'complete' update before looking.
  await page.waitForLoadState('load');
  await waitFor(async () => (await browser.worker.evaluate((id) => chrome.tabs.get(id), tabId)).status === 'complete');
  assert.equal(await badgeText(browser, tabId), '');
  const { session } = await allStorage(browser);
  assert.equal(session[`tab:${tabId}`], undefined);
  assert.equal(await page.locator('#gateway-guard-panel-host').count(), 0, 'no panel on a healthy page');
});
