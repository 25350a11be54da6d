// `cascade validate <file>...`: load each scenario (extends, --set overrides, expressions, schema) and report.
// A good file prints `file: ok` on stdout; a bad one prints every diagnostic `file:line:col: message` on stderr.
// Exit 2 if any file is bad. The scenario modules load lazily so `cascade --help` stays fast.
import type { Command } from 'commander';

interface ValidateOptions {
  set?: string[];
  allowLarge?: boolean;
}

const HELP = `
Each problem is reported as file:line:col: message, at the value (or key) that caused it,
including values inherited through \`extends:\` (reported in the parent file).

--set applies to every file, after extends and before validation:
  --set seed=7                          a key path (keys and list indices: market.instruments.0.initialPrice=71000)
  --set agents.noise-trader.pMarket=0.3 a param of every noise-trader group (count/endowment go to the group)
  --set calendar.stressDay=null         null removes a key (its default applies)

Examples:
  cascade validate scenarios/baseline.yaml
  cascade validate scenarios/*.yaml --set calendar.days=2
`;

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check scenario files; print `file: ok` or every problem as file:line:col: message')
    .argument('<files...>', 'scenario YAML files')
    .option('--set <path=value>', 'override a value before validation; repeatable', collect)
    .option('--allow-large', 'do not report scenarios whose resource estimate passes the limit')
    .addHelpText('after', HELP)
    .action(async (files: string[], o: ValidateOptions) => {
      const { loadScenario, ScenarioError, formatDiagnostic } = await import('../scenario/load.js');
      const { estimateResources, resourceProblem } = await import('../scenario/resources.js');
      let bad = 0;
      for (const file of files) {
        try {
          const { scenario } = loadScenario(file, { set: o.set ?? [] });
          const why = o.allowLarge === true ? undefined : resourceProblem(estimateResources(scenario));
          if (why !== undefined) {
            bad++;
            process.stderr.write(`${file}: ${why}\n`);
            continue;
          }
          process.stdout.write(`${file}: ok\n`);
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          bad++;
          for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        }
      }
      if (bad > 0) process.exitCode = 2;
    });
}

function collect(v: string, acc: string[] | undefined): string[] {
  return [...(acc ?? []), v];
}
