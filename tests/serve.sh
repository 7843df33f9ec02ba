#!/usr/bin/env bash
# Builds the release bundle with the embedded default catalog and serves it on localhost, with the
# README's security headers on every response (tests/e2e/serve.mjs, as in every e2e test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install.sh
source .ci/env.sh
port="${PORT:-8080}"
echo "Tailor: building the release bundle…"
bash pwa/build.sh
echo "Tailor is served at http://127.0.0.1:$port/  (Ctrl-C stops it)"
exec node tests/e2e/serve.mjs dist "$port"
