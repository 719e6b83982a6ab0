#!/usr/bin/env bash
# Build benchmark: full build, no-change rebuild and one-page edit at 1,000, 10,000 and
# 50,000 bilingual pages, with pages/s and peak memory, beside the floor (the same pages
# read, parsed and written with nothing else; examples/floor.rs).
#
# usage: scripts/bench.sh [SIZES...]      e.g. scripts/bench.sh 1000 10000
# Sizes count pages in all (half Vietnamese, half English). Needs /usr/bin/time (GNU).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 50000}")
cargo build --release --quiet
cargo build --release --quiet --example floor
herald=target/release/herald
floor=target/release/examples/floor

measure() { # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$log" "$@" >/dev/null 2>&1 || { echo "$label: FAILED"; cat "$log"; return 1; }
  read -r secs kb < "$log"; rm -f "$log"
  printf "  %-22s %7.2f s  %6d MiB\n" "$label" "$secs" "$((kb / 1024))"
}

for total in ${sizes[*]}; do
  per_lang=$((total / 2))
  site=/tmp/herald-bench-$per_lang
  python3 scripts/gen-site.py "$site" "$per_lang"
  echo "== $total pages ($per_lang per language)"
  measure "floor" "$floor" "$site" "/tmp/herald-floor-$per_lang"
  measure "full build" "$herald" build --root "$site"
  measure "no-change rebuild" "$herald" build --root "$site"
  sed -i '0,/^## /s//Edited. \n\n## /' "$site/content/investment/p0.en.md"
  measure "one-page edit" "$herald" build --root "$site"
done
echo "(one-page edits in serve: scripts/bench-serve.py)"
