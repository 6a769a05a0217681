// Issue 6: what each surface shows, in real Chromium and Firefox ESR against real failing gateways: the
// error-page panel, the popup and the options page. Each is audited with axe-core (injected by the test,
// never shipped) and photographed in light and dark to tests/out/screenshots/ (lib/axe.mjs).
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { startScenario } from '../lib/scenarios.mjs';
import { behindNginx } from './lib/switchable.mjs';
import { auditAndShoot } from './lib/axe.mjs';
import { eachBrowser, launchFor, tabIdFor, badgeText, allStorage, waitFor } from './lib/browsers.mjs';

const PANEL = '#gateway-guard-panel-host';

const panel = (page) => ({
  sentence: page.locator(`${PANEL} .sentence`),
  countdown: page.locator(`${PANEL} .countdown`),
  live: page.locator(`${PANEL} [role="status"]`),
  retryNow: page.locator(`${PANEL} .retry-now`),
  cancel: page.locator(`${PANEL} .cancel`),
  dismiss: page.locator(`${PANEL} .dismiss`),
  advice: page.locator(`${PANEL} .advice li`),
  owner: page.locator(`${PANEL} details.owner`),
  archive: page.locator(`${PANEL} .archive a`),
});

eachBrowser('panel: nginx 504 says the site\'s own server timed out and that the connection is fine; countdown, advice, owner notes; axe-clean', async (t, name) => {
  const scenario = await startScenario('nginx-hang');
  t.after(() => scenario.stop());
  const browser = await launchFor(t, name);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 720 });
  assert.equal((await page.goto(scenario.url)).status(), 504);
  const p = panel(page);
  await p.sentence.waitFor({ timeout: 10_000 });

  // One plain sentence: who failed (the server behind nginx) and that it is not the user's side.
  assert.equal(
    await p.sentence.textContent(),
    'An nginx server reports: the site’s own server did not answer in time (504). Your connection is fine.',
  );
  // The badge says 504, in the "hard failure" red.
  const tabId = await tabIdFor(browser, scenario.url);
  assert.equal(await badgeText(browser, tabId), '504');
  // The countdown, announced politely, with Retry now and Cancel.
  await waitFor(async () => /Trying again in \d+ s/.test(await p.countdown.textContent()), { what: 'the countdown' });
  assert.match(await p.live.textContent(), /Trying again in \d+ s/);
  assert.equal(await p.live.getAttribute('aria-live'), 'polite');
  assert.ok(await p.retryNow.isVisible());
  assert.ok(await p.cancel.isVisible());
  // The advice that fits, with the action the extension can do itself as a button.
  const first = p.advice.first();
  assert.equal(await first.getAttribute('data-advice'), 'wait_and_hard_refresh');
  assert.equal(await first.locator('button').textContent(), 'Reload now, bypassing the cache');
  // Notes for the site's owner are collapsed until asked for.
  assert.equal(await p.owner.getAttribute('open'), null);
  await p.owner.locator('summary').click();
  const notes = await p.owner.locator('li').allTextContents();
  assert.equal(notes.length, 3);
  assert.match(notes[0], /do not hurt your search ranking/);
  assert.match(notes[1], /Many hours of 5xx/);
  assert.match(notes[2], /503 with a Retry-After header/);
  // Retries are still running: no archived copy offered yet.
  assert.equal(await p.archive.isVisible(), false);
  // The page's own heading stays visible beside the panel.
  const heading = page.locator('h1').first();
  const box = await heading.boundingBox();
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id ?? document.elementFromPoint(x, y)?.tagName, {
    x: box.x + 5,
    y: box.y + box.height / 2,
  });
  assert.notEqual(hit, 'gateway-guard-panel-host', 'the panel does not cover the page\'s heading');

  // Keyboard: from the page's text, Tab reaches the panel's buttons and the focused one shows a focus ring.
  // (A click on the heading sets where Tab starts; without it focus sits on the summary clicked above,
  // and Firefox moves it from the page's last element into its own toolbar, where WebDriver's keys no
  // longer reach.)
  const focusedClass = () =>
    page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.activeElement?.className ?? '', PANEL);
  await heading.click();
  for (let i = 0; i < 10 && !(await focusedClass()).includes('retry-now'); i++) await page.keyboard.press('Tab');
  assert.match(await focusedClass(), /retry-now/, 'Tab reaches Retry now');
  const outline = await p.retryNow.evaluate((b) => getComputedStyle(b).outlineStyle);
  assert.notEqual(outline, 'none', 'visible focus');

  await auditAndShoot(page, 'panel', { selector: PANEL, fullPage: false });

  // Cancel stops the countdown and says so.
  await p.cancel.click();
  await waitFor(async () => /Automatic retries are off for this page/.test(await p.countdown.textContent()), { what: 'cancelled text' });
  assert.equal(await p.retryNow.isVisible(), false);
  // Dismiss removes the panel.
  await p.dismiss.click();
  assert.equal(await page.locator(PANEL).count(), 0);
});

/** nginx in front of a backend the test switches (tests/browser/lib/switchable.mjs). */
const switchable = behindNginx;

const pageRequests = (gateway) => gateway.readAccessLog().filter((line) => line.includes('"GET / ')).length;

eachBrowser('panel: once retries have given up, it offers the archived copy (a link only: nothing is requested)', async (t, name) => {
  const { gateway } = await switchable(t, 'down');
  const browser = await launchFor(t, name);
  const archiveRequests = [];
  browser.context.on('request', (r) => r.url().includes('web.archive.org') && archiveRequests.push(r.url()));
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 720 });
  assert.equal((await page.goto(gateway.url)).status(), 502);
  await panel(page).sentence.waitFor();
  // The outage began 40 minutes ago (past the default give-up time of 30 min): rewrite the stored schedule.
  await browser.worker.evaluate(async () => {
    const { pacing } = await chrome.storage.session.get('pacing');
    for (const o of pacing.origins) o.firstFailureMs -= 40 * 60 * 1000;
    await chrome.storage.session.set({ pacing });
  });
  // The user reloads: the failure is answered with "gave up", and the panel turns to the other fixes.
  await page.reload();
  const p = panel(page);
  await waitFor(async () => /automatic retries have stopped/.test((await p.countdown.textContent().catch(() => '')) ?? ''), {
    what: 'the gave-up text',
  });
  assert.equal(await p.retryNow.isVisible(), false);
  assert.ok(await p.archive.isVisible(), 'the archive link is shown');
  assert.equal(await p.archive.getAttribute('href'), `https://web.archive.org/web/${gateway.url}`);
  assert.equal(await p.archive.getAttribute('rel'), 'noopener noreferrer');
  assert.deepEqual(archiveRequests, [], 'nothing is sent to the archive before a click');
  await auditAndShoot(page, 'panel-gave-up', { selector: PANEL, fullPage: false });
});

eachBrowser('popup: the tab\'s diagnosis and countdown, this site\'s recent incidents, and the per-site auto-retry switch', async (t, name) => {
  const { backend, gateway } = await switchable(t, 'down');
  const browser = await launchFor(t, name);
  const { context } = browser;
  const site = await context.newPage();
  // A first outage that ends: it becomes this site's recent incident.
  assert.equal((await site.goto(gateway.url)).status(), 502);
  await backend.set('healthy');
  await waitFor(async () => (await site.title().catch(() => '')) === 'Shop', { timeout: 30_000, what: 'recovery' });
  await waitFor(async () => (await allStorage(browser)).local.incidents?.incidents?.length === 1, { what: 'the incident' });
  // A second outage, now in progress.
  await backend.set('down');
  assert.equal((await site.reload()).status(), 502);
  const tabId = await tabIdFor(browser, gateway.url);
  await waitFor(async () => (await badgeText(browser, tabId)) === '502', { what: 'the badge' });

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 420, height: 380 });
  await popup.goto(browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
  const host = new URL(gateway.url).host;
  await waitFor(async () => (await popup.locator('#status-line').textContent()) === `HTTP 502 on ${host}`, { what: 'the status line' });
  assert.equal(
    await popup.locator('#sentence').textContent(),
    'An nginx server in front of the site reported an error (502); what failed behind it is not visible from here. Your connection is fine.',
  );
  await waitFor(async () => /Trying again in \d+ s/.test(await popup.locator('#countdown').textContent()), { what: 'the countdown' });
  assert.ok(await popup.locator('#retry-now').isVisible());
  assert.equal(await popup.locator('#live').getAttribute('aria-live'), 'polite');
  const incidents = await popup.locator('#incidents li').allTextContents();
  assert.equal(incidents.length, 1);
  assert.match(incidents[0], /down for .*\(502\)/);
  const toggle = popup.locator('#site-auto-retry');
  assert.equal(await toggle.isChecked(), true);
  await auditAndShoot(popup, 'popup');

  // Switching the site off stops its retries and is remembered for the origin.
  const before = pageRequests(gateway);
  await toggle.press('Space');
  await waitFor(async () => /off for this site/.test(await popup.locator('#countdown').textContent()), { what: 'the switched-off text' });
  assert.equal(await popup.locator('#retry-now').isVisible(), false);
  const { local } = await allStorage(browser);
  assert.deepEqual(local.settings.disabledOrigins, [new URL(gateway.url).origin]);
  // The next failure on this site gets no countdown either.
  assert.equal((await site.reload()).status(), 502);
  await waitFor(
    async () => (await allStorage(browser)).session[`tab:${tabId}`]?.plan?.reason?.kind === 'disabled',
    { what: 'a disabled plan for the site' },
  );
  await new Promise((r) => setTimeout(r, 6_000));
  assert.equal(pageRequests(gateway), before + 1, 'only the user\'s reload reached the gateway');
});

/** Incidents across three sites, for the options page (the real recovery path is covered by the popup test). */
function seededHistory(now) {
  const H = 60 * 60 * 1000;
  const inc = (origin, agoH, minutes, statuses, vendor, failure, attempts) => ({
    origin, startMs: now - agoH * H, endMs: now - agoH * H + minutes * 60_000, statuses, vendor, failure, attempts,
  });
  return {
    version: 1,
    incidents: [
      inc('https://shop.example', 24 * 20, 45, [502], 'nginx', 'refused', 9),
      inc('https://news.example', 24 * 12, 180, [503], 'cloudflare', 'no_backend', 14),
      inc('https://shop.example', 24 * 6, 12, [504, 502], 'cloudflare', 'timeout', 5),
      inc('https://api.example.org', 24 * 3, 90, [429], 'unknown', 'unknown', 6),
      inc('https://shop.example', 5, 3, [503], 'haproxy', 'unknown', 2),
    ].sort((a, b) => a.startMs - b.startMs),
  };
}

eachBrowser('options: settings with their bounds, the incident timeline with filters, export as JSON and CSV, clear', async (t, name) => {
  const browser = await launchFor(t, name);
  const { context, worker } = browser;
  await worker.evaluate((h) => chrome.storage.local.set({ incidents: h }), seededHistory(Date.now()));
  const page = await context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(browser.extensionUrl('options/options.html'));

  // Settings and their bounds.
  const floor = page.locator('#field-floorS');
  await floor.waitFor();
  assert.equal(await floor.inputValue(), '5');
  assert.equal(await page.locator('#field-floorS-bounds').textContent(), 'From 5 to 60.');
  assert.equal(await page.locator('#field-giveUpS').inputValue(), '30');
  assert.equal(await page.locator('#field-guardExpiryMinutes-bounds').textContent(), 'From 1 to 1440.');
  await floor.fill('99');
  await floor.press('Tab');
  assert.equal(await floor.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#field-floorS-error').textContent(), 'Enter a whole number from 5 to 60.');
  assert.equal((await allStorage(browser)).local.settings?.floorS, undefined, 'an out-of-range value is not saved');
  await floor.fill('10');
  await floor.press('Tab');
  await page.locator('#field-giveUpS').fill('60');
  await page.locator('#field-giveUpS').press('Tab');
  await waitFor(async () => (await allStorage(browser)).local.settings?.giveUpS === 3600, { what: 'give-up saved in seconds' });
  assert.equal((await allStorage(browser)).local.settings.floorS, 10);
  assert.equal(await page.locator('#settings-status').textContent(), 'Saved.');

  // The timeline: one row per site, one bar per incident, coloured by status (30 days shown by default).
  const rows = page.locator('#timeline svg g.row');
  await waitFor(async () => (await rows.count()) === 3, { what: 'three site rows' });
  assert.equal(await page.locator('#timeline svg .bar').count(), 5);
  assert.equal(await page.locator('#timeline svg .bar.soft').count(), 3, '503 and 429 are "come back later"');
  assert.equal(await page.locator('#timeline svg .bar.hard').count(), 2);
  assert.equal(await page.locator('#timeline svg > title').textContent(), 'Timeline: 5 incidents on 3 sites');
  assert.equal(await page.locator('#incidents tbody tr').count(), 5);
  await auditAndShoot(page, 'options');

  // Filters: one site; then the last 7 days.
  await page.locator('#filter-site').selectOption('https://shop.example');
  assert.equal(await rows.count(), 1);
  assert.equal(await page.locator('#timeline svg .bar').count(), 3);
  await page.locator('#filter-range').selectOption('7');
  assert.equal(await page.locator('#timeline svg .bar').count(), 2);
  await page.locator('#filter-status').selectOption('hard');
  assert.equal(await page.locator('#incidents tbody tr').count(), 1);
  assert.match(await page.locator('#incidents tbody tr td').nth(3).textContent(), /504.*502/);
  await page.locator('#filter-site').selectOption('');
  await page.locator('#filter-status').selectOption('');
  await page.locator('#filter-range').selectOption('30');

  // Export as JSON and CSV.
  const [json] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const exported = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(exported.incidents.length, 5);
  assert.match(json.suggestedFilename(), /^gateway-guard-incidents-\d{4}-\d\d-\d\d\.json$/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'origin,start,end,duration_s,statuses,vendor,failure,attempts');
  assert.equal(lines.length, 6);

  // Clear asks first; Keep keeps, Yes clears.
  await page.locator('#clear').click();
  assert.ok(await page.locator('#clear-confirm').isVisible());
  await page.locator('#clear-no').click();
  assert.equal((await allStorage(browser)).local.incidents.incidents.length, 5);
  await page.locator('#clear').click();
  await page.locator('#clear-yes').click();
  await waitFor(async () => (await page.locator('#history-status').textContent()) === 'History cleared.', { what: 'cleared' });
  assert.equal((await allStorage(browser)).local.incidents, undefined);
  assert.ok(await page.locator('#history-empty').isVisible());
});

// Chromium shows an extension's locale only when it has the UI language itself (Debian: chromium-l10n);
// Firefox is given the locale by the harness (lib/firefox-page.mjs useLocale).
const GERMAN_UI = existsSync('/usr/lib/chromium/locales/de.pak');

eachBrowser('panel in German: the same diagnosis in German words', {
  skip: (name) => name === 'chromium' && !GERMAN_UI && 'chromium-l10n is not installed',
}, async (t, name) => {
  const scenario = await startScenario('nginx-hang');
  t.after(() => scenario.stop());
  const browser = await launchFor(t, name, { locale: 'de' });
  const { context, worker } = browser;
  assert.equal(await worker.evaluate(() => chrome.i18n.getUILanguage()), 'de');
  // The first automatic retry a minute away: the page request after the cache action below is the action's.
  await worker.evaluate(() => chrome.storage.local.set({ settings: { floorS: 60 } }));
  const page = await context.newPage();
  await page.setViewportSize({ width: 1000, height: 720 });
  assert.equal((await page.goto(scenario.url)).status(), 504);
  const p = panel(page);
  await p.sentence.waitFor();
  assert.equal(
    await p.sentence.textContent(),
    'Ein nginx-Server meldet: Der eigene Server der Website hat nicht rechtzeitig geantwortet (504). Ihre Verbindung ist in Ordnung.',
  );
  await waitFor(async () => /Neuer Versuch in \d+ s/.test(await p.countdown.textContent()), { what: 'the German countdown' });
  assert.equal(await p.retryNow.textContent(), 'Jetzt erneut versuchen');
  await auditAndShoot(page, 'panel-de', { selector: PANEL, fullPage: false });

  // The clear-this-site's-cache action (offered when the error came from the cache) clears and reloads.
  const tabId = await tabIdFor(browser, scenario.url);
  const popup = await context.newPage();
  await popup.goto(browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
  assert.equal(await popup.locator('h1').textContent(), 'Gateway Guard');
  assert.match(await popup.locator('#status-line').textContent(), /^HTTP 504 auf /);
  const before = pageRequests(scenario.gateway);
  await popup.evaluate(
    (id) => chrome.runtime.sendMessage({ type: 'popup->background: retry-action', action: 'clear-site-cache', tabId: id }),
    tabId,
  );
  await waitFor(() => pageRequests(scenario.gateway) > before, { timeout: 15_000, what: 'the reload after clearing' });
});

// The panel shows the record built from the status and headers as soon as the page commits, then the
// background's answer with the page's text. Here only the body names the gateway (nginx's error page behind
// something that strips the Server header): the panel must end up naming nginx, and stay so.
eachBrowser('panel: a gateway named only in the page body is named once the page text is in, and stays named', async (t, name) => {
  const body = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
  const server = http.createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(502, { 'content-type': 'text/html' }); // no Server header: the headers name nobody
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launchFor(t, name);
  const page = await browser.context.newPage();
  assert.equal((await page.goto(url)).status(), 502);
  const tabId = await tabIdFor(browser, url);
  const record = await waitFor(async () => {
    const r = (await allStorage(browser)).session[`tab:${tabId}`];
    return r?.pageTextSeen ? r : null;
  }, { what: 'the diagnosis with the page text' });
  assert.equal(record.diagnosis.vendor, 'nginx', `evidence: ${record.diagnosis.evidence.join(' | ')}`);
  const p = panel(page);
  await waitFor(async () => /nginx/.test((await p.sentence.textContent().catch(() => '')) ?? ''), { what: 'the panel naming nginx' });
  // Nothing older comes back afterwards (a late early offer, a second injection), and there is one panel.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.match(await p.sentence.textContent(), /^An nginx server/);
  assert.equal(await page.locator(PANEL).count(), 1);
  assert.equal(await p.advice.first().getAttribute('data-advice'), record.diagnosis.advice[0]);
});
