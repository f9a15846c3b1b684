import type { Parameters, Profile, SalesOrder } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';
import { checkRecord } from '../validation/check-record.js';

/* Stored records as the lifecycle needs them: checked, with defaults filled in (the stored record itself is not changed). */

/** A stored order, or null when it no longer passes its schema (then nothing is applied to it). */
export function storedOrder(raw: unknown): SalesOrder | null {
  return checkRecord<SalesOrder>('order', raw).value;
}

/** The store's parameters with defaults; invalid parameters are a configuration error. */
export function storedParameters(raw: unknown): Parameters {
  const { value, errors } = checkRecord<Parameters>('parameters', raw);
  if (value) return value;
  throw new OpenDomError('E_CONFIG', 'the stored parameters are invalid; import a valid parameters.json', errors.map((e) => ({ code: 'E_CONFIG', file: 'parameters', field: e.field, message: e.message })));
}

/** A stored profile, or null when missing or invalid (the run itself reports why). */
export function storedProfile(raw: unknown): Profile | null {
  return raw === null || raw === undefined ? null : checkRecord<Profile>('profile', raw).value;
}
