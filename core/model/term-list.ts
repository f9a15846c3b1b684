import type { CostTerm } from './problem.js';
import { grown } from './typed-arrays.js';

/** Rows a problem table (arcs, shipments, their terms) makes room for at first; it doubles when full. */
export const INITIAL_ROWS = 1024;

/**
 * The cost terms of a table's rows (arcs, shipments), tagged by factor, in
 * one flat list: row r's terms are positions `start(r)` to `start(r + 1)`.
 * Rows are appended in order, each with all its terms at once.
 */
export class TermList {
  private starts = new Int32Array(INITIAL_ROWS + 1);
  private factor: string[] = [];
  private amount: number[] = [];

  /** Appends terms to row `row` (the last row, or the next one) and returns their sum. */
  append(row: number, terms: readonly CostTerm[]): number {
    let total = 0;
    for (const { factorId, amount } of terms) {
      this.factor.push(factorId);
      this.amount.push(amount);
      total += amount;
    }
    if (row + 2 > this.starts.length) this.starts = grown(this.starts, this.starts.length * 2);
    this.starts[row + 1] = this.amount.length;
    return total;
  }

  start(row: number): number {
    return this.starts[row]!;
  }

  /** The terms at positions `from` to `to`, as objects. */
  terms(from: number, to: number): CostTerm[] {
    const terms: CostTerm[] = [];
    for (let t = from; t < to; t++) terms.push({ factorId: this.factor[t]!, amount: this.amount[t]! });
    return terms;
  }

  /** How many terms the row has. */
  countOf(row: number): number {
    return this.starts[row + 1]! - this.starts[row]!;
  }

  /** The cost factors of the row's terms. */
  factorsOf(row: number): string[] {
    return this.factor.slice(this.starts[row]!, this.starts[row + 1]!);
  }

  /** `total` plus the amounts at positions `from` to `to`, each × `times`, added one by one. */
  addTo(total: number, from: number, to: number, times = 1): number {
    for (let t = from; t < to; t++) total += this.amount[t]! * times;
    return total;
  }
}
