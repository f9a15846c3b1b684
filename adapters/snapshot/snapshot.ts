import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { COLLECTION_NAMES, OpenDomError, type CollectionName, type RawDataset } from '../../core/index.js';
import type { PluginChoice } from '../../core/engine/engine-options.js';

/**
 * A snapshot: everything a run of one profile reads — parameters, locations,
 * catalogue, inventory, configuration (profiles, rules, cost factors), the
 * orders that matter to it — with the run's instant and the settings it ran
 * with, in one gzip-compressed JSON file (docs/simulation.md). It holds
 * records only: never an API key, never the store's bookkeeping.
 */
export interface Snapshot {
  format: typeof FORMAT;
  version: 1;
  profileId: string;
  /** The instant the run treats as now. */
  asOf: string;
  /** When the snapshot was taken, and from what. */
  takenAt: string;
  source: string;
  /** The run settings it was taken with (from opendom.config.json): solver, time limit, gap. */
  run: { solver?: string; timeLimitSeconds?: number; relativeGap?: number };
  /** The engine's choices it was taken with: a run of the snapshot uses them unless told otherwise. */
  engine: { geocoder?: PluginChoice; distance?: PluginChoice; locationSet?: PluginChoice; inventory?: PluginChoice };
  dataset: { parameters: unknown } & Record<CollectionName, unknown[]>;
}

const FORMAT = 'opendom-snapshot';

/**
 * The snapshot of a dataset for a run of `profileId` at `asOf`. Orders whose
 * every line is spent — cancelled, or shipped at an unknown time (taken as
 * reflected in every inventory snapshot) — are left out: a run neither
 * selects them nor counts them against stock or order limits. Every other
 * order is kept as it is, so allocations, order limits and rejections read
 * the same. A dataset with a file or record that could not be read is
 * refused, naming it.
 */
export function takeSnapshot(raw: RawDataset, meta: Pick<Snapshot, 'profileId' | 'asOf' | 'source' | 'run' | 'engine'>, now: Date): Snapshot {
  const unreadable = [
    ...(raw.fileProblems ?? []).map((p) => `${p.collection}: ${p.issues.map((i) => i.message).join('; ')}`),
    ...COLLECTION_NAMES.flatMap((name) => raw[name].filter((r) => r.parseError).map((r) => `${r.source.file} record ${r.source.recordNumber}: ${r.parseError}`)),
  ];
  if (unreadable.length > 0) throw OpenDomError.of({ code: 'E_DATASET', message: `the data cannot be read whole, so no snapshot is taken: ${unreadable.slice(0, 5).join('; ')}${unreadable.length > 5 ? ` (and ${unreadable.length - 5} more)` : ''}` });
  const profiles = raw.profiles.map((r) => (r.value as { id?: unknown } | null)?.id);
  if (!profiles.includes(meta.profileId)) {
    throw OpenDomError.of({ code: 'E_PROFILE', message: `no profile "${meta.profileId}" in the data; its profiles: ${profiles.filter((p) => typeof p === 'string').join(', ') || 'none'}` });
  }
  const values = (name: CollectionName) => raw[name].map((r) => r.value);
  const dataset = { parameters: raw.parameters?.value ?? null } as Snapshot['dataset'];
  for (const name of COLLECTION_NAMES) dataset[name] = name === 'orders' ? values(name).filter((o) => !spent(o)) : values(name);
  return { format: FORMAT, version: 1, ...meta, takenAt: now.toISOString(), dataset };
}

/** The run settings a snapshot records, of those a run was given. */
export function snapshotRunSettings(given: { solver?: string | PluginChoice; timeLimitSeconds?: number; relativeGap?: number }): Snapshot['run'] {
  const solver = typeof given.solver === 'string' ? given.solver : given.solver?.id;
  return { ...(solver ? { solver } : {}), ...(given.timeLimitSeconds ? { timeLimitSeconds: given.timeLimitSeconds } : {}), ...(given.relativeGap !== undefined ? { relativeGap: given.relativeGap } : {}) };
}

/** The engine choices a snapshot records: those a run of it must make alike. */
export function snapshotChoices(choices: Partial<Record<keyof Snapshot['engine'], PluginChoice | unknown>>): Snapshot['engine'] {
  const kept: Snapshot['engine'] = {};
  for (const key of ['geocoder', 'distance', 'locationSet', 'inventory'] as const) if (choices[key]) kept[key] = choices[key] as PluginChoice;
  return kept;
}

/** An order every line of which is cancelled or shipped at an unknown time; anything not of that shape is kept (a run reports it). */
function spent(order: unknown): boolean {
  const lines = (order as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines) || lines.length === 0) return false;
  return lines.every((l: { cancelled?: unknown; shipped?: unknown; shippedAt?: unknown } | null) => l !== null && typeof l === 'object' && (l.cancelled === true || (l.shipped === true && (l.shippedAt ?? null) === null)));
}

/** The snapshot as its file holds it: gzip-compressed JSON. */
export function snapshotBytes(snapshot: Snapshot): Buffer {
  return gzipSync(JSON.stringify(snapshot), { level: 9 });
}

export function writeSnapshot(file: string, snapshot: Snapshot): number {
  const bytes = snapshotBytes(snapshot);
  writeFileSync(file, bytes);
  return bytes.length;
}

/** Reads a snapshot file; anything else is a usage error saying what the file is not. */
export function readSnapshot(file: string): Snapshot {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw OpenDomError.of({ code: 'E_USAGE', file, message: `cannot read snapshot "${file}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
  }
  return parseSnapshot(bytes, file);
}

/** A snapshot from its bytes (`name` says where they came from in errors). */
export function parseSnapshot(bytes: Uint8Array, name: string): Snapshot {
  const fail = (why: string) => OpenDomError.of({ code: 'E_USAGE', file: name, message: `"${name}" is not an OpenDOM snapshot: ${why}; take one with opendom snapshot --profile P --out FILE` });
  let value: Partial<Snapshot>;
  try {
    value = JSON.parse(gunzipSync(bytes).toString('utf8')) as Partial<Snapshot>;
  } catch (error) {
    throw fail(`not gzip-compressed JSON (${(error as Error).message})`);
  }
  if (value?.format !== FORMAT) throw fail('its format field is not "opendom-snapshot"');
  if (value.version !== 1) throw fail(`version ${String(value.version)} is not one this OpenDOM reads (1)`);
  if (typeof value.profileId !== 'string' || typeof value.asOf !== 'string' || Number.isNaN(Date.parse(value.asOf)) || typeof value.dataset !== 'object' || value.dataset === null) {
    throw fail('profileId, asOf or dataset is missing');
  }
  for (const collection of COLLECTION_NAMES) if (!Array.isArray(value.dataset[collection])) throw fail(`dataset.${collection} is not an array`);
  return { run: {}, engine: {}, ...value } as Snapshot;
}

/** The snapshot's records as a data source reads them, each named by its collection and position in the snapshot. */
export function snapshotDataset(snapshot: Snapshot): RawDataset {
  const raw = { parameters: snapshot.dataset.parameters === null ? null : { value: snapshot.dataset.parameters, source: { file: 'snapshot parameters', recordNumber: 1 } } } as RawDataset;
  for (const name of COLLECTION_NAMES) raw[name] = snapshot.dataset[name].map((value, i) => ({ value, source: { file: `snapshot ${name}`, recordNumber: i + 1 } }));
  return raw;
}
