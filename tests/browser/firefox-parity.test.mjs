// Issue 7: the same product in Firefox ESR: diagnosis, badge and panel, the paced hard refresh and the
// resubmission guard, against the same real gateways as the Chromium tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { scenario, startScenario } from '../lib/scenarios.mjs';
import { behindNginx } from './lib/switchable.mjs';
import { startShop, CARD } from './lib/guard-helpers.mjs';
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

test('firefox: after a payment POST got 502, submitting again is held behind the dialog', async (t) => {
  const shop = await startShop();
  t.after(() => shop.stop());
  const ff = await firefox(t);
  const tabId = await ff.openTab(shop.checkoutUrl);
  await waitFor(async () => (await ff.tab(tabId)).status === 'complete', { what: 'the checkout page' });
  const fillAndPay = (card) => {
    document.getElementById('card').value = card;
    document.getElementById('pay-button').click();
    return true;
  };
  await ff.inPage(shop.checkoutUrl, fillAndPay, CARD);
  await waitFor(async () => (await ff.badge(tabId)) === '502', { timeout: 15_000, what: 'the 502 of the POST' });
  assert.equal(shop.posts('/checkout/pay').length, 1);
  await waitFor(async () => ((await ff.ext(async () => browser.storage.local.get('guardState'))).guardState?.records ?? []).length === 1, {
    what: 'the uncertain submission',
  });

  await ff.ext(async (id, url) => browser.tabs.update(id, { url }), tabId, shop.checkoutUrl);
  await waitFor(async () => (await ff.tab(tabId)).status === 'complete' && (await ff.tab(tabId)).url === shop.checkoutUrl);
  // The guard script is in the page before the user can submit.
  await waitFor(() => ff.inPage(shop.checkoutUrl, () => HTMLFormElement.prototype[Symbol.for('gateway-guard.submit-wrapped')] === true), {
    what: 'the guard script',
  });
  await ff.inPage(shop.checkoutUrl, fillAndPay, CARD);
  const role = await waitFor(
    () =>
      ff.inPage(shop.checkoutUrl, () => {
        for (const host of document.querySelectorAll('*')) {
          const dialog = host.shadowRoot?.querySelector('[role="alertdialog"]');
          if (dialog) return dialog.getAttribute('role');
        }
        return null;
      }),
    { what: 'the guard dialog' },
  );
  assert.equal(role, 'alertdialog');
  await sleep(750);
  assert.equal(shop.posts('/checkout/pay').length, 1, 'no second POST while the dialog is open');
  const stored = JSON.stringify(await ff.ext(async () => ({ l: await browser.storage.local.get(null), s: await browser.storage.session.get(null) })));
  assert.ok(!stored.includes(CARD), 'the card number is in no storage area');
});
