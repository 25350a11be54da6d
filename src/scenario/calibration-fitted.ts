// The fitted scenario a calibration writes: the base scenario with the fitted values, as a complete, validated
// scenario (every default written out, expressions evaluated), preceded by a comment naming the calibration, its
// loss and the fitted values. Written out in full rather than as `extends` + overrides so it reproduces the fit
// exactly even if the base file later changes.
import { stringify } from 'yaml';

/** The YAML text of a fitted scenario. */
export function fittedScenarioYaml(resolved: Record<string, unknown>, header: readonly string[]): string {
  const comment = header.map((l) => `# ${l}`.trimEnd());
  return `${comment.join('\n')}\n${stringify(resolved, { lineWidth: 0 })}`;
}
