#!/usr/bin/env bash
# Invite Sweeper build entry point. Each command works as the first command on a fresh Debian
# clone: it installs what it needs (wasm32 target, wasm-bindgen-cli pinned to Cargo.lock, npm
# packages from package-lock.json, and for tests/demo the Debian browsers) and then does its job.
#
#   ./build.sh          build dist/chrome, dist/firefox, the packages and dist/test/{chrome,firefox}
#   ./build.sh demo     build, then run the extension on the bundled sample page (dist/demo.png)
#   ./build.sh test     build, then run every test tier; ends with "N passed, N failed"
#   ./build.sh bench    build, then run the benchmarks (bench/results.md)
#   ./build.sh lint     what CI runs for style: cargo fmt --check, clippy -D warnings, the HTML-sink check
#   ./build.sh source   write dist/invite-sweeper-<version>-source.zip for store review (REVIEWERS.md)
#
# The packages are reproducible: the same commit gives the same bytes on any machine with the
# tools REVIEWERS.md names (scripts/reproducible.sh proves it from fresh clones).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

TOOLS="$ROOT/.tools"
MACHINE_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/invite-sweeper"
export PATH="$HOME/.cargo/bin:$PATH"
CRATE=invite_sweeper

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

need_apt() {
  # Installs Debian packages that are missing; `apt-get update` only when something is missing.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  [ -f Cargo.lock ] || cargo generate-lockfile
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local ver bin cached
  ver="$(wasm_bindgen_version)"
  [ -n "$ver" ] || die "wasm-bindgen not found in Cargo.lock"
  bin="$TOOLS/wasm-bindgen-$ver/bin"
  if [ -x "$bin/wasm-bindgen" ] && "$bin/wasm-bindgen" --version | grep -q " $ver"; then
    WASM_BINDGEN_BIN="$bin"; return 0
  fi
  # The CLI must equal the crate version in Cargo.lock. A copy built earlier on this machine is
  # reused (cargo install takes minutes); otherwise it is built once into the machine cache.
  cached="$MACHINE_CACHE/wasm-bindgen-cli-$ver/bin"
  if ! { [ -x "$cached/wasm-bindgen" ] && "$cached/wasm-bindgen" --version | grep -q " $ver"; }; then
    say "installing wasm-bindgen-cli $ver (one time, a few minutes)"
    # Not --locked: the CLI's own lock pins a webpki-roots release the registry no longer serves.
    cargo install wasm-bindgen-cli --version "=$ver" --root "$MACHINE_CACHE/wasm-bindgen-cli-$ver" --quiet
  fi
  mkdir -p "$bin"
  cp "$cached/wasm-bindgen" "$cached/wasm-bindgen-test-runner" "$bin/"
  WASM_BINDGEN_BIN="$bin"
}

ensure_node() { command -v node >/dev/null && command -v npm >/dev/null || need_apt nodejs npm; }

ensure_npm() {
  ensure_node
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_browsers() {
  need_apt chromium chromium-driver firefox-esr openssl ca-certificates
}

# Runs "$@" unless every output is newer than every input (a small make for the slow steps).
fresh() { # fresh "out1 out2" "in1 in2" -> 0 when outputs are up to date
  local o i
  for o in $1; do
    [ -e "$o" ] || return 1
    for i in $2; do [ "$i" -nt "$o" ] && return 1; done
  done
  return 0
}

size_line() { # name file
  local raw gz
  raw=$(stat -c %s "$2")
  gz=$(gzip -9 -c "$2" | wc -c)
  printf '  %-34s %8s bytes raw %8s bytes gzip\n' "$1" "$raw" "$gz"
}

wasm_core() { # raw .wasm, out dir: wasm-bindgen --target web, then wasm-opt -Oz
  local raw_wasm=$1 dir=$2
  local wb="$WASM_BINDGEN_BIN/wasm-bindgen"
  local opt="$ROOT/node_modules/binaryen/bin/wasm-opt"
  if ! fresh "$dir/${CRATE}_bg.wasm $dir/$CRATE.js" "$raw_wasm $wb"; then
    rm -rf "$dir"
    "$wb" --target web --no-typescript --out-dir "$dir" --out-name "$CRATE" "$raw_wasm"
    "$opt" -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-multivalue \
      "$dir/${CRATE}_bg.wasm" -o "$dir/${CRATE}_bg.wasm"
  fi
}

# rustc flags of every wasm build, one per argument. Panic locations name source files: the
# dependencies' paths start with cargo's home and ours could start with the checkout, so both
# are rewritten to fixed names and the wasm holds no path of the machine that built it.
# Passed through CARGO_ENCODED_RUSTFLAGS (0x1f between flags) so a path with spaces survives; it
# also keeps a RUSTFLAGS from the environment out of the packages.
wasm_rustflags() { # extra flags...
  local cargo_home="${CARGO_HOME:-$HOME/.cargo}" flags=() f out=""
  flags=("--remap-path-prefix=$cargo_home=/cargo" "--remap-path-prefix=$ROOT=/invite-sweeper" "$@")
  for f in "${flags[@]}"; do out+="${out:+$'\x1f'}$f"; done
  printf '%s' "$out"
}

build_core() {
  ensure_rust
  ensure_wasm_bindgen
  ensure_npm
  local rustflags
  rustflags=$(wasm_rustflags)
  local wb="$WASM_BINDGEN_BIN/wasm-bindgen"
  local opt="$ROOT/node_modules/binaryen/bin/wasm-opt"
  local w2j="$ROOT/node_modules/binaryen/bin/wasm2js"
  local gen="$ROOT/target/gen"

  # Two cores from one crate: the content script's (feature `content`: scan, panel, run) and the
  # extension pages' (feature `pages`: the background's arbiter and the popup). Each build keeps
  # only the code its exports reach, so the page never downloads the background's code.
  say "compiling the Rust core to wasm (content script)"
  CARGO_ENCODED_RUSTFLAGS="$rustflags" \
    cargo build --quiet --release --lib --target wasm32-unknown-unknown --no-default-features --features content
  wasm_core "target/wasm32-unknown-unknown/release/$CRATE.wasm" "$gen/web"

  say "compiling the Rust core to wasm (background and popup)"
  CARGO_ENCODED_RUSTFLAGS="$rustflags" \
    cargo build --quiet --release --lib --target wasm32-unknown-unknown --no-default-features --features pages \
    --target-dir target/ext
  wasm_core "target/ext/wasm32-unknown-unknown/release/$CRATE.wasm" "$gen/ext"

  # The same Rust, a second time, for pages whose CSP forbids wasm in content scripts (Chromium):
  # one table only (no reference types), then binaryen's wasm2js turns it into plain JavaScript.
  say "compiling the Rust core to JavaScript (wasm2js fallback)"
  CARGO_ENCODED_RUSTFLAGS="$(wasm_rustflags -C target-feature=-reference-types,-multivalue)" \
    cargo build --quiet --release --lib --target wasm32-unknown-unknown --target-dir target/js \
    --no-default-features --features content
  local js_wasm="target/js/wasm32-unknown-unknown/release/$CRATE.wasm"
  if ! fresh "$gen/js/${CRATE}_bg.js $gen/js/${CRATE}_bg.wasm.js" "$js_wasm $wb scripts/strip-target-features.mjs scripts/patch-wasm2js-glue.mjs scripts/compact-js.mjs scripts/wasm2js-base64.mjs scripts/link-wasm2js.mjs package-lock.json"; then
    rm -rf "$gen/js" "$gen/js-tmp"
    mkdir -p "$gen/js-tmp"
    node scripts/strip-target-features.mjs "$js_wasm" "$gen/js-tmp/in.wasm" reference-types multivalue
    "$wb" --target bundler --no-typescript --out-dir "$gen/js-tmp" --out-name "$CRATE" "$gen/js-tmp/in.wasm"
    "$opt" -Oz --llvm-nontrapping-fptoint-lowering --llvm-memory-copy-fill-lowering \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "$gen/js-tmp/${CRATE}_bg.wasm" -o "$gen/js-tmp/lowered.wasm"
    mkdir -p "$gen/js"
    "$w2j" -Oz "$gen/js-tmp/lowered.wasm" -o "$gen/js/${CRATE}_bg.wasm.js"
    node scripts/compact-js.mjs "$gen/js/${CRATE}_bg.wasm.js"
    node scripts/wasm2js-base64.mjs "$gen/js/${CRATE}_bg.wasm.js"
    # No module of the core may import another (Chrome's dynamic URLs, see the script).
    node scripts/link-wasm2js.mjs "$gen/js/${CRATE}_bg.wasm.js"
    cp "$gen/js-tmp/${CRATE}_bg.js" "$gen/js/"
    node scripts/patch-wasm2js-glue.mjs "$gen/js"
    # Generated code only, minified (terser, pinned in package.json: deterministic): every Chrome
    # member's browser parses this build on each visit, and mangled locals halve its size.
    for f in "${CRATE}_bg.wasm.js" "${CRATE}_bg.js"; do
      "$ROOT/node_modules/.bin/terser" "$gen/js/$f" --module --compress --mangle -o "$gen/js/$f.min"
      mv "$gen/js/$f.min" "$gen/js/$f"
    done
  fi
}

assemble() { # browser outdir timescale
  local browser=$1 out=$2 scale=$3 gen="$ROOT/target/gen"
  rm -rf "$out"
  mkdir -p "$out/core" "$out/core-js" "$out/core-ext"
  cp -R extension/. "$out/"
  cp "$gen/web/$CRATE.js" "$gen/web/${CRATE}_bg.wasm" "$out/core/"
  cp "$gen/ext/$CRATE.js" "$gen/ext/${CRATE}_bg.wasm" "$out/core-ext/"
  cp "$gen/js/${CRATE}_bg.js" "$gen/js/${CRATE}_bg.wasm.js" "$out/core-js/"
  node scripts/manifest.mjs "$browser" "$out/manifest.json"
  # The only two differences between the shipped and the test build (testing-contract.md):
  # every delay and wait of a run is multiplied by TIME_SCALE ("delays divided by 100"), and the
  # panel's shadow root is closed when shipped and open for the tests' hooks.
  local shadow=closed
  [ "$scale" = 1 ] || shadow=open
  printf '// Generated by build.sh: what differs between the shipped and the test build.\nexport const TIME_SCALE = %s;\nexport const SHADOW = "%s";\nexport const BUILD = "%s";\n' "$scale" "$shadow" "$browser" > "$out/config.js"
}

# True at the top of a git checkout (not in a folder that merely sits inside another repository).
in_checkout() { command -v git >/dev/null && [ -z "$(git rev-parse --show-cdup 2>/dev/null || echo no)" ]; }

# The time stamp of every entry in the packages: the commit's date, so the same commit gives the
# same bytes (reproducible-builds.org's SOURCE_DATE_EPOCH). Taken, in order, from the
# environment, from the SOURCE_DATE_EPOCH file a source package carries, from git when this is a
# checkout, else 1980-01-01, the earliest time a zip entry can hold.
source_date_epoch() {
  if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    printf '%s\n' "$SOURCE_DATE_EPOCH"
  elif [ -f SOURCE_DATE_EPOCH ]; then
    tr -dc 0-9 < SOURCE_DATE_EPOCH; echo
  elif in_checkout; then
    git log -1 --format=%ct
  else
    echo 315532800
  fi
}

# Zips a folder the same way every time: entries sorted by path (bytes, not locale), every time
# stamp SOURCE_DATE_EPOCH read in UTC, modes 644 (755 when executable), no directory entries,
# no extra fields (-X: no uid/gid, no access times). The folder is changed in place.
pack_folder() { # folder out.zip
  local dir=$1 out=$2 epoch
  epoch=$(source_date_epoch)
  case "$out" in /*) ;; *) out="$ROOT/$out" ;; esac
  find "$dir" -type d -exec chmod 755 {} +
  find "$dir" -type f -perm /111 -exec chmod 755 {} +
  find "$dir" -type f ! -perm /111 -exec chmod 644 {} +
  find "$dir" -exec touch -h -d "@$epoch" {} +
  rm -f "$out"
  (cd "$dir" && find . -type f -printf '%P\n' | LC_ALL=C sort | TZ=UTC zip -q -X -D -9 "$out" -@)
}

# Packs a copy of an extension folder (the folder itself keeps its times for the tests).
pack_extension() { # folder out.zip
  local stage
  mkdir -p target
  stage=$(mktemp -d "$ROOT/target/pack.XXXXXX")
  cp -R "$1/." "$stage/"
  pack_folder "$stage" "$2"
  rm -rf "$stage"
}

build_all() {
  build_core
  local version
  version=$(node scripts/version.mjs)
  say "assembling dist/"
  mkdir -p dist
  assemble chrome dist/chrome 1
  assemble firefox dist/firefox 1
  assemble chrome dist/test/chrome 0.01
  assemble firefox dist/test/firefox 0.01
  rm -f dist/invite-sweeper-*-chrome.zip dist/invite-sweeper-*-firefox.xpi
  pack_extension dist/chrome "dist/invite-sweeper-$version-chrome.zip"
  pack_extension dist/firefox "dist/invite-sweeper-$version-firefox.xpi"
  say "built: dist/chrome dist/firefox dist/test/chrome dist/test/firefox"
  say "packages (sha256, the same for every build of this commit; REVIEWERS.md):"
  (cd dist && sha256sum "invite-sweeper-$version-chrome.zip" "invite-sweeper-$version-firefox.xpi" | sed 's|  |  dist/|')
  echo "core artifacts:"
  size_line "core/$CRATE""_bg.wasm (wasm)" "dist/chrome/core/${CRATE}_bg.wasm"
  size_line "core/$CRATE.js (wasm glue)" "dist/chrome/core/$CRATE.js"
  size_line "core-js/${CRATE}_bg.wasm.js (wasm2js)" "dist/chrome/core-js/${CRATE}_bg.wasm.js"
  size_line "core-js/${CRATE}_bg.js (js glue)" "dist/chrome/core-js/${CRATE}_bg.js"
  size_line "core-ext/${CRATE}_bg.wasm (pages)" "dist/chrome/core-ext/${CRATE}_bg.wasm"
}

ensure_zip() { command -v zip >/dev/null && command -v unzip >/dev/null || need_apt zip unzip; }

# What a rebuild needs and nothing else: the tracked files (and new ones git does not ignore) of
# a checkout, or the files of an unpacked source package, minus the parts only the repository
# needs (tests, benchmarks, CI, docs images, store listing).
source_files() {
  if in_checkout; then
    git -c core.quotePath=false ls-files --cached --others --exclude-standard
  else
    find . \( -path ./.git -o -path ./target -o -path ./dist -o -path ./node_modules -o -path ./.tools \) -prune \
      -o -type f -printf '%P\n'
  fi | grep -Ev '^(\.ci|bench|docs|store|tests)/|^\.gitignore$' | LC_ALL=C sort -u |
    while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done
}

source_package() {
  ensure_zip
  ensure_node
  local version epoch stage out count
  node scripts/version.mjs check
  version=$(node scripts/version.mjs)
  epoch=$(source_date_epoch)
  out="dist/invite-sweeper-$version-source.zip"
  if in_checkout && [ -n "$(git status --porcelain)" ]; then
    say "note: uncommitted changes go into the source package; the store packages must be built from the same tree"
  fi
  mkdir -p target dist
  stage=$(mktemp -d "$ROOT/target/source.XXXXXX")
  source_files | tar -cf - -T - | tar -xf - -C "$stage"
  # The date the packages' entries carry, for a rebuild that has no git history.
  printf '%s\n' "$epoch" > "$stage/SOURCE_DATE_EPOCH"
  count=$(find "$stage" -type f | wc -l)
  pack_folder "$stage" "$out"
  rm -rf "$stage"
  say "source package: $out ($count files, SOURCE_DATE_EPOCH=$epoch)"
  node scripts/check-reviewers.mjs --machine || say "the tools here differ from REVIEWERS.md: build the store packages where they agree"
}

cmd="${1:-build}"
case "$cmd" in
  build)
    ensure_zip
    build_all
    ;;
  demo)
    ensure_zip
    build_all
    ensure_browsers
    say "running the demo on the bundled sample page"
    node tests/e2e/demo.mjs
    ;;
  test)
    ensure_zip
    build_all
    ensure_browsers
    exec bash scripts/test-all.sh
    ;;
  bench)
    ensure_zip
    build_all
    ensure_browsers
    node bench/run.mjs
    ;;
  lint)
    ensure_rust
    bash scripts/lint.sh
    ;;
  source)
    source_package
    ;;
  *)
    die "unknown command '$cmd': use ./build.sh, ./build.sh demo, ./build.sh test, ./build.sh bench, ./build.sh lint or ./build.sh source"
    ;;
esac
