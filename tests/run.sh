#!/usr/bin/env bash
# Runs every test. Installs what the tests need on a fresh Debian machine (cached between runs):
# Debian's Chromium, Firefox ESR and the real gateways, npm packages pinned by package-lock.json, and
# geckodriver. Expects ./build.sh to have built dist/. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
CACHE=${GATEWAY_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gateway-guard}
OUT=tests/out
mkdir -p "$OUT"
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
passed=0
failed=0
failures=()
pass() { passed=$((passed + $1)); }
fail() { failed=$((failed + $1)); failures+=("$2"); }

# --- set-up ------------------------------------------------------------------------------------------
APT_PACKAGES=(chromium chromium-driver chromium-l10n firefox-esr nginx-light haproxy varnish apache2 squid caddy lighttpd
  ca-certificates python3)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  # Keep the gateways' packaged services from starting: the tests run their own instances on 127.0.0.1.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  $SUDO rm -f /usr/sbin/policy-rc.d
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
GECKO_VERSION=0.37.1
export GECKODRIVER="$CACHE/tools/geckodriver-$GECKO_VERSION/bin/geckodriver"
if [ ! -x "$GECKODRIVER" ]; then
  log "installing geckodriver $GECKO_VERSION (once, ~3 min)"
  cargo install --locked geckodriver --version "$GECKO_VERSION" --root "$CACHE/tools/geckodriver-$GECKO_VERSION"
fi
if [ ! -f dist/chrome/manifest.json ] || [ ! -f dist/firefox/manifest.json ]; then
  echo "tests/run.sh: dist/ is missing: run ./build.sh first" >&2
  exit 1
fi

# --- static checks -----------------------------------------------------------------------------------
check() { # name, command...
  local name=$1; shift
  log "$name"
  if "$@" >"$OUT/$name.log" 2>&1; then pass 1; else cat "$OUT/$name.log"; fail 1 "$name"; fi
}
check rustfmt cargo fmt --all --check
check clippy cargo clippy --workspace --all-targets --locked -- -D warnings
check eslint npx --no-install eslint extension tests scripts
check web-ext-lint npx --no-install web-ext lint --source-dir dist/firefox --warnings-as-errors --no-input

# --- Rust tests --------------------------------------------------------------------------------------
log "cargo test"
cargo test --workspace --locked 2>&1 | tee "$OUT/cargo-test.log"
rust_status=${PIPESTATUS[0]}
rp=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$OUT/cargo-test.log" | awk '{s+=$4} END {print s+0}')
rf=$(grep -Eo '; [0-9]+ failed' "$OUT/cargo-test.log" | awk '{s+=$2} END {print s+0}')
pass "$rp"
if [ "$rust_status" -ne 0 ]; then fail "$((rf > 0 ? rf : 1))" "cargo test"; fi

# --- short-form fuzzing (the long form and its results: SECURITY.md) --------------------------------
check fuzz-short env FUZZ_SECONDS="${FUZZ_SECONDS:-15}" bash tests/fuzz.sh

# --- JS unit tests and browser tests (real Chromium, real Firefox ESR, real gateways) -----------------
log "JS unit tests and browser tests"
# Everything the tests start keeps its files under this run's own temp dir, so what is left running can be
# told apart from anything else on the machine.
RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gg-run.XXXXXX")
chmod 755 "$RUN_TMP" # daemons that drop privileges (squid) must reach their files below it
TMPDIR=$RUN_TMP node --test --test-concurrency=1 --test-timeout=240000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$OUT/browser.tap" \
  tests/unit/*.test.mjs tests/browser/*.test.mjs
node_status=$?
bp=$(awk '/^# pass /{print $3}' "$OUT/browser.tap" | tail -1)
bf=$(awk '/^# fail /{print $3}' "$OUT/browser.tap" | tail -1)
pass "${bp:-0}"
if [ "$node_status" -ne 0 ]; then fail "$(( ${bf:-0} > 0 ? ${bf:-0} : 1 ))" "browser tests"; fi

# Nothing the tests started may outlive them.
leftovers=$(pgrep -a -f "$RUN_TMP" || true)
if [ -n "$leftovers" ]; then echo "left running: $leftovers"; fail 1 "leftover processes"; fi
rm -rf "$RUN_TMP"

[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
