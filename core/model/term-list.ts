import type { CostTerm } from './problem.js';
import { grown } from './typed-arrays.js';

/** Rows a problem table (arcs, shipments, their terms) makes room for at first; it doubles when full. */
export const INITIAL_ROWS = 1024;
const INITIAL_TERMS = 16;

/**
 * The cost terms of a table's rows (arcs, shipments), tagged by factor, in
 * one flat list: row r's terms are positions `start(r)` to `start(r + 1)`.
 * Rows are appended in order, each with all its terms at once.
 */
export class TermList {
  private starts = new Int32Array(INITIAL_ROWS + 1);
  private length = 0;
  /** Each term's factor, as its position in `factors`: a problem's terms name a handful of factors. Small at first: arcs mostly have none. */
  private factorOf = new Int32Array(INITIAL_TERMS);
  private amount = new Float64Array(INITIAL_TERMS);
  private readonly factors: string[] = [];
  private readonly factorPositions = new Map<string, number>();

  /** Appends terms to row `row` (the last row, or the next one) and returns their sum. */
  append(row: number, terms: readonly CostTerm[]): number {
    let total = 0;
    for (const { factorId, amount } of terms) {
      if (this.length === this.amount.length) {
        this.factorOf = grown(this.factorOf, this.length * 2);
        this.amount = grown(this.amount, this.length * 2);
      }
      this.factorOf[this.length] = this.factorPosition(factorId);
      this.amount[this.length++] = amount;
      total += amount;
    }
    if (row + 2 > this.starts.length) this.starts = grown(this.starts, this.starts.length * 2);
    this.starts[row + 1] = this.length;
    return total;
  }

  start(row: number): number {
    return this.starts[row]!;
  }

  /** The terms at positions `from` to `to`, as objects. */
  terms(from: number, to: number): CostTerm[] {
    const terms: CostTerm[] = [];
    for (let t = from; t < to; t++) terms.push({ factorId: this.factors[this.factorOf[t]!]!, amount: this.amount[t]! });
    return terms;
  }

  /** How many terms the row has. */
  countOf(row: number): number {
    return this.starts[row + 1]! - this.starts[row]!;
  }

  /** The cost factors of the row's terms. */
  factorsOf(row: number): string[] {
    const factors: string[] = [];
    for (let t = this.starts[row]!; t < this.starts[row + 1]!; t++) factors.push(this.factors[this.factorOf[t]!]!);
    return factors;
  }

  /** `total` plus the amounts at positions `from` to `to`, each × `times`, added one by one. */
  addTo(total: number, from: number, to: number, times = 1): number {
    for (let t = from; t < to; t++) total += this.amount[t]! * times;
    return total;
  }

  private factorPosition(factorId: string): number {
    let position = this.factorPositions.get(factorId);
    if (position === undefined) {
      position = this.factors.length;
      this.factors.push(factorId);
      this.factorPositions.set(factorId, position);
    }
    return position;
  }
}
