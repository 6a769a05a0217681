// The diagnose call from JS through the wasm boundary, against the same call in native Rust.
//
//   ./build.sh && node tests/bench/boundary.mjs          (runs the native bench too, via cargo)
//   NATIVE_PER_S=41000 node tests/bench/boundary.mjs     (skip cargo: compare with a known figure)
//
// The extension ships a `--target web` module; node loads a `--target nodejs` copy of the same wasm
// built here into a temporary folder by the cached wasm-bindgen, optimized with the same wasm-opt
// flags as build.sh, so the figure is the shipped code's. Input: tests/bench/facts-502.json (a 502
// with 20 headers and an 8 KiB page), the same as crates/core/benches/throughput.rs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = process.env.GATEWAY_GUARD_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gateway-guard');
// GG_WASM: another build of the wasm crate (e.g. at another opt-level) to compare.
const wasm = process.env.GG_WASM || join(root, 'target/wasm32-unknown-unknown/wasm/gateway_guard_wasm.wasm');
if (!existsSync(wasm)) {
  console.error(`boundary.mjs: ${wasm} is missing: run ./build.sh first`);
  process.exit(1);
}
const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
const version = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(lock)?.[1];
const bindgen = join(cache, `tools/wasm-bindgen-${version}/bin/wasm-bindgen`);
if (!existsSync(bindgen)) {
  console.error(`boundary.mjs: ${bindgen} is missing: ./build.sh installs it`);
  process.exit(1);
}

const out = mkdtempSync(join(tmpdir(), 'gg-boundary-'));
try {
  // wasm-bindgen names its output after its input: give it the crate's name whatever GG_WASM is called.
  mkdirSync(join(out, 'in'));
  copyFileSync(wasm, join(out, 'in', 'gateway_guard_wasm.wasm'));
  execFileSync(bindgen, ['--target', 'nodejs', '--no-typescript', '--out-dir', out, join(out, 'in', 'gateway_guard_wasm.wasm')]);
  const bg = join(out, 'gateway_guard_wasm_bg.wasm');
  execFileSync(join(root, 'node_modules/.bin/wasm-opt'), [
    '-Oz', '--converge', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-reference-types', '--enable-multivalue', '--enable-mutable-globals', '-o', bg, bg,
  ]);
  const core = createRequire(import.meta.url)(join(out, 'gateway_guard_wasm.js'));
  const facts = JSON.parse(readFileSync(join(root, 'tests/bench/facts-502.json'), 'utf8'));
  const small = { status: 502, headers: [['Server', 'nginx']] };
  if (core.diagnose(facts).vendor !== 'nginx') throw new Error('the bench input is not diagnosed as nginx');

  // Timed by the process's CPU time (user + system), not the wall clock: the machines are shared, and
  // wall time would count the time other processes held the core. (It includes V8's helper threads,
  // which makes the JS figure slightly pessimistic.)
  const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const perSecond = (fn, rounds = 7, ms = 300) => {
    const until = (t) => {
      const end = cpuSeconds() + t / 1000;
      let n = 0;
      while (cpuSeconds() < end) { for (let i = 0; i < 16; i++) fn(); n += 16; }
      return n;
    };
    until(ms); // warm-up (JIT, wasm tier-up)
    const rates = [];
    for (let r = 0; r < rounds; r++) {
      const start = cpuSeconds();
      const n = until(ms);
      rates.push(n / (cpuSeconds() - start));
    }
    return rates.sort((a, b) => a - b)[Math.floor(rounds / 2)];
  };
  const js = perSecond(() => core.diagnose(facts));
  const jsSmall = perSecond(() => core.diagnose(small));

  let native = Number(process.env.NATIVE_PER_S || 0);
  if (!native) {
    const text = execFileSync('nice', ['-n', '10', 'cargo', 'bench', '-q', '-p', 'gateway-guard-core', '--bench', 'throughput', '--', 'diagnose'],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    native = Number(/diagnose,.*?([0-9]+) \/s/.exec(text)?.[1] || 0);
  }
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  console.log('diagnose through the wasm boundary (node ' + process.version + ', ' + (process.env.GG_WASM ? wasm : 'the build of ./build.sh') + ' + wasm-opt -Oz):');
  console.log(`  502 with 20 headers, 8 KiB page   JS->wasm ${fmt(js)} /s (${(1e6 / js).toFixed(2)} us)   native ${fmt(native)} /s`);
  console.log(`  ratio native / JS: ${(native / js).toFixed(2)}x (goal: within 3x)`);
  console.log(`  a 1-header, no-page 502 (mostly boundary cost): ${fmt(jsSmall)} /s (${(1e6 / jsSmall).toFixed(2)} us)`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
