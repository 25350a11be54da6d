#!/usr/bin/env bash
# CI: the sweep on a real Slurm cluster. Starts a single-node cluster with ../shared/slurm/slurm-up.sh (installs
# Slurm and munge from Debian if missing; needs root), runs test/sweep/slurm.test.ts — which submits the shipped
# scripts/slurm/submit-sweep.sh (a job array plus an afterok merge) on a small sweep and compares the merged tables
# with a one-machine sweep — and stops the cluster with slurm-down.sh whatever happens. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
SLURM_DIR=${SLURM_DIR:-../shared/slurm}
# Skipped (exit 0, with a note) where no cluster can be started: no cluster scripts beside the repository, or not
# root (slurm-up.sh installs packages and starts daemons). Set CASCADE_SLURM_REQUIRED=1 to make that an error.
skip() {
  echo "slurm-test: skipped: $1" >&2
  if [ "${CASCADE_SLURM_REQUIRED:-0}" = 1 ]; then exit 1; fi
  exit 0
}
[ -f "$SLURM_DIR/slurm-up.sh" ] || skip "$SLURM_DIR/slurm-up.sh not found (set SLURM_DIR)"
[ "$(id -u)" = 0 ] || skip "slurm-up.sh needs root"

trap 'bash "$SLURM_DIR/slurm-down.sh"' EXIT
bash "$SLURM_DIR/slurm-up.sh"
CASCADE_SLURM_TEST=1 npx vitest run test/sweep/slurm.test.ts
