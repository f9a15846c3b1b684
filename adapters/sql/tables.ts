import { OpenDomError, type CollectionName, type StoreCollection } from '../../core/index.js';

/** The table of each record collection; `RecordSource.file` of what the store reads is this name. */
export const TABLES: Record<CollectionName, string> = {
  locations: 'locations',
  groups: 'fulfillment_groups',
  categories: 'categories',
  products: 'products',
  variants: 'variants',
  inventory: 'inventory',
  profiles: 'profiles',
  rules: 'rules',
  costFactors: 'cost_factors',
  orders: 'sales_orders',
};

/** The key a record is stored under: `id`, or for inventory the variant, location and status. */
export type RecordKey = { id: string } | { variantId: string; locationId: string; status: string };

/** A record with the key it is stored under and its position in the records given. */
export interface KeyedRecord {
  key: RecordKey;
  record: unknown;
  index: number;
}

/** A key as one string, for maps. */
export function keyText(key: RecordKey): string {
  return 'id' in key ? key.id : `${key.variantId}\u0000${key.locationId}\u0000${key.status}`;
}

/**
 * The key of each record. Records are stored unvalidated, but each needs its
 * key: an `id` (inventory: `variantId`, `locationId`, `status` defaulting to
 * `available`). Of several records with one key the last wins.
 */
export function keyed(collection: CollectionName, records: unknown[]): KeyedRecord[] {
  const byKey = new Map<string, KeyedRecord>();
  records.forEach((record, i) => {
    const r = (record ?? {}) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
    let key: RecordKey;
    if (collection === 'inventory') {
      const variantId = text(r.variantId);
      const locationId = text(r.locationId);
      const status = r.status === undefined ? 'available' : text(r.status);
      if (!variantId || !locationId || !status) throw keyError(collection, i, 'an inventory record needs a variantId, a locationId and (if given) a status as non-empty strings');
      key = { variantId, locationId, status };
    } else {
      const id = text(r.id);
      if (!id) throw keyError(collection, i, 'a record needs an id (a non-empty string)');
      key = { id };
    }
    byKey.set(keyText(key), { key, record, index: i });
  });
  return [...byKey.values()];
}

export function tableOf(collection: StoreCollection): string {
  return collection === 'parameters' ? 'parameters' : TABLES[collection];
}

function keyError(collection: CollectionName, index: number, message: string): OpenDomError {
  return OpenDomError.of({ code: 'E_STORE', file: TABLES[collection], recordNumber: index + 1, message: `${message}; nothing was written` });
}
