import { COLLECTION_NAMES, type DataAdapterPlugin, type DataSource, type RawDataset } from '../../core/index.js';

/** Records of a dataset held in memory: the parameters object and, per collection, an array. */
export type MemoryRecords = { parameters?: unknown } & { [K in (typeof COLLECTION_NAMES)[number]]?: unknown[] };

/**
 * A data source over records in memory, for embedding (e.g. records already
 * fetched by a host service) and for tests. Records are copied on every read,
 * so a run never changes the caller's objects.
 */
export class MemoryDataSource implements DataSource {
  constructor(private readonly records: MemoryRecords) {}

  async read(): Promise<RawDataset> {
    return rawDatasetOf(this.records);
  }
}

/** Records in memory as a raw dataset (a copy), each numbered by its place in its collection. */
export function rawDatasetOf(records: MemoryRecords): RawDataset {
  const copy = structuredClone(records);
  const dataset = {
    parameters: copy.parameters === undefined ? null : { value: copy.parameters, source: { file: 'parameters', recordNumber: 1 } },
  } as RawDataset;
  for (const name of COLLECTION_NAMES) {
    dataset[name] = (copy[name] ?? []).map((value, i) => ({ value, source: { file: name, recordNumber: i + 1 } }));
  }
  return dataset;
}

export const memoryAdapter: DataAdapterPlugin<{ records: MemoryRecords }> = {
  meta: {
    id: 'dom/memory',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Serves a dataset held in memory (embedding and tests).',
    optionsSchema: { type: 'object', additionalProperties: false, required: ['records'], properties: { records: { type: 'object' } } },
  },
  create: (options) => new MemoryDataSource(options.records),
};
