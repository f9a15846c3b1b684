import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FileDataSource } from '../../index.js';
import { parseSnapshot, snapshotChoices, takeSnapshot, writeSnapshot } from '../snapshot/snapshot.js';
import { cliConfig, engineChoices } from './cli-config.js';
import { isoDate } from './option-values.js';
import { openStore, storeChoice, usage, withStoreOptions, type StoreCliOptions } from './store-options.js';

interface SnapshotCliOptions extends StoreCliOptions {
  profile?: string;
  run?: string;
  out: string;
  data?: string;
  asOf?: Date;
  geocoder?: string;
}

/** `opendom snapshot`: everything a run of a profile reads, in one file (docs/simulation.md). */
export function addSnapshotCommands(program: Command): void {
  withStoreOptions(program
    .command('snapshot')
    .description('write everything a run of a profile reads — configuration, orders, inventory, locations, catalogue, parameters, the run\'s instant — to one compressed file, a dataset for run --data and replay')
    .option('--profile <id>', 'fulfillment profile id')
    .option('--run <id>', 'instead: write the snapshot the service kept of this run (serve --keep-snapshots)')
    .requiredOption('--out <file>', 'the snapshot file to write (gzip-compressed JSON; .json.gz by convention)')
    .option('--data <dir>', 'a dataset directory (default: the store)')
    .option('--as-of <date-time>', 'the instant a run of the snapshot treats as now (default: now)', isoDate)
    .option('--geocoder <id>', 'the geocoder a run of the snapshot uses for addresses without coordinates (default: the configured one)'))
    .action(async (options: SnapshotCliOptions) => {
      if (Boolean(options.profile) === Boolean(options.run)) throw usage('give --profile P (take a snapshot now) or --run RUN (the one kept of a run)');
      if (options.run) return writeKept(options.run, options);
      if (options.data && (options.store || options.database)) throw usage('--data takes the snapshot of a dataset directory; drop --store and --database, or drop --data to take it of the store');
      const raw = options.data ? await new FileDataSource(options.data).read() : await readStore(options);
      const engine = snapshotChoices(engineChoices(options));
      const now = new Date();
      const snapshot = takeSnapshot(raw, { profileId: options.profile!, asOf: (options.asOf ?? now).toISOString(), source: options.data ? `directory ${options.data}` : describeStore(options), run: cliConfig().run ?? {}, engine }, now);
      const bytes = writeSnapshot(options.out, snapshot);
      const counts = (['orders', 'inventory', 'locations', 'variants', 'rules', 'costFactors'] as const).map((c) => `${snapshot.dataset[c].length} ${c}`).join(', ');
      process.stdout.write(`Snapshot of ${options.profile!} as of ${snapshot.asOf} written to ${options.out} (${Math.round(bytes / 1024).toLocaleString('en-US')} KiB): ${counts}\n`);
    });
}

/** Writes the snapshot the service kept of a run, as it is. */
async function writeKept(runId: string, options: SnapshotCliOptions): Promise<void> {
  const store = openStore(options);
  try {
    const kept = await store.getRunSnapshot({ runId });
    if (!kept) throw usage(`no snapshot kept of run ${runId} in the store (opendom serve --keep-snapshots keeps one per run, deleted with its plan)`);
    writeFileSync(options.out, kept);
    const snapshot = parseSnapshot(kept, `run ${runId}`);
    process.stdout.write(`Snapshot of run ${runId} (${snapshot.profileId} as of ${snapshot.asOf}) written to ${options.out} (${Math.round(kept.length / 1024).toLocaleString('en-US')} KiB)\n`);
  } finally {
    await store.close();
  }
}

async function readStore(options: StoreCliOptions) {
  const choice = storeChoice(options);
  if ('directory' in choice && !existsSync(choice.directory)) throw usage(`there is no store at ${choice.directory}; import data first (opendom import --data DIR), or take the snapshot of a dataset directory with --data DIR`);
  const store = openStore(options);
  try {
    return await store.read();
  } finally {
    await store.close();
  }
}

function describeStore(options: StoreCliOptions): string {
  const choice = storeChoice(options);
  // The URL may carry a password: only its host and database are kept.
  if ('url' in choice) {
    const url = new URL(choice.url);
    return `PostgreSQL ${url.host}${url.pathname}${choice.schema ? ` schema ${choice.schema}` : ''}`;
  }
  return `store ${choice.directory}`;
}
