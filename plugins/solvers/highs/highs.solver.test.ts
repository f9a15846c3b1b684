import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { validateAgainst, type FulfillmentProblem, type LinearModel, type SolveInput } from '../../../core/index.js';
import { Random } from 'opendom/testing';
import { buildModel, loadHighs, type ColSpec, type RowSpec } from '../../../test/fixtures/linear-models.js';
import { toCplexLp } from '../../../core/model/lp-format.js';
import { highsSolver, warmUpHighs } from './highs.solver.js';

/** The solver only reads the model; the problem is not looked at. */
function input(model: LinearModel | null, timeLimitSeconds = 60, relativeGap = 0): SolveInput {
  return { problem: {} as FulfillmentProblem, model, timeLimitSeconds, relativeGap };
}

/** mulberry32: a small seeded generator, so the random models are the same on every run. */
function assignmentModel(lines: number, locations: number, seed: number, extras = false): LinearModel {
  const rng = new Random(seed);
  const random = () => rng.next();
  const quantities = Array.from({ length: lines }, () => 1 + Math.floor(random() * 5));
  const cols: ColSpec[] = [];
  const arcs: { col: number; units: number }[] = [];
  const fulfilment: Record<number, number> = {};
  const cost: Record<number, number> = {};
  const lineRows: RowSpec[] = [];
  const capacity: RowSpec[] = Array.from({ length: locations }, (_, loc) => ({
    name: `capacity ${loc}`,
    upper: Math.ceil((quantities.reduce((a, b) => a + b, 0) / locations) * (0.8 + random() * 0.6)),
    entries: [],
  }));
  for (let line = 0; line < lines; line++) {
    const row: RowSpec = { name: `line ${line}`, upper: 1, entries: [] };
    for (let loc = 0; loc < locations; loc++) {
      const col = cols.length;
      cols.push({ name: `x[${line},${loc}]`, upper: 1, integer: true });
      arcs.push({ col, units: quantities[line]! });
      fulfilment[col] = -quantities[line]!;
      cost[col] = Math.round(random() * 100) / 10;
      row.entries.push([col, 1]);
      capacity[loc]!.entries.push([col, quantities[line]!]);
    }
    lineRows.push(row);
  }
  const rows = [...lineRows, ...capacity];
  if (extras) {
    // A general integer (extra boxes, 0..7) that must cover a ranged share of location 0's load.
    const boxes = cols.length;
    cols.push({ name: 'boxes', upper: 7, integer: true });
    cost[boxes] = 2.5;
    rows.push({ name: 'boxes cover', lower: 0.5, upper: 40, entries: [[boxes, 3], ...capacity[0]!.entries.map(([c, v]): [number, number] => [c, -0.5 * v])] });
  }
  const total = quantities.reduce((a, b) => a + b, 0);
  return buildModel(cols, rows, {
    levels: [
      { name: 'fulfilment', weight: 10_000, offset: total, coefficients: fulfilment },
      { name: 'cost', weight: 1, coefficients: cost },
    ],
    arcs,
  });
}

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
  await warmUpHighs();
});

describe('dom/highs', () => {
  it('declares its meta and an options schema whose defaults fill in', () => {
    expect(highsSolver.meta).toMatchObject({ id: 'dom/highs', version: '1.0.0', compatibility: '^1.0.0', kind: 'production', defaultBatchSize: 1500 });
    const options = {};
    expect(validateAgainst(highsSolver.meta.optionsSchema, options)).toEqual([]);
    expect(options).toEqual({ presolve: 'choose', randomSeed: 0 });
    expect(validateAgainst(highsSolver.meta.optionsSchema, { threads: 2 })).not.toEqual([]);
    expect(validateAgainst(highsSolver.meta.optionsSchema, { presolve: 'maybe' })).not.toEqual([]);
  });

  it('solves a tiny assignment MIP to its hand-computed optimum', async () => {
    // Lines L1 (3 units) and L2 (2 units); locations A and B; A takes at most one line.
    // Costs: L1 from A 1, from B 5; L2 from A 1, from B 4. Both lines fulfilled:
    // (L1 A, L2 B) costs 5, (L1 B, L2 A) 6, (L1 B, L2 B) 9 → L1 from A, L2 from B, objective 5.
    const model = buildModel(
      [
        { name: 'L1@A', upper: 1, integer: true },
        { name: 'L1@B', upper: 1, integer: true },
        { name: 'L2@A', upper: 1, integer: true },
        { name: 'L2@B', upper: 1, integer: true },
      ],
      [
        { name: 'L1 once', upper: 1, entries: [[0, 1], [1, 1]] },
        { name: 'L2 once', upper: 1, entries: [[2, 1], [3, 1]] },
        { name: 'A capacity', upper: 1, entries: [[0, 1], [2, 1]] },
      ],
      {
        levels: [
          { name: 'fulfilment', weight: 1000, offset: 5, coefficients: { 0: -3, 1: -3, 2: -2, 3: -2 } },
          { name: 'cost', weight: 1, coefficients: { 0: 1, 1: 5, 2: 1, 3: 4 } },
        ],
        arcs: [
          { col: 0, units: 3 },
          { col: 1, units: 3 },
          { col: 2, units: 2 },
          { col: 3, units: 2 },
        ],
      },
    );
    const outcome = await (await highsSolver.create({})).solve(input(model));
    expect(outcome.status).toBe('optimal');
    expect(outcome.objective).toBeCloseTo(5, 9);
    expect(outcome.arcQuantities).toEqual([3, 0, 0, 2]);
    expect(outcome.bound).toBeCloseTo(5, 6);
    expect(outcome.gap).toBeCloseTo(0, 9);
    expect(outcome.notes).toEqual([]);
  });

  it('reports an LP optimum with bound = objective and gap 0, summing repeated row entries', async () => {
    // min x + 2y, x + y >= 3 (written as 0.5x + y + 0.5x), x <= 1 → x = 1, y = 2, objective 5 (+ offset 10).
    const model = buildModel(
      [{ name: 'x', upper: 1 }, { name: 'y' }],
      [{ name: 'need', lower: 3, entries: [[0, 0.5], [1, 1], [0, 0.5]] }],
      { levels: [{ name: 'cost', weight: 1, offset: 10, coefficients: { 0: 1, 1: 2 } }] },
    );
    const outcome = await (await highsSolver.create({ presolve: 'off' })).solve(input(model));
    expect(outcome).toMatchObject({ status: 'optimal', gap: 0, notes: [] });
    expect(outcome.objective).toBeCloseTo(15, 9);
    expect(outcome.bound).toBe(outcome.objective);
  });

  it('says infeasible for infeasible MIPs and LPs', async () => {
    for (const integer of [true, false]) {
      const model = buildModel(
        [{ name: 'x', upper: 1, integer }, { name: 'y', upper: 1, integer }],
        [{ name: 'need', lower: 3, entries: [[0, 1], [1, 1]] }],
        { levels: [{ name: 'cost', weight: 1, coefficients: { 0: 1, 1: 1 } }], arcs: [{ col: 0, units: 1 }] },
      );
      const outcome = await (await highsSolver.create({})).solve(input(model));
      expect(outcome.status).toBe('infeasible');
      expect(outcome.objective).toBeNull();
      expect(outcome.arcQuantities).toEqual([0]);
    }
  });

  it('answers an empty model without HiGHS: optimal at the offset (infeasible if a row excludes 0)', async () => {
    const empty = buildModel([], [], { levels: [{ name: 'fulfilment', weight: 1000, offset: 7, coefficients: {} }] });
    const solver = await highsSolver.create({});
    expect(await solver.solve(input(empty))).toEqual({ status: 'optimal', arcQuantities: [], objective: 7000, bound: 7000, gap: 0, notes: [] });
    const impossible = buildModel([], [{ name: 'r', lower: 1, entries: [] }]);
    expect((await solver.solve(input(impossible))).status).toBe('infeasible');
  });

  it('throws a clear error without a linear model', async () => {
    await expect((await highsSolver.create({})).solve(input(null))).rejects.toThrow(/dom\/highs.*input\.model is null/);
  });

  it('passes its options to HiGHS (an out-of-range tolerance is refused by HiGHS → error)', async () => {
    const model = assignmentModel(4, 2, 1);
    const good = await (await highsSolver.create({ presolve: 'off', randomSeed: 7, mipFeasibilityTolerance: 1e-7 })).solve(input(model));
    expect(good.status).toBe('optimal');
    const bad = await (await highsSolver.create({ mipFeasibilityTolerance: 0 })).solve(input(model));
    expect(bad.status).toBe('error');
    expect(bad.notes.join(' ')).toMatch(/HiGHS failed/);
  });

  it('stops at the time limit with a consistent status, note and solution', async () => {
    const model = assignmentModel(60, 30, 42);
    const outcome = await (await highsSolver.create({})).solve(input(model, 0.001, 0));
    expect(['feasible', 'no-solution']).toContain(outcome.status);
    expect(outcome.notes).toHaveLength(1);
    expect(outcome.notes[0]).toMatch(/time limit of 0\.001 s/);
    if (outcome.status === 'feasible') {
      expect(outcome.notes[0]).toMatch(/best solution found/);
      expect(outcome.objective).not.toBeNull();
      // Each line ships from at most one location, in whole.
      for (let line = 0; line < 60; line++) {
        const shipped = outcome.arcQuantities.slice(line * 30, line * 30 + 30).filter((q) => q > 0);
        expect(shipped.length).toBeLessThanOrEqual(1);
      }
    } else {
      expect(outcome.notes[0]).toMatch(/no solution found/);
      expect(outcome.objective).toBeNull();
      expect(outcome.gap).toBeNull();
      expect(outcome.arcQuantities.every((q) => q === 0)).toBe(true);
    }
  });

  it('finds the same optimum as HiGHS reading the CPLEX LP export (5 random MIPs)', async () => {
    const solver = await highsSolver.create({});
    for (let seed = 1; seed <= 5; seed++) {
      const model = assignmentModel(6 + seed, 3 + (seed % 3), 1000 + seed, seed % 2 === 1);
      const outcome = await solver.solve(input(model));
      const fromText = highs.solve(toCplexLp(model, `seed ${seed}`), { output_flag: false, mip_rel_gap: 0 });
      expect(outcome.status).toBe('optimal');
      expect(fromText.Status).toBe('Optimal');
      expect(outcome.objective).toBeCloseTo(fromText.ObjectiveValue, 6);
      expect(outcome.gap).toBeLessThan(1e-9);
    }
  });
});
