#!/usr/bin/env bash
# Runs every test tier and ends with one line "N passed, N failed" (non-zero exit on any failure).
#   1. cargo test on the host: the pure core (unit, table and property tests)
#   2. wasm-bindgen-test in headless Chromium: the DOM shell against fixture pages
#   3. end to end: the built extension in Chromium (playwright-core) and Firefox ESR (puppeteer-core)
#   then reproducible builds: two fresh clones and the source package give the same packages
#   plus the checks: rustfmt, clippy -D warnings, the HTML-sink check, web-ext lint.
# Called by ./build.sh test after the build; expects dist/ and the tools to be in place.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/target/test-logs"
mkdir -p "$OUT"
passed=0
failed=0
failures=()

count_cargo() { # log -> "passed failed" summed over its "test result" lines
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
       END { printf "%d %d\n", p, f }' "$1"
}

tier() { # name, then the command; the command's output goes to a log and to the terminal
  local name=$1; shift
  echo
  echo "=== $name"
  local log="$OUT/${name// /-}.log"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  echo "$rc" > "$log.rc"
  return 0
}

record() { # name passed failed rc
  local name=$1 p=$2 f=$3 rc=$4
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    failed=$((failed + 1))
    failures+=("$name (exit $rc)")
  elif [ "$f" -gt 0 ]; then
    failures+=("$name ($f failed)")
  fi
  printf -- '--- %s: %s passed, %s failed\n' "$name" "$p" "$f"
}

# Tier 1: the pure core on the host.
tier "tier1 cargo test" cargo test --quiet
read -r p f < <(count_cargo "$OUT/tier1-cargo-test.log")
record "tier 1 (cargo test)" "$p" "$f" "$(cat "$OUT/tier1-cargo-test.log.rc")"

# Tier 2: the DOM shell in headless Chromium.
WB_VER=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$ROOT/.tools/wasm-bindgen-$WB_VER/bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120
tier "tier2 wasm-bindgen-test" cargo test --target wasm32-unknown-unknown --test dom
read -r p f < <(count_cargo "$OUT/tier2-wasm-bindgen-test.log")
record "tier 2 (wasm-bindgen-test, Chromium)" "$p" "$f" "$(cat "$OUT/tier2-wasm-bindgen-test.log.rc")"

# Tier 3: end to end in both browsers (serially: they share the machine's two cores).
tier "tier3 e2e" node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
p=$(grep -E '^ℹ pass ' "$OUT/tier3-e2e.log" | awk '{print $3}' | tail -1)
f=$(grep -E '^ℹ fail ' "$OUT/tier3-e2e.log" | awk '{print $3}' | tail -1)
record "tier 3 (end to end, Chromium + Firefox)" "${p:-0}" "${f:-0}" "$(cat "$OUT/tier3-e2e.log.rc")"

# Reproducible builds: the committed HEAD built in two fresh clones and from its source package
# must give byte-identical packages (three more builds, 6 to 8 minutes on 2 cores).
tier "reproducible builds" bash scripts/reproducible.sh
p=$(grep -c '^ok ' "$OUT/reproducible-builds.log")
f=$(grep -c '^not ok ' "$OUT/reproducible-builds.log")
record "reproducible builds (two clones, the source package)" "$p" "$f" "$(cat "$OUT/reproducible-builds.log.rc")"

# Checks.
tier "checks" bash scripts/lint.sh
p=$(grep -c '^ok ' "$OUT/checks.log")
f=$(grep -c '^not ok ' "$OUT/checks.log")
record "checks (fmt, clippy, sinks, web-ext lint)" "$p" "$f" "$(cat "$OUT/checks.log.rc")"

echo
if [ ${#failures[@]} -gt 0 ]; then
  echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
