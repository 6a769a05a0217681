// Issue 7: store readiness. Each build loads without manifest warnings or runtime errors, and both
// archives carry what the stores ask for (icons, localized name and description within limits, one
// version taken from Cargo.toml).
import { test } from 'node:test';
import { eachBrowser, launchFor, tabIdFor, badgeText, waitFor } from './lib/browsers.mjs';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScenario } from '../lib/scenarios.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cargoVersion = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];

eachBrowser('no install warnings, manifest errors or runtime errors while diagnosing a failure', async (t, name) => {
  const run = await startScenario('nginx-refused');
  t.after(() => run.stop());
  const browser = await launchFor(t, name);
  let admin = null;
  if (name === 'chromium') {
    admin = await browser.context.newPage();
    await admin.goto('chrome://extensions/');
    // Runtime errors are collected only in developer mode.
    await admin.evaluate(() => new Promise((r) => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, r)));
  }
  const page = await browser.context.newPage();
  await page.goto(run.url);
  const tabId = await waitFor(() => tabIdFor(browser, run.url));
  await waitFor(async () => (await badgeText(browser, tabId)) === '502', { what: 'badge 502' });
  await page.locator('#gateway-guard-panel-host .sentence').waitFor();
  if (name === 'chromium') {
    const info = await admin.evaluate((id) => new Promise((r) => chrome.developerPrivate.getExtensionInfo(id, r)), browser.extensionId);
    assert.deepEqual(info.installWarnings, []);
    assert.deepEqual(info.manifestErrors, []);
    assert.deepEqual(info.runtimeErrors.map((e) => e.message), []);
  } else {
    // Firefox: the add-on manager runs it (web-ext lint in tests/run.sh checks the manifest itself), and
    // the console service saw no uncaught error from its scripts.
    const problems = await browser.context.extensionProblems();
    assert.deepEqual(problems, { active: true, appDisabled: false, errors: [] });
  }
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
