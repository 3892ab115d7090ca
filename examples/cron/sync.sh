#!/usr/bin/env bash
# Runs `tap-postgres | target-postgres` for one config directory and keeps its state.json safe. For cron:
#
#   */15 * * * *  /path/to/examples/cron/sync.sh /etc/pgsinger/shop >> /var/log/pgsinger-shop.log 2>&1
#
# CONFIG_DIR holds tap.json, target.json, catalog.json and (after the first run) state.json. The new state is the
# last line the target prints; it goes to a temp file in CONFIG_DIR, is fsynced, and is renamed over state.json only
# when BOTH processes exit 0 — or the tap exits 3 (some streams failed, the others were synced and its final state
# is valid for all) and the target 0 — so a failed or interrupted run leaves the previous state.json exactly as it was
# and the next run resumes from it. A lock (flock on CONFIG_DIR/.sync.lock) makes a second concurrent run exit 75.
#
# Environment: TAP_POSTGRES_BIN, TARGET_POSTGRES_BIN (default: tap-postgres / target-postgres on PATH),
# SYNC_LOCK_WAIT (seconds to wait for the lock, default 0: refuse at once).
#
# Exit codes (docs/operations.md says what to do for each):
#   0      the run succeeded and state.json was updated (or the target printed no new state)
#   1      tap or target failed with a known error (the CRITICAL line in the log says which and why)
#   3      some streams failed (their ERROR lines say why); the others were synced and state.json was updated
#   2..125 the tap's or target's own exit code (the target's when it failed, else the tap's)
#   64     usage: no CONFIG_DIR given
#   66     CONFIG_DIR or one of tap.json, target.json, catalog.json is missing
#   73     the new state could not be written or renamed into place (disk full, permissions)
#   75     another run holds the lock (nothing was done)
#   128+N  tap or target (or this script) was stopped by signal N, e.g. 130 SIGINT, 143 SIGTERM
set -uo pipefail

log() { printf '%s sync.sh: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

if [ $# -ne 1 ]; then
  echo "usage: sync.sh CONFIG_DIR" >&2
  exit 64
fi
dir=${1%/}
for file in tap.json target.json catalog.json; do
  if [ ! -f "$dir/$file" ]; then
    log "$dir/$file not found"
    exit 66
  fi
done
tap=${TAP_POSTGRES_BIN:-tap-postgres}
target=${TARGET_POSTGRES_BIN:-target-postgres}
state="$dir/state.json"

exec 9>>"$dir/.sync.lock"
if ! flock -w "${SYNC_LOCK_WAIT:-0}" 9; then
  log "another sync of $dir is running (lock $dir/.sync.lock held); not starting"
  exit 75
fi

output=$(mktemp "$dir/.target-output.XXXXXX") || exit 73
next=$(mktemp "$dir/.state.json.XXXXXX") || { rm -f "$output"; exit 73; }
cleanup() { rm -f "$output" "$next"; }
trap cleanup EXIT
trap 'log "stopped by SIGINT"; exit 130' INT
trap 'log "stopped by SIGTERM"; exit 143' TERM

state_args=()
# An existing but empty state.json goes to the tap too: it refuses it (exit 1) rather than silently starting over.
if [ -e "$state" ]; then
  state_args=(--state "$state")
  log "resuming from $state"
else
  log "no state yet: first run"
fi

"$tap" --config "$dir/tap.json" --catalog "$dir/catalog.json" ${state_args[@]+"${state_args[@]}"} \
  | "$target" --config "$dir/target.json" >"$output"
codes=("${PIPESTATUS[@]}")
tap_code=${codes[0]}
target_code=${codes[1]}

# Tap exit 3: the streams that failed keep their bookmarks in its final state, so that state is kept too — the
# synced streams (and a LOG_BASED slot) move on while the failed ones are fixed.
partial=0
if [ "$tap_code" -eq 3 ] && [ "$target_code" -eq 0 ]; then
  partial=1
elif [ "$tap_code" -ne 0 ] || [ "$target_code" -ne 0 ]; then
  log "failed (tap exit $tap_code, target exit $target_code); $state left unchanged"
  if [ "$target_code" -ne 0 ]; then exit "$target_code"; fi
  exit "$tap_code"
fi

last=$(grep -v '^[[:space:]]*$' "$output" | tail -n 1)
if [ -z "$last" ]; then
  log "succeeded; the target printed no state, $state unchanged"
  exit $((partial * 3))
fi
if ! printf '%s\n' "$last" >"$next" || ! sync "$next" || ! mv -f "$next" "$state" || ! sync "$dir"; then
  log "could not write $state (disk full? permissions?); the previous state is kept"
  exit 73
fi
if [ "$partial" -eq 1 ]; then
  log "some streams failed (tap exit 3: see its ERROR lines); the others were synced, new state in $state"
  exit 3
fi
log "succeeded; new state in $state"
exit 0
