#!/usr/bin/env bash
# Reproducible builds, proved. One commit is built in two fresh clones that differ in path, time,
# time zone, umask and cargo home; their packages must be byte-identical and hold no path of
# either clone or of the machine. Then the source package is unpacked into a third directory,
# REVIEWERS.md's build block runs there as written, and its packages must have the same hashes.
# Prints "ok …" / "not ok …" per check and ends with "N passed, N failed".
#
#   bash scripts/reproducible.sh [commit]    default HEAD; uncommitted changes are not tested
#
# Three full builds (about 2-3 minutes each on 2 cores). Clone A may fill the caches on a machine
# that never built (cargo's registry, npm's cache, wasm-bindgen-cli in the machine cache that
# build.sh keeps); the later builds run with CARGO_NET_OFFLINE and prefer npm's cache, so they
# reuse what is there instead of the network. Run by scripts/test-all.sh as the tier
# "reproducible builds", after a build.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
COMMIT=$(git rev-parse --verify "${1:-HEAD}^{commit}") || { echo "not ok no commit ${1:-HEAD}"; exit 1; }
WORK=$(mktemp -d -t sweeper-repro.XXXXXX)
A="$WORK/a/invite-sweeper"
B="$WORK/elsewhere/deeper/checkout-b"
C="$WORK/from-source"
CARGO_HOME_REAL="${CARGO_HOME:-$HOME/.cargo}"
CARGO_HOME_B="$WORK/cargo-home-b"
passed=0
failed=0
ok() { echo "ok $*"; passed=$((passed + 1)); }
notok() { echo "not ok $*"; failed=$((failed + 1)); }
check() { # description, command...: ok when the command succeeds
  local what=$1; shift
  if "$@"; then ok "$what"; else notok "$what"; fi
}
elapsed() { local s=$(($(date +%s) - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Runs a command for one build: without the caller's build settings, in a time zone and umask of
# its own (POSIX TZ strings, so no time zone database is needed); offline once $OFFLINE is set.
OFFLINE=""
isolated() { # tz umask cargo_home dir command...
  local tz=$1 mask=$2 home=$3 dir=$4; shift 4
  (cd "$dir" && umask "$mask" && env -u SOURCE_DATE_EPOCH -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
    -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET_DIR TZ="$tz" CARGO_HOME="$home" \
    CARGO_NET_OFFLINE="${OFFLINE:-false}" npm_config_prefer_offline=true "$@")
}

clone() { # dir; the commit is fetched by name, so a detached one (as CI checks out) works too
  git clone -q --no-checkout "$ROOT" "$1" && git -C "$1" fetch -q "$ROOT" "$COMMIT" &&
    git -C "$1" checkout -q --detach "$COMMIT"
}

package_hashes() { # dir -> "sha256  name" for the two store packages
  (cd "$1/dist" && sha256sum invite-sweeper-*-chrome.zip invite-sweeper-*-firefox.xpi)
}

# Where two package sets differ, entry by entry (shown only on failure).
explain() { # dir1 dir2
  local p q
  for p in "$1"/dist/invite-sweeper-*-chrome.zip "$1"/dist/invite-sweeper-*-firefox.xpi; do
    q="$2/dist/$(basename "$p")"
    cmp -s "$p" "$q" && continue
    echo "    $(basename "$p") differs:"
    diff <(zipinfo -l "$p" 2>&1 | sed 1d) <(zipinfo -l "$q" 2>&1 | sed 1d) | head -20 | sed 's/^/      /'
    mkdir -p "$WORK/x1" "$WORK/x2" && rm -rf "$WORK/x1/"* "$WORK/x2/"*
    unzip -qo "$p" -d "$WORK/x1" && unzip -qo "$q" -d "$WORK/x2"
    diff -rq "$WORK/x1" "$WORK/x2" | head -20 | sed 's/^/      /'
  done
}

# Every text a package file holds, the base64 data of the wasm2js module decoded, searched for
# the given strings (absolute paths of the clones and of this machine).
no_paths() { # package needle...
  local pkg=$1; shift
  local out="$WORK/scan"
  rm -rf "$out" && mkdir -p "$out" && unzip -qo "$pkg" -d "$out"
  node --input-type=module - "$out" "$@" <<'EOF'
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
const [dir, ...needles] = process.argv.slice(2);
const files = (d) => readdirSync(d).flatMap((n) => statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]);
let found = 0;
for (const f of files(dir)) {
  const bytes = readFileSync(f);
  const texts = [bytes.toString('latin1')];
  for (const m of texts[0].matchAll(/["'`]([A-Za-z0-9+/=]{64,})["'`]/g)) texts.push(Buffer.from(m[1], 'base64').toString('latin1'));
  for (const n of needles) {
    if (texts.some((t) => t.includes(n))) {
      console.log(`    ${f.slice(dir.length + 1)} holds ${n}`);
      found++;
    }
  }
}
process.exit(found ? 1 : 0);
EOF
}

start=$(date +%s)
echo "reproducible builds of $(git log -1 --format='%h (%cd)' --date=iso-strict "$COMMIT")"
mkdir -p "$(dirname "$A")" "$(dirname "$B")" "$C" "$CARGO_HOME_B"
# A second cargo home that shares the registry cache: the dependencies' source paths differ.
ln -s "$CARGO_HOME_REAL/registry" "$CARGO_HOME_B/registry"

# --- two clones, two builds ---
for side in A B; do
  dir=${!side}
  t=$(date +%s)
  if [ "$side" = A ]; then args=("EST5EDT" 022 "$CARGO_HOME_REAL"); else args=("NZST-12NZDT" 002 "$CARGO_HOME_B"); fi
  if clone "$dir" && isolated "${args[@]}" "$dir" ./build.sh > "$WORK/build-$side.log" 2>&1; then
    ok "clone $side builds (TZ=${args[0]}, umask ${args[1]}, ${OFFLINE:+offline, }$(elapsed "$t"))"
  else
    notok "clone $side builds (log: $WORK/build-$side.log)"
    tail -20 "$WORK/build-$side.log" | sed 's/^/    /'
  fi
  OFFLINE=true
done
package_hashes "$A" 2>/dev/null | sed 's/^/    A /'
package_hashes "$B" 2>/dev/null | sed 's/^/    B /'
if [ -n "$(package_hashes "$A" 2>/dev/null)" ] && [ "$(package_hashes "$A")" = "$(package_hashes "$B" 2>/dev/null)" ]; then
  ok "the two clones' packages are byte-identical"
else
  notok "the two clones' packages are byte-identical"
  explain "$A" "$B"
fi
needles=("$WORK" "$ROOT" "$CARGO_HOME_REAL" "$CARGO_HOME_B")
[ "${#HOME}" -gt 1 ] && needles+=("$HOME/")
for pkg in "$A"/dist/invite-sweeper-*-chrome.zip "$A"/dist/invite-sweeper-*-firefox.xpi; do
  check "$(basename "$pkg") holds no path of the clones or the machine" no_paths "$pkg" "${needles[@]}"
done

# --- the source package ---
src_a="" src_b=""
if isolated EST5EDT 022 "$CARGO_HOME_REAL" "$A" ./build.sh source > "$WORK/source-A.log" 2>&1 &&
  isolated NZST-12NZDT 002 "$CARGO_HOME_B" "$B" ./build.sh source > "$WORK/source-B.log" 2>&1; then
  src_a=$(ls "$A"/dist/invite-sweeper-*-source.zip)
  src_b=$(ls "$B"/dist/invite-sweeper-*-source.zip)
fi
if [ -n "$src_a" ] && cmp -s "$src_a" "$src_b"; then
  ok "the two clones' source packages are byte-identical ($(sha256sum < "$src_a" | cut -c1-16)…)"
else
  notok "the two clones' source packages are byte-identical"
  cat "$WORK/source-A.log" | sed 's/^/    /' | tail -5
fi
check "the source package leaves out tests, node_modules, target, dist, .tools and .git" \
  bash -c '! unzip -Z1 "$1" | grep -Eq "^(tests|bench|node_modules|target|dist|\.tools|\.git|\.ci)/"' _ "$src_a"

# --- a rebuild from the source package, as REVIEWERS.md tells a reviewer ---
block=$(awk '/<!-- reviewer-build/ { on = 1; next } on && /^```sh/ { inside = 1; next } inside && /^```/ { exit } inside' REVIEWERS.md)
if [ -z "$block" ]; then
  notok "REVIEWERS.md has a build block after its reviewer-build marker"
elif [ -n "$src_a" ]; then
  cp "$src_a" "$C/"
  t=$(date +%s)
  if isolated UTC 077 "$CARGO_HOME_REAL" "$C" bash -euo pipefail -c "$block" > "$WORK/build-C.log" 2>&1; then
    ok "REVIEWERS.md's build block runs on the unpacked source package ($(elapsed "$t"))"
  else
    notok "REVIEWERS.md's build block runs on the unpacked source package (log: $WORK/build-C.log)"
    tail -20 "$WORK/build-C.log" | sed 's/^/    /'
  fi
  package_hashes "$C/invite-sweeper" 2>/dev/null | sed 's/^/    source /'
  if [ -n "$(package_hashes "$A" 2>/dev/null)" ] && [ "$(package_hashes "$A")" = "$(package_hashes "$C/invite-sweeper" 2>/dev/null)" ]; then
    ok "the packages rebuilt from the source package have the clones' hashes"
  else
    notok "the packages rebuilt from the source package have the clones' hashes"
    explain "$A" "$C/invite-sweeper"
  fi
  # The unpacked source, packed again, is the same source package (no git there: the date
  # comes from its SOURCE_DATE_EPOCH file).
  if isolated UTC 077 "$CARGO_HOME_REAL" "$C/invite-sweeper" ./build.sh source > "$WORK/source-C.log" 2>&1 &&
    cmp -s "$src_a" "$(ls "$C"/invite-sweeper/dist/invite-sweeper-*-source.zip)"; then
    ok "the source package packed again from itself is byte-identical"
  else
    notok "the source package packed again from itself is byte-identical"
  fi
fi
check "REVIEWERS.md names the wasm-bindgen and binaryen that the lock files pin" \
  bash -c 'cd "$1" && node scripts/check-reviewers.mjs 2>&1 | sed "s/^/    /"; exit "${PIPESTATUS[0]}"' _ "$A"

echo "took $(elapsed "$start")"
if [ "$failed" -eq 0 ]; then
  rm -rf "$WORK"
else
  # Keep the logs and packages for a look; the build trees are large.
  rm -rf "$A/target" "$B/target" "$C/invite-sweeper/target" "$A/node_modules" "$B/node_modules" "$C/invite-sweeper/node_modules"
  echo "kept for a look: $WORK"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
