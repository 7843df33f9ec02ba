#!/usr/bin/env bash
# Runs every test: the pinned tool versions agree and what is missing is installed, formatting and
# lints, the core's native tests (worked examples, properties, checker, hostile input), the core
# priced inside headless Chromium (byte-identical to native), the release build, its size report,
# and the end-to-end tests driving the built app.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==== %s\n' "$*"; }

step "tool versions agree; install what is missing"
bash .ci/install.sh
source .ci/env.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy -p tailor-core --all-targets -- -D warnings
cargo clippy -p tailor --target wasm32-unknown-unknown -- -D warnings

step "core, native"
cargo test -p tailor-core
cargo test -p tailor --lib

step "core, in headless Chromium (wasm-bindgen-test)"
cargo test -p tailor-core --no-default-features --target wasm32-unknown-unknown --test wasm_examples

step "release bundle"
bash pwa/build.sh

step "size report"
node tests/e2e/size-report.mjs dist

step "end-to-end, headless Chromium"
node --test --test-concurrency=1 tests/e2e/
