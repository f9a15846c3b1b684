import type { FieldError } from './ajv.js';

/**
 * Limits every input record meets before its schema is even looked at, so
 * that hostile input is refused with a clear error instead of breaking the
 * process: keys that reach an object's prototype, nesting that would
 * exhaust the stack, and records too large to be real.
 */
export const RECORD_LIMITS = {
  /** Objects and arrays nested in one record (an order with its lines and rejections is 5 deep). */
  depth: 32,
  /** Characters of keys and strings in one record (about its size as text). */
  characters: 1_000_000,
} as const;

/** Keys that would reach or replace an object's prototype when a record is copied or merged. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first problem with a record's shape, or null: a forbidden key (named
 * with its path), nesting deeper than `RECORD_LIMITS.depth`, or more text
 * than `RECORD_LIMITS.characters`. Walks the record without recursion, and
 * names a field (builds its path) only for the error: every record of a
 * dataset passes through here, so the walk reuses one set of arrays.
 */
export function recordShapeError(record: unknown): FieldError | null {
  try {
    return shapeError(record);
  } finally {
    walk.values.fill(undefined, 0, walk.count);
  }
}

/** The visited values by index, with their parent's index, the key that reaches each and their depth (to name a field). */
const walk = { count: 0, values: [] as unknown[], parents: [] as number[], keys: [] as Array<string | number>, depths: [] as number[], pending: [] as number[] };

function shapeError(record: unknown): FieldError | null {
  const { values, depths, pending } = walk;
  walk.count = 0;
  let pendingCount = 0;
  pending[pendingCount++] = visit(record, -1, '', 0);
  let characters = 0;
  while (pendingCount > 0) {
    const node = pending[--pendingCount]!;
    const value = values[node];
    const depth = depths[node]!;
    if (typeof value === 'string') characters += value.length;
    if (characters > RECORD_LIMITS.characters) return { field: '', message: `holds more than ${RECORD_LIMITS.characters.toLocaleString('en-US')} characters of text; a record is limited to that` };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= RECORD_LIMITS.depth) return { field: pathOf(node), message: `is nested deeper than ${RECORD_LIMITS.depth} levels` };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending[pendingCount++] = visit(value[i], node, i, depth + 1);
      continue;
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) return { field: pathOf(visit(undefined, node, key, depth + 1)), message: `"${key}" is not allowed as a field name` };
      characters += key.length;
      pending[pendingCount++] = visit((value as Record<string, unknown>)[key], node, key, depth + 1);
    }
  }
  return null;
}

function visit(value: unknown, parent: number, key: string | number, depth: number): number {
  const node = walk.count++;
  walk.values[node] = value;
  walk.parents[node] = parent;
  walk.keys[node] = key;
  walk.depths[node] = depth;
  return node;
}

/** The path of a visited value, as `lines[0].attributes.colour`. */
function pathOf(node: number): string {
  const chain: number[] = [];
  for (let at = node; at > 0; at = walk.parents[at]!) chain.push(at);
  let path = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const key = walk.keys[chain[i]!]!;
    path = typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
  }
  return path;
}
