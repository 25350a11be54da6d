#!/usr/bin/env bash
# S8 of docs/model.md §6.2: the impact experiment on both stocks of baseline.yaml and of the calm Korean market.
#   bash scripts/calibration/impact-all.sh [SEEDS=10] [OUT=results/impact]
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${1:-10}; OUT=${2:-results/impact}
for sc in korea-calm baseline; do
  for sym in SKH SEC; do
    node dist/src/cli/main.js impact "scenarios/$sc.yaml" --instrument "$sym" --seeds "$SEEDS" --start 09:10 --max-minutes 240 \
      --set calendar.days=3 --workers 2 --quiet --force --out "$OUT/$sc-$sym"
  done
done
for d in "$OUT"/*/; do python3 -c "
import json,sys; j=json.load(open('$d/impact.json'))['fit']
print(f\"$d: delta={j['delta']:.3f}±{j['deltaSe']:.3f} Y={j['y']:.3f} persistence120={j['persistence120']:.2f} sigmaD={j['sigmaDaily']*100:.2f}%\")"; done
