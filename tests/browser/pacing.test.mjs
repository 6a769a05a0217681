// Issue 4: the auto-delayed hard refresh, against a real nginx in front of a backend the test switches,
// in Chromium and Firefox ESR.
import assert from 'node:assert/strict';
import { behindNginx } from './lib/switchable.mjs';
import { eachBrowser, launchFor, tabIdFor, badgeText, allStorage, waitFor } from './lib/browsers.mjs';

async function setUp(t, mode, name) {
  const { backend, gateway } = await behindNginx(t, mode);
  const browser = await launchFor(t, name);
  return { backend, gateway, browser };
}

/** Request times at the gateway (nginx's $msec), as ms since the epoch. */
function gatewayRequestTimes(gateway) {
  return gateway
    .readAccessLog()
    .filter((line) => line.includes('"GET / '))
    .map((line) => Math.round(Number.parseFloat(line.split(' ')[0]) * 1000));
}

eachBrowser('a 503 with Retry-After: 4 is retried after at least 5 s, bypassing the cache, and recovers', async (t, name) => {
  const { backend, gateway, browser } = await setUp(t, 'unavailable', name);
  const page = await browser.context.newPage();
  const first = await page.goto(gateway.url);
  assert.equal(first.status(), 503);
  const failedAt = backend.requests[0].at;

  // The panel counts down where the user can see it.
  const countdown = page.locator('#gateway-guard-panel-host .countdown');
  await waitFor(async () => /\d+ s/.test((await countdown.textContent().catch(() => '')) ?? ''), {
    what: 'a countdown in the panel',
  });
  const healthyAt = Date.now();
  await backend.set('healthy');
  await page.waitForURL(gateway.url);
  await waitFor(async () => (await page.title().catch(() => '')) === 'Shop', { timeout: 20_000, what: 'the page to recover' });

  const pageRequests = backend.requests.filter((r) => r.url === '/');
  // On a loaded machine the first retry may come before the test switched the backend: then it failed
  // too, and the schedule planned another. Once the site answers, one retry recovers the page.
  assert.equal(pageRequests.filter((r) => r.at >= healthyAt).length, 1, 'one automatic retry after recovery, no more');
  const retry = pageRequests[1];
  assert.ok(retry.at - failedAt >= 4_000, `retried ${retry.at - failedAt} ms after the 503 (Retry-After: 4)`);
  assert.ok(retry.at - failedAt >= 5_000 - 50, `retried ${retry.at - failedAt} ms after the failure (floor 5 s)`);
  assert.match(retry.cacheControl ?? '', /no-cache/, 'the retry is a hard refresh');
  const tabId = await tabIdFor(browser, gateway.url);
  await waitFor(async () => (await badgeText(browser, tabId)) === '', { what: 'the badge to clear' });
  assert.ok(gatewayRequestTimes(gateway).length >= 2);
});

eachBrowser('a 502 is first retried after 5 s, later retries back off, and the page recovers', async (t, name) => {
  const { backend, gateway, browser } = await setUp(t, 'down', name);
  const page = await browser.context.newPage();
  const first = await page.goto(gateway.url);
  assert.equal(first.status(), 502);

  // Wait for three requests at the gateway (the navigation and two automatic retries).
  const times = await waitFor(
    () => {
      const ts = gatewayRequestTimes(gateway);
      return ts.length >= 3 ? ts : null;
    },
    { timeout: 60_000, interval: 250, what: 'two automatic retries at the gateway' },
  );
  // The engine draws each wait from [max(5 s, w/2), w] with w = max(10 s, 0.75 × the outage's age so far)
  // for a 502 (crates/core/src/pacing/schedule.rs): never sooner than the floor, never later than the bound.
  for (let k = 1; k < times.length; k++) {
    const gap = times[k] - times[k - 1];
    const age = times[k - 1] - times[0];
    const bound = Math.max(10_000, 0.75 * age);
    assert.ok(gap >= 5_000 - 50, `retry ${k} came ${gap} ms after the previous request (floor 5 s)`);
    // Slack for the reload itself and a loaded machine.
    assert.ok(gap <= bound + 2_500, `retry ${k} came ${gap} ms after the previous request (backoff bound ${bound} ms)`);
  }

  await backend.set('healthy');
  await waitFor(async () => (await page.title().catch(() => '')) === 'Shop', { timeout: 90_000, what: 'recovery' });
});

eachBrowser('two tabs on one failing origin share one schedule (one probe, the other follows)', async (t, name) => {
  const { backend, gateway, browser } = await setUp(t, 'down', name);
  const a = await browser.context.newPage();
  assert.equal((await a.goto(gateway.url)).status(), 502);
  const b = await browser.context.newPage();
  assert.equal((await b.goto(gateway.url)).status(), 502);
  const start = Date.now();
  // Watch the gateway for 16 s: one tab alone would send the navigation plus at most 2 retries in that time.
  await new Promise((r) => setTimeout(r, 16_000));
  const times = gatewayRequestTimes(gateway).filter((ts) => ts >= start - 1_000);
  const retries = times.length - 2; // minus the two navigations
  assert.ok(retries <= 2, `two tabs sent ${retries} retries in 16 s (one schedule allows at most 2)`);
  assert.ok(retries >= 1, 'the shared schedule still probes');

  await backend.set('healthy');
  await waitFor(async () => (await a.title().catch(() => '')) === 'Shop' && (await b.title().catch(() => '')) === 'Shop', {
    timeout: 90_000,
    what: 'both tabs to recover',
  });
});

eachBrowser('a POST answered 502 is never re-sent by the extension', async (t, name) => {
  const { gateway, browser } = await setUp(t, 'down', name);
  const page = await browser.context.newPage();
  await page.setContent(
    `<form method="post" action="${gateway.url}order"><input name="item" value="1"><button>Order</button></form>`,
  );
  await Promise.all([page.waitForNavigation(), page.click('button')]);
  await new Promise((r) => setTimeout(r, 12_000));
  const posts = gateway.readAccessLog().filter((line) => line.includes('"POST /order'));
  assert.equal(posts.length, 1, `the gateway saw ${posts.length} POSTs`);
});

eachBrowser('stopping the background (service worker / event page) mid-countdown does not lose the retry', async (t, name) => {
  const { backend, gateway, browser } = await setUp(t, 'down', name);
  const page = await browser.context.newPage();
  assert.equal((await page.goto(gateway.url)).status(), 502);
  await page.locator('#gateway-guard-panel-host .countdown').waitFor();

  assert.ok(await browser.stopBackground(), 'the extension background was stopped');

  await backend.set('healthy');
  await waitFor(async () => (await page.title().catch(() => '')) === 'Shop', { timeout: 30_000, what: 'the retry after the worker stopped' });
});

eachBrowser('rapid manual reloads get the calm notice and do not shorten the schedule', async (t, name) => {
  const { gateway, browser } = await setUp(t, 'down', name);
  const page = await browser.context.newPage();
  assert.equal((await page.goto(gateway.url)).status(), 502);
  const countdown = page.locator('#gateway-guard-panel-host .countdown');
  await countdown.waitFor();
  const planAt = async () => {
    const tabId = await tabIdFor(browser, gateway.url);
    const { session } = await allStorage(browser);
    return session[`tab:${tabId}`]?.plan?.atMs ?? null;
  };
  const first = await waitFor(planAt, { what: 'a planned retry' });
  // Three reloads in quick succession, as a worried person would.
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await countdown.waitFor();
  }
  const notice = page.locator('#gateway-guard-panel-host .notice');
  await notice.waitFor({ timeout: 10_000 });
  assert.match(await notice.textContent(), /struggling/);
  assert.ok((await planAt()) >= first, 'the next automatic retry did not move earlier');
});
