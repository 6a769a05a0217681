// Debian's Chromium with the built extension, driven over the DevTools pipe without Playwright, for the
// storm test. Playwright records every request of the pages it drives (the DevTools Network domain, one
// event per request step sent to Node): in a storm of 10,000 fetches that cost ~0.9 ms of CPU per fetch,
// a third of the storm's whole cost, which no user's browser pays (tests/browser/storms.test.mjs). Here
// only the targets a test attaches to are instrumented, and only with what it asks for (Runtime).
//
//   const browser = await launchBareChromium({ args: ['--ignore-certificate-errors'] });
//   const page = await browser.newPage('https://127.0.0.1:PORT/');   // resolves once it has loaded
//   await page.evaluate((n) => n + 1, 1);                              // 2
//   await browser.worker.evaluate(() => chrome.tabs.query({}));        // in the extension's service worker
//   await browser.worker.send('Runtime.getHeapUsage');                 // any DevTools method
//   await browser.backgroundMemory();    // { usedBytes, totalBytes, what }, as lib/browsers.mjs gives it
//   await page.close(); await browser.close();
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROME_DIST, chromiumSwitches } from './chromium.mjs';

/** The DevTools protocol over Chromium's --remote-debugging-pipe (fd 3 in, fd 4 out; messages end in NUL). */
function pipeConnection(child) {
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];
  const waiting = new Map();
  const listeners = new Set();
  let lastId = 0;
  let pending = Buffer.alloc(0);
  fromBrowser.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf(0); end >= 0; end = pending.indexOf(0)) {
      const message = JSON.parse(pending.subarray(0, end).toString('utf8'));
      pending = pending.subarray(end + 1);
      const call = waiting.get(message.id);
      if (call) {
        waiting.delete(message.id);
        if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
        else call.resolve(message.result);
      } else for (const listener of listeners) listener(message);
    }
  });
  child.once('exit', () => {
    for (const call of waiting.values()) call.reject(new Error(`${call.method}: the browser exited`));
    waiting.clear();
  });
  return {
    send(method, params = {}, sessionId = undefined) {
      lastId += 1;
      const id = lastId;
      return new Promise((resolve, reject) => {
        waiting.set(id, { method, resolve, reject });
        toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
      });
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A target the test attached to: `evaluate(fn, arg)` runs `fn(arg)` there and returns its JSON value. */
function attached(connection, sessionId, targetId) {
  return {
    targetId,
    send: (method, params) => connection.send(method, params, sessionId),
    async evaluate(fn, arg) {
      const { result, exceptionDetails } = await connection.send('Runtime.evaluate', {
        expression: `(${fn})(${JSON.stringify(arg ?? null)})`,
        awaitPromise: true,
        returnByValue: true,
      }, sessionId);
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
  };
}

async function until(probe, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Launches Chromium headless with dist/chrome loaded; resolves once the extension's worker is ready. */
export async function launchBareChromium({ args = [] } = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'gg-bare-chromium-'));
  // The switches of lib/chromium.mjs, so both launchers run the same browser.
  const child = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
    '--headless',
    '--remote-debugging-pipe',
    `--user-data-dir=${userDataDir}`,
    ...chromiumSwitches(CHROME_DIST),
    ...args,
    'about:blank',
  ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const connection = pipeConnection(child);
  const attach = async (targetId) => {
    const { sessionId } = await connection.send('Target.attachToTarget', { targetId, flatten: true });
    return attached(connection, sessionId, targetId);
  };
  const close = async () => {
    await connection.send('Browser.close').catch(() => {});
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const sw = await until(async () => {
      const { targetInfos } = await connection.send('Target.getTargets');
      return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
    }, "the extension's service worker");
    const worker = await attach(sw.targetId);
    // The target can be found before the worker's script has run.
    await until(() => worker.evaluate(() => globalThis.gatewayGuardReady?.then(() => true) ?? false), 'the extension to be ready');
    const extensionId = new URL(sw.url).host;
    return {
      name: 'chromium',
      worker,
      extensionId,
      extensionUrl: (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`,
      /** The worker's used JS heap, in the shape of lib/browsers.mjs's backgroundMemory(). */
      async backgroundMemory() {
        const heap = await worker.send('Runtime.getHeapUsage');
        return { usedBytes: heap.usedSize, totalBytes: heap.totalSize, what: 'worker JS heap' };
      },
      /** The browser's process id: its child processes are the renderers, the network service and so on. */
      pid: child.pid,
      userDataDir,
      /** Opens `url` in a new tab; resolves once its document has loaded. */
      async newPage(url) {
        const { targetId } = await connection.send('Target.createTarget', { url });
        const page = await attach(targetId);
        await until(() => page.evaluate((u) => document.readyState === 'complete' && location.href === u, url).catch(() => false), `${url} to load`);
        return { ...page, close: () => connection.send('Target.closeTarget', { targetId }) };
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
