# Sourced by .ci/install.sh: the version of every tool the build pins, each read from the one file
# that decides it, and `check_versions`, which fails naming both files when a copy disagrees.
#
#   trunk         TRUNK_VERSION below (installed with cargo install)
#   wasm-bindgen  Cargo.lock: the CLI must be the version of the library cargo resolved
#   binaryen      tests/e2e/package.json (npm installs wasm-opt; `npm ci` refuses a package-lock.json
#                 that disagrees with it)
#
# Trunk.toml repeats the last two: trunk runs offline (`offline = true`) and never downloads a
# tool, so it must name the versions it will find on PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
BINARYEN_VERSION=$(sed -n 's/^ *"binaryen": *"\([^"]*\)".*/\1/p' "$root/tests/e2e/package.json")

check_versions() {
  local ok=0 toml
  toml=$(sed -n 's/^wasm_bindgen *= *"\(.*\)".*/\1/p' "$root/Trunk.toml")
  if [ -z "$WASM_BINDGEN_VERSION" ] || [ "$toml" != "$WASM_BINDGEN_VERSION" ]; then
    echo "tool versions: wasm-bindgen is \"$toml\" in Trunk.toml ([tools] wasm_bindgen) but \"$WASM_BINDGEN_VERSION\" in Cargo.lock; write Cargo.lock's version in Trunk.toml" >&2
    ok=1
  fi
  toml=$(sed -n 's/^wasm_opt *= *"\(.*\)".*/\1/p' "$root/Trunk.toml")
  if [ -z "$BINARYEN_VERSION" ] || [ "$toml" != "version_${BINARYEN_VERSION%%.*}" ]; then
    echo "tool versions: wasm-opt is \"$toml\" in Trunk.toml ([tools] wasm_opt) but binaryen is \"$BINARYEN_VERSION\" in tests/e2e/package.json; they must name the same binaryen version (version_N for N.x.y)" >&2
    ok=1
  fi
  return $ok
}
