import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { OpenDomError, RECORD_KINDS, recordSchemas, type CollectionName, type SourcedRecord } from '../../core/index.js';

/**
 * Collections that may be CSV: flat records. A header names each column's
 * field, dotted for nested objects (`address.coordinates.latitude`); a cell
 * is converted to the type the record's JSON Schema gives the field (number,
 * integer, boolean `true`/`false`, a list separated by `|`); an empty cell
 * leaves the field out, so its default applies. docs/data-format.md.
 */
const CSV_COLLECTIONS: readonly CollectionName[] = ['locations', 'groups', 'categories', 'products', 'variants', 'inventory'];

export const LIST_SEPARATOR = '|';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}

/** Records of a CSV file, each numbered by the line it starts on. */
export function readCsv(path: string, file: string, collection: CollectionName): SourcedRecord[] {
  if (!CSV_COLLECTIONS.includes(collection)) {
    throw OpenDomError.of({ code: 'E_DATASET', file, message: `${collection} cannot be CSV (their records are nested); use ${file.replace(/\.csv$/, '.json')} or .ndjson` });
  }
  let rows: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    rows = parse(readFileSync(path, 'utf8'), { info: true, bom: true, skip_empty_lines: true }) as unknown as typeof rows;
  } catch (error) {
    throw OpenDomError.of({ code: 'E_DATASET', file, message: `is not valid CSV: ${(error as Error).message}` });
  }
  const [header, ...records] = rows;
  if (!header) return [];
  const columns = header.record.map((name) => ({ path: name.trim().split('.'), schema: fieldSchema(recordSchemas[RECORD_KINDS[collection]] as Schema, name.trim().split('.')) }));
  let previous = header.info;
  return records.map(({ record, info }) => {
    const recordNumber = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    previous = info;
    const value: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      if (cell === '') return;
      const column = columns[i]!;
      setPath(value, column.path, convert(cell, column.schema));
    });
    return { value, source: { file, recordNumber } };
  });
}

/** The schema of a dotted field, or undefined for a field the record does not have (validation reports it). */
function fieldSchema(schema: Schema, path: string[]): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const key of path) node = nonNull(node)?.properties?.[key];
  return nonNull(node);
}

/** The branch of `anyOf: [X, null]` that is not null. */
function nonNull(schema: Schema | undefined): Schema | undefined {
  return schema?.anyOf ? schema.anyOf.find((s) => s.type !== 'null') : schema;
}

function convert(cell: string, schema: Schema | undefined): unknown {
  const type = Array.isArray(schema?.type) ? schema.type.find((t) => t !== 'null') : schema?.type;
  if (type === 'array') return cell.split(LIST_SEPARATOR).map((item) => convert(item.trim(), nonNull(schema!.items)));
  if (type === 'number' || type === 'integer') {
    const n = Number(cell);
    return cell.trim() !== '' && Number.isFinite(n) ? n : cell;
  }
  if (type === 'boolean') return cell === 'true' ? true : cell === 'false' ? false : cell;
  return cell;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}
