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

  await driver.get(scenario.url);
  // An extension page can ask the extension's APIs what the background did.
  await driver.switchTo().newWindow('tab');
  await driver.get(`${baseUrl}/popup/popup.html`);
  const probe = () =>
    driver.executeAsyncScript(function (url, done) {
      (async () => {
        const tab = (await browser.tabs.query({})).find((t) => t.url === url);
        if (!tab) return done(null);
        const badge = await browser.action.getBadgeText({ tabId: tab.id });
        const stored = await browser.storage.session.get(`tab:${tab.id}`);
        done({ badge, record: stored[`tab:${tab.id}`] ?? null });
      })().catch((e) => done({ error: String(e) }));
    }, scenario.url);
  const seen = await waitFor(async () => {
    const r = await probe();
    return r?.badge === '502' && r.record ? r : null;
  }, { timeout: 20_000, what: 'badge 502 in Firefox' });
  assert.equal(seen.record.diagnosis.vendor, 'nginx');
});
