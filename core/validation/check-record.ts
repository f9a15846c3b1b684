import { recordSchemas, type RecordKind } from '../schemas/records.schema.js';
import type { FieldError } from './ajv.js';
import { validateAgainst } from './ajv.js';
import { recordShapeError } from './record-shape.js';

/**
 * An input record checked as every way in checks it: its shape first
 * (forbidden keys, depth, size: `recordShapeError`), then its JSON Schema on
 * a copy with the defaults filled in (the record itself is not changed).
 */
export function checkRecord<T>(kind: RecordKind, raw: unknown): { value: T; errors: [] } | { value: null; errors: FieldError[] } {
  const shape = recordShapeError(raw);
  if (shape) return { value: null, errors: [shape] };
  const value = structuredClone(raw ?? (kind === 'parameters' ? {} : raw));
  const errors = validateAgainst(recordSchemas[kind], value);
  return errors.length === 0 ? { value: value as T, errors: [] } : { value: null, errors };
}
