// Issue 10: the demo (`./build.sh run`). Runs tests/demo/run.mjs as a user would, headless, and checks
// what it leaves behind: screenshots that are real PNGs, exit status, and no process still running.
// Each run gets its own TMPDIR, so its gateways' temp dirs and Chromium's profile carry a path no
// other (concurrent) test run uses: `pgrep -f` on it finds exactly this run's leftovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN = path.join(ROOT, 'tests/demo/run.mjs');

/** Runs the demo; resolves {code, signal, out} when it exits. `onLine` sees each output line. */
function runDemo(args, tmp, onLine = () => {}) {
  const child = spawn(process.execPath, [RUN, ...args], {
    cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const take = (chunk) => {
    const text = chunk.toString();
    out += text;
    for (const line of text.split('\n')) onLine(line, child);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const done = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}

function leftovers(tmp) {
  const r = spawnSync('pgrep', ['-af', tmp], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l && !l.includes('pgrep'));
}

const refuses = (port) => new Promise((resolve) => {
  const s = net.connect({ port, host: '127.0.0.1' });
  s.once('connect', () => { s.destroy(); resolve(false); });
  s.once('error', () => resolve(true));
});

/** The gateway ports the demo printed (one "  name  http://127.0.0.1:PORT/  ..." line per scenario). */
const scenarioPorts = (out) => [...out.matchAll(/^\s+\S+\s+http:\/\/127\.0\.0\.1:(\d+)\//gm)].map((m) => Number(m[1]));

/** Width and height from a PNG's IHDR, or null if it is not a PNG. */
function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG' || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

test('demo: --headless --screenshots walks the scenarios, saves real PNGs, exits 0 and leaves nothing running', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-demo-test-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const shots = path.join(tmp, 'shots');
  const { code, out } = await runDemo(['--headless', '--screenshots', shots, '--only', 'nginx-refused,nginx-healthy'], tmp).done;
  assert.equal(code, 0, out);
  assert.match(out, /nothing left running/);

  const expected = ['index.png'];
  for (const name of ['nginx-refused', 'nginx-healthy']) {
    for (const kind of ['page', 'page-dark', 'popup', 'popup-dark']) expected.push(`${name}-${kind}.png`);
  }
  for (const file of expected) {
    const full = path.join(shots, file);
    assert.ok(fs.existsSync(full), `${file} was saved\n${out}`);
    assert.ok(out.includes(full), `${file} is in the printed list`);
    const size = pngSize(full);
    assert.ok(size, `${file} is a PNG`);
    assert.ok(size.width >= 200 && size.height >= 40 && size.bytes > 1_000, `${file} is not trivial: ${JSON.stringify(size)}`);
  }
  // The failed page carries the panel, so it differs from the healthy page in more than a few bytes.
  const failed = pngSize(path.join(shots, 'nginx-refused-page.png'));
  assert.equal(failed.width, 1280);
  assert.ok(failed.bytes > 10_000, `the 502 page with its panel: ${failed.bytes} bytes`);

  assert.deepEqual(leftovers(tmp), [], 'no gateway, backend or browser process of this run is still running');
  const ports = scenarioPorts(out);
  assert.equal(ports.length, 2, out);
  for (const port of ports) assert.ok(await refuses(port), `nothing listens on ${port} any more`);
});

for (const browser of ['chrome', 'firefox']) test(`demo (${browser}): Ctrl+C stops the browser, the gateways and the index, and nothing is left running`, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-demo-test-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let running = false;
  const { child, done } = runDemo([browser, '--headless', '--only', 'nginx-refused'], tmp, (line, c) => {
    if (!running && /Ctrl\+C stops everything/.test(line)) {
      running = true;
      c.kill('SIGINT');
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const { code, out } = await done;
  clearTimeout(timer);
  assert.ok(running, `the demo came up\n${out}`);
  assert.equal(code, 130, out);
  assert.match(out, /SIGINT: stopping the demo/);
  assert.match(out, /nothing left running/);
  assert.deepEqual(leftovers(tmp), []);
  for (const port of scenarioPorts(out)) assert.ok(await refuses(port), `nothing listens on ${port} any more`);
});

for (const browser of ['chrome', 'firefox']) test(`demo (${browser}): without a display, a headed run says so and suggests --headless`, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-demo-test-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const env = { ...process.env, TMPDIR: tmp };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const r = spawnSync(process.execPath, [RUN, browser], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /no display/);
  assert.match(r.stderr, /--headless/);
  assert.deepEqual(leftovers(tmp), []);
});
