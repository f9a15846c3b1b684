import { COLLECTION_NAMES, type DataAdapterPlugin, type DataSource, type RawDataset } from '../../core/index.js';

/** Records of a dataset held in memory: the parameters object and, per collection, an array. */
export type MemoryRecords = { parameters?: unknown } & { [K in (typeof COLLECTION_NAMES)[number]]?: unknown[] };

/**
 * A data source over records in memory, for embedding (e.g. records already
 * fetched by a host service) and for tests. A read lists the caller's own
 * objects, not copies: the engine copies each record as it checks it (before
 * filling defaults), so a run never changes them (tested in
 * test/core/dataset-validation.test.ts).
 */
export class MemoryDataSource implements DataSource {
  constructor(private readonly records: MemoryRecords) {}

  async read(): Promise<RawDataset> {
    return rawDatasetOf(this.records);
  }
}

/** Records in memory as a raw dataset, each numbered by its place in its collection. */
export function rawDatasetOf(records: MemoryRecords): RawDataset {
  const dataset = {
    parameters: records.parameters === undefined ? null : { value: records.parameters, source: { file: 'parameters', recordNumber: 1 } },
  } as RawDataset;
  for (const name of COLLECTION_NAMES) {
    dataset[name] = (records[name] ?? []).map((value, i) => ({ value, source: { file: name, recordNumber: i + 1 } }));
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
