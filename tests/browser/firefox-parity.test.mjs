// Issue 7: the same product in Firefox ESR: diagnosis, badge and panel and the paced hard refresh, against
// the same real gateways as the Chromium tests (the resubmission guard: guard.test.mjs, both browsers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenario, startScenario } from '../lib/scenarios.mjs';
import { behindNginx } from './lib/switchable.mjs';
import { launchFirefox, firefoxSession } from './lib/firefox.mjs';
import { waitFor } from './lib/chromium.mjs';

async function firefox(t) {
  const ff = await launchFirefox();
  t.after(() => ff.close());
  return firefoxSession(ff);
}

test('firefox: stored diagnoses, badge and panel for real gateway failures', async (t) => {
  const ff = await firefox(t);
  for (const name of ['nginx-refused', 'haproxy-no-server', 'varnish-refused', 'apache-refused']) {
    await t.test(name, async (st) => {
      const expected = scenario(name).expected;
      const run = await startScenario(name);
      st.after(() => run.stop());
      const tabId = await ff.openTab(run.url);
      await waitFor(async () => (await ff.badge(tabId)) === String(expected.status), {
        timeout: 15_000,
        what: `badge ${expected.status}`,
      });
      const record = await waitFor(async () => {
        const r = await ff.record(tabId);
        return r?.pageTextSeen ? r : null;
      }, { timeout: 15_000, what: 'the diagnosis with page text' });
      const d = record.diagnosis;
      assert.deepEqual(
        { vendor: d.vendor, failure: d.failure, generated_by: d.generated_by },
        { vendor: expected.vendor, failure: expected.failure, generated_by: expected.generated_by },
      );
      const sentence = await waitFor(
        () =>
          ff.inPage(run.url, () =>
            document.getElementById('gateway-guard-panel-host')?.shadowRoot?.querySelector('.sentence')?.textContent ?? null,
          ),
        { what: 'the panel sentence' },
      );
      assert.match(sentence, new RegExp(String(expected.status)));
      await ff.ext(async (id) => browser.tabs.remove(id), tabId);
    });
  }
});

test('firefox: a 503 with Retry-After: 4 is hard-refreshed after at least 5 s and recovers', async (t) => {
  const { backend, gateway } = await behindNginx(t, 'unavailable');
  const ff = await firefox(t);
  const tabId = await ff.openTab(gateway.url);
  await waitFor(async () => (await ff.badge(tabId)) === '503', { timeout: 15_000, what: 'badge 503' });
  const record = await ff.record(tabId);
  assert.equal(record.plan.kind, 'retry');
  await backend.set('healthy');
  await waitFor(async () => (await ff.tab(tabId)).title === 'Shop', { timeout: 30_000, interval: 250, what: 'recovery' });
  const pageRequests = backend.requests.filter((r) => r.url === '/');
  assert.equal(pageRequests.length, 2, 'one automatic retry');
  assert.ok(pageRequests[1].at - pageRequests[0].at >= 5_000 - 50, 'no sooner than the 5 s floor');
  assert.match(pageRequests[1].cacheControl ?? '', /no-cache/, 'a hard refresh');
  assert.equal(await ff.badge(tabId), '', 'the badge clears on recovery');
});
