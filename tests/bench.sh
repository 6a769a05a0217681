#!/usr/bin/env bash
# Benchmarks (not part of tests/run.sh): builds, runs the core's throughput bench and the boundary bench when
# they are present (another engineer's pieces), then the browser figures (tests/bench/browser.mjs), which
# write the "## Browser performance" section of BENCHMARKS.md. About 10 minutes.
#
#   ./tests/bench.sh            everything
#   ./tests/bench.sh --quick    a short browser run that writes nothing (to check the bench itself)
set -uo pipefail
cd "$(dirname "$0")/.."
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
OUT=tests/out
mkdir -p "$OUT"
log "machine: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# The build may fail while someone's Rust is mid-edit: wait and retry a few times.
for attempt in 1 2 3 4; do
  if ./build.sh >"$OUT/bench-build.log" 2>&1; then break; fi
  if [ "$attempt" = 4 ]; then cat "$OUT/bench-build.log"; echo "tests/bench.sh: ./build.sh failed" >&2; exit 1; fi
  log "build failed (attempt $attempt); retrying in 30 s"
  sleep 30
done
log "size (from ./build.sh)"
grep -E '^(wasm|dist/)' "$OUT/bench-build.log"

if [ -f crates/core/benches/throughput.rs ]; then
  log "core throughput: cargo bench -p gateway-guard-core --bench throughput"
  cargo bench -p gateway-guard-core --bench throughput 2>&1 | tail -40
fi
if [ -f tests/bench/boundary.mjs ]; then
  log "boundary: node tests/bench/boundary.mjs"
  node tests/bench/boundary.mjs
fi

log "browser figures: node tests/bench/browser.mjs $*"
node tests/bench/browser.mjs "$@"
