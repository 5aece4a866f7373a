#!/usr/bin/env bash
# What CI runs for style and safety; prints "ok NAME" / "not ok NAME" per check.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
check() { # name, command...
  local name=$1; shift
  if "$@" > "target/lint-$name.log" 2>&1; then
    echo "ok $name"
  else
    echo "not ok $name"; sed 's/^/    /' "target/lint-$name.log" | head -40; status=1
  fi
}
mkdir -p target
check rustfmt cargo fmt --check
check clippy-host cargo clippy --quiet --all-targets -- -D warnings
check clippy-wasm cargo clippy --quiet --all-targets --target wasm32-unknown-unknown -- -D warnings
check html-sinks bash scripts/check-sinks.sh
check manifest-permissions node scripts/check-manifest.mjs
check version node scripts/version.mjs check
check reviewers-tools node scripts/check-reviewers.mjs
check store-listing node scripts/check-store.mjs
if [ -d dist/firefox ]; then
  check web-ext-lint node scripts/web-ext-lint.mjs dist/firefox
fi
exit $status
