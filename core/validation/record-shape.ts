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
 * dataset passes through here.
 */
export function recordShapeError(record: unknown): FieldError | null {
  // Visited values by index: the parent's index and the key that reaches each, to name a field.
  const parents: number[] = [-1];
  const keys: Array<string | number> = [''];
  const values: unknown[] = [record];
  const depths: number[] = [0];
  const pending: number[] = [0];
  const pathOf = (node: number): string => {
    const chain: number[] = [];
    for (let at = node; at > 0; at = parents[at]!) chain.push(at);
    let path = '';
    for (let i = chain.length - 1; i >= 0; i--) {
      const key = keys[chain[i]!]!;
      path = typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    }
    return path;
  };
  let characters = 0;
  const visit = (value: unknown, parent: number, key: string | number, depth: number) => {
    parents.push(parent);
    keys.push(key);
    values.push(value);
    depths.push(depth);
    pending.push(values.length - 1);
  };
  while (pending.length > 0) {
    const node = pending.pop()!;
    const value = values[node];
    const depth = depths[node]!;
    if (typeof value === 'string') characters += value.length;
    if (characters > RECORD_LIMITS.characters) return { field: '', message: `holds more than ${RECORD_LIMITS.characters.toLocaleString('en-US')} characters of text; a record is limited to that` };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= RECORD_LIMITS.depth) return { field: pathOf(node), message: `is nested deeper than ${RECORD_LIMITS.depth} levels` };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], node, i, depth + 1);
      continue;
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (FORBIDDEN_KEYS.has(key)) {
        visit(undefined, node, key, depth + 1);
        return { field: pathOf(values.length - 1), message: `"${key}" is not allowed as a field name` };
      }
      characters += key.length;
      visit((value as Record<string, unknown>)[key], node, key, depth + 1);
    }
  }
  return null;
}
