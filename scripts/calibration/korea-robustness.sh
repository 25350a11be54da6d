#!/bin/bash
# The referee's variations of docs/korea-2026.md ("Robustness"): for seeds 1..N (default 5) the five-day Korea run with
# LETF AUM x2, the SK hynix swap fund at L = 3, margin maintenance 160%, and the dealers' gamma flipped (the same book
# long, as korea-seeds.sh's long-gamma twin). The calibrated runs are korea-seeds.sh's /tmp/seeds/all-<seed>.
# Usage (repository root, after npm ci and a build): bash scripts/calibration/korea-robustness.sh [seeds=5] [jobs=2];
# then python3 scripts/calibration/korea-robustness.py [seeds=5]. Writes /tmp/robust/<variant>-<seed>/ (resumable).
N=${1:-5}; JOBS=${2:-2}
SC=scenarios/korea-2026.yaml
OUT=/tmp/robust; mkdir -p $OUT
LONG_BOOK='agents.option-dealer.book=[{strikePct: 100, expiryDays: 10, openInterest: 1000000, kind: call, side: long}, {strikePct: 90, expiryDays: 20, openInterest: 1000000, kind: put, side: long}]'
for seed in $(seq 1 $N); do
  for v in aum2 lev3 maint160 gammaflip; do
    [ -e "$OUT/$v-$seed.err" ] && continue
    case $v in
      aum2) args=(--set params.letfAumScale=2);;
      lev3) args=(--set market.instruments.3.leverage=3 --set agents.10.params.leverage=3 --set agents.20.params.leverage=3);;
      maint160) args=(--set params.marginMaintenance=1.6);;
      gammaflip) args=(--set "$LONG_BOOK" --set agents.option-dealer.targetGammaKrwPer1Pct=523020000000 --set 'agents.option-dealer.endowment={positions: {SKH: -1192919}, positionsWith: {leveraged-etf: {SKH: 1672727}}}');;
    esac
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 1; done
    ( : > $OUT/$v-$seed.err
      nice node dist/src/cli/main.js run $SC --seed $seed --out $OUT/$v-$seed --force --format csv --quiet "${args[@]}" >/dev/null 2>$OUT/$v-$seed.err \
        || echo "FAIL $v $seed" ) &
  done
done
wait
echo done
