#!/usr/bin/env node
// The `cascade` command line: one file per command, each imported lazily so `--help` stays fast. Errors a user
// can fix print one line (file:line:col or a cause with a fix) and exit 2; they never show a stack trace.
import { Command } from 'commander';
import { registerBench } from './bench.js';
import { registerReplay } from './replay.js';
import { registerReport } from './report.js';
import { registerSchema } from './schema.js';
import { registerValidate } from './validate.js';
import { registerRun } from './run.js';
import { registerSweep } from './sweep.js';
import { registerMerge } from './merge.js';
import { registerCompare } from './compare.js';
import { registerImpact } from './impact.js';
import { registerCalibrate } from './calibrate.js';
import { registerAttribute } from './attribute.js';
import { registerPolicyReport } from './policy-report.js';
import { toolVersion } from './version.js';
import { UserError } from './user-error.js';

// A closed pipe (`cascade replay x.csv | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command()
  .name('cascade')
  .description('Agent-based market microstructure simulator for leverage-volatility feedback loops.')
  .version(toolVersion())
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) })
  .exitOverride();

registerRun(program);
registerReplay(program);
registerBench(program);
registerValidate(program);
registerSchema(program);
registerReport(program);
registerSweep(program);
registerMerge(program);
registerCompare(program);
registerImpact(program);
registerCalibrate(program);
registerAttribute(program);
registerPolicyReport(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}

/** Map an error to an exit code, printing a one-line message for user errors. */
function exitCodeFor(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  const code = (err as { code?: string; exitCode?: number }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // commander has already printed its message (and the help, for usage errors).
    const helpShown = code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help';
    return helpShown ? 0 : 2;
  }
  process.stderr.write(`cascade: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
