import { COLLECTION_NAMES, OpenDomError, type CollectionName, type RawDataset, type StoreCollection, type UpsertCounts } from '../../core/index.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { keyed, TABLES, tableOf } from './tables.js';

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

/**
 * Inserts or replaces records by key. A record equal to the stored one is
 * left alone; an order replaces the stored one only when its `version` is
 * higher, so the store's lifecycle changes survive a re-import of the same
 * orders (docs/store.md).
 */
export async function upsertRecords(client: SqlClient, collection: StoreCollection, records: unknown[]): Promise<UpsertCounts> {
  if (collection === 'parameters') return upsertParameters(client, records);
  const rows = keyed(collection, records);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  await client.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const written = await tx.query<{ inserted: boolean }>(upsertStatement(collection), [JSON.stringify(chunk.map((r) => ({ ...r.key, record: r.record })))]);
      const inserted = written.filter((w) => w.inserted).length;
      counts.inserted += inserted;
      counts.updated += written.length - inserted;
      counts.unchanged += chunk.length - written.length;
    }
  });
  return counts;
}

function upsertStatement(collection: CollectionName): string {
  const table = TABLES[collection];
  const [columns, values, conflict] = collection === 'inventory'
    ? ['variant_id, location_id, status', `e->>'variantId', e->>'locationId', e->>'status'`, 'variant_id, location_id, status']
    : ['id', `e->>'id'`, 'id'];
  const replace = collection === 'orders'
    ? `coalesce(excluded.record -> 'version', '0') > coalesce(${table}.record -> 'version', '0')`
    : `${table}.record is distinct from excluded.record`;
  return `insert into ${table} (${columns}, record)
    select ${values}, e -> 'record' from jsonb_array_elements($1::jsonb) as e
    on conflict (${conflict}) do update set record = excluded.record where ${replace}
    returning (xmax = 0) as inserted`;
}

async function upsertParameters(client: SqlExecutor, records: unknown[]): Promise<UpsertCounts> {
  if (records.length !== 1) {
    throw OpenDomError.of({ code: 'E_STORE', file: 'parameters', message: `write exactly one parameters record, not ${records.length}` });
  }
  const written = await client.query<{ inserted: boolean }>(
    `insert into parameters (id, record) values (1, $1::jsonb)
     on conflict (id) do update set record = excluded.record where parameters.record is distinct from excluded.record
     returning (xmax = 0) as inserted`,
    [JSON.stringify(records[0])],
  );
  return { inserted: written.filter((w) => w.inserted).length, updated: written.filter((w) => !w.inserted).length, unchanged: 1 - written.length };
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
