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
 * than `RECORD_LIMITS.characters`. Walks the record without recursion.
 */
export function recordShapeError(record: unknown): FieldError | null {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: record, path: '', depth: 0 }];
  let characters = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') characters += value.length;
    if (characters > RECORD_LIMITS.characters) return { field: '', message: `holds more than ${RECORD_LIMITS.characters.toLocaleString('en-US')} characters of text; a record is limited to that` };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= RECORD_LIMITS.depth) return { field: path, message: `is nested deeper than ${RECORD_LIMITS.depth} levels` };
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const field = Array.isArray(value) ? `${path}${key}` : path === '' ? key : `${path}.${key}`;
      if (!Array.isArray(value)) {
        if (FORBIDDEN_KEYS.has(key)) return { field, message: `"${key}" is not allowed as a field name` };
        characters += key.length;
      }
      pending.push({ value: child, path: field, depth: depth + 1 });
    }
  }
  return null;
}
