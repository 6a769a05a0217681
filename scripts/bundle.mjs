// Bundles the background (extension/background.js and every module it imports from background/ and lib/)
// into one ES module, so the browser loads one file before our code runs instead of ~20 (BENCHMARKS.md,
// "Background start"). Usage: node scripts/bundle.mjs OUTFILE
//
// Not minified (identifiers and whitespace kept, so stack traces and the debugger read like the source), no
// source map shipped. The wasm-bindgen glue stays its own module next to its .wasm (wasm/): it loads the .wasm
// relative to its own URL, and it is the one file allowed its `fetch` of our own .wasm
// (tests/browser/privacy.test.mjs), so it is not inlined here.
import * as esbuild from 'esbuild';

const outfile = process.argv[2];
if (!outfile) {
  console.error('usage: bundle.mjs OUTFILE');
  process.exit(2);
}

const GLUE = './wasm/gateway_guard_wasm.js'; // relative to the bundle, which sits at the extension's root
const glueExternal = {
  name: 'wasm-glue-external',
  setup(build) {
    build.onResolve({ filter: /\/wasm\/gateway_guard_wasm\.js$/ }, () => ({ path: GLUE, external: true }));
  },
};

await esbuild.build({
  entryPoints: [new URL('../extension/background.js', import.meta.url).pathname],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox142'],
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  plugins: [glueExternal],
  banner: { js: '// Built by scripts/bundle.mjs from extension/background.js and its imports; edit those, not this.' },
  logLevel: 'warning',
});
