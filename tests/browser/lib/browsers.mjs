// One way for the browser tests to drive Chromium and Firefox ESR with the built extension loaded, so that
// every test file runs the same scenario and assertions in both (issue 7).
//
// Chromium is driven by playwright-core; its objects are used as they are. Firefox ESR is driven by
// geckodriver (WebDriver classic); lib/firefox-page.mjs gives it the small part of Playwright's Page and
// Locator API the tests use. What differs between the browsers lives here, in one place:
//   - `worker.evaluate(fn, arg)` runs `fn` with the extension's APIs: in Chromium inside the service worker
//     (the live one: a stopped worker is replaced by the woken one); in Firefox on an extension page of
//     its own (the "control" page), with `chrome` bound to Firefox's promise-based `browser`.
//   - `extensionUrl(path)`, `stopBackground()`, `consoleWarnings()`, `backgroundMemory()`.
import { launchChromium } from './chromium.mjs';
import { launchFirefox } from './firefox.mjs';
import { FirefoxContext } from './firefox-page.mjs';
import { test } from 'node:test';

/** The browsers a run covers: both unless GG_BROWSERS names some (e.g. `GG_BROWSERS=firefox`). */
export const BROWSERS = (process.env.GG_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

/**
 * Declares `title` once per browser: `fn(t, name)`. Options go to node:test (`skip` may be a function of
 * the browser name returning a reason, for the few things one browser cannot do).
 */
export function eachBrowser(title, options, fn) {
  if (typeof options === 'function') [fn, options] = [options, {}];
  for (const name of BROWSERS) {
    const skip = typeof options.skip === 'function' ? options.skip(name) : options.skip;
    test(`${name}: ${title}`, { ...options, skip }, (t) => fn(t, name));
  }
}

/**
 * Launches `name` with the built extension. Options: `args` (Chromium switches), `hostMap` (host names
 * resolved to 127.0.0.1, e.g. ['shop.test'] or ['*.test']), `userDataDir` (a profile kept across a
 * restart; the caller removes it), `locale` (the browser's UI language, e.g. 'de', which the extension's
 * own texts follow), `insecureCerts` (accept any certificate, e.g. a test server's self-signed one). The
 * result is closed by `close()`.
 */
export async function launch(name, { args = [], hostMap = [], userDataDir, locale, insecureCerts = false } = {}) {
  if (name === 'chromium') return chromiumBrowser({ args: insecureCerts ? [...args, '--ignore-certificate-errors'] : args, hostMap, userDataDir, locale });
  if (name === 'firefox') return firefoxBrowser({ hostMap, userDataDir, locale, insecureCerts });
  throw new Error(`unknown browser ${name}`);
}

/** Launches the browser and closes it when the test ends. */
export async function launchFor(t, name, options) {
  const browser = await launch(name, options);
  t.after(() => browser.close());
  return browser;
}

/**
 * Runs `launch` with the environment variable LANGUAGE set to `locale`: Chromium on Linux takes its UI
 * language (and so the extension's) from it and ignores `--lang` (seen with Chromium 156). The browser
 * inherits process.env when it is spawned, within `launch`; the tests of a file run one at a time.
 */
async function withLanguage(locale, launch) {
  if (!locale) return launch();
  const saved = process.env.LANGUAGE;
  process.env.LANGUAGE = locale;
  try {
    return await launch();
  } finally {
    if (saved === undefined) delete process.env.LANGUAGE;
    else process.env.LANGUAGE = saved;
  }
}

async function chromiumBrowser({ args, hostMap, userDataDir, locale }) {
  const rules = hostMap.map((h) => `MAP ${h} 127.0.0.1`).join(',');
  const extra = rules ? [...args, `--host-resolver-rules=${rules}`] : args;
  const b = await withLanguage(locale, () => launchChromium({ args: locale ? [...extra, `--lang=${locale}`] : extra, userDataDir }));
  const { context, extensionId } = b;
  const ours = (w) => w.url().startsWith(`chrome-extension://${extensionId}/`);
  /** The running worker: after a stop, Playwright's old handle hangs; the woken worker is a new one. */
  async function liveWorker() {
    const running = context.serviceWorkers().filter(ours);
    if (running.length) return running.at(-1);
    return context.waitForEvent('serviceworker', { predicate: ours, timeout: 15_000 });
  }
  const warnings = [];
  context.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  return {
    name: 'chromium',
    context,
    extensionId,
    worker: { evaluate: async (fn, arg) => (await liveWorker()).evaluate(fn, arg) },
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`,
    /** Stops the extension's service worker as the browser does when it is idle. True when one was. */
    async stopBackground() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      try {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const targets = targetInfos.filter(
          (ti) => ti.type === 'service_worker' && ti.url.startsWith(`chrome-extension://${extensionId}/`),
        );
        for (const ti of targets) await cdp.send('Target.closeTarget', { targetId: ti.targetId });
        return targets.length > 0;
      } finally {
        await cdp.detach().catch(() => {});
      }
    },
    /** Console warnings of the extension's pages and worker seen so far. */
    consoleWarnings: async () => [...warnings],
    /** The background's used JS heap in bytes (CDP Runtime.getHeapUsage on the worker). */
    async backgroundMemory() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      try {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const sw = targetInfos.find((ti) => ti.type === 'service_worker' && ti.url.startsWith(`chrome-extension://${extensionId}/`));
        if (!sw) return null;
        const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
        const answer = new Promise((resolve) => {
          cdp.on('Target.receivedMessageFromTarget', (e) => {
            const m = JSON.parse(e.message);
            if (m.id === 1) resolve(m.result);
          });
        });
        await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
        const result = await Promise.race([answer, new Promise((r) => setTimeout(() => r(null), 5_000))]);
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
        return result ? { usedBytes: result.usedSize, totalBytes: result.totalSize, what: 'worker JS heap' } : null;
      } finally {
        await cdp.detach().catch(() => {});
      }
    },
    close: () => b.close(),
  };
}

async function firefoxBrowser({ hostMap, userDataDir, locale, insecureCerts }) {
  const ff = await launchFirefox({ hostMap, userDataDir });
  const context = new FirefoxContext(ff);
  if (locale) await context.useLocale(locale);
  await context.start();
  // What WebDriver's acceptInsecureCerts does (Marionette calls the same), for this browser only.
  if (insecureCerts) {
    await context.chrome(`Cc['@mozilla.org/security/certoverride;1'].getService(Ci.nsICertOverrideService)
      .setDisableAllSecurityChecksAndLetAttackersInterceptMyData(true);`);
  }
  return {
    name: 'firefox',
    context,
    extensionId: ff.addonId,
    worker: { evaluate: (fn, arg) => context.ext(fn, arg) },
    extensionUrl: (p) => `${ff.baseUrl}/${p.replace(/^\//, '')}`,
    /** Terminates the background event page the way Firefox does when it is idle (about:debugging's
     *  "Terminate background script"). True when it was running. */
    stopBackground: () =>
      context.chrome(
        `const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
         const ext = ExtensionParent.GlobalManager.getExtension(arguments[0]);
         if (!ext || ext.backgroundState !== 'running') return false;
         return ext.terminateBackground({ disableResetIdleForTest: true }).then(() => true);`,
        ff.addonId,
      ),
    consoleWarnings: () => context.consoleWarnings(),
    /** Resident memory of the extensions process (Firefox runs add-on backgrounds in one). */
    async backgroundMemory() {
      const info = await context.chrome(
        `return ChromeUtils.requestProcInfo().then((p) => p.children.filter((c) => c.type === 'extension').map((c) => c.memory));`,
      );
      return info?.length ? { usedBytes: Math.max(...info), totalBytes: Math.max(...info), what: 'extension process memory' } : null;
    },
    /** CPU time (ms) used so far by Firefox's processes, summed by type ('browser' for the parent,
     *  'extension', 'web', 'webIsolated', 'socket', ...; ChromeUtils.requestProcInfo). Processes that exited
     *  are not counted. */
    cpuMs: () =>
      context.chrome(`return ChromeUtils.requestProcInfo().then((p) => {
        const out = { browser: p.cpuTime / 1e6 };
        for (const c of p.children) out[c.type] = (out[c.type] ?? 0) + c.cpuTime / 1e6;
        return out;
      });`),
    close: () => context.close(),
  };
}

/** The extension-API evaluator of a launched browser (or a Playwright worker, as the older helpers took). */
const ext = (b) => b.worker ?? b;

/** The tab id of the (first) tab showing `url`, asked with the extension's APIs. */
export function tabIdFor(browser, url) {
  return ext(browser).evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);
}

export function badgeText(browser, tabId) {
  return ext(browser).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Everything in storage.session and storage.local. */
export function allStorage(browser) {
  return ext(browser).evaluate(async () => ({
    session: await chrome.storage.session.get(null),
    local: await chrome.storage.local.get(null),
  }));
}

export { waitFor } from './chromium.mjs';
