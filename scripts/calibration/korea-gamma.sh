#!/bin/bash
# Gamma-sign ablation on korea-2026, seeds 1-5: dealers short the option fund's calls (net short gamma, the
# scenario as shipped) versus dealers also long 6M calls each (net long gamma of similar size), hedged accordingly.
for seed in 1 2 3 4 5; do
  node dist/src/cli/main.js run scenarios/korea-2026.yaml --seed $seed --out /tmp/gamma/long-$seed --force --format csv --quiet \
    --set 'agents.option-dealer.book=[{strikePct: 100, expiryDays: 21, openInterest: 6000000, side: long}]' \
    --set 'agents.option-dealer.endowment={positions: {SKH: -1650000}}' >/dev/null 2>/tmp/gamma-long-$seed.err || echo "FAIL long $seed"
done
python3 - <<'PY'
import json, statistics as st
for lab, d in [('short (as shipped)', '/tmp/seeds/all-{}'), ('long', '/tmp/gamma/long-{}')]:
    v=[json.load(open(d.format(s)+'/summary.json')) for s in range(1,6)]
    rv=[x['realized_vol.SKH'] for x in v]; r=[x['return.SKH'] for x in v]
    print(lab, 'SKH realised vol mean', round(st.mean(rv),4), [round(x,4) for x in rv], 'SKH return mean', round(st.mean(r),4))
PY
