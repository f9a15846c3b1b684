import { isDeepStrictEqual } from 'node:util';
import {
  COLLECTION_NAMES,
  mergeOrderVersion,
  OpenDomError,
  storedOrder,
  type CollectionName,
  type RawDataset,
  type StoreCollection,
  type UpsertResult,
} from '../../core/index.js';
import { recordChange } from './changes.js';
import { syncAllocations } from './orders.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { keyed, keyText, TABLES, tableOf, type KeyedRecord } from './tables.js';

/** Records per statement when writing. */
const CHUNK = 1000;

/** Every record, in one consistent snapshot; each with its table and position as its source. */
export async function readDataset(client: SqlClient): Promise<RawDataset> {
  return client.transaction(async (tx) => {
    if (client.driver === 'postgres') await tx.query('set transaction isolation level repeatable read');
    const [parameters] = await tx.query<{ record: unknown }>('select record from parameters where id = 1');
    const dataset = { parameters: parameters ? { value: parameters.record, source: { file: 'parameters', recordNumber: 1 } } : null } as RawDataset;
    for (const name of COLLECTION_NAMES) {
      const file = TABLES[name];
      const rows = await tx.query<{ record: unknown; position: number }>(`select record, position from ${file} order by position`);
      dataset[name] = rows.map((row) => ({ value: row.record, source: { file, recordNumber: row.position } }));
    }
    return dataset;
  });
}

/** The stored records of one collection, unvalidated, in import order. */
export async function readCollection(client: SqlExecutor, name: CollectionName): Promise<unknown[]> {
  const rows = await client.query<{ record: unknown }>(`select record from ${TABLES[name]} order by position`);
  return rows.map((row) => row.record);
}

/** What becomes of one record given to `upsert`. */
type Decision =
  | { kind: 'insert' | 'update'; record: unknown }
  | { kind: 'unchanged' }
  | { kind: 'refused'; field: string; message: string };

/**
 * Inserts or replaces records by key, in one transaction that first locks
 * the stored records it may replace (in key order, so that concurrent
 * writers cannot deadlock). A record equal to the stored one is left alone.
 * Orders and inventory follow their own rules (docs/store.md): an order
 * replaces the stored one only with a higher `version`, merged so that the
 * lifecycle OpenDOM keeps survives (`mergeOrderVersion`); an inventory
 * snapshot older than the stored one is ignored, and one without `asOf` is
 * stamped with `now` when its figures change.
 */
export async function upsertRecords(client: SqlClient, collection: StoreCollection, records: unknown[], now: Date): Promise<UpsertResult> {
  if (collection === 'parameters') return upsertParameters(client, records);
  const rows = keyed(collection, records);
  const table = TABLES[collection];
  return client.transaction(async (tx) => {
    const stored = await lockStored(tx, collection, rows);
    const decisions = rows.map((row) => decide(collection, row.record, stored.get(keyText(row.key)), now));
    const writes = rows.flatMap((row, i) => {
      const d = decisions[i]!;
      return d.kind === 'insert' || d.kind === 'update' ? [{ ...row.key, record: d.record }] : [];
    });
    for (let start = 0; start < writes.length; start += CHUNK) {
      const [columns, values] = collection === 'inventory'
        ? ['variant_id, location_id, status', `e->>'variantId', e->>'locationId', e->>'status'`]
        : ['id', `e->>'id'`];
      await tx.query(
        `insert into ${table} (${columns}, record) select ${values}, e -> 'record' from jsonb_array_elements($1::jsonb) as e
         on conflict (${columns}) do update set record = excluded.record`,
        [JSON.stringify(writes.slice(start, start + CHUNK))],
      );
    }
    if (collection === 'orders') await syncAllocations(tx, writes.map((w) => ({ id: (w as { id: string }).id, record: w.record })));
    if (writes.length > 0) await recordChange(tx, { collection, keys: writes.map(({ record: _record, ...key }) => (collection === 'inventory' ? key : (key as { id: string }).id)) });
    const count = (kind: Decision['kind']) => decisions.filter((d) => d.kind === kind).length;
    return {
      inserted: count('insert'),
      updated: count('update'),
      unchanged: count('unchanged'),
      refused: decisions.flatMap((d, i) => (d.kind === 'refused' ? [{ index: rows[i]!.index, field: d.field, message: d.message }] : [])),
    };
  });
}

/** The stored records of these keys, locked for the transaction, by key text. */
async function lockStored(tx: SqlExecutor, collection: Exclude<StoreCollection, 'parameters'>, rows: KeyedRecord[]): Promise<Map<string, unknown>> {
  const table = TABLES[collection];
  const found = new Map<string, unknown>();
  for (let start = 0; start < rows.length; start += CHUNK * 10) {
    const keys = JSON.stringify(rows.slice(start, start + CHUNK * 10).map((r) => r.key));
    const stored = collection === 'inventory'
      ? await tx.query<{ variant_id: string; location_id: string; status: string; record: unknown }>(
          `select variant_id, location_id, status, record from inventory
           where (variant_id, location_id, status) in (select e ->> 'variantId', e ->> 'locationId', e ->> 'status' from jsonb_array_elements($1::jsonb) as e)
           order by variant_id, location_id, status for update`,
          [keys],
        )
      : await tx.query<{ id: string; record: unknown }>(
          `select id, record from ${table} where id in (select e ->> 'id' from jsonb_array_elements($1::jsonb) as e) order by id for update`,
          [keys],
        );
    for (const row of stored) {
      const key = 'id' in row ? { id: row.id } : { variantId: row.variant_id, locationId: row.location_id, status: row.status };
      found.set(keyText(key), row.record);
    }
  }
  return found;
}

function decide(collection: Exclude<StoreCollection, 'parameters'>, record: unknown, stored: unknown, now: Date): Decision {
  if (collection === 'inventory') return decideInventory(record as Record<string, unknown>, stored as Record<string, unknown> | undefined, now);
  if (stored === undefined) return { kind: 'insert', record };
  if (collection === 'orders') return decideOrder(record, stored);
  return isDeepStrictEqual(record, stored) ? { kind: 'unchanged' } : { kind: 'update', record };
}

/** A higher version replaces the stored order, merged with the lifecycle the store keeps. */
function decideOrder(record: unknown, stored: unknown): Decision {
  const version = (r: unknown) => {
    const v = (r as { version?: unknown } | null)?.version;
    return typeof v === 'number' ? v : 0;
  };
  if (version(record) <= version(stored)) return { kind: 'unchanged' };
  const [incoming, current] = [storedOrder(record), storedOrder(stored)];
  if (!incoming || !current) return { kind: 'update', record };
  const merged = mergeOrderVersion(current, incoming);
  return 'error' in merged ? { kind: 'refused', ...merged.error } : { kind: 'update', record: merged.order };
}

/**
 * An inventory snapshot: one older than the stored one changes nothing; one
 * with the same figures and instant (or none) changes nothing; otherwise it
 * replaces the stored one, stamped with `now` when it has no instant.
 */
function decideInventory(record: Record<string, unknown>, stored: Record<string, unknown> | undefined, now: Date): Decision {
  const asOf = typeof record.asOf === 'string' ? record.asOf : null;
  const stamped = asOf === null ? { ...record, asOf: now.toISOString() } : record;
  if (stored === undefined) return { kind: 'insert', record: stamped };
  const storedAsOf = typeof stored.asOf === 'string' ? stored.asOf : null;
  if (asOf !== null && storedAsOf !== null && Date.parse(asOf) < Date.parse(storedAsOf)) return { kind: 'unchanged' };
  const figures = (r: Record<string, unknown>) => ({ ...r, asOf: null });
  if (isDeepStrictEqual(figures(record), figures(stored)) && (asOf === null || asOf === storedAsOf)) return { kind: 'unchanged' };
  return { kind: 'update', record: stamped };
}

async function upsertParameters(client: SqlClient, records: unknown[]): Promise<UpsertResult> {
  if (records.length !== 1) {
    throw OpenDomError.of({ code: 'E_STORE', file: 'parameters', message: `write exactly one parameters record, not ${records.length}` });
  }
  const written = await client.transaction(async (tx) => {
    const rows = await tx.query<{ inserted: boolean }>(
      `insert into parameters (id, record) values (1, $1::jsonb)
       on conflict (id) do update set record = excluded.record where parameters.record is distinct from excluded.record
       returning (xmax = 0) as inserted`,
      [JSON.stringify(records[0])],
    );
    if (rows.length > 0) await recordChange(tx, { collection: 'parameters', keys: null });
    return rows;
  });
  return { inserted: written.filter((w) => w.inserted).length, updated: written.filter((w) => !w.inserted).length, unchanged: 1 - written.length, refused: [] };
}

/** One record by id (the parameters record whatever the id), or null. */
export async function getRecord(client: SqlExecutor, collection: StoreCollection, id: string): Promise<unknown> {
  if (collection === 'inventory') {
    throw OpenDomError.of({ code: 'E_USAGE', file: 'inventory', message: 'inventory records have no id; read them with read()' });
  }
  const [row] = collection === 'parameters'
    ? await client.query<{ record: unknown }>('select record from parameters where id = 1')
    : await client.query<{ record: unknown }>(`select record from ${tableOf(collection)} where id = $1`, [id]);
  return row?.record ?? null;
}

/** The stored records of these keys (ids; inventory: `{ variantId, locationId, status }`), unvalidated, in no particular order. */
export async function recordsByKeys(client: SqlExecutor, collection: Exclude<StoreCollection, 'parameters'>, keys: unknown[]): Promise<unknown[]> {
  if (keys.length === 0) return [];
  const rows = collection === 'inventory'
    ? await client.query<{ record: unknown }>(
        `select record from inventory where (variant_id, location_id, status) in (select e ->> 'variantId', e ->> 'locationId', e ->> 'status' from jsonb_array_elements($1::jsonb) as e)`,
        [JSON.stringify(keys)],
      )
    : await client.query<{ record: unknown }>(`select record from ${TABLES[collection]} where id in (select jsonb_array_elements_text($1::jsonb))`, [JSON.stringify(keys)]);
  return rows.map((r) => r.record);
}
