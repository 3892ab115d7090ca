#!/usr/bin/env bash
#SBATCH --job-name=pgsinger-merge
# Step 3: checks that every partition finished and writes DIR/state.json, from which a normal run continues (it
# activates the copied table version first).
#
#   sbatch --dependency=afterok:<partitions job> merge.sh DIR PARTITIONS
#
# Environment: TAP_POSTGRES_BIN (default: tap-postgres on PATH).
set -euo pipefail
dir=${1:?usage: merge.sh DIR PARTITIONS}
partitions=${2:?usage: merge.sh DIR PARTITIONS}
tap=${TAP_POSTGRES_BIN:-tap-postgres}
states=()
for ((i = 0; i < partitions; i++)); do states+=("$dir/state-$i.jsonl"); done
"$tap" --plan "$dir/plan.json" --merge-states "${states[@]}" > "$dir/state.json.tmp"
mv "$dir/state.json.tmp" "$dir/state.json"
