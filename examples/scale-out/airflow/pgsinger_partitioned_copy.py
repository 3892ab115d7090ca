"""A partitioned first copy of tap-postgres | target-postgres on Airflow 3 (docs/scale-out.md).

plan -> partition[0..N-1] (dynamic task mapping, run side by side) -> merge. Every worker must see PGSINGER_DIR
(a shared volume): it holds tap.json, target.json, catalog.json (and state.json when the streams have one); the
plan, each partition's output and the merged state.json are written there. A failed partition is retried by
Airflow for its own map index and resumes from the last state its target committed (state-<index>.jsonl).
Both CLIs must be on the workers' PATH.
"""

from __future__ import annotations

import os

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

PARTITIONS = int(os.environ.get("PGSINGER_PARTITIONS", "4"))
WORK = os.environ.get("PGSINGER_DIR", "/shared/pgsinger")

PLAN = f"""
set -euo pipefail
cd {WORK}
state=()
if [ -s state.json ]; then state=(--state state.json); fi
tap-postgres --config tap.json --catalog catalog.json "${{state[@]}}" --plan-partitions {PARTITIONS} > plan.json.tmp
rm -f state-*.jsonl
mv plan.json.tmp plan.json
"""

# The index comes from TAP_POSTGRES_PARTITION, set per mapped task below (Airflow itself exports no map index).
PARTITION = f"""
set -uo pipefail
cd {WORK}
out="state-$TAP_POSTGRES_PARTITION.jsonl"
args=(--config tap.json --catalog catalog.json --plan plan.json)
if [ -s "$out" ]; then
  tail -n 1 "$out" > "resume-$TAP_POSTGRES_PARTITION.json"
  args+=(--state "resume-$TAP_POSTGRES_PARTITION.json")
fi
tap-postgres "${{args[@]}}" | target-postgres --config target.json >> "$out"
"""

MERGE = f"""
set -euo pipefail
cd {WORK}
tap-postgres --plan plan.json --merge-states {" ".join(f"state-{i}.jsonl" for i in range(PARTITIONS))} > state.json.tmp
mv state.json.tmp state.json
"""

with DAG(
    dag_id="pgsinger_partitioned_copy",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_tasks=PARTITIONS,
    tags=["pgsinger", "scale-out"],
) as dag:
    plan = BashOperator(task_id="plan", bash_command=PLAN)
    partitions = BashOperator.partial(
        task_id="partition",
        bash_command=PARTITION,
        append_env=True,
        retries=3,
        retry_delay=pendulum.duration(minutes=1),
    ).expand(env=[{"TAP_POSTGRES_PARTITION": str(index)} for index in range(PARTITIONS)])
    merge = BashOperator(task_id="merge", bash_command=MERGE)
    plan >> partitions >> merge
