#!/usr/bin/env bash
#SBATCH --job-name=pgsinger-partition
# Step 2: one partition of DIR/plan.json, as a task of a Slurm job array (index = SLURM_ARRAY_TASK_ID, read by the
# tap itself):
#
#   sbatch --array=0-3 partition.sh DIR     (every partition; PARTITIONS = 4)
#   sbatch --array=2 partition.sh DIR       (partition 2 again, after it failed or was killed)
#
# The target's output is appended to DIR/state-<index>.jsonl: each line is a state it committed, so a run that was
# killed leaves its last checkpoint there, and the next run of the same index resumes from it.
# Environment: TAP_POSTGRES_BIN, TARGET_POSTGRES_BIN (default: tap-postgres / target-postgres on PATH).
set -uo pipefail
dir=${1:?usage: partition.sh DIR}
index=${SLURM_ARRAY_TASK_ID:?run partition.sh as a Slurm array task (sbatch --array=...)}
tap=${TAP_POSTGRES_BIN:-tap-postgres}
target=${TARGET_POSTGRES_BIN:-target-postgres}
out="$dir/state-$index.jsonl"
args=(--config "$dir/tap.json" --catalog "$dir/catalog.json" --plan "$dir/plan.json")
if [ -s "$out" ]; then
  tail -n 1 "$out" > "$dir/resume-$index.json"
  args+=(--state "$dir/resume-$index.json")
fi
"$tap" "${args[@]}" | "$target" --config "$dir/target.json" >> "$out"
