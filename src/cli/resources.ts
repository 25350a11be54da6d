// The resource check of `run` (and `sweep`): a scenario whose estimate passes the documented limit is refused with
// one line unless --allow-large (scenario/resources.ts holds the estimate and the limits).
import type { Scenario } from '../scenario/schema.js';
import { estimateResources, resourceProblem } from '../scenario/resources.js';
import { UserError } from './user-error.js';

/** Throw a UserError naming `file` when the scenario is too large and `allowLarge` is not set. */
export function checkResources(file: string, s: Scenario, disabled: readonly string[], allowLarge: boolean): void {
  if (allowLarge) return;
  const why = resourceProblem(estimateResources(s, disabled));
  if (why !== undefined) throw new UserError(`${file}: ${why}`);
}
