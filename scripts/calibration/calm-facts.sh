#!/usr/bin/env bash
# The calm-market stylized facts of docs/model.md §6.2: scenarios/korea-calm.yaml (25 calm days) for seeds 1..N,
# then the facts per seed and pooled (python3 scripts/calibration/calm-facts.py). Usage:
#   bash scripts/calibration/calm-facts.sh [N=5] [OUT=results/calm-facts] [SCENARIO=scenarios/korea-calm.yaml]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-5}; OUT=${2:-results/calm-facts}; SC=${3:-scenarios/korea-calm.yaml}
mkdir -p "$OUT"
seq 1 "$N" | xargs -P 2 -I{} node dist/src/cli/main.js run "$SC" --seed {} --format csv --quiet --force --out "$OUT/seed{}"
node scripts/calibration/facts.mjs --json "$OUT"/seed* > "$OUT/facts.json"
python3 scripts/calibration/calm-facts.py "$OUT"
