#!/bin/bash
# Findings of the built CLI (`npm run build` first) over the fixture corpora (each also at five
# --target trees), every rule fixture, and $DAX_REVIEW_ARCHIVE when set (also at v4.14 and v5.5):
# one sorted JSON array per run in <outdir>. For refactors that must not change what the rules say:
#   test/tools/findings-snapshot.sh /tmp/before   # on the old commit
#   test/tools/findings-snapshot.sh /tmp/after    # on the new one
#   diff -r /tmp/before /tmp/after
# Needs jq.
set -euo pipefail
out=$1
mkdir -p "$out"
cd "$(dirname "$0")/../.."
run() {
  local name=$1
  shift
  node bin/dax-review.js check --format json --no-progress --fail-on none -j 1 "$@" | jq -S '.findings' > "$out/$name.json"
}
for d in kb-mails relevant edge series-samples; do
  run "$d" "test/fixtures/corpus/$d/"
  for t in v4.14 v5.1 v5.5 v6.1 v6.15; do run "$d@$t" --target "$t" "test/fixtures/corpus/$d/"; done
done
for f in rules/*/fixtures/invalid/* rules/*/fixtures/valid/*; do
  case $f in *.json) continue ;; esac
  run "$(echo "$f" | sed 's|rules/||; s|/fixtures/|_|; s|/|_|g')" "$f"
done
if [ -n "${DAX_REVIEW_ARCHIVE:-}" ]; then
  run archive "$DAX_REVIEW_ARCHIVE"
  for t in v4.14 v5.5; do run "archive@$t" --target "$t" "$DAX_REVIEW_ARCHIVE"; done
fi
