#!/usr/bin/env bash
# The release bundle: the four pages of the app (configurator, library, approver's page, verification page) in one folder (default dist/), its catalog and
# policy signed, then the service worker's list of every file of it.
#
#   bash pwa/build.sh [DIST]
#
# trunk builds one page per run: index.html (the configurator, bin `tailor`) into DIST, then
# approver.html (the approver's page, bin `approver`) into a folder of its own whose files are
# copied in beside it (the stylesheet they share has the same hashed name). pwa/precache.mjs then
# lists every file of both in sw.js, so either page opens offline.
#
# trunk writes wasm-bindgen's and wasm-opt's output in the cargo target directory
# (wasm-bindgen/release, wasm-opt/release) before copying it into the bundle, so two builds at
# once with one target directory (tests/bench.sh beside tests/run.sh, or worktrees sharing
# CARGO_TARGET_DIR) would overwrite each other's files: they take turns on a lock there.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env.sh
dist="${1:-dist}"
target="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target"
exec 9>"$target/tailor-build.lock"
flock 9
approver="$target/approver-page"
# The publishers the app trusts are built in. Unless a deployment names its own file
# (TAILOR_PUBLISHERS), this machine's development publisher is trusted and signs the bundle's
# catalog and policy (pwa/publisher.sh).
own_trust="${TAILOR_PUBLISHERS:-}"
if [ -z "$own_trust" ]; then
  TAILOR_PUBLISHERS="$(bash pwa/publisher.sh trust)"
  export TAILOR_PUBLISHERS
fi
trunk build --release --offline --dist "$dist"
trunk build --release --offline --dist "$approver" --html-output approver.html approver.html
for f in "$approver"/*; do
  [ "$(basename "$f")" = sw.js ] || cp -n "$f" "$dist/"
done
# The library page (bin `library`), likewise.
library="$target/library-page"
trunk build --release --offline --dist "$library" --html-output library.html library.html
for f in "$library"/*; do
  [ "$(basename "$f")" = sw.js ] || cp -n "$f" "$dist/"
done
# The customer's verification page (bin `verify`), likewise.
verify="$target/verify-page"
trunk build --release --offline --dist "$verify" --html-output verify.html verify.html
for f in "$verify"/*; do
  [ "$(basename "$f")" = sw.js ] || cp -n "$f" "$dist/"
done
# Signing writes and signs keys.json (the public keys the policy enrols) beside policy.json too.
if [ -z "$own_trust" ]; then
  bash pwa/publisher.sh sign "$dist" > /dev/null
fi
node pwa/precache.mjs "$dist"
