// Issue 3: the diagnosis the background stores for a failed page, in real Chromium, against real gateways.
// Expected values are the scenario definitions' (tests/lib/scenarios.mjs), the same the HAR fixtures use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario, startScenario } from '../lib/scenarios.mjs';
import { launchChromium, tabIdFor, badgeText, allStorage, waitFor } from './lib/chromium.mjs';

const NAMES = [
  'nginx-refused',
  'nginx-hang',
  'nginx-app-503-retry-after',
  'haproxy-no-server',
  'haproxy-hang',
  'varnish-refused',
  'apache-refused',
  'squid-refused-at-start',
  'lighttpd-hang',
];

test('chromium: stored diagnoses of real gateway failures name the vendor, failure and producer', async (t) => {
  const browser = await launchChromium();
  t.after(() => browser.close());
  const { context, worker } = browser;
  for (const name of NAMES) {
    const expected = scenario(name).expected;
    await t.test(name, async (st) => {
      const run = await startScenario(name);
      st.after(() => run.stop());
      const page = await context.newPage();
      st.after(() => page.close());
      const response = await page.goto(run.url);
      assert.equal(response.status(), expected.status);
      const tabId = await waitFor(() => tabIdFor(worker, run.url), { what: 'the tab id' });
      await waitFor(async () => (await badgeText(worker, tabId)) === String(expected.status), {
        what: `badge ${expected.status}`,
      });
      // Wait until the panel has sent the page text, so body markers took part in the diagnosis.
      const record = await waitFor(async () => {
        const { session } = await allStorage(worker);
        const r = session[`tab:${tabId}`];
        return r?.pageTextSeen ? r : null;
      }, { what: 'the diagnosis with page text' });
      const d = record.diagnosis;
      assert.deepEqual(
        { vendor: d.vendor, failure: d.failure, generated_by: d.generated_by },
        { vendor: expected.vendor, failure: expected.failure, generated_by: expected.generated_by },
        `evidence: ${d.evidence.join(' | ')}`,
      );
      if (name === 'nginx-app-503-retry-after') assert.equal(d.retry_after_s, 4);
    });
  }
});

test('chromium: a page with no HTTP answer at all (nginx relays garbage) gets badge "!" and a diagnosis', async (t) => {
  const run = await startScenario('nginx-garbage');
  t.after(() => run.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  await assert.rejects(page.goto(run.url), /ERR_/);
  const tabId = await waitFor(async () => {
    const tabs = await browser.worker.evaluate(() => chrome.tabs.query({}));
    return tabs.find((tab) => tab.url === run.url || tab.pendingUrl === run.url)?.id ?? null;
  }, { what: 'the tab' });
  await waitFor(async () => (await badgeText(browser.worker, tabId)) === '!', { what: 'badge "!"' });
  const { session } = await allStorage(browser.worker);
  const d = session[`tab:${tabId}`].diagnosis;
  assert.equal(d.status, 0);
  assert.equal(d.failure, scenario('nginx-garbage').expected.failure);
});
