#!/usr/bin/env bash
# Checks that the pinned tool versions agree (.ci/versions.sh), then installs what building and
# testing Tailor needs, skipping what is already there: rustfmt and clippy, the wasm target, trunk,
# wasm-bindgen-cli at the lockfile's version, Chromium with its driver, poppler and CJK fonts, and
# the e2e npm packages at package.json's versions (playwright-core, binaryen for wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
source .ci/versions.sh
check_versions

say() { printf '== %s\n' "$*"; }
# Whether command `$2…` prints the text `$1`. Never `cmd | grep -q`: under pipefail, grep
# leaving early kills a long listing with SIGPIPE and the check fails though the text is there.
prints() { local pattern="$1"; shift; [[ "$("$@" 2>/dev/null)" == *"$pattern"* ]]; }

for c in rustfmt clippy; do
  prints "$c-" rustup component list --installed || {
    say "adding the $c component"
    rustup component add "$c"
  }
done

prints wasm32-unknown-unknown rustup target list --installed || {
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

if ! prints "trunk $TRUNK_VERSION" trunk --version; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if ! prints "wasm-bindgen $WASM_BINDGEN_VERSION" wasm-bindgen --version; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
prints 'Noto Sans CJK' fc-list || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi

# Every npm package at the version package.json names (a changed version installs again).
if ! (cd tests/e2e && node -e '
  for (const [name, version] of Object.entries(require("./package.json").dependencies)) {
    if (require(`./node_modules/${name}/package.json`).version !== version) process.exit(1);
  }' 2>/dev/null); then
  say "installing npm packages (playwright-core, binaryen $BINARYEN_VERSION)"
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi
