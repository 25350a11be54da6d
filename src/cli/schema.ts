// `cascade schema`: print the JSON Schema of scenario files (for editors: yaml-language-server, VS Code).
// scenarios/scenario.schema.json holds exactly this output; a test fails when it is stale.
import type { Command } from 'commander';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of scenario files (draft-07) on standard output')
    .addHelpText(
      'after',
      '\nExample:\n  cascade schema > scenarios/scenario.schema.json\n' +
        '  then start a scenario file with: # yaml-language-server: $schema=scenario.schema.json\n',
    )
    .action(async () => {
      const { scenarioJsonSchema } = await import('../scenario/json-schema.js');
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    });
}
