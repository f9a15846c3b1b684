import type { Issue } from '../errors/errors.js';

/** Unvalidated records as a data adapter reads them, each with where it came from. */

export interface RecordSource {
  /** File or table the record came from. */
  file: string;
  /** 1-based position: the line of an NDJSON or CSV file, the index in a JSON array. */
  recordNumber: number;
}

export interface SourcedRecord {
  value: unknown;
  source: RecordSource;
  /** Set when the record's text could not be read as a record, e.g. `is not valid JSON: …`; `value` is then null. */
  parseError?: string;
}

/** A file refused as a whole (unreadable, not JSON, a CSV header naming no field): its collection reads as empty. */
export interface FileProblem {
  collection: CollectionName | 'parameters';
  issues: Issue[];
}

export interface RawDataset {
  parameters: SourcedRecord | null;
  locations: SourcedRecord[];
  groups: SourcedRecord[];
  categories: SourcedRecord[];
  products: SourcedRecord[];
  variants: SourcedRecord[];
  inventory: SourcedRecord[];
  profiles: SourcedRecord[];
  rules: SourcedRecord[];
  costFactors: SourcedRecord[];
  orders: SourcedRecord[];
  /** Files refused as a whole; a run does not start with any, and an import stores nothing of them. */
  fileProblems?: FileProblem[];
}

/** The record collections of a dataset (everything but the single parameters record). */
export type CollectionName = Exclude<keyof RawDataset, 'parameters' | 'fileProblems'>;

export const COLLECTION_NAMES: readonly CollectionName[] = [
  'locations',
  'groups',
  'categories',
  'products',
  'variants',
  'inventory',
  'profiles',
  'rules',
  'costFactors',
  'orders',
];
