#!/usr/bin/env bash
# The local development publisher: a publisher key made on this machine the first time it is
# needed, kept in the cargo target directory (never committed, never shipped), so the app built
# here trusts it and the catalog and policy it serves are signed, as in a real deployment
# (README, "Deploying: publisher keys"). A deployment uses its own key and TAILOR_PUBLISHERS.
#
#   bash pwa/publisher.sh trust           prints the trusted publishers file to build with:
#                                         trust/publishers.json plus this machine's publisher
#   bash pwa/publisher.sh sign DIR [...]  signs DIR/catalog.json and DIR/policy.json (more
#                                         options, e.g. --allow-demo, go to tailor-publish sign)
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env.sh
target="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target/tailor-publisher"
dir="$(cd "$target/tailor-publisher" && pwd)"
key="$dir/publisher.tailor-key.json"
publish() { cargo run -q -p tailor-core --bin tailor-publish -- "$@"; }

ensure() {
  if [ ! -f "$key" ]; then
    chmod 700 "$dir"
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/passphrase")
    publish keygen --id local-publisher --name-zh "本机开发发布方" \
      --name-en "Local development publisher" --out "$key" \
      --passphrase-file "$dir/passphrase" > "$dir/entry.json"
  fi
  node -e '
    const fs = require("fs");
    const trust = JSON.parse(fs.readFileSync("trust/publishers.json", "utf8"));
    trust.publishers.push(JSON.parse(fs.readFileSync(process.argv[1], "utf8")));
    fs.writeFileSync(process.argv[2], JSON.stringify(trust, null, 2) + "\n");
  ' "$dir/entry.json" "$dir/publishers.json.new"
  # Rewritten only when it changes, so cargo does not rebuild the app for nothing.
  if cmp -s "$dir/publishers.json.new" "$dir/publishers.json"; then
    rm "$dir/publishers.json.new"
  else
    mv "$dir/publishers.json.new" "$dir/publishers.json"
  fi
}

case "${1:-}" in
  trust)
    ensure
    echo "$dir/publishers.json"
    ;;
  sign)
    ensure
    out="$2"
    shift 2
    publish sign --key "$key" --publisher local-publisher --publishers "$dir/publishers.json" \
      --passphrase-file "$dir/passphrase" "$@" "$out/catalog.json" "$out/policy.json"
    ;;
  *)
    echo "usage: bash pwa/publisher.sh trust | sign DIR [--allow-demo]" >&2
    exit 2
    ;;
esac
