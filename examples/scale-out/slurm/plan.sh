#!/usr/bin/env bash
#SBATCH --job-name=pgsinger-plan
# Step 1 of a partitioned first copy (docs/scale-out.md): writes DIR/plan.json for PARTITIONS partitions.
#
#   sbatch plan.sh DIR PARTITIONS        (submit.sh chains the three steps)
#
# DIR holds tap.json, target.json and catalog.json, and state.json when the streams have one (its other bookmarks are
# kept by the merge). A new plan removes the partition outputs of an older one: they would be refused anyway.
# Environment: TAP_POSTGRES_BIN (default: tap-postgres on PATH).
set -euo pipefail
dir=${1:?usage: plan.sh DIR PARTITIONS}
partitions=${2:?usage: plan.sh DIR PARTITIONS}
tap=${TAP_POSTGRES_BIN:-tap-postgres}
state=()
if [ -s "$dir/state.json" ]; then state=(--state "$dir/state.json"); fi
"$tap" --config "$dir/tap.json" --catalog "$dir/catalog.json" "${state[@]}" --plan-partitions "$partitions" \
  > "$dir/plan.json.tmp"
rm -f "$dir"/state-*.jsonl "$dir"/resume-*.json
mv "$dir/plan.json.tmp" "$dir/plan.json"
