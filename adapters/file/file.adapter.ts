import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from './csv-records.js';
import {
  COLLECTION_NAMES,
  OpenDomError,
  type CollectionName,
  type DataAdapterPlugin,
  type DataSource,
  type RawDataset,
  type SourcedRecord,
} from '../../core/index.js';

export interface FileAdapterOptions {
  /** Dataset directory. */
  directory: string;
}

/** File base name of each collection (`cost-factors.json`, `orders.ndjson` …). */
const FILE_BASE: Record<CollectionName, string> = {
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
 * Records are returned unvalidated; the engine validates every one.
 */
export class FileDataSource implements DataSource {
  constructor(private readonly directory: string) {}

  async read(): Promise<RawDataset> {
    if (!existsSync(this.directory) || !statSync(this.directory).isDirectory()) {
      throw OpenDomError.of({ code: 'E_DATASET', file: this.directory, message: 'dataset directory does not exist' });
    }
    const present = new Set(readdirSync(this.directory));
    const dataset = { parameters: this.readParameters(present) } as RawDataset;
    for (const name of COLLECTION_NAMES) dataset[name] = this.readCollection(name, present);
    return dataset;
  }

  private readParameters(present: Set<string>): SourcedRecord | null {
    if (!present.has('parameters.json')) return null;
    const value = parseJsonFile(join(this.directory, 'parameters.json'), 'parameters.json');
    return { value, source: { file: 'parameters.json', recordNumber: 1 } };
  }

  private readCollection(name: CollectionName, present: Set<string>): SourcedRecord[] {
    const base = FILE_BASE[name];
    const [json, ndjson, csv] = ['json', 'ndjson', 'csv'].map((extension) => `${base}.${extension}`) as [string, string, string];
    const found = [json, ndjson, csv].filter((file) => present.has(file));
    if (found.length > 1) {
      throw OpenDomError.of({ code: 'E_DATASET', file: found[0]!, message: `${found.join(' and ')} exist; keep one` });
    }
    if (present.has(ndjson)) return readNdjson(join(this.directory, ndjson), ndjson);
    if (present.has(csv)) return readCsv(join(this.directory, csv), csv, name);
    if (!present.has(json)) return [];
    const value = parseJsonFile(join(this.directory, json), json);
    if (!Array.isArray(value)) {
      throw OpenDomError.of({ code: 'E_DATASET', file: json, message: 'must be a JSON array of records' });
    }
    return value.map((record, i) => ({ value: record, source: { file: json, recordNumber: i + 1 } }));
  }
}

function parseJsonFile(path: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw OpenDomError.of({ code: 'E_DATASET', file, message: `is not valid JSON: ${(error as Error).message}` });
  }
}

/** One record per non-blank line; a line that does not parse becomes a record with its parse error. */
function readNdjson(path: string, file: string): SourcedRecord[] {
  const records: SourcedRecord[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const source = { file, recordNumber: i + 1 };
    try {
      records.push({ value: JSON.parse(text), source });
    } catch (error) {
      records.push({ value: null, source, parseError: (error as Error).message });
    }
  });
  return records;
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
