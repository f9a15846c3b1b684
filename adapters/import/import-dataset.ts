import {
  COLLECTION_NAMES,
  validateAgainst,
  recordSchemas,
  RECORD_KINDS,
  type DataSource,
  type DataStore,
  type Issue,
  type RecordKind,
  type SourcedRecord,
  type StoreCollection,
  type UpsertCounts,
} from '../../core/index.js';

export interface CollectionImport extends UpsertCounts {
  /** Records read from the files. */
  read: number;
  /** Records refused (each reported in `issues`). */
  refused: number;
}

export interface ImportReport {
  collections: Partial<Record<StoreCollection, CollectionImport>>;
  /** Every refused record: file, line (record number), id and field. */
  issues: Issue[];
}

/**
 * Imports a dataset into a store record by record (e.g. the file adapter's
 * JSON, NDJSON and CSV files): each record is checked against its JSON
 * Schema, and one with the id (inventory: variant, location and status) of an
 * earlier record, or an order reusing a line id, is refused. Refused records
 * are reported; valid ones are stored with their defaults filled in, by key,
 * so importing the same data again changes nothing (orders: docs/store.md).
 * References between records are checked when a run reads the store.
 */
export async function importDataset(source: DataSource, store: DataStore, onCollection?: (name: StoreCollection, result: CollectionImport) => void): Promise<ImportReport> {
  const raw = await source.read();
  const report: ImportReport = { collections: {}, issues: [] };
  const importCollection = async (name: StoreCollection, records: SourcedRecord[], kind: RecordKind, keyOf: (value: Record<string, unknown>) => string) => {
    const { valid, issues } = checkRecords(records, kind, keyOf, name === 'orders');
    report.issues.push(...issues);
    const counts = valid.length > 0 ? await store.upsert(name, valid) : { inserted: 0, updated: 0, unchanged: 0 };
    const result = { read: records.length, refused: records.length - valid.length, ...counts };
    report.collections[name] = result;
    onCollection?.(name, result);
  };
  if (raw.parameters) await importCollection('parameters', [raw.parameters], 'parameters', () => 'parameters');
  for (const name of COLLECTION_NAMES) {
    if (raw[name].length > 0) await importCollection(name, raw[name], RECORD_KINDS[name], name === 'inventory' ? inventoryKey : (v) => String(v.id));
  }
  return report;
}

function inventoryKey(value: Record<string, unknown>): string {
  return `${String(value.variantId)}@${String(value.locationId)}/${String(value.status)}`;
}

/** The records that pass, with defaults filled, and an issue for each failure. */
function checkRecords(records: SourcedRecord[], kind: RecordKind, keyOf: (value: Record<string, unknown>) => string, orders: boolean) {
  const valid: unknown[] = [];
  const issues: Issue[] = [];
  const firstOf = new Map<string, SourcedRecord>();
  const lineIds = new Map<string, string>();
  for (const record of records) {
    const where = { file: record.source.file, recordNumber: record.source.recordNumber };
    const id = recordIdOf(kind, record.value);
    const recordId = id ? { recordId: id } : {};
    const refuse = (field: string, message: string) => issues.push({ code: 'E_DATASET', ...where, ...recordId, field, message });
    if (record.parseError !== undefined) {
      refuse('', `is not valid JSON: ${record.parseError}`);
      continue;
    }
    const value = structuredClone(record.value) as Record<string, unknown>;
    const errors = validateAgainst(recordSchemas[kind], value);
    for (const e of errors) refuse(e.field, e.message);
    if (errors.length > 0) continue;
    const key = keyOf(value);
    const first = firstOf.get(key);
    if (first) {
      refuse(kind === 'inventory' ? 'status' : 'id', `duplicate of ${first.source.file}#${first.source.recordNumber}; the first is kept`);
      continue;
    }
    if (orders && !uniqueLines(value, lineIds, refuse)) continue;
    firstOf.set(key, record);
    valid.push(value);
  }
  return { valid, issues };
}

/** The id errors name: the record's id, or for inventory `variant@location` (as the engine names it). */
function recordIdOf(kind: RecordKind, value: unknown): string | undefined {
  const v = (value ?? {}) as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  if (kind !== 'inventory') return text(v.id);
  return text(v.variantId) && text(v.locationId) ? `${String(v.variantId)}@${String(v.locationId)}` : undefined;
}

/** Line ids must be unique across the orders of an import. */
function uniqueLines(order: Record<string, unknown>, owners: Map<string, string>, refuse: (field: string, message: string) => void): boolean {
  const lines = order.lines as Array<{ id: string }>;
  const clashes = lines.flatMap((line, i) => {
    const owner = owners.get(line.id);
    return owner !== undefined || lines.findIndex((l) => l.id === line.id) !== i ? [{ i, id: line.id, owner: owner ?? String(order.id) }] : [];
  });
  for (const c of clashes) refuse(`lines[${c.i}].id`, `duplicate line id "${c.id}" (also in order ${c.owner})`);
  if (clashes.length > 0) return false;
  for (const line of lines) owners.set(line.id, String(order.id));
  return true;
}
