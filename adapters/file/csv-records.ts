import { parse } from 'csv-parse/sync';
import { FORBIDDEN_KEYS, OpenDomError, type Issue, type SourcedRecord } from '../../core/index.js';
import { readText } from './record-files.js';

/**
 * Flat records as CSV. A header names each column's field, dotted for nested
 * objects (`address.coordinates.latitude`); a cell is converted to the type
 * the record's JSON Schema gives the field (number, integer, boolean
 * `true`/`false`, a list separated by `|`); an empty cell leaves the field
 * out, so its default applies. docs/data-format.md.
 */

export const LIST_SEPARATOR = '|';

export interface Schema {
  type?: string | readonly string[];
  properties?: Record<string, Schema>;
  /** The schema of fields not listed in `properties` (custom attributes). */
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
}

interface Column {
  name: string;
  path: string[];
  schema: Schema;
}

/**
 * Records of a CSV file, each numbered by the line it starts on. A header
 * that names no known field (or a field twice) refuses the file, each bad
 * column reported once; a row that does not parse, or has another number of
 * cells than the header, is refused alone.
 */
export function readCsv(path: string, file: string, schema: Schema, what: string): SourcedRecord[] {
  const refused: SourcedRecord[] = [];
  let rows: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    rows = parse(readText(path, file), {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) refused.push({ value: null, source: { file, recordNumber: Number(error.lines) }, parseError: `is not valid CSV: ${error.message}` });
        return undefined;
      },
    }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof OpenDomError) throw error;
    throw OpenDomError.of({ code: 'E_DATASET', file, message: `is not valid CSV: ${(error as Error).message}` });
  }
  const [header, ...records] = rows;
  if (!header) return refused;
  const columns = headerColumns(header.record, file, schema, what);
  let previous = header.info;
  const read = records.map(({ record, info }): SourcedRecord => {
    const source = { file, recordNumber: previous.lines + 1 + (info.empty_lines - previous.empty_lines) };
    previous = info;
    if (record.length !== columns.length) {
      return { value: null, source, parseError: `has ${record.length} cell${record.length === 1 ? '' : 's'}; the header has ${columns.length} columns` };
    }
    const value: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      if (cell === '') return;
      const column = columns[i]!;
      setPath(value, column.path, convert(cell, column.schema));
    });
    return { value, source };
  });
  return [...read, ...refused].sort((a, b) => a.source.recordNumber - b.source.recordNumber);
}

/** Each column's field and schema; unknown, forbidden and repeated columns refuse the file, each named once. */
function headerColumns(names: string[], file: string, root: Schema, what: string): Column[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const columns = names.map((raw) => {
    const name = raw.trim();
    const path = name.split('.');
    const schema = fieldSchema(root, path);
    const refuse = (message: string) => issues.push({ code: 'E_DATASET', file, recordNumber: 1, field: name, message });
    if (path.some((key) => FORBIDDEN_KEYS.has(key))) refuse(`column "${name}" is not allowed: no field may be named __proto__, constructor or prototype`);
    else if (!schema) refuse(`column "${name}" is not a field of ${what} records (fields: ${Object.keys(root.properties ?? {}).join(', ')})`);
    else if (seen.has(name)) refuse(`column "${name}" appears twice`);
    seen.add(name);
    return { name, path, schema: schema ?? {} };
  });
  if (issues.length > 0) throw new OpenDomError('E_DATASET', `${file}: the header is refused, so none of its records are read`, issues);
  return columns;
}

/** The schema of a dotted field, or undefined for a field the record does not have. */
function fieldSchema(schema: Schema, path: string[]): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const key of path) {
    const parent = nonNull(node);
    const open = typeof parent?.additionalProperties === 'object' ? parent.additionalProperties : undefined;
    node = Object.hasOwn(parent?.properties ?? {}, key) ? parent!.properties![key] : open;
  }
  return nonNull(node);
}

/** The branch of `anyOf: [X, null]` that is not null. */
function nonNull(schema: Schema | undefined): Schema | undefined {
  return schema?.anyOf ? schema.anyOf.find((s) => s.type !== 'null') : schema;
}

/** A cell as its field's type; a field of several types (an undeclared attribute) keeps the first, a string. */
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

/** Sets a dotted field; every key was checked against the record's schema, so none reaches a prototype. */
function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}
