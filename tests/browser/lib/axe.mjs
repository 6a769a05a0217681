// Accessibility audits with axe-core (from npm, injected by the test, never shipped) and screenshots of a
// surface in light and dark, written to tests/out/screenshots/.
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHOTS = path.join(ROOT, 'tests/out/screenshots');
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Runs axe-core in the page (through the debugger, so the extension pages' CSP does not block it). */
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
    await page.waitForTimeout(100);
    const violations = await audit(page, selector);
    assert.deepEqual(violations, [], `axe violations on ${name} (${colorScheme})`);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${colorScheme}.png`), fullPage });
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
}
