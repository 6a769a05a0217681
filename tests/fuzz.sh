#!/usr/bin/env bash
# Short-form fuzzing: every target of fuzz/ for FUZZ_SECONDS (default 20) each, one at a time, at low
# priority, starting from the committed seeds in tests/fuzz-corpus/<target>/ (read-only; what the run
# finds goes to a temporary corpus, so the committed one stays small). Crashes are written to
# tests/out/fuzz/ and make the script fail. The long form and the results are in SECURITY.md.
#
#   tests/fuzz.sh                 all targets, ~20 s each
#   tests/fuzz.sh diagnose har    some targets
#   FUZZ_SECONDS=600 tests/fuzz.sh diagnose
#
# Needs a nightly toolchain (libFuzzer's sanitizer flags are unstable) and cargo-fuzz; both are
# installed when missing (cargo-fuzz into the tool cache). When they cannot be had, the script says so
# and exits 0 (SKIP), unless FUZZ_REQUIRED=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${GATEWAY_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gateway-guard}
CARGO_FUZZ_VERSION=0.13.2
SECONDS_EACH=${FUZZ_SECONDS:-20}
TARGETS=(har retry_after diagnose form stored_state)
[ $# -gt 0 ] && TARGETS=("$@")
OUT=$ROOT/tests/out/fuzz

skip() {
  echo "fuzz.sh: SKIP: $*" >&2
  [ "${FUZZ_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
}

command -v rustup >/dev/null || skip "rustup not found (the fuzz targets need a nightly toolchain)"
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz.sh: installing the nightly toolchain (minimal profile)" >&2
  rustup toolchain install nightly --profile minimal >&2 || skip "cannot install a nightly toolchain"
fi
FUZZ_ROOT=$CACHE/tools/cargo-fuzz-$CARGO_FUZZ_VERSION
if [ ! -x "$FUZZ_ROOT/bin/cargo-fuzz" ]; then
  echo "fuzz.sh: installing cargo-fuzz $CARGO_FUZZ_VERSION into $FUZZ_ROOT (once, ~2 min)" >&2
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$FUZZ_ROOT" >&2 \
    || skip "cannot install cargo-fuzz"
fi
export PATH=$FUZZ_ROOT/bin:$PATH

cd fuzz
echo "fuzz.sh: building the targets (cargo +nightly fuzz build)" >&2
nice -n 10 cargo +nightly fuzz build >&2 || { echo "fuzz.sh: the fuzz targets do not build" >&2; exit 1; }

mkdir -p "$OUT"
work=$(mktemp -d "${TMPDIR:-/tmp}/gg-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=()
for target in "${TARGETS[@]}"; do
  seeds=$ROOT/tests/fuzz-corpus/$target
  [ -d "$seeds" ] || { echo "fuzz.sh: no seeds for $target in $seeds" >&2; exit 1; }
  mkdir -p "$work/$target"
  log=$OUT/$target.log
  printf 'fuzz %-13s %3ss ... ' "$target" "$SECONDS_EACH"
  # -timeout: one input taking 10 s is a finding (the core's work is bounded); -rss_limit_mb likewise.
  if nice -n 10 cargo +nightly fuzz run "$target" "$work/$target" "$seeds" -- \
      -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$OUT/$target-" >"$log" 2>&1; then
    execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
    echo "ok ($execs runs, ${cov:-no coverage line})"
  else
    echo "FAILED (see $log; the input is in $OUT/$target-*)"
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
