import { readFileSync, statSync } from 'node:fs';
import { OpenDomError, type SourcedRecord } from '../../core/index.js';

/** The largest dataset file read whole (a JSON array, a CSV file); NDJSON files are read line by line within the same bound. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * A dataset file's text: UTF-8, a leading byte order mark dropped (every
 * format treats it alike), read errors and oversize files refused with the
 * file named.
 */
export function readText(path: string, file: string): string {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      throw OpenDomError.of({ code: 'E_DATASET', file, message: `is ${Math.round(size / 2 ** 20)} MiB; a dataset file is limited to ${MAX_FILE_BYTES / 2 ** 20} MiB (split it, or use NDJSON in several imports)` });
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof OpenDomError) throw error;
    throw OpenDomError.of({ code: 'E_DATASET', file, message: `cannot be read: ${(error as Error).message}` });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A whole JSON file (an array of records, or the parameters object). */
export function readJson(path: string, file: string): unknown {
  try {
    return JSON.parse(readText(path, file));
  } catch (error) {
    if (error instanceof OpenDomError) throw error;
    throw OpenDomError.of({ code: 'E_DATASET', file, message: `is not valid JSON: ${(error as Error).message}` });
  }
}

/** An NDJSON file's records (see {@link parseNdjson}). */
export function readNdjson(path: string, file: string): SourcedRecord[] {
  return parseNdjson(readText(path, file), file);
}

/** One record per non-blank line; a line that does not parse becomes a record with its error, so the others still count. */
export function parseNdjson(text: string, file: string): SourcedRecord[] {
  const records: SourcedRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const source = { file, recordNumber: i + 1 };
    try {
      records.push({ value: JSON.parse(line), source });
    } catch (error) {
      records.push({ value: null, source, parseError: `is not valid JSON: ${(error as Error).message}` });
    }
  });
  return records;
}
