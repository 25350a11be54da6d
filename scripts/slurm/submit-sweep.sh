#!/usr/bin/env bash
# Submit a cascade sweep to Slurm: a job array of N shards (sweep-array.sbatch), then a merge job that starts once
# every shard succeeded (afterok) and writes <out>/merged — the same tables a one-machine sweep writes. The sweep
# is validated here first, so a mistake fails at once rather than in N queued jobs. Logs: <out>/logs/.
#
#   scripts/slurm/submit-sweep.sh <sweep.yaml> <out> <N> [sbatch options for the shards, e.g. --time=4:00:00]
#
# Environment: CPUS (per shard, default 2), NODE (default: node on PATH), CASCADE_ROOT (default: this checkout,
# built with `npm ci`). Prints the array and merge job ids on one line: "<array-id> <merge-id>".
# If a shard fails, the merge is cancelled; resubmit the shards `cascade merge` lists, then merge by hand:
#   node dist/src/cli/main.js merge <out>/shards/* --out <out>/merged
set -euo pipefail
usage="usage: $0 <sweep.yaml> <out> <N> [sbatch options]"
SWEEP=${1:?$usage}
OUT=${2:?$usage}
N=${3:?$usage}
shift 3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CASCADE_ROOT=${CASCADE_ROOT:-$(cd "$HERE/../.." && pwd)}
NODE=${NODE:-$(command -v node)}
CPUS=${CPUS:-2}
CLI="$CASCADE_ROOT/dist/src/cli/main.js"

"$NODE" "$CLI" sweep "$SWEEP" --dry-run --shard "0/$N" >&2
mkdir -p "$OUT/logs"
array=$(sbatch --parsable --array="0-$((N - 1))" --cpus-per-task="$CPUS" --output="$OUT/logs/shard-%a.out" \
  --export="ALL,CASCADE_ROOT=$CASCADE_ROOT,NODE=$NODE" "$@" "$HERE/sweep-array.sbatch" "$SWEEP" "$OUT" "$N")
array=${array%%;*}
q() { printf '%q' "$1"; }
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --job-name=cascade-merge \
  --cpus-per-task=1 --output="$OUT/logs/merge.out" \
  --wrap="cd $(q "$PWD") && exec $(q "$NODE") $(q "$CLI") merge $(q "$OUT")/shards/* --out $(q "$OUT/merged")")
merge=${merge%%;*}
echo "$array $merge"
