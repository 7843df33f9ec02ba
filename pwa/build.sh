#!/usr/bin/env bash
# The release bundle: both pages of the app in one folder (default dist/), then the service
# worker's list of every file of it.
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
trunk build --release --offline --dist "$dist"
trunk build --release --offline --dist "$approver" --html-output approver.html approver.html
for f in "$approver"/*; do
  [ "$(basename "$f")" = sw.js ] || cp -n "$f" "$dist/"
done
node pwa/precache.mjs "$dist"
