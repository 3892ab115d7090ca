#!/usr/bin/env bash
# Submits a partitioned first copy to Slurm: plan, then PARTITIONS partitions in parallel (a job array), then the
# merge, each step waiting for the previous one to succeed. Prints the three job ids.
#
#   submit.sh DIR PARTITIONS
#
# When a partition fails, Slurm cancels the merge (its dependency can no longer be met). Run that partition again
# and merge once it succeeded; the other partitions are not run again:
#
#   job=$(sbatch --parsable --array=<index> partition.sh DIR)
#   sbatch --dependency=afterok:$job merge.sh DIR PARTITIONS
#
# Extra sbatch options (partition, account, time limit…) can go in SBATCH_OPTIONS.
set -euo pipefail
dir=$(cd "${1:?usage: submit.sh DIR PARTITIONS}" && pwd)
partitions=${2:?usage: submit.sh DIR PARTITIONS}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
read -r -a extra <<< "${SBATCH_OPTIONS:-}"
plan=$(sbatch --parsable "${extra[@]}" --output="$dir/plan.log" "$here/plan.sh" "$dir" "$partitions")
parts=$(sbatch --parsable "${extra[@]}" --dependency="afterok:$plan" --kill-on-invalid-dep=yes \
  --array="0-$((partitions - 1))" --output="$dir/partition-%a.log" "$here/partition.sh" "$dir")
merge=$(sbatch --parsable "${extra[@]}" --dependency="afterok:$parts" --kill-on-invalid-dep=yes \
  --output="$dir/merge.log" "$here/merge.sh" "$dir" "$partitions")
echo "plan $plan partitions $parts merge $merge"
