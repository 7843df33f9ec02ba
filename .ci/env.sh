# Sourced by the scripts: puts cargo's tools and npm's binaryen (wasm-opt at the version Trunk.toml
# names, see .ci/versions.sh) first on PATH.
# Never Debian's binaryen: its old wasm-opt builds a bundle that shows a blank page.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
