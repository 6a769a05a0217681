// The demo's browsers: Debian's Chromium with dist/chrome loaded (through playwright-core, so the
// headless mode can script it), or Firefox ESR with dist/firefox through `web-ext run`.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Why a headed browser cannot open here, or null. */
export function noDisplayReason() {
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display: neither $DISPLAY nor $WAYLAND_DISPLAY is set';
}

/**
 * Chromium with the extension. Headed: a normal window on `startUrl`; closing it ends the demo
 * (`onClose`). The profile is a fresh temp dir, removed on close and on exit.
 */
export async function launchChrome({ headless, startUrl, onClose }) {
  const extensionDir = path.join(ROOT, 'dist/chrome');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-chromium-demo-'));
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true });
  process.on('exit', removeProfile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless,
    // The demo stops the browser itself, in order, on Ctrl+C (run.mjs).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Headed: the window's own size; headless: a fixed size for the screenshots.
    viewport: headless ? { width: 1280, height: 800 } : null,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      ...(headless ? ['--disable-gpu'] : []),
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  let closing = false;
  context.on('close', () => { if (!closing) onClose?.(); });
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(startUrl);
  return {
    kind: 'chrome',
    context,
    extensionId,
    profile,
    async close() {
      closing = true;
      await Promise.race([context.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
      removeProfile();
    },
  };
}

/**
 * Firefox ESR with the extension, through web-ext (a temporary profile it removes itself). It runs in
 * its own process group: Ctrl+C reaches only the demo, which stops it in order.
 */
export function launchFirefox({ headless, startUrl, onClose }) {
  const args = [
    path.join(ROOT, 'node_modules/web-ext/bin/web-ext.js'), 'run',
    '--source-dir', path.join(ROOT, 'dist/firefox'),
    '--firefox', process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    '--start-url', startUrl,
    '--no-input', '--no-reload',
    // Keep Firefox off the network: the demo is all on 127.0.0.1.
    '--pref', 'app.update.enabled=false',
    '--pref', 'browser.shell.checkDefaultBrowser=false',
    '--pref', 'datareporting.policy.dataSubmissionEnabled=false',
    '--pref', 'network.captive-portal-service.enabled=false',
    '--pref', 'extensions.getAddons.cache.enabled=false',
    ...(headless ? ['--arg=-headless'] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let closing = false;
  child.once('exit', () => { if (!closing) onClose?.(); });
  const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
  process.on('exit', () => killGroup('SIGKILL'));
  return {
    kind: 'firefox',
    pgid: child.pid,
    async close() {
      closing = true;
      // SIGINT to web-ext alone: it quits Firefox and removes its temporary profile.
      try { child.kill('SIGINT'); } catch { /* gone */ }
      const late = setTimeout(() => killGroup('SIGKILL'), 10_000);
      await exited;
      clearTimeout(late);
      killGroup('SIGKILL'); // anything web-ext left in its group
    },
  };
}
