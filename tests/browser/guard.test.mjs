// Issue 5: the resubmission guard, in Chromium and Firefox ESR (issue 7). A card payment POST through a
// real nginx ends in nginx's own 502; afterwards every way of submitting that form again is held behind
// the dialog and nginx receives no second POST until the user chooses "Submit anyway".
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { eachBrowser, launchFor, allStorage, waitFor } from './lib/browsers.mjs';
import { auditAndShoot } from './lib/axe.mjs';
import { startShop, dialogState, CARD } from './lib/guard-helpers.mjs';

/** No new request can be awaited, so "no POST" is checked after this long (the POST takes ~5 ms here). */
const QUIET_MS = 750;

const guardState = async (browser) => (await allStorage(browser)).local.guardState ?? null;

async function openCheckout(context, shop, existing) {
  const page = existing ?? (await context.newPage());
  const response = await page.goto(shop.checkoutUrl);
  assert.equal(response.status(), 200);
  await page.fill('#card', CARD);
  await page.fill('input[name="cc-name"]', 'Ada Lovelace');
  await page.fill('input[name="cvc"]', '123');
  return page;
}

async function waitForDialog(page) {
  return waitFor(() => dialogState(page), { what: 'the guard dialog' });
}

eachBrowser('after nginx answers a card payment with 502, resubmitting is held until "Submit anyway"', async (t, name) => {
  const shop = await startShop();
  t.after(() => shop.stop());
  const browser = await launchFor(t, name);
  const { context, worker } = browser;

  // 1. The first payment: nginx answers 502 (the shop closed the connection).
  const page = await openCheckout(context, shop);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#pay-button')]);
  assert.equal(response.status(), 502, 'nginx answered the POST with 502');
  assert.equal(shop.posts('/checkout/pay').length, 1);
  const state = await waitFor(async () => (await guardState(browser))?.records?.length && guardState(browser), {
    what: 'an uncertain submission in storage.local',
  });
  const [record] = state.records;
  assert.equal(record.origin, shop.origin);
  assert.equal(record.path, '/checkout/pay');
  assert.equal(record.status, 502);
  assert.equal(record.answer, 'http-status');
  assert.equal(record.risk, 'payment');
  assert.ok(record.expiresAtMs - record.atMs >= 29 * 60_000, 'lives ~30 min by default');
  await waitFor(
    async () => (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length === 2,
    { what: 'the guard scripts registered for the origin' },
  );

  // Back to the form (it may come from the back/forward cache, loaded before any record existed).
  await page.goBack();
  assert.equal(new URL(await page.url()).pathname, '/checkout');
  await waitFor(() => page.evaluate(() => HTMLFormElement.prototype[Symbol.for('gateway-guard.submit-wrapped')] === true), {
    what: 'the guard script in the page we went back to',
  });
  await page.click('#pay-button');
  await waitForDialog(page);
  await sleep(QUIET_MS);
  assert.equal(shop.posts('/checkout/pay').length, 1, 'Back, then Pay: held, no second POST');
  await page.keyboard.press('Escape');

  // A page of the record's origin has the guard before its own scripts run (registered at
  // document_start, not injected once the page has loaded: a quick click is held too).
  const wrapped = () => HTMLFormElement.prototype[Symbol.for('gateway-guard.submit-wrapped')] === true;
  await page.goto(shop.checkoutUrl);
  assert.equal(await page.evaluate(wrapped), true, 'the guard script runs on the gateway origin');
  assert.equal(await page.evaluate(() => window.guardAtParse), true, 'and was there before the page\'s own script ran');

  // Another origin on the same host (the shop itself, without nginx) is not held: a payment there goes
  // straight out. Chromium keeps the guard scripts off it; Firefox's match patterns cannot name a port
  // (lib/platform.js), so there they run on every port of the host, and the core, which compares exact
  // origins, holds nothing.
  const other = await context.newPage();
  await other.goto(shop.directUrl);
  if (name === 'chromium') assert.equal(await other.evaluate(wrapped), false, 'no guard script on http://127.0.0.1:<shop port>');
  await other.fill('#card', CARD);
  shop.state.failing = false; // the shop answers this payment itself
  const [direct] = await Promise.all([other.waitForNavigation(), other.click('#pay-button')]);
  shop.state.failing = true;
  assert.equal(direct.status(), 200, 'the payment on http://127.0.0.1:<shop port> went straight out');
  await other.close();

  // 2. Each way of submitting again is held; nginx sees no second POST; Escape cancels.
  const ways = {
    'the submit button': (p) => p.click('#pay-button'),
    'Enter in a field': (p) => p.press('#card', 'Enter'),
    'form.requestSubmit()': (p) => p.evaluate(() => document.getElementById('pay').requestSubmit()),
    'form.submit()': (p) => p.evaluate(() => document.getElementById('pay').submit()),
  };
  for (const [way, submit] of Object.entries(ways)) {
    await t.test(`${way} is held behind an alertdialog; Escape cancels`, async () => {
      await openCheckout(context, shop, page);
      await submit(page);
      const dialog = await waitForDialog(page);
      assert.equal(dialog.role, 'alertdialog');
      assert.equal(dialog.modal, 'true');
      assert.match(dialog.label, /payment may already have gone through/);
      assert.match(dialog.description, /HTTP 502/);
      assert.match(dialog.description, /e-mail, your order history or your bank statement/);
      assert.match(dialog.description, /charge you twice/, 'payment forms get the strongest wording');
      const time = await page.evaluate(
        (at) => new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
        record.atMs,
      );
      assert.ok(dialog.description.includes(time), `says when: ${time} in "${dialog.description}"`);
      assert.match(dialog.focused, /Don.t submit/, '"Don\'t submit" has the focus');
      await sleep(QUIET_MS);
      assert.equal(shop.posts('/checkout/pay').length, 1, `${way}: nginx received no second POST`);
      await page.keyboard.press('Escape');
      await waitFor(async () => (await dialogState(page)) === null, { what: 'the dialog to close on Escape' });
      await sleep(QUIET_MS);
      assert.equal(shop.posts('/checkout/pay').length, 1, `${way}: Escape did not submit`);
      assert.equal(new URL(await page.url()).pathname, '/checkout', 'still on the checkout page');
    });
  }

  await t.test('the dialog works by keyboard: Tab stays inside, "Submit anyway" sends exactly one POST', async () => {
    await openCheckout(context, shop, page);
    await page.press('#card', 'Enter');
    let dialog = await waitForDialog(page);
    assert.equal(dialog.bodyInert, true, 'the page behind is inert');
    assert.equal(dialog.focusInside, true);
    // axe-core finds no violation in the dialog, light or dark (and the screenshots are kept).
    await auditAndShoot(page, 'guard-dialog', { selector: '#gateway-guard-guard-host', fullPage: false });
    const seen = [];
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      dialog = await dialogState(page);
      assert.equal(dialog.focusInside, true, 'Tab keeps the focus inside the dialog');
      seen.push(dialog.focused);
    }
    assert.deepEqual(new Set(seen), new Set(['Submit anyway', 'Don\u2019t submit']), `Tab reaches both: ${seen}`);
    await page.keyboard.press('Shift+Tab');
    while (!/Submit anyway/.test((await dialogState(page)).focused)) await page.keyboard.press('Tab');
    const navigation = page.waitForNavigation();
    await page.keyboard.press('Enter');
    assert.equal((await navigation).status(), 502, 'the POST went out (and failed again)');
    await sleep(QUIET_MS);
    assert.equal(shop.posts('/checkout/pay').length, 2, 'exactly one more POST reached nginx');
  });

  await t.test('a GET search form and a newsletter POST on the same origin are not held', async () => {
    await page.goto(shop.checkoutUrl);
    await page.fill('#q', 'socks');
    const [search] = await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    assert.equal(search.status(), 200);
    assert.equal(new URL(await page.url()).pathname, '/search');
    assert.equal(await dialogState(page), null);

    await page.goto(shop.checkoutUrl);
    await page.fill('#news-email', 'ada@example.org');
    const [news] = await Promise.all([page.waitForNavigation(), page.click('#news button')]);
    assert.equal(news.status(), 200, 'the newsletter POST went through after the guard checked it');
    assert.equal(shop.posts('/newsletter').length, 1, 'exactly one newsletter POST');
    assert.equal(shop.posts('/checkout/pay').length, 2, 'no payment POST');
  });

  await t.test('a stopped background still holds the submit (the record is in storage)', async () => {
    assert.ok(await browser.stopBackground(), 'the background (service worker / event page) was stopped');
    await openCheckout(context, shop, page);
    await page.click('#pay-button');
    await waitForDialog(page);
    await sleep(QUIET_MS);
    assert.equal(shop.posts('/checkout/pay').length, 2, 'no POST while held');
    await page.keyboard.press('Escape');
  });

  await t.test('the typed card number appears nowhere in the extension storage', async () => {
    const everything = JSON.stringify(await allStorage(browser));
    assert.ok(everything.includes('/checkout/pay'), 'the storage read is the real one');
    for (const secret of [CARD, '4242 4242', 'Ada Lovelace', 'ada@example.org', 'socks']) {
      assert.ok(!everything.includes(secret), `"${secret}" is not stored`);
    }
  });

  await t.test('after expiry the form submits freely', async () => {
    await worker.evaluate(async () => {
      const { guardState } = await chrome.storage.local.get('guardState');
      for (const r of guardState.records) r.expiresAtMs = Date.now() - 1;
      await chrome.storage.local.set({ guardState });
    });
    await openCheckout(context, shop, page);
    const [again] = await Promise.all([page.waitForNavigation(), page.click('#pay-button')]);
    assert.equal(again.status(), 502, 'the POST went straight out');
    assert.equal(shop.posts('/checkout/pay').length, 3);
    assert.equal(await dialogState(page), null);
  });
});

eachBrowser('a fetch() payment POST answered 502 is recorded by name only; a failing search API is not', async (t, name) => {
  const shop = await startShop();
  t.after(() => shop.stop());
  const browser = await launchFor(t, name);
  const { context } = browser;
  const page = await context.newPage();
  await page.goto(shop.checkoutUrl);
  const statuses = await page.evaluate(async (card) => {
    const post = (path, body) =>
      fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        .then((r) => r.status);
    return [
      await post('/api/search', { query: 'socks', page: 2 }),
      await post('/api/payment', { paymentMethod: { cardNumber: card }, billingAddress: 'x' }),
    ];
  }, CARD);
  assert.deepEqual(statuses, [502, 502], 'nginx answered both fetches with 502');
  const state = await waitFor(async () => (await guardState(browser))?.records?.length && guardState(browser), {
    what: 'a record for the fetch payment',
  });
  await sleep(QUIET_MS);
  const records = (await guardState(browser)).records;
  assert.deepEqual(records.map((r) => r.path), ['/api/payment'], 'only the payment API is recorded');
  assert.equal(state.records[0].risk, 'payment');
  assert.equal(state.records[0].status, 502);
  const everything = JSON.stringify(await allStorage(browser));
  assert.ok(!everything.includes(CARD), 'the card number in the JSON body is not stored');

  // The card form on that origin is now held: any payment-like form on the origin.
  await openCheckout(context, shop, page);
  await page.click('#pay-button');
  const dialog = await waitForDialog(page);
  assert.match(dialog.label, /payment/);
  assert.equal(shop.posts('/checkout/pay').length, 0);
  await page.keyboard.press('Escape');

  // The payment API answers again: its 200 is the server's word on that payment, and the record goes.
  shop.state.failing = false;
  const again = await page.evaluate(() => fetch('/api/payment', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ retry: true }),
  }).then((r) => r.status));
  assert.equal(again, 200);
  await waitFor(async () => (await guardState(browser))?.records?.length === 0, { what: 'the record cleared by the 200' });
});

// A POST's start is kept in memory and written to storage.session only once it has been in flight for 2 s
// (background/guard.js): this one hangs for 4 s before the connection drops, and the background is
// stopped after 3 s, so only the stored copy can tell the restarted background what the request was. (On
// the shop directly: nginx would answer a hanging upstream with its own 504 after 2 s.)
eachBrowser('a payment fetch still in flight when the background is stopped is recorded when its connection drops', async (t, name) => {
  const shop = await startShop();
  t.after(() => shop.stop());
  const browser = await launchFor(t, name);
  const page = await browser.context.newPage();
  await page.goto(shop.directUrl);
  await page.evaluate((card) => {
    window.slowPayment = fetch('/api/slow-payment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cardNumber: card, amount: 12 }),
    }).then((r) => r.status, (e) => e.name);
  }, CARD);
  await sleep(3_000);
  assert.ok(await browser.stopBackground(), 'the background was stopped while the payment was in flight');
  const outcome = await page.evaluate(() => window.slowPayment);
  assert.equal(outcome, 'TypeError', `the connection dropped (fetch rejected): ${outcome}`);
  const state = await waitFor(async () => (await guardState(browser))?.records?.length && guardState(browser), {
    what: 'a record for the payment that failed after the restart',
  });
  assert.deepEqual(state.records.map((r) => [r.path, r.risk, r.answer]), [['/api/slow-payment', 'payment', 'dropped']]);
  assert.ok(!JSON.stringify(await allStorage(browser)).includes(CARD), 'the card number is not stored');

  // And it holds: the card form on that origin asks first.
  await page.goto(shop.directUrl);
  await page.fill('#card', CARD);
  await page.click('#pay-button');
  await waitForDialog(page);
});

eachBrowser('a failing fetch() POST is diagnosed and kept with its tab', async (t, name) => {
  const shop = await startShop();
  t.after(() => shop.stop());
  const browser = await launchFor(t, name);
  const page = await browser.context.newPage();
  await page.goto(shop.checkoutUrl);
  const status = await page.evaluate(async () => (await fetch('/api/payment', { method: 'POST', body: new URLSearchParams({ amount: '1' }) })).status);
  assert.equal(status, 502, 'nginx answered the fetch with 502');
  const failures = await waitFor(async () => {
    const { session } = await allStorage(browser);
    return Object.entries(session).find(([k]) => k.startsWith('requests:'))?.[1] ?? null;
  }, { what: 'the diagnosed request' });
  assert.equal(failures.length, 1);
  assert.equal(failures[0].diagnosis.status, 502);
  assert.ok(failures[0].diagnosis.advice.includes('check_before_resubmitting'), `advice: ${failures[0].diagnosis.advice}`);
});
