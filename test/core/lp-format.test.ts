import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { buildModel, loadHighs } from '../fixtures/linear-models.js';
import { sanitiseName, toCplexLp } from '../../core/model/lp-format.js';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

function solveText(text: string) {
  return highs.solve(text, { output_flag: false });
}

describe('toCplexLp', () => {
  it('writes an LP whose optimum (with the offset) HiGHS finds', () => {
    // max 3x + 2y  s.t. x + y <= 4, x + 3y <= 6, x <= 3  →  x = 3, y = 1, value 11.
    const model = buildModel(
      [
        { name: 'x', upper: 3, cost: -3 },
        { name: 'y', cost: -2 },
      ],
      [
        { name: 'c1', upper: 4, entries: [[0, 1], [1, 1]] },
        { name: 'c2', upper: 6, entries: [[0, 1], [1, 3]] },
      ],
      { offset: 100 },
    );
    const text = toCplexLp(model, 'tiny LP\nsecond comment line');
    expect(text.startsWith('\\ tiny LP\n\\ second comment line\n')).toBe(true);
    expect(text).toContain(' obj: - 3 x - 2 y + 100 obj_constant');
    expect(text).toContain(' obj_constant = 1');
    expect(text).not.toMatch(/Generals|Binaries/);
    const result = solveText(text);
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBeCloseTo(89, 9);
  });

  it('writes binaries and general integers so the MIP optimum (not the LP one) is found', () => {
    // Knapsack: max 5a + 4b + 3c, 2a + 3b + c <= 4 → a = c = 1, value 8 (relaxation 9.33).
    // Covering: min 3g + 5h, 2g + 3h >= 7, g, h integer in 0..10 → g = 2, h = 1, value 11 (relaxation 10.5).
    const model = buildModel(
      [
        { name: 'a', upper: 1, integer: true, cost: -5 },
        { name: 'b', upper: 1, integer: true, cost: -4 },
        { name: 'c', upper: 1, integer: true, cost: -3 },
        { name: 'g', upper: 10, integer: true, cost: 3 },
        { name: 'h', upper: 10, integer: true, cost: 5 },
      ],
      [
        { name: 'weight', upper: 4, entries: [[0, 2], [1, 3], [2, 1]] },
        { name: 'cover', lower: 7, entries: [[3, 2], [4, 3]] },
      ],
    );
    const text = toCplexLp(model);
    expect(text).toMatch(/Generals\n g h\n/);
    expect(text).toMatch(/Binaries\n a b c\n/);
    const result = solveText(text);
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBeCloseTo(3, 9);
  });

  it('handles equality and ranged rows, free and fixed columns, a negative offset and odd names', () => {
    const model = buildModel(
      [
        /* 0 */ { name: 'x-1', lower: -Infinity, upper: Infinity, cost: 1 },
        /* 1 */ { name: 'my var', lower: 2, upper: 2, cost: 3 },
        /* 2 */ { name: 'e1', upper: 10, cost: -1 },
        /* 3 */ { name: '3rd', lower: -5, upper: 5, cost: 2 },
        /* 4 */ { name: 'end', cost: 1 },
        /* 5 */ { name: 'dup name', lower: 1, upper: 2, cost: 1 },
        /* 6 */ { name: 'dup name', lower: 1, upper: 2, cost: 1 },
        /* 7 */ { name: 'obj_constant', upper: 1, cost: -1 },
        /* 8 */ { name: '', lower: -Infinity, upper: -4, cost: -2 },
      ],
      [
        { name: 'eq row', lower: 4, upper: 4, entries: [[0, 1], [2, 1]] },
        { name: 'range-row', lower: 1, upper: 6, entries: [[2, 1], [3, -1]] },
        // The split coefficient of `my var` must be summed: e1 + my var <= 9.
        { name: 'cap', upper: 9, entries: [[2, 1], [1, 0.5], [1, 0.5]] },
        { name: 'lb', lower: -2, entries: [[0, 1], [4, 1]] },
        { name: 'empty', upper: 5, entries: [] },
        { name: 'range-row_lo', lower: -Infinity, upper: 100, entries: [[8, -1]] },
      ],
      { offset: -7.5 },
    );
    // By hand: my var = 2 (6), x = 4 − e1; for 1 <= e1 <= 6 take 3rd = e1 − 6, end = 0:
    // x − e1 + 2·3rd + end = 4 − 2e1 + 2e1 − 12 = −8 (larger or smaller e1 only costs more).
    // Then dup names at 1 (+2), obj_constant column at 1 (−1), the unnamed column at −4 (+8), offset −7.5.
    const expected = -8 + 6 + 2 - 1 + 8 - 7.5;
    const text = toCplexLp(model);
    expect(text).toContain(' x_1 free');
    expect(text).toContain(' my_var = 2');
    expect(text).toContain('0 <= _e1 <= 10');
    expect(text).toContain('-5 <= _3rd <= 5');
    expect(text).toContain(' _end >= 0');
    expect(text).toContain('1 <= dup_name <= 2');
    expect(text).toContain('1 <= dup_name~1 <= 2');
    expect(text).toContain('0 <= obj_constant~1 <= 1');
    expect(text).toContain('-inf <= x8 <= -4');
    expect(text).toContain(' eq_row: x_1 + _e1 = 4');
    expect(text).toContain(' range_row_lo: _e1 - _3rd >= 1');
    expect(text).toContain(' range_row_hi: _e1 - _3rd <= 6');
    expect(text).toContain(' range_row_lo~1: - x8 <= 100');
    expect(text).toContain(' cap: _e1 + my_var <= 9');
    expect(text).not.toContain('empty');
    const result = solveText(text);
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBeCloseTo(expected, 9);
  });

  it('keeps a model without any objective term valid', () => {
    const model = buildModel([{ name: 'x', upper: 1 }], [{ name: 'r', lower: 0.5, entries: [[0, 1]] }]);
    const text = toCplexLp(model);
    expect(text).toContain(' obj: 0 obj_constant');
    const result = solveText(text);
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBe(0);
  });

  it('keeps infeasibility: a violated row and an infeasible empty row', () => {
    const violated = buildModel(
      [
        { name: 'x', upper: 2, cost: 1 },
        { name: 'y', upper: 2, cost: 1 },
      ],
      [{ name: 'need', lower: 5, entries: [[0, 1], [1, 1]] }],
    );
    expect(solveText(toCplexLp(violated)).Status).toBe('Infeasible');

    const emptyRow = buildModel([{ name: 'x', upper: 2, cost: 1 }], [{ name: 'impossible', lower: 1, upper: 3, entries: [] }]);
    const text = toCplexLp(emptyRow);
    expect(text).toContain(' impossible_lo: 0 obj_constant >= 1');
    expect(solveText(text).Status).toBe('Infeasible');

    const impossibleBound = buildModel([{ name: 'x', upper: 2, cost: 1 }], [{ name: 'never', lower: Infinity, entries: [[0, 1]] }]);
    const impossibleText = toCplexLp(impossibleBound);
    expect(impossibleText).toContain(' never: 0 obj_constant >= 1');
    expect(solveText(impossibleText).Status).toBe('Infeasible');
  });

  it('wraps long expressions below 255 characters', () => {
    const n = 300;
    const cols = Array.from({ length: n }, (_, i) => ({ name: `a_rather_long_column_name_for_arc_${i}`, upper: 1, cost: 1 + i / 1000 }));
    const model = buildModel(cols, [{ name: 'demand', lower: 150.5, entries: cols.map((_, i): [number, number] => [i, 1]) }]);
    const text = toCplexLp(model);
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(255);
    // The 150.5 cheapest units: columns 0..149 fully and half of column 150.
    let expected = 0;
    for (let i = 0; i < 150; i++) expected += 1 + i / 1000;
    expected += 0.5 * (1 + 150 / 1000);
    const result = solveText(text);
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBeCloseTo(expected, 9);
  });

  it('writes numbers with full precision, and a placeholder row for a model without rows', () => {
    const model = buildModel([{ name: 'x', lower: 1e-7, upper: 1, cost: 0.1 + 0.2 }], [], { offset: 1 / 3 });
    const text = toCplexLp(model);
    expect(text).toContain('0.30000000000000004 x');
    expect(text).toContain('0.3333333333333333 obj_constant');
    expect(text).toContain('1e-7 <= x <= 1');
    expect(text).toContain(' obj_constant_row: obj_constant = 1');
    expect(solveText(text).ObjectiveValue).toBeCloseTo((0.1 + 0.2) * 1e-7 + 1 / 3, 12);
  });

  it('sanitises names against number and keyword readings', () => {
    expect(sanitiseName('a b-c[1]')).toBe('a_b_c_1_');
    expect(sanitiseName('1x')).toBe('_1x');
    expect(sanitiseName('.x')).toBe('_.x');
    expect(sanitiseName('E')).toBe('_E');
    expect(sanitiseName('e12')).toBe('_e12');
    expect(sanitiseName('edge')).toBe('edge');
    expect(sanitiseName('Bounds')).toBe('_Bounds');
    expect(sanitiseName('information')).toBe('_information');
    expect(sanitiseName('NaNcy')).toBe('_NaNcy');
    expect(sanitiseName('x_inf')).toBe('x_inf');
    expect(sanitiseName('a/b')).toBe('a_b');
    expect(sanitiseName('ok!"#$%&(),.;?@_`\'{}|~')).toBe('ok!"#$%&(),.;?@_`\'{}|~');
  });

  it('writes names HiGHS reads back (every allowed special character, inf/nan prefixes)', () => {
    const odd = ['ok!"#$%&(),.;?@_`\'{}|~', 'information', 'nan', 'Inf', 'a/b', 'x y', 'e5', '.5', 'Subject To', 'free'];
    const model = buildModel(
      odd.map((name, i) => ({ name, upper: 1, cost: i + 1 })),
      [{ name: 'infeasible unless all: at least 10', lower: 10, entries: odd.map((_, i): [number, number] => [i, 1]) }],
    );
    const result = solveText(toCplexLp(model));
    expect(result.Status).toBe('Optimal');
    expect(result.ObjectiveValue).toBeCloseTo(55, 9);
    expect(Object.keys(result.Columns)).toHaveLength(odd.length + 1); // + obj_constant
  });
});
