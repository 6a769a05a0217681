// Starts Debian's Chromium (never a downloaded browser) with the built extension loaded, headless.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROME_DIST = path.join(ROOT, 'dist/chrome');

/** The switches every test Chromium runs with: the extension loaded, nothing of its own on the network. */
export function chromiumSwitches(extensionDir = CHROME_DIST) {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

/**
 * Launches Chromium with dist/chrome loaded; resolves once the extension's service worker runs.
 * `userDataDir`: a profile to use and keep (a browser restart = close, then launch again with the same
 * dir; the caller removes it). Without it a fresh temp profile is made and removed on close.
 */
export async function launchChromium({ extensionDir = CHROME_DIST, args = [], userDataDir: keptDir } = {}) {
  const userDataDir = keptDir ?? (await mkdtemp(path.join(tmpdir(), 'gg-chromium-')));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...chromiumSwitches(extensionDir), ...args],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  await worker.evaluate(() => globalThis.gatewayGuardReady);
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close().catch(() => {});
      if (!keptDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The tab id of the (first) tab showing `url`, asked from the extension's own worker. */
export function tabIdFor(worker, url) {
  return worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
}

export function badgeText(worker, tabId) {
  return worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Everything in chrome.storage.session and chrome.storage.local. */
export function allStorage(worker) {
  return worker.evaluate(async () => ({
    session: await chrome.storage.session.get(null),
    local: await chrome.storage.local.get(null),
  }));
}

/** Polls `probe` until it returns a truthy value (or throws after `timeout` ms with the last value). */
export async function waitFor(probe, { timeout = 10_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
