import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { OpenDomError, validateAgainst } from '../../core/index.js';
import type { PluginChoice } from '../../core/engine/engine-options.js';
import type { Snapshot } from './snapshot.js';

/**
 * A what-if variant (docs/simulation.md): a patch of a snapshot's
 * configuration and inventory. Records given replace the snapshot's record
 * of their id (or are added); `profiles`, `locations` and `parameters` are
 * merged field by field into what is there.
 */
export interface Variant {
  name: string;
  parameters?: Record<string, unknown>;
  profiles?: Array<{ id: string } & Record<string, unknown>>;
  locations?: Array<{ id: string } & Record<string, unknown>>;
  rules?: Array<{ id: string } & Record<string, unknown>>;
  costFactors?: Array<{ id: string } & Record<string, unknown>>;
  removeRules?: string[];
  removeCostFactors?: string[];
  /** Locations that ship nothing in this variant. */
  offline?: string[];
  /** On-hand stock scaled at some locations: those named, or of a type (e.g. +20 % at DCs: factor 1.2). */
  stock?: Array<{ factor: number; locationIds?: string[]; locationType?: string }>;
  solver?: string | PluginChoice;
  timeLimitSeconds?: number;
  relativeGap?: number;
}

const record = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } } as const;
const ids = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

export const variantSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    parameters: { type: 'object' },
    profiles: { type: 'array', items: record },
    locations: { type: 'array', items: record },
    rules: { type: 'array', items: record },
    costFactors: { type: 'array', items: record },
    removeRules: ids,
    removeCostFactors: ids,
    offline: ids,
    stock: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['factor'],
        properties: { factor: { type: 'number', minimum: 0, maximum: 1000 }, locationIds: ids, locationType: { type: 'string', minLength: 1 } },
      },
    },
    solver: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 }, options: { type: 'object' } } }] },
    timeLimitSeconds: { type: 'number', exclusiveMinimum: 0 },
    relativeGap: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;

/** Reads a variant file; a file that is not one is a usage error naming the file and each field at fault. */
export function readVariant(file: string): Variant {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw OpenDomError.of({ code: 'E_USAGE', file, message: `cannot read variant "${file}": ${(error as Error).message}` });
  }
  const errors = validateAgainst(variantSchema, value);
  if (errors.length > 0) {
    throw OpenDomError.of({ code: 'E_USAGE', file, message: `"${file}" is not a variant: ${errors.slice(0, 5).map((e) => `${e.field || '(the file)'} ${e.message}`).join('; ')}` });
  }
  return { name: basename(file).replace(/\.json$/, ''), ...(value as Omit<Variant, 'name'>) };
}

/**
 * The snapshot with the variant applied; the snapshot itself is not changed.
 * Naming a record, location or rule the snapshot does not hold is an error,
 * not a silent no-op.
 */
export function applyVariant(snapshot: Snapshot, variant: Variant): Snapshot {
  const d = structuredClone(snapshot.dataset) as unknown as Record<string, Array<Record<string, unknown>>> & { parameters: unknown };
  const fail = (message: string) => OpenDomError.of({ code: 'E_USAGE', message: `variant "${variant.name}": ${message}` });
  const byId = (collection: string, id: string) => {
    const found = d[collection]!.find((r) => r?.id === id);
    if (!found) throw fail(`the snapshot has no ${collection} record "${id}"`);
    return found;
  };
  if (variant.parameters) d.parameters = { ...(d.parameters as object), ...variant.parameters };
  for (const patch of variant.profiles ?? []) Object.assign(byId('profiles', patch.id), patch);
  for (const patch of variant.locations ?? []) Object.assign(byId('locations', patch.id), patch);
  for (const id of variant.offline ?? []) byId('locations', id).shipping = false;
  for (const [collection, records, removed] of [['rules', variant.rules, variant.removeRules], ['costFactors', variant.costFactors, variant.removeCostFactors]] as const) {
    for (const id of removed ?? []) {
      byId(collection, id);
      d[collection] = d[collection]!.filter((r) => r?.id !== id);
    }
    for (const r of records ?? []) {
      const at = d[collection]!.findIndex((existing) => existing?.id === r.id);
      if (at >= 0) d[collection]![at] = r;
      else d[collection]!.push(r);
    }
  }
  for (const { factor, locationIds, locationType } of variant.stock ?? []) {
    if (!locationIds && !locationType) throw fail('a stock change names locationIds or a locationType');
    for (const id of locationIds ?? []) byId('locations', id);
    const types = new Map(d.locations!.map((l) => [l.id, l.type]));
    const at = (locationId: string) => (locationIds?.includes(locationId) ?? false) || (locationType !== undefined && types.get(locationId) === locationType);
    for (const r of d.inventory!) {
      if (typeof r.onHand === 'number' && typeof r.locationId === 'string' && at(r.locationId)) r.onHand = Math.floor(r.onHand * factor);
    }
  }
  return { ...snapshot, dataset: d as unknown as Snapshot['dataset'] };
}

/** The run options a variant sets (solver, time limit, gap). */
export function variantRunOptions(variant: Variant): { solver?: string | PluginChoice; timeLimitSeconds?: number; relativeGap?: number } {
  return {
    ...(variant.solver !== undefined ? { solver: variant.solver } : {}),
    ...(variant.timeLimitSeconds !== undefined ? { timeLimitSeconds: variant.timeLimitSeconds } : {}),
    ...(variant.relativeGap !== undefined ? { relativeGap: variant.relativeGap } : {}),
  };
}
