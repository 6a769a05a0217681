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
export async function launchFirefox({ extensionDir = FIREFOX_DIST } = {}) {
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
    .setPreference('extensions.getAddons.cache.enabled', false);
  // --allow-system-access lets the driver open moz-extension:// pages (platform-notes.md).
  const service = new firefox.ServiceBuilder(geckodriver).addArguments('--allow-system-access');
  if (process.env.GG_DEBUG_FIREFOX) service.setStdio('inherit');
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options).setFirefoxService(service).build();
  await driver.installAddon(extensionDir, true);
  return {
    driver,
    baseUrl: `moz-extension://${FIXED_UUID}`,
    async close() {
      await driver.quit().catch(() => {});
    },
  };
}
