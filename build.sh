#!/usr/bin/env bash
# The one build entry. Installs what the build needs (cached), builds the Rust core as WebAssembly,
# and writes dist/chrome, dist/firefox and their zip archives.
#
#   ./build.sh          build everything (a second run is incremental)
#   ./build.sh run ...  (see the README: the demo)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
CACHE=${GATEWAY_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gateway-guard}
TARGET=wasm32-unknown-unknown
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ "${1:-}" = run ]; then
  shift
  "$0"
  exec node tests/demo/run.mjs "$@"
fi

ensure_tools() {
  command -v cargo >/dev/null || { echo "build.sh: cargo not found (install Rust with rustup)" >&2; exit 1; }
  command -v node >/dev/null || { echo "build.sh: node not found (apt-get install nodejs npm)" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx "$TARGET"; then
    log "adding Rust target $TARGET"
    rustup target add "$TARGET"
  fi
  # npm packages (wasm-opt from binaryen, test tools) pinned by package-lock.json; skipped when current.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  # wasm-bindgen-cli must match the wasm-bindgen crate exactly; the version comes from Cargo.lock.
  WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
  [ -n "$WBG_VERSION" ] || { echo "build.sh: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
  WBG_ROOT="$CACHE/tools/wasm-bindgen-$WBG_VERSION"
  WASM_BINDGEN="$WBG_ROOT/bin/wasm-bindgen"
  if [ ! -x "$WASM_BINDGEN" ]; then
    log "installing wasm-bindgen-cli $WBG_VERSION into $WBG_ROOT (once, ~4 min)"
    # Not --locked: its lockfile pins a crate version the registry mirror lacks (platform-notes.md).
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --root "$WBG_ROOT"
  fi
  WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
}

# Code generation for the wasm only (the native command and the tests are not affected): at opt-level 3,
# LLVM's inlining threshold lowered from its default to 30 takes 11 % off the wasm for a diagnosis ~2 %
# slower (BENCHMARKS.md, "WebAssembly size"). Not +simd128 (15 % faster there): browsers run wasm SIMD
# only on x86 CPUs with SSE4.1, and on one without it the core would not load at all.
WASM_RUSTFLAGS="-C llvm-args=-inline-threshold=30"

build_wasm() {
  log "building the core as WebAssembly (profile wasm, see Cargo.toml)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_RUSTFLAGS" \
    cargo build --profile wasm --target "$TARGET" -p gateway-guard-wasm
  local out=target/gg-wasm
  rm -rf "$out" && mkdir -p "$out"
  "$WASM_BINDGEN" --target web --no-typescript --out-dir "$out" "target/$TARGET/wasm/gateway_guard_wasm.wasm"
  # Feature flags: rustc's default wasm features; without them wasm-opt rejects bulk-memory ops.
  # --converge repeats -Oz until the size stops falling (~1 KB); names and producers are dropped.
  "$WASM_OPT" -Oz --converge --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue --enable-mutable-globals \
    -o "$out/gateway_guard_wasm_bg.wasm" "$out/gateway_guard_wasm_bg.wasm"
}

# The background as one ES module (scripts/bundle.mjs): the browser loads one file, not ~20, before our code
# runs. Pages (popup, options) and content scripts are copied as they are; background/ is only in the bundle.
bundle_background() {
  log "bundling the background (esbuild)"
  mkdir -p target/gg-bundle
  node scripts/bundle.mjs target/gg-bundle/background.js
}

assemble() {
  local browser=$1 dir="dist/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  cp -R extension/. "$dir/"
  rm -r "$dir/background"
  cp target/gg-bundle/background.js "$dir/background.js"
  mkdir -p "$dir/wasm"
  cp target/gg-wasm/gateway_guard_wasm.js target/gg-wasm/gateway_guard_wasm_bg.wasm "$dir/wasm/"
  # Our own JS the glue imports (crates/wasm's `inline_js`, written by wasm-bindgen to snippets/).
  if [ -d target/gg-wasm/snippets ]; then cp -R target/gg-wasm/snippets "$dir/wasm/"; fi
  node scripts/manifest.mjs "$browser" > "$dir/manifest.json"
}

package() {
  local browser=$1
  rm -f "dist/gateway-guard-$browser.zip"
  python3 scripts/zipdir.py "dist/$browser" "dist/gateway-guard-$browser.zip"
}

ensure_tools
build_wasm
bundle_background
log "assembling dist/chrome and dist/firefox"
for b in chrome firefox; do assemble "$b"; package "$b"; done
log "building the native command (target/release/gateway-guard)"
cargo build --release -p gateway-guard-cli

wasm=target/gg-wasm/gateway_guard_wasm_bg.wasm
raw=$(wc -c <"$wasm"); gz=$(gzip -9c "$wasm" | wc -c)
printf 'wasm: %s bytes raw, %s bytes gzipped\n' "$raw" "$gz"
for b in chrome firefox; do printf 'dist/gateway-guard-%s.zip: %s bytes\n' "$b" "$(wc -c <"dist/gateway-guard-$b.zip")"; done
