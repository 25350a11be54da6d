#!/usr/bin/env bash
# CI: the sweep on a real Slurm cluster. Starts a single-node cluster with ../shared/slurm/slurm-up.sh (installs
# Slurm and munge from Debian if missing; needs root), runs test/sweep/slurm.test.ts — which submits the shipped
# scripts/slurm/submit-sweep.sh (a job array plus an afterok merge) on a small sweep and compares the merged tables
# with a one-machine sweep — and stops the cluster with slurm-down.sh whatever happens. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
SLURM_DIR=${SLURM_DIR:-../shared/slurm}
if [ ! -f "$SLURM_DIR/slurm-up.sh" ]; then
  echo "slurm-test: $SLURM_DIR/slurm-up.sh not found (set SLURM_DIR)" >&2
  exit 1
fi
trap 'bash "$SLURM_DIR/slurm-down.sh"' EXIT
bash "$SLURM_DIR/slurm-up.sh"
CASCADE_SLURM_TEST=1 npx vitest run test/sweep/slurm.test.ts
