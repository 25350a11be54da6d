#!/usr/bin/env bash
# The Korea calm-market worked example of docs/calibration.md: the calibration (scenarios/calibrations/korea-calm.yaml,
# 44 runs), its report, and the checks of the fitted scenario outside the fit — the square-root law on SK hynix
# (`cascade impact`, 4 seeds, the same design on the fitted and the base scenario) and a 25-day run of each (seed 1)
# for the daily kurtosis and the long-run facts. Run from a built tree (npm run build). Usage:
#   bash scripts/calibration/korea-calm-fit.sh [OUT=results/calibrations/korea-calm-validation]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-results/calibrations/korea-calm-validation}
cli() { nice node dist/src/cli/main.js "$@"; }
cli calibrate scenarios/calibrations/korea-calm.yaml --workers 2 --force      # writes scenarios/korea-calm.korea-calm.fitted.yaml
cli report results/calibrations/korea-calm --formats png
for sc in korea-calm.korea-calm.fitted korea-calm; do
  cli impact "scenarios/$sc.yaml" --instrument SKH --seeds 4 --fractions 0.01,0.02,0.05,0.1,0.2 --day 1 --start 09:10 \
    --max-minutes 240 --set calendar.days=2 --workers 2 --force --out "$OUT/impact-$sc"
done
for x in fitted:korea-calm.korea-calm.fitted base:korea-calm; do
  cli run "scenarios/${x#*:}.yaml" --seed 1 --set calendar.days=25 --quiet --force --out "$OUT/${x%%:*}-25d-seed1"
  cli report "$OUT/${x%%:*}-25d-seed1" --formats svg
done
