import {
  checkRecord,
  COLLECTION_NAMES,
  OpenDomError,
  RECORD_KINDS,
  type DataSource,
  type DataStore,
  type Issue,
  type LineEvent,
  type RawDataset,
  type RecordKind,
  type SourcedRecord,
  type StoreCollection,
  type UpsertCounts,
} from '../../core/index.js';

export interface CollectionImport extends UpsertCounts {
  /** Records read from the file. */
  read: number;
  /** Records refused (each reported in `issues`). */
  refused: number;
  /**
   * Whether the valid records were stored, all in one transaction. False when
   * the file was refused as a whole or the store failed: then none of them were.
   */
  stored: boolean;
}

/** What the line events of an import did. */
export interface LineEventsImport {
  read: number;
  /** Refused by their schema or by the line they name (each reported in `issues`). */
  refused: number;
  changed: number;
  /** Events the lines already reflected (re-sent). */
  unchanged: number;
}

export interface ImportOptions {
  /** Shipments and cancellations, applied after the records (e.g. `readLineEvents` of the file adapter). */
  lineEvents?: { records: SourcedRecord[]; fileIssues: Issue[] } | null;
  onCollection?(name: StoreCollection, result: CollectionImport): void;
}

export interface ImportReport {
  collections: Partial<Record<StoreCollection, CollectionImport>>;
  lineEvents?: LineEventsImport;
  /** Every refused record and file: file, line (record number), id and field. */
  issues: Issue[];
}

/** One collection's records, checked, ready to be written. */
interface Checked {
  name: StoreCollection;
  read: number;
  valid: ValidRecord[];
  /** False when the file itself was refused: nothing of it is written. */
  readable: boolean;
}

/** A record that passed its checks, with where it came from (the store may still refuse it by its own rules). */
interface ValidRecord {
  value: unknown;
  source: SourcedRecord['source'];
  recordId: string | undefined;
}

/**
 * Imports a dataset into a store record by record (e.g. the file adapter's
 * JSON, NDJSON and CSV files). Every record of every file is checked first
 * (its shape, its JSON Schema; one with the key of an earlier record, or an
 * order reusing a line id, is refused), so that no input can stop the import
 * half-way; then each file's valid records are stored in one transaction,
 * with their defaults filled in, by key: importing the same data again
 * changes nothing (orders: docs/store.md). A file refused as a whole, or
 * one the store fails to write, stores nothing and is reported; the others
 * are still stored. References between records are checked when a run
 * reads the store.
 */
export async function importDataset(source: DataSource, store: Pick<DataStore, 'upsert' | 'applyLineEvents'>, options: ImportOptions = {}): Promise<ImportReport> {
  const raw = await source.read();
  const report: ImportReport = { collections: {}, issues: [] };
  const checked: Checked[] = [];
  for (const problem of raw.fileProblems ?? []) {
    report.issues.push(...problem.issues);
    checked.push({ name: problem.collection, read: 0, valid: [], readable: false });
  }
  const refusedFiles = new Set(checked.map((c) => c.name));
  const check = (name: StoreCollection, records: SourcedRecord[], kind: RecordKind) => {
    if (refusedFiles.has(name) || records.length === 0) return;
    const { valid, issues } = checkRecords(records, kind, name);
    report.issues.push(...issues);
    checked.push({ name, read: records.length, valid, readable: true });
  };
  if (raw.parameters) check('parameters', [raw.parameters], 'parameters');
  for (const name of COLLECTION_NAMES) check(name, raw[name], RECORD_KINDS[name]);

  const now = new Date();
  for (const { name, read, valid, readable } of sortedLikeDataset(checked)) {
    const result: CollectionImport = { read, refused: read - valid.length, inserted: 0, updated: 0, unchanged: 0, stored: readable };
    if (readable && valid.length > 0) {
      try {
        const { refused, ...counts } = await store.upsert(name, valid.map((v) => v.value), { now });
        Object.assign(result, counts);
        result.refused += refused.length;
        for (const r of refused) {
          const { source, recordId } = valid[r.index]!;
          report.issues.push({ code: 'E_DATASET', file: source.file, recordNumber: source.recordNumber, ...(recordId ? { recordId } : {}), field: r.field, message: r.message });
        }
      } catch (error) {
        result.stored = false;
        report.issues.push(storeIssue(error, raw, name));
      }
    }
    report.collections[name] = result;
    options.onCollection?.(name, result);
  }
  if (options.lineEvents) report.lineEvents = await importLineEvents(options.lineEvents, store, now, report.issues);
  return report;
}

/** Line events checked one by one, then applied by the store one by one (a refused one changes nothing, the others still count). */
async function importLineEvents(given: NonNullable<ImportOptions['lineEvents']>, store: Pick<DataStore, 'applyLineEvents'>, now: Date, issues: Issue[]): Promise<LineEventsImport> {
  issues.push(...given.fileIssues);
  const result: LineEventsImport = { read: given.records.length, refused: 0, changed: 0, unchanged: 0 };
  const valid: Array<{ event: LineEvent; record: SourcedRecord }> = [];
  for (const record of given.records) {
    const where = { file: record.source.file, recordNumber: record.source.recordNumber };
    const checked = record.parseError !== undefined ? { value: null, errors: [{ field: '', message: record.parseError }] } : checkRecord<LineEvent>('lineEvent', record.value);
    if (checked.value) valid.push({ event: checked.value, record });
    for (const e of checked.errors) issues.push({ code: 'E_DATASET', ...where, field: e.field, message: e.message });
  }
  result.refused = given.records.length - valid.length;
  const outcomes = valid.length > 0 ? await store.applyLineEvents(valid.map((v) => v.event), now) : [];
  outcomes.forEach((outcome, i) => {
    if (outcome.outcome !== 'refused') return void result[outcome.outcome]++;
    const { event, record } = valid[i]!;
    result.refused++;
    issues.push({ code: outcome.code, file: record.source.file, recordNumber: record.source.recordNumber, recordId: event.lineId, field: 'lineId', message: outcome.message });
  });
  return result;
}

/** Parameters first, then the collections in dataset order. */
function sortedLikeDataset(checked: Checked[]): Checked[] {
  const rank = (name: StoreCollection) => (name === 'parameters' ? -1 : COLLECTION_NAMES.indexOf(name));
  return [...checked].sort((a, b) => rank(a.name) - rank(b.name));
}

function storeIssue(error: unknown, raw: RawDataset, name: StoreCollection): Issue {
  const file = name === 'parameters' ? raw.parameters?.source.file : raw[name][0]?.source.file;
  const message = `none of its records were stored: ${error instanceof OpenDomError ? error.message : (error as Error).message}`;
  return { code: error instanceof OpenDomError ? error.code : 'E_STORE', ...(file ? { file } : {}), message };
}

/** The key that identifies a record of a collection, for duplicate checks. */
function keyOf(name: StoreCollection, value: Record<string, unknown>): string {
  if (name === 'parameters') return 'parameters';
  if (name === 'inventory') return `${String(value.variantId)}@${String(value.locationId)}/${String(value.status)}`;
  return String(value.id);
}

/** The records that pass, with defaults filled, and an issue for each failure. */
function checkRecords(records: SourcedRecord[], kind: RecordKind, name: StoreCollection) {
  const valid: ValidRecord[] = [];
  const issues: Issue[] = [];
  const firstOf = new Map<string, SourcedRecord>();
  const lineIds = new Map<string, string>();
  for (const record of records) {
    const where = { file: record.source.file, recordNumber: record.source.recordNumber };
    const id = recordIdOf(kind, record.value);
    const recordId = id ? { recordId: id } : {};
    const refuse = (field: string, message: string) => issues.push({ code: 'E_DATASET', ...where, ...recordId, field, message });
    if (record.parseError !== undefined) {
      refuse('', record.parseError);
      continue;
    }
    const { value, errors } = checkRecord<Record<string, unknown>>(kind, record.value);
    for (const e of errors) refuse(e.field, e.message);
    if (value === null) continue;
    const key = keyOf(name, value);
    const first = firstOf.get(key);
    if (first) {
      refuse(kind === 'inventory' ? 'status' : 'id', `duplicate of ${first.source.file}#${first.source.recordNumber}; the first is kept`);
      continue;
    }
    if (name === 'orders' && !uniqueLines(value, lineIds, refuse)) continue;
    firstOf.set(key, record);
    valid.push({ value, source: record.source, recordId: id });
  }
  return { valid, issues };
}

/** The id errors name: the record's id, or for inventory `variant@location` (as the engine names it). */
function recordIdOf(kind: RecordKind, value: unknown): string | undefined {
  const v = (value ?? {}) as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x !== '' && x.length <= 200 ? x : undefined);
  if (kind !== 'inventory') return text(v.id);
  return text(v.variantId) && text(v.locationId) ? `${String(v.variantId)}@${String(v.locationId)}` : undefined;
}

/** Line ids must be unique across the orders of an import. */
function uniqueLines(order: Record<string, unknown>, owners: Map<string, string>, refuse: (field: string, message: string) => void): boolean {
  const lines = order.lines as Array<{ id: string }>;
  const inOrder = new Set<string>();
  const clashes = lines.flatMap((line, i) => {
    const owner = owners.get(line.id);
    const repeated = inOrder.has(line.id);
    inOrder.add(line.id);
    return owner !== undefined || repeated ? [{ i, id: line.id, owner: owner ?? String(order.id) }] : [];
  });
  for (const c of clashes) refuse(`lines[${c.i}].id`, `duplicate line id "${c.id}" (also in order ${c.owner})`);
  if (clashes.length > 0) return false;
  for (const line of lines) owners.set(line.id, String(order.id));
  return true;
}
