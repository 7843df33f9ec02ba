#!/usr/bin/env bash
# The benchmark suite: one command, one report of every figure with its target and PASS/FAIL,
# also written as JSON to target/bench-report.json (compare it across commits).
#
# 1. the core natively (criterion, short runs): pricing 10…10,000 lines, the default catalog's
#    checks, signing and verifying an approval chain;
# 2. the core in headless Chromium: the same 1,000-line quote priced by the wasm build, and the
#    incremental one-line reprice at 5,000 lines (core/tests/wasm_reprice.rs);
# 3. edit-to-paint in the app with a 200-line proposal, and which lines an edit repaints;
# 4. load: bundle sizes, first visit on throttled "Fast 3G", offline reload from the service worker;
# 5. memory with a 1,000-line proposal open;
# 6. scale: 1,000 and 5,000 lines over 1,500 sites — opening, DOM elements, edit-to-paint, a
#    bulk edit of every site.
#
# It builds its own release bundle in target/dist-bench and keeps criterion's data in
# target/bench-criterion, so it never disturbs dist/ or another run's target/criterion.
# About 3 minutes on 2 cores once everything is compiled. Exits 1 when a target is missed.
# BENCH_SKIP_BUILD=1 reuses target/dist-bench as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install.sh >/dev/null
source .ci/env.sh

step() { printf '\n==== %s\n' "$*"; }
DIST=target/dist-bench
export CRITERION_HOME="$PWD/target/bench-criterion"
CRITERION_ARGS=(--warm-up-time 1 --measurement-time 3)

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  step "release bundle → $DIST"
  bash pwa/build.sh "$DIST"
fi

step "core, native (criterion)"
rm -rf "$CRITERION_HOME"
cargo bench -p tailor-core --bench pricing --bench approval -- "${CRITERION_ARGS[@]}"

step "core in headless Chromium: a one-line edit repriced incrementally at 5,000 lines (wasm-bindgen-test)"
rm -f target/bench-wasm-reprice.json
cargo test -p tailor-core --no-default-features --target wasm32-unknown-unknown --release \
  --test wasm_reprice -- --nocapture 2>&1 | tee target/bench-wasm-reprice.log || true
sed -n 's/.*TAILOR_BENCH wasm_reprice_5000_one_line //p' target/bench-wasm-reprice.log \
  > target/bench-wasm-reprice.json || true

step "sample quote files (200 and 1,000 lines; 1,000 and 5,000 over 1,500 sites)"
quotes="$PWD/target/bench-quotes"
mkdir -p "$quotes"
for n in 200 1000; do
  cargo run -q -p tailor-core --example sample_quote -- "$n" "$quotes/sample-$n.tailor.json"
done
# At scale: 1,000 and 5,000 lines over the 1,500 sites of a provincial network.
for n in 1000 5000; do
  cargo run -q -p tailor-core --example sample_quote -- "$n" "$quotes/network-$n.tailor.json" 1500
done

step "bundle size"
node tests/e2e/size-report.mjs "$DIST" || true

step "the app in headless Chromium"
rm -f target/bench-browser.json
TAILOR_DIST="$DIST" node tests/bench/browser.mjs "$quotes/sample-200.tailor.json" "$quotes/sample-1000.tailor.json" \
  "$quotes/network-1000.tailor.json" "$quotes/network-5000.tailor.json" || true

step "report"
node tests/bench/report.mjs "$CRITERION_HOME"
