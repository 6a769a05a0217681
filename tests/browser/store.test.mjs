// Issue 7: store readiness. The Chrome build loads without manifest warnings or runtime errors, and both
// archives carry what the stores ask for (icons, localized name and description within limits, one
// version taken from Cargo.toml).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScenario } from '../lib/scenarios.mjs';
import { launchChromium, tabIdFor, badgeText, waitFor } from './lib/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cargoVersion = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];

test('chromium: no install warnings, manifest errors or runtime errors while diagnosing a failure', async (t) => {
  const run = await startScenario('nginx-refused');
  t.after(() => run.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const admin = await browser.context.newPage();
  await admin.goto('chrome://extensions/');
  // Runtime errors are collected only in developer mode.
  await admin.evaluate(() => new Promise((r) => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, r)));
  const page = await browser.context.newPage();
  await page.goto(run.url);
  const tabId = await waitFor(() => tabIdFor(browser.worker, run.url));
  await waitFor(async () => (await badgeText(browser.worker, tabId)) === '502', { what: 'badge 502' });
  await page.locator('#gateway-guard-panel-host .sentence').waitFor();
  const info = await admin.evaluate((id) => new Promise((r) => chrome.developerPrivate.getExtensionInfo(id, r)), browser.extensionId);
  assert.deepEqual(info.installWarnings, []);
  assert.deepEqual(info.manifestErrors, []);
  assert.deepEqual(info.runtimeErrors.map((e) => e.message), []);
});

for (const browserName of ['chrome', 'firefox']) {
  test(`${browserName}: the store archive has icons, localized texts within limits and the Cargo version`, () => {
    const zip = path.join(ROOT, `dist/gateway-guard-${browserName}.zip`);
    assert.ok(existsSync(zip), `${zip} exists`);
    assert.ok(statSync(zip).size <= 300 * 1024, `archive ${statSync(zip).size} bytes <= 300 KB`);
    const listing = execFileSync('python3', ['-m', 'zipfile', '-l', zip], { encoding: 'utf8' });
    for (const icon of ['icons/icon-16.png', 'icons/icon-32.png', 'icons/icon-48.png', 'icons/icon-128.png', 'icons/icon.svg']) {
      assert.ok(listing.includes(icon), `${icon} in the archive`);
    }
    const dir = path.join(ROOT, `dist/${browserName}`);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.version, cargoVersion);
    const locales = readdirSync(path.join(dir, '_locales'));
    assert.ok(locales.includes('en'));
    for (const locale of locales) {
      const messages = JSON.parse(readFileSync(path.join(dir, '_locales', locale, 'messages.json'), 'utf8'));
      const name = messages.extName?.message ?? '';
      const description = messages.extDescription?.message ?? '';
      assert.ok(name.length > 0 && name.length <= 45, `${locale}: name "${name}" within 45 characters`);
      assert.ok(description.length > 0 && description.length <= 132, `${locale}: description within 132 characters (${description.length})`);
    }
  });
}
