#!/usr/bin/env bash
# Fails when extension code could parse text as HTML: page-derived strings (names, headlines,
# notes) must only ever be set as text. Covers the Rust shell and the JavaScript glue.
set -uo pipefail
cd "$(dirname "$0")/.."
pattern='set_inner_html|set_outer_html|insert_adjacent_html|innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|srcdoc|eval\(|new Function'
hits=$(grep -rnE "$pattern" src extension --include='*.rs' --include='*.js' --include='*.html' || true)
if [ -n "$hits" ]; then
  echo "HTML sinks found in extension code (use text setters instead):"
  echo "$hits"
  exit 1
fi
echo "no HTML sinks in src/ or extension/"
