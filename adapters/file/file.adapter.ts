import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, type Schema } from './csv-records.js';
import { readJson, readNdjson } from './record-files.js';
import {
  COLLECTION_NAMES,
  lineEventSchema,
  OpenDomError,
  RECORD_KINDS,
  recordSchemas,
  type CollectionName,
  type DataAdapterPlugin,
  type DataSource,
  type FileProblem,
  type Issue,
  type RawDataset,
  type SourcedRecord,
} from '../../core/index.js';

export interface FileAdapterOptions {
  /** Dataset directory. */
  directory: string;
}

/** File base name of each collection (`cost-factors.json`, `orders.ndjson` …). */
export const FILE_BASE: Record<CollectionName, string> = {
  locations: 'locations',
  groups: 'groups',
  categories: 'categories',
  products: 'products',
  variants: 'variants',
  inventory: 'inventory',
  profiles: 'profiles',
  rules: 'rules',
  costFactors: 'cost-factors',
  orders: 'orders',
};

/**
 * Reads a dataset directory: `parameters.json` (one object) and, per
 * collection, a JSON array (`<name>.json`), NDJSON (`<name>.ndjson`, one
 * record per line) or, for flat records, CSV (`<name>.csv`, see
 * `csv-records.ts`). A missing collection file is an empty collection.
 * Records are returned unvalidated; the engine validates every one. A file
 * that cannot be read as a whole is not an exception: it is listed in
 * `fileProblems` and its collection reads as empty, so the caller decides
 * (a run does not start; an import stores the other files).
 */
export class FileDataSource implements DataSource {
  constructor(private readonly directory: string) {}

  async read(): Promise<RawDataset> {
    if (!existsSync(this.directory) || !statSync(this.directory).isDirectory()) {
      throw OpenDomError.of({ code: 'E_DATASET', file: this.directory, message: 'dataset directory does not exist' });
    }
    const present = new Set(readdirSync(this.directory));
    const fileProblems: FileProblem[] = [];
    const attempt = <T>(collection: FileProblem['collection'], read: () => T, empty: T): T => {
      try {
        return read();
      } catch (error) {
        if (!(error instanceof OpenDomError)) throw error;
        fileProblems.push({ collection, issues: issuesOf(error) });
        return empty;
      }
    };
    const dataset = { parameters: attempt('parameters', () => this.readParameters(present), null), fileProblems } as RawDataset;
    const declared = declaredAttributes(dataset.parameters?.value);
    for (const name of COLLECTION_NAMES) dataset[name] = attempt(name, () => readCollection(this.directory, name, present, declared), []);
    return dataset;
  }

  private readParameters(present: Set<string>): SourcedRecord | null {
    if (!present.has('parameters.json')) return null;
    const value = readJson(join(this.directory, 'parameters.json'), 'parameters.json');
    return { value, source: { file: 'parameters.json', recordNumber: 1 } };
  }
}

/** Collections that may be CSV: flat records. */
const CSV_COLLECTIONS: readonly CollectionName[] = ['locations', 'groups', 'categories', 'products', 'variants', 'inventory'];

function readCollection(directory: string, name: CollectionName, present: Set<string>, declared: Record<string, Record<string, string>>): SourcedRecord[] {
  const csv = CSV_COLLECTIONS.includes(name) ? { schema: withDeclaredAttributes(recordSchemas[RECORD_KINDS[name]] as Schema, declared[name]), what: name } : null;
  return readRecordFile(directory, FILE_BASE[name], present, csv);
}

/** `parameters.attributes` as the file says it, for reading CSV cells; whatever is malformed there is left to validation. */
function declaredAttributes(parameters: unknown): Record<string, Record<string, string>> {
  const declared = (parameters as { attributes?: unknown } | null)?.attributes;
  return typeof declared === 'object' && declared !== null ? (declared as Record<string, Record<string, string>>) : {};
}

/** A record schema whose attributes of declared type are read from CSV as that type (the others stay strings). */
function withDeclaredAttributes(schema: Schema, types: Record<string, string> | undefined): Schema {
  const attributes = schema.properties?.attributes;
  if (!attributes || typeof types !== 'object' || types === null) return schema;
  const declared = Object.fromEntries(Object.entries(types).filter(([, type]) => typeof type === 'string').map(([name, type]) => [name, { type }]));
  return { ...schema, properties: { ...schema.properties, attributes: { ...attributes, properties: declared } } };
}

/**
 * Shipments and cancellations from the source (`line-events.json`,
 * `.ndjson` or `.csv`), for `opendom import`: not part of a run's dataset.
 * Null when the directory has none; a file that cannot be read as a whole
 * is a problem of its own.
 */
export function readLineEvents(directory: string): { records: SourcedRecord[]; fileIssues: Issue[] } | null {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) return null;
  const present = new Set(readdirSync(directory));
  if (!['json', 'ndjson', 'csv'].some((extension) => present.has(`${LINE_EVENTS}.${extension}`))) return null;
  try {
    return { records: readRecordFile(directory, LINE_EVENTS, present, { schema: lineEventSchema as Schema, what: 'line event' }), fileIssues: [] };
  } catch (error) {
    if (!(error instanceof OpenDomError)) throw error;
    return { records: [], fileIssues: issuesOf(error) };
  }
}

/** File base name of line events. */
export const LINE_EVENTS = 'line-events';

/** The records of one file, in whichever of its forms is present (CSV only where `csv` says how to read it). */
function readRecordFile(directory: string, base: string, present: Set<string>, csv: { schema: Schema; what: string } | null): SourcedRecord[] {
  const [json, ndjson, csvFile] = ['json', 'ndjson', 'csv'].map((extension) => `${base}.${extension}`) as [string, string, string];
  const found = [json, ndjson, csvFile].filter((file) => present.has(file));
  if (found.length > 1) {
    throw OpenDomError.of({ code: 'E_DATASET', file: found[0]!, message: `${found.join(' and ')} exist; keep one` });
  }
  if (present.has(ndjson)) return readNdjson(join(directory, ndjson), ndjson);
  if (present.has(csvFile)) {
    if (!csv) throw OpenDomError.of({ code: 'E_DATASET', file: csvFile, message: `${base} cannot be CSV (their records are nested); use ${json} or ${ndjson}` });
    return readCsv(join(directory, csvFile), csvFile, csv.schema, csv.what);
  }
  if (!present.has(json)) return [];
  const value = readJson(join(directory, json), json);
  if (!Array.isArray(value)) {
    throw OpenDomError.of({ code: 'E_DATASET', file: json, message: 'must be a JSON array of records' });
  }
  return value.map((record, i) => ({ value: record, source: { file: json, recordNumber: i + 1 } }));
}

function issuesOf(error: OpenDomError): Issue[] {
  return error.issues.length > 0 ? error.issues : [{ code: error.code, message: error.message }];
}

export const fileAdapter: DataAdapterPlugin<FileAdapterOptions> = {
  meta: {
    id: 'dom/file',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Reads a dataset directory of JSON, NDJSON and CSV files (read-only).',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['directory'],
      properties: { directory: { type: 'string', minLength: 1 } },
    },
  },
  create: (options) => new FileDataSource(options.directory),
};
