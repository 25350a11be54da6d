// The sweep's progress display on stderr (cli-progress): on a TTY a live bar with done/total, failures, runs/s
// and ETA; otherwise (CI, Slurm logs) one plain line every few seconds. `quiet` shows nothing.
import cliProgress from 'cli-progress';
import type { SweepProgress } from '../sweep/execute.js';

/** Seconds between lines when stderr is not a terminal. */
const LOG_INTERVAL_MS = 5000;

export interface ProgressDisplay {
  update(p: SweepProgress): void;
  stop(): void;
}

/** A progress display for `label` (the sweep's name); `startMs` is the session's start (performance.now()). */
export function sweepProgress(label: string, mode: 'show' | 'quiet', startMs: number, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (mode === 'quiet') return { update: () => undefined, stop: () => undefined };
  const tty = stream.isTTY === true;
  const format = tty
    ? `${label} [{bar}] {value}/{total} | {failed} failed | {rate} runs/s | ETA {eta_formatted}`
    : `${label} {value}/{total} runs, {failed} failed, {rate} runs/s, elapsed {duration_formatted}, eta {eta_formatted}`;
  const bar = new cliProgress.SingleBar(
    { stream, format, hideCursor: tty, etaBuffer: 50, noTTYOutput: !tty, notTTYSchedule: LOG_INTERVAL_MS, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const payload = (p: SweepProgress): { failed: number; rate: string } => {
    const seconds = (performance.now() - startMs) / 1000;
    return { failed: p.failed, rate: seconds > 0 ? (p.ranNow / seconds).toFixed(2) : '0.00' };
  };
  return {
    update(p) {
      if (!started) {
        bar.start(p.total, p.done, payload(p));
        started = true;
      } else bar.update(p.done, payload(p));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
