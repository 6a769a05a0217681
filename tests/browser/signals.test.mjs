// Issue 3, part 5: the three signals that point at the user's side, each in real Chromium and Firefox ESR.
import assert from 'node:assert/strict';
import http from 'node:http';
import { startScenario } from '../lib/scenarios.mjs';
import { startGateway } from '../lib/gateways.mjs';
import { eachBrowser, launchFor, tabIdFor, allStorage, waitFor } from './lib/browsers.mjs';

/** The diagnosis stored for the tab showing `url` — for that URL, not the tab's previous page. */
async function storedRecord(browser, url) {
  const tabId = await waitFor(() => tabIdFor(browser, url), { what: 'the tab id' });
  return waitFor(async () => {
    const record = (await allStorage(browser)).session[`tab:${tabId}`];
    return record?.url === url ? record : null;
  }, { what: 'a stored diagnosis' });
}

eachBrowser('an error served from the browser cache advises clearing the site cache', {
  skip: (name) => name === 'firefox' &&
    'Firefox never reuses a cached 5xx (it revalidates every status but 200/203/206/300/301/302/304/307/308/410; seen here: the second load reached nginx), so this signal cannot arise there',
}, async (t, name) => {
  // An application whose 503 page is cacheable for 10 minutes, behind a real nginx.
  const app = http.createServer((req, res) => {
    res.writeHead(503, { 'Content-Type': 'text/html', 'Cache-Control': 'public, max-age=600' });
    res.end('<!doctype html><title>Maintenance</title><p>Back soon</p>');
  });
  await new Promise((r) => app.listen(0, '127.0.0.1', r));
  t.after(() => app.close());
  const gateway = await startGateway('nginx', { port: app.address().port, tls: false });
  t.after(() => gateway.stop());
  const browser = await launchFor(t, name);

  // No automatic hard refresh meanwhile: the access log then counts the user's two loads only.
  await browser.worker.evaluate(() => chrome.storage.local.set({ settings: { autoRetry: false } }));

  const url = `${gateway.url}cached`;
  const page = await browser.context.newPage();
  await page.goto(url);
  await storedRecord(browser, url);
  // A second, ordinary navigation: the browser answers from its cache without asking the server.
  const other = await browser.context.newPage();
  await other.goto(url);
  const tabId = await waitFor(async () => {
    const ids = await browser.worker.evaluate(async (u) => (await chrome.tabs.query({})).filter((tab) => tab.url === u).map((tab) => tab.id), url);
    return ids.length === 2 ? ids[1] : null;
  });
  const record = await waitFor(async () => (await allStorage(browser)).session[`tab:${tabId}`] ?? null);
  const requests = gateway.readAccessLog().filter((l) => l.includes('/cached'));
  assert.equal(requests.length, 1, 'the second load never reached the server');
  assert.equal(record.diagnosis.from_cache, true);
  assert.equal(record.diagnosis.advice[0], 'clear_site_cache');
});

eachBrowser('a host now answering from another address than when it last worked advises changing DNS', async (t, name) => {
  const healthy = await startScenario('nginx-healthy');
  t.after(() => healthy.stop());
  const failing = await startScenario('nginx-refused');
  t.after(() => failing.stop());
  const browser = await launchFor(t, name, { hostMap: ['shop.test'] });
  const { worker } = browser;

  // The site works: the extension remembers the address that served it.
  const page = await browser.context.newPage();
  const port = (u) => new URL(u).port;
  await page.goto(`http://shop.test:${port(healthy.url)}/`);
  const remembered = await waitFor(async () => (await allStorage(browser)).local.goodIps?.['shop.test']);
  assert.equal(remembered, '127.0.0.1');
  // Since then the name moved (as after a DNS change): it last worked from another address.
  await worker.evaluate(() => chrome.storage.local.set({ goodIps: { 'shop.test': '192.0.2.10' } }));
  const url = `http://shop.test:${port(failing.url)}/`;
  await page.goto(url);
  const record = await storedRecord(browser, url);
  assert.ok(record.diagnosis.advice.includes('change_dns'), `advice: ${record.diagnosis.advice}`);
  assert.ok(record.diagnosis.evidence.some((e) => /192\.0\.2\.10/.test(e)), `evidence: ${record.diagnosis.evidence}`);
});

eachBrowser('several unrelated sites failing within a minute advise checking VPN or proxy', async (t, name) => {
  const failing = await startScenario('nginx-refused');
  t.after(() => failing.stop());
  const sites = ['news.test', 'mail.test', 'shop.test', 'bank.test'];
  const browser = await launchFor(t, name, { hostMap: sites });
  const port = new URL(failing.url).port;
  const page = await browser.context.newPage();
  for (const host of sites) await page.goto(`http://${host}:${port}/`);
  const url = `http://${sites.at(-1)}:${port}/`;
  const record = await storedRecord(browser, url);
  assert.ok(record.diagnosis.advice.includes('toggle_vpn'), `advice: ${record.diagnosis.advice}`);
  // The first site alone did not get that advice.
  assert.ok(record.facts.other_failing_hosts >= 3);
});
