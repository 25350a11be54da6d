#!/bin/bash
# Reproduces docs/korea-2026.md: run from the repository root after `npm ci`; writes /tmp/seeds/<label>-<seed>/.
# korea-2026 across seeds 1-5, all agents and each counterfactual; summaries into /tmp/seeds/<label>-<seed>/
mkdir -p /tmp/seeds
for seed in 1 2 3 4 5; do
  for label in all leveraged-etf option-dealer margin-accounts foreign-seller; do
    args=""; [ "$label" != all ] && args="--disable $label"
    node dist/src/cli/main.js run scenarios/korea-2026.yaml --seed $seed --out /tmp/seeds/$label-$seed --force --format csv --quiet $args >/dev/null 2>/tmp/seeds/$label-$seed.err || echo "FAIL $label $seed"
  done
done
echo done
