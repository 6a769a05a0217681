// Issue 2 (Firefox smoke): Firefox ESR installs dist/firefox as a temporary add-on and its background
// runs the Rust core: a 502 from a real nginx gets the badge and a stored diagnosis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startScenario } from '../lib/scenarios.mjs';
import { launchFirefox } from './lib/firefox.mjs';
import { waitFor } from './lib/chromium.mjs';

test('firefox: the background runs and diagnoses an nginx 502', async (t) => {
  const scenario = await startScenario('nginx-refused');
  t.after(() => scenario.stop());
  const firefox = await launchFirefox();
  t.after(() => firefox.close());
  const { driver, baseUrl } = firefox;

  // Tabs that WebDriver navigates report tabId -1 to webRequest in Firefox ESR (seen here), so the page is
  // opened the way a user's click would: as a browser tab, from the extension's own page.
  await driver.get(`${baseUrl}/popup/popup.html`);
  const tabId = await driver.executeAsyncScript(function (url, done) {
    browser.tabs.create({ url, active: false }).then((t) => done(t.id), () => done(null));
  }, scenario.url);
  assert.ok(Number.isInteger(tabId));
  const probe = () =>
    driver.executeAsyncScript(function (id, done) {
      (async () => {
        const badge = await browser.action.getBadgeText({ tabId: id });
        const stored = await browser.storage.session.get(`tab:${id}`);
        done({ badge, record: stored[`tab:${id}`] ?? null });
      })().catch((e) => done({ error: String(e) }));
    }, tabId);
  const seen = await waitFor(async () => {
    const r = await probe();
    return r?.badge === '502' && r.record ? r : null;
  }, { timeout: 20_000, what: 'badge 502 in Firefox' });
  assert.equal(seen.record.diagnosis.vendor, 'nginx');
});
