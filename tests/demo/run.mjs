#!/usr/bin/env node
// The demo: real gateways on 127.0.0.1 in front of misbehaving backends, an index page linking each,
// and a browser with the built extension open on it. `./build.sh run` builds first, then runs this.
//
//   node tests/demo/run.mjs [chrome|firefox] [--headless] [--screenshots DIR] [--port N] [--only a,b]
//
// Ctrl+C (or SIGTERM, or closing the browser) stops the browser, every gateway and backend and the
// index server, then checks that no process it started is still running (exit 1 if one is).
// --screenshots DIR (Chromium, headless): walk every scenario, save screenshots, print them, exit.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startScenario } from '../lib/scenarios.mjs';
import { startedProcessGroups } from '../lib/procs.mjs';
import { selectDemo } from './scenarios.mjs';
import { startIndex, summary } from './index-page.mjs';
import { ROOT, noDisplayReason, launchChrome, launchFirefox } from './browsers.mjs';
import { ScreenshotWalk } from './screenshots.mjs';

const USAGE = 'usage: ./build.sh run [chrome|firefox] [--headless] [--screenshots DIR] [--port N] [--only name,name]';
const log = (...a) => console.log(...a);
const fail = (msg, code = 2) => { console.error(`demo: ${msg}`); process.exit(code); };

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        headless: { type: 'boolean', default: false },
        screenshots: { type: 'string' },
        port: { type: 'string', default: '0' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(`${err.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) { log(USAGE); process.exit(0); }
  if (positionals.length > 1 || !['chrome', 'firefox'].includes(positionals[0] ?? 'chrome')) fail(USAGE);
  const browser = positionals[0] ?? 'chrome';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: not a port: ${values.port}`);
  if (values.screenshots && browser !== 'chrome') fail('--screenshots needs Chromium (the default browser)');
  if (values.screenshots && !values.headless) fail('--screenshots runs headless: add --headless');
  if (!values.headless && browser === 'chrome' && noDisplayReason()) {
    fail(`${noDisplayReason()}, so no browser window can open.\n` +
      'Run the demo headless instead:  ./build.sh run --headless --screenshots DIR');
  }
  if (!values.headless && browser === 'firefox' && noDisplayReason()) {
    fail(`${noDisplayReason()}, so no browser window can open. Try: ./build.sh run --headless --screenshots DIR`);
  }
  const manifest = path.join(ROOT, 'dist', browser, 'manifest.json');
  if (!fs.existsSync(manifest)) fail(`${manifest} is missing: run ./build.sh first (./build.sh run does)`);
  let only;
  try { only = selectDemo(values.only); } catch (err) { fail(err.message.split('\n')[0]); }
  return { browser, headless: values.headless, screenshots: values.screenshots, port, names: only };
}

/** Processes this run started that are still alive: in a process group it started, or its descendants. */
function leftovers(extraGroups, profile) {
  const groups = new Set([...startedProcessGroups().map((g) => g.pgid), ...extraGroups]);
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
      const [pid, ppid, pgid, stat, ...args] = line.split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), stat, args: args.join(' '), line };
    });
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) { // descendants, to any depth
    grew = false;
    for (const r of rows) if (mine.has(r.ppid) && !mine.has(r.pid)) { mine.add(r.pid); grew = true; }
  }
  return rows.filter((r) => r.pid !== process.pid && !r.args.startsWith('ps ') && !r.stat.startsWith('Z') &&
    (mine.has(r.pid) || groups.has(r.pgid) || (profile && r.args.includes(profile))));
}

async function main() {
  const opts = options();
  const runs = [];
  let index;
  let browser;
  let stopping = null;

  const stop = (why) => {
    stopping ??= (async () => {
      if (why) log(`\n${why}: stopping the demo`);
      if (browser) await browser.close();
      await Promise.all(runs.map((r) => r.stop()));
      if (index) await index.stop();
      const left = leftovers(browser?.pgid ? [browser.pgid] : [], browser?.profile);
      if (left.length) {
        for (const r of left) console.error(`  LEFT RUNNING: ${r.line}`);
        return 1;
      }
      log(`stopped ${runs.length} scenarios${browser ? ', the browser' : ''} and the index; nothing left running`);
      return 0;
    })();
    return stopping;
  };

  // Orderly shutdown on a signal. tests/lib/procs.mjs installed handlers that SIGKILL the gateways and
  // exit at once; they would cut the browser's shutdown short, so they are replaced here (its exit hook
  // still kills any registered daemon). A second Ctrl+C exits at once.
  const takeOverSignals = () => {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.removeAllListeners(sig);
      process.on(sig, () => {
        if (stopping) process.exit(130);
        stop(sig).then((code) => process.exit(code || (sig === 'SIGINT' ? 130 : 143)));
      });
    }
  };

  log(`starting ${opts.names.length} scenarios (real gateways on 127.0.0.1)…`);
  const started = await Promise.allSettled(opts.names.map((name) => startScenario(name)));
  for (const s of started) if (s.status === 'fulfilled') runs.push(s.value);
  const failed = started.filter((s) => s.status === 'rejected');
  if (failed.length) {
    for (const f of failed) console.error(`demo: a scenario did not start: ${f.reason.message.split('\n')[0]}`);
    process.exit(await stop() || 1);
  }
  runs.sort((a, b) => opts.names.indexOf(a.name) - opts.names.indexOf(b.name));
  takeOverSignals();
  index = await startIndex(runs, opts.port);
  for (const r of runs) log(`  ${r.name.padEnd(26)} ${r.url.padEnd(24)} ${summary(r.scenario)}`);
  log(`index: ${index.url}`);

  const onClose = () => stop('the browser was closed').then((code) => process.exit(code));
  const headless = opts.headless;
  browser = opts.browser === 'chrome'
    ? await launchChrome({ headless, startUrl: index.url, onClose })
    : launchFirefox({ headless, startUrl: index.url, onClose });

  if (opts.screenshots) {
    const dir = path.resolve(opts.screenshots);
    fs.mkdirSync(dir, { recursive: true });
    const walk = new ScreenshotWalk({ context: browser.context, extensionId: browser.extensionId, dir, log });
    let code = 0;
    try {
      await walk.index(index.url);
      for (const run of runs) {
        log(`screenshots: ${run.name}`);
        await walk.scenario(run);
      }
    } catch (err) {
      console.error(`demo: screenshots failed: ${err.stack}`);
      code = 1;
    }
    log(`\n${walk.files.length} screenshots in ${dir}:`);
    for (const f of walk.files) log(`  ${f.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), f) : f}`);
    process.exit((await stop()) || code);
  }
  log(opts.headless
    ? `${opts.browser} runs headless on the index; Ctrl+C stops everything`
    : `${opts.browser} is open on the index; Ctrl+C here (or closing the browser) stops everything`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1); // procs.mjs's and browsers.mjs's exit hooks kill what is still running
});
