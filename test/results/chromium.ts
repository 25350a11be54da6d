// Test helper: open pages in headless Debian Chromium and report what a reader's browser would show — console
// messages, uncaught exceptions, log entries, every network request that is not file: or data:, and the values of
// given DOM expressions once a ready condition holds. Talks the DevTools protocol over --remote-debugging-pipe
// (fd 3 in, fd 4 out, NUL-separated JSON), so no port and no WebSocket client are needed. One browser serves
// several pages (one target each), so the start-up cost and its risk on a loaded machine are paid once.
//
// Deterministic by construction, not by retrying: nothing is read on a timer. A page is inspected only after the
// load event of its own navigation, then when `ready` holds (polled; the deadline only guards against a hang), then after
// document.fonts.ready and two animation frames, so layout and paint are done before probes and screenshot. The
// viewport is fixed by Emulation (1280 × 2000 CSS px at scale 1, whatever the window), scrollbars are hidden,
// background-tab timer throttling is off (it would slow rendering on a busy machine), prefers-reduced-motion is
// emulated (the report has no animation; this keeps any a library might add from moving), and font hinting is off.
// If Chromium dies, every pending call fails at once with its exit status and last stderr lines instead of hanging.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

export interface InspectOptions {
  /** Longest wait for the load event and for `ready` (a guard against a hang, not a pace). Default 120 s. */
  readonly timeoutMs?: number;
  /** Save a PNG of the viewport here. */
  readonly screenshot?: string;
}

/** The viewport every page gets (CSS px, device scale 1): screenshots are this size on any machine. */
export const VIEWPORT = { width: 1280, height: 2000 } as const;

/** Launch flags: the machine notes' (root, closed network), plus the rendering ones the file header explains. */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-extensions', '--mute-audio', '--hide-scrollbars',
  '--force-device-scale-factor=1', '--font-render-hinting=none', '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--remote-debugging-pipe',
  `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
];

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
}

interface Message {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
}

/** One headless Chromium; `inspect` opens each page in a fresh target. Call `close` when done. */
export class Browser {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, (msg: Message) => void>();
  private nextId = 1;
  private dead: Error | null = null;
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const toBrowser = child.stdio[3] as Writable;
    toBrowser.on('error', (e) => this.fail(new Error(`writing to chromium failed: ${e.message}`)));
    let buf = '';
    (child.stdio[4] as Readable).on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nul: number;
      while ((nul = buf.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nul)) as Message;
        buf = buf.slice(nul + 1);
        if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) p?.reject(new Error(msg.error.message));
          else p?.resolve(msg.result ?? {});
        } else if (msg.sessionId !== undefined) this.listeners.get(msg.sessionId)?.(msg);
      }
    });
    (child.stderr as Readable).on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    child.once('error', (e) => this.fail(new Error(`chromium could not start: ${e.message}`)));
    child.once('exit', (code, signal) => this.fail(new Error(`chromium exited (code ${code}, signal ${signal}); its last output: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`)));
  }

  /** Start Chromium with a fresh profile; resolves once it answers the protocol. */
  static async launch(): Promise<Browser> {
    const bin = chromiumPath();
    if (bin === null) throw new Error('chromium not installed');
    const profile = mkdtempSync(join(tmpdir(), 'cascade-chromium-'));
    // Its own process group, so close() can end the helpers (zygote, crashpad) that outlive the browser process and
    // would otherwise still be writing to the profile while it is removed.
    const child = spawn(bin, [...FLAGS, `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true });
    const browser = new Browser(child, profile);
    try {
      await browser.send('Browser.getVersion');
    } catch (e) {
      await browser.close();
      throw e;
    }
    return browser;
  }

  private fail(e: Error): void {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }

  private send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Open `url` in a new target, wait as the file header says, evaluate `probes`, optionally save a screenshot. */
  async inspect(url: string, ready: string, probes: Record<string, string>, opts: InspectOptions = {}): Promise<PageReport> {
    const timeoutMs = opts.timeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    const report: PageReport = { console: [], exceptions: [], log: [], requests: [], values: {} };
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    // The load of this navigation, told apart from about:blank's by its loader id (events may beat the reply).
    const loads = new Set<string>();
    this.listeners.set(sessionId, (msg) => {
      if (msg.method === 'Page.lifecycleEvent' && msg.params?.['name'] === 'load') loads.add(String(msg.params['loaderId']));
      else if (msg.method) record(report, msg.method, msg.params ?? {});
    });
    const send = (method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> => this.send(method, params, sessionId);
    const evaluate = async (expression: string, awaitPromise = false): Promise<unknown> =>
      ((await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise })) as { result: { value?: unknown } }).result.value;
    const waitFor = async (what: string, done: () => Promise<boolean> | boolean): Promise<void> => {
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`page not ready after ${timeoutMs} ms: ${what} (${url})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      for (const m of ['Runtime.enable', 'Log.enable', 'Network.enable', 'Page.enable']) await send(m);
      await send('Emulation.setDeviceMetricsOverride', { ...VIEWPORT, deviceScaleFactor: 1, mobile: false });
      await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-reduced-motion', value: 'reduce' }] });
      await send('Page.setLifecycleEventsEnabled', { enabled: true });
      const { loaderId, errorText } = (await send('Page.navigate', { url })) as { loaderId?: string; errorText?: string };
      if (errorText !== undefined || loaderId === undefined) throw new Error(`cannot open ${url}: ${errorText ?? 'no navigation'}`);
      await waitFor('load event', () => loads.has(loaderId));
      await waitFor(ready, async () => Boolean(await evaluate(`Boolean(${ready})`)));
      await evaluate('document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))))', true);
      for (const [k, expr] of Object.entries(probes)) report.values[k] = await evaluate(expr);
      if (opts.screenshot) {
        const shot = (await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false })) as { data: string };
        writeFileSync(opts.screenshot, Buffer.from(shot.data, 'base64'));
      }
    } finally {
      this.listeners.delete(sessionId);
      await this.send('Target.closeTarget', { targetId }).catch(() => undefined);
    }
    return report;
  }

  /**
   * Close the browser, wait for it to exit, end what is left of its process group (only the processes this browser
   * started), then remove the profile (retried: a killed helper's last writes may still be landing).
   */
  async close(): Promise<void> {
    const exited = new Promise<void>((r) => (this.child.exitCode !== null || this.child.signalCode !== null ? r() : this.child.once('exit', () => r())));
    await Promise.race([this.send('Browser.close').catch(() => undefined), exited]);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    this.child.kill();
    await exited;
    clearTimeout(timer);
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
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

/** Width and height of PNG bytes (from the IHDR chunk). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
