// Accessibility audits with axe-core (from npm, injected by the test, never shipped) and screenshots of a
// surface in light and dark, written to tests/out/screenshots/: `NAME-light.png` in Chromium (the names
// README's docs/screenshots copies come from), `NAME-firefox-light.png` in Firefox.
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FirefoxPage } from './firefox-page.mjs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHOTS = path.join(ROOT, 'tests/out/screenshots');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/** The browser a page belongs to: a Playwright page is Chromium's, a FirefoxPage Firefox's. */
const browserOf = (page) => (page instanceof FirefoxPage ? 'firefox' : 'chromium');

/** Where the screenshot of `name` in `colorScheme` goes; Chromium keeps the names README points to. */
function shotPath(page, name, colorScheme) {
  const browser = browserOf(page);
  return path.join(SHOTS, browser === 'chromium' ? `${name}-${colorScheme}.png` : `${name}-${browser}-${colorScheme}.png`);
}

/**
 * Runs axe-core in the page (through the debugger in Chromium, WebDriver in Firefox, so the extension
 * pages' CSP does not block it).
 */
export async function audit(page, selector = null) {
  const source = await readFile(AXE, 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(
    (sel) => globalThis.axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ['violations'] }),
    selector,
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

/** Audits and photographs a surface in light and dark. */
export async function auditAndShoot(page, name, { selector = null, fullPage = true } = {}) {
  await mkdir(SHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await page.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, colorScheme === 'dark');
    const violations = await audit(page, selector);
    assert.deepEqual(violations, [], `axe violations on ${name} (${browserOf(page)}, ${colorScheme})`);
    await page.screenshot({ path: shotPath(page, name, colorScheme), fullPage });
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
}
