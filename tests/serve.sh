#!/usr/bin/env bash
# Builds the release bundle with the embedded default catalog and serves it on localhost, with the
# README's security headers on every response (tests/e2e/serve.mjs, as in every e2e test). The
# catalog and policy are signed by this machine's development publisher (pwa/publisher.sh).
#
#   bash tests/serve.sh          the production policy: no approver enrolled
#   bash tests/serve.sh --demo   demo mode: the demo policy, whose demo approvers
#                                (public/demo-keys/) can sign; everything is marked DEMO
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install.sh
source .ci/env.sh
port="${PORT:-8080}"
demo=()
if [ "${1:-}" = "--demo" ]; then demo=(--demo); fi
echo "Tailor: building the release bundle…"
bash pwa/build.sh
echo "Tailor is served at http://127.0.0.1:$port/${demo:+  in demo mode}  (Ctrl-C stops it)"
exec node tests/e2e/serve.mjs dist "$port" "${demo[@]}"
