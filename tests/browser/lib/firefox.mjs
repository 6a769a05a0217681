// Starts Debian's Firefox ESR (headless) through geckodriver with the built extension installed as a
// temporary add-on. The add-on's moz-extension:// UUID is fixed by a pref so tests can open its pages.
import { Builder } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIREFOX_DIST = path.join(ROOT, 'dist/firefox');
export const FIXED_UUID = '6f1b7a3c-2d4e-4f5a-9b8c-0d1e2f3a4b5c';

/** Launches Firefox with dist/firefox installed; `geckodriver` is the path tests/run.sh installed. */
export async function launchFirefox({ extensionDir = FIREFOX_DIST, hostMap = [], userDataDir = null } = {}) {
  const geckodriver = process.env.GECKODRIVER;
  if (!geckodriver) throw new Error('GECKODRIVER is not set (tests/run.sh installs it)');
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
  const addonId = manifest.browser_specific_settings.gecko.id;
  const options = new firefox.Options()
    .setBinary(process.env.FIREFOX ?? '/usr/bin/firefox-esr')
    .addArguments('-headless')
    .setPreference('extensions.webextensions.uuids', JSON.stringify({ [addonId]: FIXED_UUID }))
    .setPreference('devtools.console.stdout.content', true)
    // Keep Firefox off the network: this machine reaches nothing but package registries.
    .setPreference('app.update.enabled', false)
    .setPreference('browser.shell.checkDefaultBrowser', false)
    .setPreference('datareporting.policy.dataSubmissionEnabled', false)
    .setPreference('network.captive-portal-service.enabled', false)
    .setPreference('extensions.getAddons.cache.enabled', false)
    .setPreference('network.trr.mode', 5)
    .setPreference('network.dns.disableIPv6', true)
    // Debian's ESR accepts unsigned add-ons when asked: a kept profile installs the package for good, so
    // that it survives a browser restart (a temporary add-on is removed when the browser closes).
    .setPreference('xpinstall.signatures.required', false);
  // Every host name resolves to 127.0.0.1 (Chromium: --host-resolver-rules): the servers listen there only.
  if (hostMap.length) options.setPreference('network.dns.forceResolve', '127.0.0.1');
  if (userDataDir) options.addArguments('-profile', userDataDir);
  // --allow-system-access lets the driver open moz-extension:// pages (platform-notes.md).
  const service = new firefox.ServiceBuilder(geckodriver).addArguments('--allow-system-access');
  if (process.env.GG_DEBUG_FIREFOX) service.setStdio('inherit');
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  if (!userDataDir) {
    await driver.installAddon(extensionDir, true);
  } else if (!(await installed(driver, addonId))) {
    await driver.installAddon(path.join(ROOT, 'dist/gateway-guard-firefox.zip'), false);
  }
  return {
    driver,
    addonId,
    baseUrl: `moz-extension://${FIXED_UUID}`,
    async close() {
      await driver.quit().catch(() => {});
    },
  };
}

/** Whether the add-on is installed in the profile already (a restart with a kept profile). */
async function installed(driver, addonId) {
  await driver.setContext('chrome');
  try {
    return await driver.executeScript(
      `const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
       return AddonManager.getAddonByID(arguments[0]).then((a) => Boolean(a));`,
      addonId,
    );
  } finally {
    await driver.setContext('content');
  }
}

/**
 * Helpers over a launched Firefox: the driver keeps one window on an extension page (the "control" page,
 * which can use the extension's APIs), and page tabs are opened from it with tabs.create: tabs that
 * WebDriver navigates itself report tabId -1 to webRequest in Firefox ESR (seen here).
 */
export async function firefoxSession(firefox) {
  const { driver, baseUrl } = firefox;
  await driver.get(`${baseUrl}/popup/popup.html`);
  const control = await driver.getWindowHandle();

  /** Runs `fn(...args)` (an async function source) with the extension's APIs, on the control page. */
  async function ext(fn, ...args) {
    await driver.switchTo().window(control);
    const result = await driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       const args = Array.prototype.slice.call(arguments, 0, -1);
       (${fn.toString()})(...args).then((v) => done({ ok: v }), (e) => done({ error: String(e) }));`,
      ...args,
    );
    if (result?.error) throw new Error(result.error);
    return result?.ok;
  }

  /** Opens `url` in a new tab the way a click would; resolves with its tab id. */
  function openTab(url) {
    return ext(async (u) => (await browser.tabs.create({ url: u, active: true })).id, url);
  }

  /** Runs `fn(...args)` in the page of the tab showing `url` (page world), then returns to the control page. */
  async function inPage(url, fn, ...args) {
    for (const handle of await driver.getAllWindowHandles()) {
      await driver.switchTo().window(handle);
      if ((await driver.getCurrentUrl()) === url) {
        try {
          return await driver.executeScript(`return (${fn.toString()})(...arguments);`, ...args);
        } finally {
          await driver.switchTo().window(control);
        }
      }
    }
    await driver.switchTo().window(control);
    return undefined;
  }

  const badge = (tabId) => ext(async (id) => browser.action.getBadgeText({ tabId: id }), tabId);
  const record = (tabId) =>
    ext(async (id) => (await browser.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
  const tab = (tabId) => ext(async (id) => browser.tabs.get(id), tabId);
  return { driver, ext, openTab, inPage, badge, record, tab };
}
