#!/bin/bash
# Reproduces docs/korea-2026.md: run from the repository root after `npm ci` (and a build); writes /tmp/seeds/<run>-<seed>/.
# Usage: bash scripts/calibration/korea-seeds.sh [seeds=10] [parallel jobs=2]; then python3 scripts/calibration/korea-summary.py [seeds]
# A run whose <run>-<seed>.err exists is skipped (resume after an interruption: delete /tmp/seeds to start afresh).
# Per seed: all agents over the 5 days (T1-T13), and over days 0-2 (enough for the stress day) the counterfactuals of
# T14 (leveraged-etf, option-dealer and margin-accounts disabled together and each alone) and the long-gamma twin of
# T9/T8 (dealers long a book of the same size). Without the leveraged ETFs the options fund buys no calls, so the SK
# hynix dealers start with the hedge of their own book only (the scenario's endowment.positionsWith does that). Long gamma: the same book long, sized so the dealers are net long $0.5B per 1% (0.379e9 per
# dealer less the fund's 0.258e9 short), hedged at the start (-1,192,919 + 1,672,727 shares each).
N=${1:-10}; JOBS=${2:-2}
SC=scenarios/korea-2026.yaml
OUT=/tmp/seeds; mkdir -p $OUT
LONG_BOOK='agents.option-dealer.book=[{strikePct: 100, expiryDays: 10, openInterest: 1000000, kind: call, side: long}, {strikePct: 90, expiryDays: 20, openInterest: 1000000, kind: put, side: long}]'
run() { # label seed days args...
  local label=$1 seed=$2 days=$3; shift 3
  : > $OUT/$label-$seed.err
  nice node dist/src/cli/main.js run $SC --seed $seed --set calendar.days=$days --out $OUT/$label-$seed --force --format csv --quiet "$@" \
    >/dev/null 2>$OUT/$label-$seed.err || echo "FAIL $label $seed"
}
jobs_list() {
  for seed in $(seq 1 $N); do
    echo "all $seed 5"
    echo "no-forced $seed 3 --disable leveraged-etf --disable option-dealer --disable margin-accounts"
    echo "no-letf $seed 3 --disable leveraged-etf"
    echo "no-dealer $seed 3 --disable option-dealer"
    echo "no-margin $seed 3 --disable margin-accounts"
    echo "long-gamma $seed 3 --set LONG_BOOK --set agents.option-dealer.targetGammaKrwPer1Pct=523020000000 --set LONG_ENDOW"
  done
}
export -f run; export SC OUT
jobs_list | while read -r label seed days rest; do
  args=()
  for a in $rest; do
    case $a in
      LONG_BOOK) args+=("$LONG_BOOK");;
      LONG_ENDOW) args+=('agents.option-dealer.endowment={positions: {SKH: 479808}}');;
      *) args+=("$a");;
    esac
  done
  [ -e "$OUT/$label-$seed.err" ] && continue
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
  run "$label" "$seed" "$days" "${args[@]}" &
done
wait
echo done
