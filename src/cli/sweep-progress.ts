// The sweep's progress display on stderr (cli-progress): on a TTY a live bar with done/total, failures, runs/s
// and ETA; otherwise (CI, Slurm logs) one plain line every few seconds. `quiet` shows nothing. The ETA is ours, not
// cli-progress's: unknown ("?") until a run of this session has finished (never "0s" before the first run), and
// formatted from whole seconds (never "30m60s").
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
    ? `${label} [{bar}] {value}/{total} | {failed} failed | {rate} runs/s | ETA {etaText}`
    : `${label} {value}/{total} runs, {failed} failed, {rate} runs/s, elapsed {duration_formatted}, eta {etaText}`;
  const bar = new cliProgress.SingleBar(
    { stream, format, hideCursor: tty, etaBuffer: 50, noTTYOutput: !tty, notTTYSchedule: LOG_INTERVAL_MS, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const payload = (p: SweepProgress): { failed: number; rate: string; etaText: string } => {
    const seconds = (performance.now() - startMs) / 1000;
    return { failed: p.failed, rate: seconds > 0 ? (p.ranNow / seconds).toFixed(2) : '0.00', etaText: etaText(p, seconds) };
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

/** Time left at this session's rate: '?' before any run of it finished; '0s' when all are done. */
export function etaText(p: Pick<SweepProgress, 'total' | 'done' | 'ranNow'>, elapsedSeconds: number): string {
  const left = p.total - p.done;
  if (left <= 0) return '0s';
  if (p.ranNow <= 0 || !(elapsedSeconds > 0)) return '?';
  return formatSeconds((left * elapsedSeconds) / p.ranNow);
}

/** Whole seconds as `1h02m03s`, `4m05s` or `7s` (rounded once, so a minute never shows 60 seconds). */
export function formatSeconds(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${two(m)}m${two(s)}s`;
  if (m > 0) return `${m}m${two(s)}s`;
  return `${s}s`;
}
