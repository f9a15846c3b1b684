import type { Command } from 'commander';
import { listPlugins } from '../../index.js';
import { cliConfig, engineChoices } from './cli-config.js';
import { plural, table } from './format.js';

/** `opendom plugins`: every registered plugin, the built-in ones and those of the configuration's packages. */
export function addPluginCommands(program: Command): void {
  program
    .command('plugins')
    .description('list every registered plugin — built in, and from the plugin packages of the configuration — with id, version, kind, package and options schema')
    .option('--json', 'print the list as JSON, each plugin with its options schema')
    .action((options: { json?: boolean }) => {
      const plugins = listPlugins(engineChoices().plugins);
      if (options.json) return void process.stdout.write(`${JSON.stringify(plugins, null, 2)}\n`);
      const { path } = cliConfig();
      process.stdout.write(`${table([['kind', 'id', 'version', 'package', 'options'], ...plugins.map((p) => [p.kind, p.id, p.version, p.package, optionNames(p.optionsSchema)])])}\n`);
      process.stdout.write(`${plural(plugins.length, 'plugin')}; configuration: ${path ?? 'none (no opendom.config.json here; give one with --config FILE)'}. Options schemas: opendom plugins --json.\n`);
    });
}

/** The option names of a schema, for the table (`—` for none). */
function optionNames(schema: object): string {
  const properties = (schema as { properties?: Record<string, unknown> }).properties;
  return properties && Object.keys(properties).length > 0 ? Object.keys(properties).join(', ') : '—';
}
