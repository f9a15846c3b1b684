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
  /** Set when the record's text could not be parsed; `value` is then null. */
  parseError?: string;
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
}

/** The record collections of a dataset (everything but the single parameters record). */
export type CollectionName = Exclude<keyof RawDataset, 'parameters'>;

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
