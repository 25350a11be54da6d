// Test helper: open a page in headless Debian Chromium and report what a reader's browser would show — console
// errors and warnings, uncaught exceptions, log entries, every network request that is not file: or data:, and
// the values of given DOM expressions once a ready condition holds. Talks the DevTools protocol over
// --remote-debugging-pipe (fd 3 in, fd 4 out, NUL-separated JSON), so no port and no WebSocket client are needed.
// Launch flags are the machine notes' (root, closed network): --headless --no-sandbox --disable-gpu --disable-quic
// --no-first-run --disable-background-networking --disable-component-update --disable-sync, a fresh --user-data-dir.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The Chromium binary, or null when none is installed. */
export function chromiumPath(): string | null {
  for (const bin of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return bin;
  }
  return null;
}

export interface PageReport {
  readonly console: { readonly type: string; readonly text: string }[];
  readonly exceptions: string[];
  readonly log: { readonly level: string; readonly text: string }[];
  readonly requests: string[];
  readonly values: Record<string, unknown>;
}

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
}

/** Open `url`, wait until `ready` (a JS expression) is truthy, evaluate `probes`, optionally save a screenshot. */
export async function inspectPage(url: string, ready: string, probes: Record<string, string>, opts: { timeoutMs?: number; screenshot?: string } = {}): Promise<PageReport> {
  const bin = chromiumPath();
  if (bin === null) throw new Error('chromium not installed');
  const profile = mkdtempSync(join(tmpdir(), 'cascade-chromium-'));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--window-size=1280,2000', 'about:blank'];
  const child = spawn(bin, flags, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const report: PageReport = { console: [], exceptions: [], log: [], requests: [], values: {} };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let buf = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8');
    let nul: number;
    while ((nul = buf.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nul)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, unknown> };
      buf = buf.slice(nul + 1);
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result ?? {});
      } else if (msg.method) record(report, msg.method, msg.params ?? {});
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  try {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    for (const m of ['Runtime.enable', 'Log.enable', 'Network.enable', 'Page.enable']) await send(m, {}, sessionId);
    await send('Page.navigate', { url }, sessionId);
    const evaluate = async (expression: string): Promise<unknown> =>
      ((await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value?: unknown } }).result.value;
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    while (!(await evaluate(`Boolean(${ready})`))) {
      if (Date.now() > deadline) throw new Error(`page not ready after ${opts.timeoutMs ?? 30_000} ms: ${ready}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [k, expr] of Object.entries(probes)) report.values[k] = await evaluate(expr);
    if (opts.screenshot) {
      const shot = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
      writeFileSync(opts.screenshot, Buffer.from(shot.data, 'base64'));
    }
    await send('Browser.close').catch(() => undefined);
  } finally {
    // Wait for Chromium to exit (it writes to its profile until then) before removing the profile directory.
    const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.kill();
    await exited;
    clearTimeout(timer);
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
  return report;
}

function record(report: PageReport, method: string, p: Record<string, unknown>): void {
  if (method === 'Runtime.consoleAPICalled') {
    const args = (p['args'] as { value?: unknown; description?: string }[]).map((a) => String(a.value ?? a.description ?? ''));
    report.console.push({ type: String(p['type']), text: args.join(' ') });
  } else if (method === 'Runtime.exceptionThrown') {
    const d = p['exceptionDetails'] as { text: string; exception?: { description?: string } };
    report.exceptions.push(`${d.text} ${d.exception?.description ?? ''}`);
  } else if (method === 'Log.entryAdded') {
    const e = p['entry'] as { level: string; text: string };
    report.log.push({ level: e.level, text: e.text });
  } else if (method === 'Network.requestWillBeSent') {
    const u = (p['request'] as { url: string }).url;
    if (!u.startsWith('file:') && !u.startsWith('data:') && u !== 'about:blank') report.requests.push(u);
  }
}
