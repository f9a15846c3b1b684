/**
 * CPLEX LP export of a {@link LinearModel}, readable by HiGHS, GLPK
 * (`glpsol --lp`), CBC and CPLEX. It writes the combined objective
 * (`colCost` + `objectiveOffset`), so every reader finds the same optimum.
 */
import type { LinearModel } from './linear-model.js';

/** Fixed-at-1 column carrying the objective constant (GLPK rejects a bare constant). */
const CONSTANT_COLUMN = 'obj_constant';
const OBJECTIVE_NAME = 'obj';
/** Stand-in row for models without rows: GLPK rejects an empty `Subject To`. */
const PLACEHOLDER_ROW = 'obj_constant_row';
/** Wrap expressions before this many characters (readers accept 255 and more). */
const MAX_LINE = 200;
/** Longest name kept; longer names are cut before being made unique. */
const MAX_NAME = 100;
/** Words a reader may take for a keyword or a number; such names get a `_` prefix. */
const RESERVED = new Set([
  'min', 'max', 'minimize', 'maximize', 'minimise', 'maximise', 'minimum', 'maximum',
  'subject', 'to', 'st', 'such', 'that', 'bound', 'bounds', 'general', 'generals', 'gen',
  'integer', 'integers', 'int', 'binary', 'binaries', 'bin', 'semi', 'semis', 'semi-continuous',
  'sos', 'free', 'inf', 'infinity', 'end', 'lazy', 'user', 'constraints', 'cuts', 'nan',
]);

/** Writes the model in CPLEX LP format; `comment` goes into the `\` header. */
export function toCplexLp(model: LinearModel, comment?: string): string {
  const names = new LpNames();
  names.reserve(CONSTANT_COLUMN);
  names.reserve(OBJECTIVE_NAME);
  names.reserve(PLACEHOLDER_ROW);
  const colNames = Array.from({ length: model.numCols }, (_, col) => names.add(model.colNames[col] ?? '', `x${col}`));

  const lines = [
    ...headerLines(comment),
    'Minimize',
    ...objectiveLines(model, colNames),
    'Subject To',
    ...constraintLines(model, colNames, names),
    'Bounds',
    ...boundLines(model, colNames),
    ...integerLines(model, colNames),
    'End',
  ];
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- names ----

/** Sanitised, unique LP names (one namespace for rows and columns, so no reader can confuse them). */
class LpNames {
  private readonly used = new Set<string>();

  reserve(name: string): void {
    this.used.add(name);
  }

  /** A legal, unused name derived from `raw` (`fallback` when nothing is left of it). */
  add(raw: string, fallback: string): string {
    const base = sanitiseName(raw) || fallback;
    let name = base;
    for (let n = 1; this.used.has(name); n++) name = `${base}~${n}`;
    this.used.add(name);
    return name;
  }
}

/**
 * Replaces characters LP forbids (and `/`, which CPLEX allows but HiGHS's
 * reader rejects), and guards the start against number and keyword readings.
 */
export function sanitiseName(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9!"#$%&(),.;?@_`'{}|~]/g, '_').slice(0, MAX_NAME);
  if (name === '') return '';
  if (readsAsNumberOrKeyword(name)) name = `_${name}`;
  return name;
}

/**
 * A leading digit or period reads as a number and `e1`, `E` as exponents
 * (CPLEX); HiGHS reads numbers with strtod, which takes any name starting with
 * `inf` or `nan` (`information`, `Nancy`) for a number and rejects the file.
 */
function readsAsNumberOrKeyword(name: string): boolean {
  return /^[0-9.]/.test(name) || /^[eE]([0-9.]|$)/.test(name) || /^(inf|nan)/i.test(name) || RESERVED.has(name.toLowerCase());
}

// -------------------------------------------------------------- numbers ----

/** Round-trip decimal form of a finite number, `inf`/`-inf` for infinities. */
function num(value: number): string {
  if (Number.isNaN(value)) throw new Error('toCplexLp: the model holds a NaN');
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value); // shortest round-trip form; String(-0) is "0"
}

/** One term of an expression: `x`, `- 2.5 x`, `+ 3 y` (sign separated so wrapping never splits it). */
function term(coefficient: number, name: string, first: boolean): string {
  const sign = coefficient < 0 ? '-' : first ? '' : '+';
  const magnitude = Math.abs(coefficient);
  const body = magnitude === 1 ? name : `${num(magnitude)} ${name}`;
  return sign === '' ? body : `${sign} ${body}`;
}

/** Joins chunks into lines under {@link MAX_LINE}; continuation lines start with spaces. */
function wrap(prefix: string, chunks: string[]): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const chunk of chunks) {
    if (line.length + 1 + chunk.length > MAX_LINE && line.trim() !== '') {
      lines.push(line);
      line = '   ';
    }
    line += line.endsWith(' ') ? chunk : ` ${chunk}`;
  }
  lines.push(line);
  return lines;
}

// ------------------------------------------------------------- sections ----

function headerLines(comment: string | undefined): string[] {
  const lines = (comment ?? '').split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => `\\ ${line}`);
  lines.push('\\ Objective: the combined lexicographic objective (levels weighted into one sum),');
  lines.push(`\\ its constant carried by column ${CONSTANT_COLUMN}, fixed at 1.`);
  return lines;
}

function objectiveLines(model: LinearModel, colNames: string[]): string[] {
  const chunks: string[] = [];
  for (let col = 0; col < model.numCols; col++) {
    const cost = model.colCost[col] ?? 0;
    if (cost !== 0) chunks.push(term(cost, colNames[col]!, chunks.length === 0));
  }
  const offset = model.objectiveOffset;
  // With no term at all, `0 obj_constant` keeps the objective syntactically valid.
  if (offset !== 0 || chunks.length === 0) chunks.push(offset === 0 ? `0 ${CONSTANT_COLUMN}` : term(offset, CONSTANT_COLUMN, chunks.length === 0));
  return wrap(` ${OBJECTIVE_NAME}:`, chunks);
}

/** Row entries with duplicates summed and zeros dropped, in first-seen column order. */
function rowEntries(model: LinearModel, row: number): Map<number, number> {
  const { starts, indices, values } = model.rows;
  const entries = new Map<number, number>();
  for (let k = starts[row]!; k < starts[row + 1]!; k++) {
    const col = indices[k]!;
    entries.set(col, (entries.get(col) ?? 0) + values[k]!);
  }
  for (const [col, value] of entries) if (value === 0) entries.delete(col);
  return entries;
}

function constraintLines(model: LinearModel, colNames: string[], names: LpNames): string[] {
  const rows = model.rows;
  const lines: string[] = [];
  for (let row = 0; row < rows.lower.length; row++) {
    const entries = rowEntries(model, row);
    const chunks = [...entries].map(([col, value], i) => term(value, colNames[col]!, i === 0));
    const raw = rows.names[row] ?? '';
    const lower = rows.lower[row]!;
    const upper = rows.upper[row]!;
    // Rows written with no terms (empty, or impossible bounds) still need a column: 0 × obj_constant.
    const expression = chunks.length === 0 || isImpossible(lower, upper) ? [`0 ${CONSTANT_COLUMN}`] : chunks;
    for (const [suffix, sense, rhs] of rowSenses(lower, upper, chunks.length === 0)) {
      const name = names.add(suffix === '' ? raw : `${sanitiseName(raw) || `r${row}`}${suffix}`, `r${row}${suffix}`);
      lines.push(...wrap(` ${name}:`, [...expression, sense, num(rhs)]));
    }
  }
  if (lines.length === 0) lines.push(` ${PLACEHOLDER_ROW}: ${CONSTANT_COLUMN} = 1`);
  return lines;
}

type RowSense = [suffix: '' | '_lo' | '_hi', sense: '=' | '<=' | '>=', rhs: number];

/** Bounds of the wrong infinity (`lower = +inf`, `upper = -inf`): no activity satisfies them. */
function isImpossible(lower: number, upper: number): boolean {
  return lower === Infinity || upper === -Infinity;
}

/**
 * How a row `lower <= a·x <= upper` is written: one row, two (ranged), or none
 * (free rows, and empty rows that 0 satisfies). An impossible row is kept, as `0 >= 1`.
 */
function rowSenses(lower: number, upper: number, empty: boolean): RowSense[] {
  if (Number.isNaN(lower) || Number.isNaN(upper)) throw new Error('toCplexLp: a row bound is NaN');
  if (isImpossible(lower, upper)) return [['', '>=', 1]];
  const hasLower = lower !== -Infinity;
  const hasUpper = upper !== Infinity;
  if (empty && lower <= 0 && 0 <= upper) return [];
  if (hasLower && hasUpper) return lower === upper ? [['', '=', lower]] : [['_lo', '>=', lower], ['_hi', '<=', upper]];
  if (hasUpper) return [['', '<=', upper]];
  if (hasLower) return [['', '>=', lower]];
  return [];
}

function boundLines(model: LinearModel, colNames: string[]): string[] {
  const lines = [` ${CONSTANT_COLUMN} = 1`];
  for (let col = 0; col < model.numCols; col++) lines.push(` ${columnBound(colNames[col]!, model.colLower[col]!, model.colUpper[col]!)}`);
  return lines;
}

/** Every bound is explicit: LP's default (0 <= x < inf) differs between readers for negative uppers. */
function columnBound(name: string, lower: number, upper: number): string {
  if (lower === -Infinity && upper === Infinity) return `${name} free`;
  if (lower === upper) return `${name} = ${num(lower)}`;
  if (upper === Infinity) return `${name} >= ${num(lower)}`;
  return `${num(lower)} <= ${name} <= ${num(upper)}`;
}

function integerLines(model: LinearModel, colNames: string[]): string[] {
  const binaries: string[] = [];
  const generals: string[] = [];
  for (let col = 0; col < model.numCols; col++) {
    if (model.colInteger[col] !== 1) continue;
    const isBinary = model.colLower[col] === 0 && model.colUpper[col] === 1;
    (isBinary ? binaries : generals).push(colNames[col]!);
  }
  const lines: string[] = [];
  if (generals.length > 0) lines.push('Generals', ...wrap('', generals));
  if (binaries.length > 0) lines.push('Binaries', ...wrap('', binaries));
  return lines;
}
