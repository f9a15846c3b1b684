import type { FastifyInstance } from 'fastify';
import { COLLECTION_NAMES, type CollectionName, type RawDataset, type SourcedRecord } from '../../../index.js';
import { parseNdjson } from '../../file/record-files.js';
import { importDataset } from '../../import/import-dataset.js';
import type { ServiceParts } from '../app.js';
import { HttpProblem } from '../problems.js';
import { importBodySchema, importReportSchema, withProblems } from '../schemas.js';

export const NDJSON = 'application/x-ndjson';

type ImportBody = Partial<Record<CollectionName | 'lineEvents', unknown[]>> & { parameters?: unknown };

/**
 * Imports records as `opendom import` does, with the same record-by-record
 * report: everything is checked first, then each collection's valid records
 * are stored in one transaction; a refused record is reported with its
 * collection, its position (1-based: the array index, or the NDJSON line)
 * and the field at fault.
 */
export function importRoutes(app: FastifyInstance, { store }: ServiceParts): void {
  app.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Body: ImportBody }>('/api/imports', {
    config: { role: 'admin' },
    schema: {
      tags: ['data'],
      summary: 'Import records of several collections (JSON: an array per collection)',
      body: importBodySchema,
      response: withProblems({ 200: importReportSchema }),
    },
  }, async (request) => {
    const { lineEvents, parameters, ...collections } = request.body;
    const raw = emptyDataset();
    if (parameters !== undefined) raw.parameters = { value: parameters, source: { file: 'parameters', recordNumber: 1 } };
    for (const name of COLLECTION_NAMES) raw[name] = sourced(collections[name] ?? [], name);
    return importDataset({ read: async () => raw }, store, { lineEvents: lineEvents ? { records: sourced(lineEvents, 'lineEvents'), fileIssues: [] } : null });
  });

  app.post<{ Params: { collection: CollectionName }; Body: unknown[] | string }>('/api/imports/:collection', {
    config: { role: 'admin' },
    schema: {
      tags: ['data'],
      summary: 'Import records of one collection: a JSON array, or NDJSON (Content-Type: application/x-ndjson, one record per line)',
      params: { type: 'object', required: ['collection'], properties: { collection: { enum: [...COLLECTION_NAMES] } } },
      body: { anyOf: [{ type: 'array', maxItems: 1_000_000, items: {} }, { type: 'string' }] },
      response: withProblems({ 200: importReportSchema }),
    },
  }, async (request) => {
    const { collection } = request.params;
    if (typeof request.body === 'string' && !request.headers['content-type']?.startsWith(NDJSON)) {
      throw new HttpProblem('E_USAGE', `the body must be a JSON array of records, or NDJSON (Content-Type: ${NDJSON})`, [{ field: 'body', message: 'must be an array' }]);
    }
    const records = typeof request.body === 'string' ? parseNdjson(request.body, collection) : sourced(request.body, collection);
    const raw = emptyDataset();
    raw[collection] = records;
    return importDataset({ read: async () => raw }, store);
  });
}

function sourced(values: unknown[], file: string): SourcedRecord[] {
  return values.map((value, i) => ({ value, source: { file, recordNumber: i + 1 } }));
}

function emptyDataset(): RawDataset {
  return Object.fromEntries([['parameters', null], ...COLLECTION_NAMES.map((name) => [name, []])]) as unknown as RawDataset;
}
