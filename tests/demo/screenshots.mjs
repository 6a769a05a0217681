// Headless walk through the demo in Chromium: for each scenario the page with its panel, the toolbar
// popup for that tab, and for the checkout the resubmission guard's dialog; light and dark.
import path from 'node:path';

const PANEL = '#gateway-guard-panel-host';
const DIALOG = '[role="alertdialog"]';
const SCHEMES = [['light', ''], ['dark', '-dark']];

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Waits for the panel to be on the page with some text in it; false if it never comes. */
async function waitForPanel(page, timeout = 10_000) {
  try {
    await page.locator(PANEL).waitFor({ state: 'attached', timeout });
    await page.waitForFunction((sel) => {
      const host = document.querySelector(sel);
      return Boolean((host?.shadowRoot ?? host)?.textContent?.trim());
    }, PANEL, { timeout });
    return true;
  } catch {
    return false;
  }
}

export class ScreenshotWalk {
  constructor({ context, extensionId, dir, log }) {
    Object.assign(this, { context, extensionId, dir, log });
    this.files = [];
  }

  async shoot(target, name, scheme, { page, element, fullPage = false } = {}) {
    const p = page ?? target;
    await p.emulateMedia({ colorScheme: scheme });
    await settle(p);
    const file = path.join(this.dir, name);
    await (element ?? target).screenshot({ path: file, ...(fullPage ? { fullPage } : {}) });
    this.files.push(file);
  }

  /** The popup for `tabId`, as a page of the popup's size. */
  async popup(tabId, prefix) {
    const popup = await this.context.newPage();
    try {
      await popup.setViewportSize({ width: 420, height: 600 });
      // ?tab= pins the popup to the scenario's tab (an extension page opened as a tab is itself the
      // active tab); a popup without ?tab= support shows its own tab's state instead.
      await popup.goto(`chrome-extension://${this.extensionId}/popup/popup.html?tab=${tabId}`);
      await popup.waitForFunction(() => document.getElementById('status-line')?.textContent.trim(), null, { timeout: 5_000 })
        .catch(() => this.log(`  ${prefix}: the popup stayed empty`));
      const body = popup.locator('body');
      for (const [scheme, suffix] of SCHEMES) await this.shoot(body, `${prefix}-popup${suffix}.png`, scheme, { page: popup });
    } finally {
      await popup.close();
    }
  }

  async tabIdOf(url) {
    const probe = await this.context.newPage();
    try {
      await probe.goto(`chrome-extension://${this.extensionId}/popup/popup.html`);
      return await probe.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
    } finally {
      await probe.close();
    }
  }

  /** The demo's index page (light only: it is the browser's own style). */
  async index(url) {
    const page = await this.context.newPage();
    try {
      await page.goto(url);
      await this.shoot(page, 'index.png', 'light', { fullPage: true });
    } finally {
      await page.close();
    }
  }

  /** Page (+ panel when it failed) and popup, light and dark. */
  async scenario(run) {
    const page = await this.context.newPage();
    try {
      await run.outage?.restart(); // the outage starts now, as when the demo's link is clicked
      const response = await page.goto(run.url, { waitUntil: 'load' });
      const status = response?.status() ?? 0;
      if (status >= 500 && !(await waitForPanel(page))) this.log(`  ${run.name}: no panel appeared on the ${status} page`);
      for (const [scheme, suffix] of SCHEMES) {
        if (status >= 500) await waitForPanel(page, 3_000); // an automatic refresh may have just run
        await this.shoot(page, `${run.name}-page${suffix}.png`, scheme);
      }
      await this.popup(await this.tabIdOf(page.url()), run.name);
      if (run.paymentUrl) await this.checkout(page, run);
    } finally {
      await page.close();
    }
  }

  /** Pay (502), go back, pay again: the guard should ask first. */
  async checkout(page, run) {
    const submit = async () => {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.locator('form button[type="submit"]').click({ noWaitAfter: true });
    };
    const paid = page.waitForResponse((r) => r.url() === run.paymentUrl && r.request().method() === 'POST');
    await submit();
    const first = await paid;
    await page.waitForLoadState('load');
    this.log(`  ${run.name}: the payment POST got ${first.status()}`);
    await waitForPanel(page);
    await this.shoot(page, `${run.name}-payment-failed.png`, 'light');
    await page.goBack({ waitUntil: 'load' });
    await submit();
    const dialog = page.locator(DIALOG);
    try {
      await dialog.waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      this.log(`  ${run.name}: no guard dialog (role="alertdialog") appeared on the second submit; skipped its screenshot`);
      return;
    }
    for (const [scheme, suffix] of SCHEMES) await this.shoot(page, `checkout-guard-dialog${suffix}.png`, scheme);
  }
}
