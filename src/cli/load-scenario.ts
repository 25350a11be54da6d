// Load a scenario for a command, turning every diagnostic into the user-facing error (one `file:line:col: message`
// line each, exit 2) — shared by `run` and the later sweep commands.
import { UserError } from './user-error.js';
import type { LoadedScenario } from '../scenario/load.js';

export async function loadOrExit(file: string, set: readonly string[]): Promise<LoadedScenario> {
  const { loadScenario, ScenarioError, formatDiagnostic } = await import('../scenario/load.js');
  try {
    return loadScenario(file, { set: [...set] });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UserError(e.diagnostics.map(formatDiagnostic).join('\n'));
    throw e;
  }
}
