import type { Parameters, Profile, SalesOrder } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';
import { recordSchemas, type RecordKind } from '../schemas/records.schema.js';
import { validateAgainst, type FieldError } from '../validation/ajv.js';

/**
 * Stored records as the lifecycle needs them: validated against their
 * schema with defaults filled in (the stored record itself is not changed).
 */

export function validRecord<T>(kind: RecordKind, raw: unknown): { value: T; errors: [] } | { value: null; errors: FieldError[] } {
  const value = structuredClone(raw ?? (kind === 'parameters' ? {} : raw));
  const errors = validateAgainst(recordSchemas[kind], value);
  return errors.length === 0 ? { value: value as T, errors: [] } : { value: null, errors };
}

/** A stored order, or null when it no longer passes its schema (then nothing is applied to it). */
export function storedOrder(raw: unknown): SalesOrder | null {
  return validRecord<SalesOrder>('order', raw).value;
}

/** The store's parameters with defaults; invalid parameters are a configuration error. */
export function storedParameters(raw: unknown): Parameters {
  const { value, errors } = validRecord<Parameters>('parameters', raw);
  if (value) return value;
  throw new OpenDomError('E_CONFIG', 'the stored parameters are invalid; import a valid parameters.json', errors.map((e) => ({ code: 'E_CONFIG', file: 'parameters', field: e.field, message: e.message })));
}

/** A stored profile, or null when missing or invalid (the run itself reports why). */
export function storedProfile(raw: unknown): Profile | null {
  return raw === null || raw === undefined ? null : validRecord<Profile>('profile', raw).value;
}
