import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { createEngine, ROLES, type Attributes, type Role, type SuggestRequest, type SuggestResult } from '../../index.js';
import { startService } from '../http/service.js';
import { money } from './summary.js';
import { table } from './format.js';
import { withStore } from './store-commands.js';
import type { ServiceClient } from './service-client.js';
import { DEFAULT_STORE, openCommandStore, openStore, positiveInteger, storeChoice, usage, withStoreOptions, type StoreCliOptions } from './store-options.js';
import { cliConfig, engineChoices } from './cli-config.js';

/** `serve`, `keys` and `suggest`: OpenDOM as a service, its keys, and a suggestion from the shell. */
export function addServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (docs/service.md): runs, plans, lines, suggest, imports, schedules; on the embedded store or PostgreSQL')
    .option('--store <dir>', `embedded store directory (default: ${DEFAULT_STORE})`)
    .option('--database <url>', 'PostgreSQL connection URL (default: $OPENDOM_DATABASE_URL, else the embedded store)')
    .option('--schema <name>', 'PostgreSQL schema of the store (default: public)')
    .option('--host <host>', 'address to listen on; beyond loopback only once an API key exists (default: 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free port (default: 8080)', port)
    .option('--geocoder <id>', 'geocoder for addresses without coordinates, e.g. dom/us-zip (default: dom/coordinates)')
    .option('--apply-group <orders>', 'orders applied per transaction (default 100)', positiveInteger)
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace (default: info)')
    .option('--body-limit <MiB>', 'largest request body; a larger one gets 413 (default 64)', positiveInteger)
    .option('--auth-failures <n>', 'failed authentications allowed per client address and minute, then 429 (default 20)', positiveInteger)
    .option('--run-nice <n>', "scheduling priority of runs' threads on Linux, 0 (the requests') to 19 (lowest); default 10", niceValue)
    .option('--keep-snapshots', 'keep the snapshot of each run in the store (replay, why-not; deleted with its plan)')
    .option('--redis <url>', "solve runs' batches on worker processes (opendom worker) through a BullMQ queue on this Redis; needs --database (default: $OPENDOM_REDIS_URL, else runs solve here)")
    .option('--queue-prefix <prefix>', 'key prefix of the queue in Redis (default: opendom)')
    .action(async (options: StoreCliOptions & { host?: string; port?: number; geocoder?: string; logLevel?: string; bodyLimit?: number; authFailures?: number; runNice?: number; keepSnapshots?: boolean; redis?: string; queuePrefix?: string }) => {
      const { applyGroup, ...store } = storeChoice(options);
      const settings = cliConfig().serve ?? {};
      const bodyLimitMiB = options.bodyLimit ?? settings.bodyLimitMiB;
      const authFailures = options.authFailures ?? settings.authFailuresPerMinute;
      const runNice = options.runNice ?? settings.runNice;
      const redis = options.redis ?? process.env.OPENDOM_REDIS_URL;
      const service = await startService({
        store,
        host: options.host ?? settings.host ?? '127.0.0.1',
        port: options.port ?? settings.port ?? 8080,
        logLevel: options.logLevel ?? settings.logLevel ?? 'info',
        version: packageVersion(),
        engine: engineChoices(options),
        ...(cliConfig().run ? { runDefaults: cliConfig().run } : {}),
        ...(applyGroup ? { applyGroupSize: applyGroup } : {}),
        ...(bodyLimitMiB ? { bodyLimit: bodyLimitMiB * 1024 * 1024 } : {}),
        ...(authFailures ? { authFailuresPerMinute: authFailures } : {}),
        ...(runNice !== undefined ? { runNice } : {}),
        ...(options.keepSnapshots ?? settings.keepSnapshots ? { keepSnapshots: true } : {}),
        ...(redis ? { distributed: { redis, ...(options.queuePrefix ? { prefix: options.queuePrefix } : {}) } } : {}),
      });
      // SIGTERM (again and again, as process managers and wrappers send it) shuts down gracefully; a second Ctrl-C forces it.
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return void (signal === 'SIGINT' && process.exit(130));
        stopping = true;
        void service.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });

  const keys = program.command('keys').description('API keys of the service: shown once when created, stored only as a hash');
  withStoreOptions(keys.command('create').description('create an API key and print it (once)'))
    .requiredOption('--role <role>', `${ROLES.join(', ')}: read sees everything and changes nothing; operate also runs, applies, rejects, resets and suggests; admin also imports, configures, cleans up and manages keys`, role)
    .option('--name <name>', 'what the key is for (e.g. the system that uses it)', '')
    .action((options: StoreCliOptions & { role: Role; name: string }) =>
      withStore(options, async (store) => {
        const { key, listing } = await store.createKey(options.role, options.name);
        process.stdout.write(`${key}\n`);
        process.stderr.write(`Key ${listing.id} (${listing.role}${listing.name ? `, ${listing.name}` : ''}) created. It is shown this once: keep it now (e.g. export OPENDOM_KEY=…).\n`);
      }));
  withStoreOptions(keys.command('list').description('list the API keys (never their secrets)'))
    .action((options: StoreCliOptions) =>
      withStore(options, async (store) => {
        const listed = await store.listKeys();
        if (listed.length === 0) return void process.stdout.write('No API keys. Create one with opendom keys create --role admin.\n');
        const rows = listed.map((k) => [k.id, k.role, k.name, k.createdAt.toISOString(), k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active']);
        process.stdout.write(`${table([['id', 'role', 'name', 'created', 'state'], ...rows])}\n`);
      }));
  withStoreOptions(keys.command('revoke').description('revoke an API key: it stops working at once (within seconds in other running services)').argument('<id>', 'the key\'s id (opendom keys list)'))
    .action((id: string, options: StoreCliOptions) =>
      withStore(options, async (store) => {
        const revoked = await store.revokeKey(id);
        process.stdout.write(`Key ${revoked.id} (${revoked.role}${revoked.name ? `, ${revoked.name}` : ''}) revoked.\n`);
      }));

  withStoreOptions(program
    .command('suggest')
    .description('suggest locations for an order line being entered: the matching profile and each location that can fulfil the quantity, nearest first, with its cost by factor, available units and the soft rules it breaks'))
    .requiredOption('--variant <id>', 'variant id')
    .requiredOption('--quantity <n>', 'units', positiveInteger)
    .requiredOption('--mode <id>', 'mode of delivery')
    .requiredOption('--entity <id>', 'legal entity')
    .option('--origin <id>', 'sales origin (default: none)')
    .option('--coordinates <lat,lon>', 'delivery coordinates', coordinates)
    .option('--postal-code <code>', 'delivery postal code (placed by the geocoder)')
    .option('--country <code>', 'delivery country', 'US')
    .option('--unit-price <amount>', 'price of one unit (default 0)', Number)
    .option('--order-attributes <json>', 'the order\'s custom attributes, as a JSON object (e.g. \'{"channel":"b2b"}\')', jsonObject)
    .option('--line-attributes <json>', 'the line\'s custom attributes, as a JSON object (e.g. \'{"giftWrap":true}\')', jsonObject)
    .option('--as-of <date-time>', 'the instant to judge rule dates at (default: now)')
    .option('--geocoder <id>', 'geocoder for a postal code, e.g. dom/us-zip (default: dom/coordinates)')
    .option('--json', 'print the suggestion as JSON')
    .action(async (options: StoreCliOptions & SuggestCliOptions) => {
      const request = suggestRequest(options);
      const result = await suggestThrough(options, request);
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatSuggestion(result));
    });
}

interface SuggestCliOptions {
  variant: string;
  quantity: number;
  mode: string;
  entity: string;
  origin?: string;
  coordinates?: { latitude: number; longitude: number };
  postalCode?: string;
  country: string;
  unitPrice?: number;
  orderAttributes?: Attributes;
  lineAttributes?: Attributes;
  asOf?: string;
  geocoder?: string;
  json?: boolean;
}

/** Parses an option's JSON object (checked further by the request's schema). */
function jsonObject(value: string): Attributes {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError(`must be a JSON object, e.g. '{"name":true}'`);
  return parsed as Attributes;
}

function suggestRequest(options: SuggestCliOptions): SuggestRequest {
  if (!options.coordinates && !options.postalCode) throw usage('give the delivery address: --coordinates LAT,LON or --postal-code CODE');
  if (options.asOf !== undefined && Number.isNaN(Date.parse(options.asOf))) throw usage(`--as-of "${options.asOf}" is not an ISO date-time`);
  return {
    variantId: options.variant,
    quantity: options.quantity,
    modeOfDelivery: options.mode,
    legalEntity: options.entity,
    salesOrigin: options.origin ?? null,
    deliveryAddress: options.coordinates ? { coordinates: options.coordinates } : { postalCode: options.postalCode!, country: options.country },
    ...(options.unitPrice !== undefined ? { unitPrice: options.unitPrice } : {}),
    ...(options.orderAttributes ? { orderAttributes: options.orderAttributes } : {}),
    ...(options.lineAttributes ? { lineAttributes: options.lineAttributes } : {}),
    ...(options.asOf ? { asOf: new Date(options.asOf) } : {}),
  };
}

/** Through the service with `--server`, else on the store (read only: nothing is written). */
async function suggestThrough(options: StoreCliOptions & SuggestCliOptions, request: SuggestRequest): Promise<SuggestResult> {
  if (options.server) {
    if (options.geocoder) throw usage('--geocoder is the service\'s (opendom serve --geocoder); drop it with --server');
    return (openCommandStore(options) as ServiceClient).suggest(request);
  }
  const engine = await createEngine({ data: openStore(options), ...engineChoices(options) });
  try {
    return await engine.suggest(request);
  } finally {
    await engine.close();
  }
}

function formatSuggestion(result: SuggestResult): string {
  if (!result.profileId) return `No profile brokers this line: ${result.reason ?? 'no enabled profile matches it'}.\n`;
  if (result.locations.length === 0) return `Profile ${result.profileId}: no location can fulfil the quantity${result.reason ? ` (${result.reason})` : ''}.\n`;
  const rows = result.locations.map((l) => [
    l.locationId,
    l.type,
    `${money(l.distance)} ${result.distanceUnit}`,
    String(l.available),
    money(l.cost),
    l.costBreakdown.map((t) => `${t.factorId} ${money(t.amount)}`).join(', '),
    l.breaks.length === 0 ? '' : `breaks ${l.breaks.map((b) => b.ruleId).join(', ')}`,
  ]);
  return `Profile ${result.profileId}: ${result.locations.length} location(s), nearest first:\n${table([['location', 'type', 'distance', 'available', 'cost', 'by factor', 'soft rules'], ...rows])}\n`;
}

function role(value: string): Role {
  if (!(ROLES as string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return n;
}


/** The version of the package this runs from (source or built). */
function packageVersion(): string {
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'opendom' && pkg.version) return pkg.version;
    } catch {
      // Not there: the other layout.
    }
  }
  return 'unknown';
}

function coordinates(value: string): { latitude: number; longitude: number } {
  const [latitude, longitude] = value.split(',').map((v) => Number(v.trim()));
  if (latitude === undefined || longitude === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw new InvalidArgumentError('must be LAT,LON in decimal degrees, e.g. 41.88,-87.63');
  }
  return { latitude, longitude };
}

function niceValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new InvalidArgumentError('must be a whole number from 0 to 19');
  return n;
}
