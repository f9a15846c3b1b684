import 'reflect-metadata';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { MemoryDataSource } from '../../adapters/memory/memory.adapter.js';
import { builtinPlugins, PluginRegistry, type FulfillmentProblem, type Geocoder, type SolverInstance } from '../../index.js';
import { RunLedger } from '../../core/engine/ledger.js';
import { buildLinearModel } from '../../core/model/build-linear-model.js';
import { FilterStage } from '../../core/pipeline/filter.stage.js';
import { LoadStage } from '../../core/pipeline/load.stage.js';
import { SolveStage } from '../../core/pipeline/solve.stage.js';
import { aerialDistance } from '../../plugins/distance/aerial/aerial.distance.js';
import { greedySolver } from '../../plugins/solvers/greedy/greedy.solver.js';
import { coordinatesGeocoder } from '../../plugins/geocoders/coordinates/coordinates.geocoder.js';
import { AS_OF, location, order, rounded, rule, runScenario, scenario, stock } from 'opendom/testing';

function registry(): PluginRegistry {
  const r = new PluginRegistry(container.createChildContainer());
  builtinPlugins.register(r);
  return r;
}

/** A load stage with the default geocoder and distance provider, as createEngine wires it. */
function loadStage(plugins: PluginRegistry): LoadStage {
  return new LoadStage(plugins, { pluginId: coordinatesGeocoder.meta.id, geocoder: coordinatesGeocoder.create({}) as Geocoder }, aerialDistance.meta);
}

async function problemOf(records: ReturnType<typeof scenario>, ledger = new RunLedger()): Promise<FulfillmentProblem> {
  const plugins = registry();
  const run = await loadStage(plugins).run({ source: new MemoryDataSource(records), profileId: 'p' });
  const filter = new FilterStage(plugins, aerialDistance.create({}));
  return filter.run({ ...run, orders: run.selected, iteration: 1, asOf: AS_OF, ledger, distanceCache: new Map() });
}

const twoLocations = scenario({
  locations: [location('A', 10), location('B', 100), location('OFF', 5)],
  inventory: [stock('V1', 'A', 3, 1), stock('V1', 'B', 9), stock('V2', 'B', 4), stock('V1', 'OFF', 9)],
  rules: [rule('off', 'dom/offline-location', {}, { scope: { locationIds: ['OFF'] } })],
  orders: [order('O1', [['V1', 2], ['V2', 1]]), order('O2', [['V1', 1]])],
});

describe('load stage', () => {
  it('selects the profile and its eligible lines; refuses unknown and disabled profiles', async () => {
    const plugins = registry();
    const run = await loadStage(plugins).run({ source: new MemoryDataSource(twoLocations), profileId: 'p' });
    expect(run.selected.map((s) => [s.order.id, s.lines.length])).toEqual([
      ['O1', 2],
      ['O2', 1],
    ]);
    await expect(loadStage(plugins).run({ source: new MemoryDataSource(twoLocations), profileId: 'nope' })).rejects.toMatchObject({
      code: 'E_PROFILE',
      message: expect.stringContaining('profiles: p'),
    });
    const disabled = scenario({ profile: { enabled: false }, locations: [location('A', 1)] });
    await expect(loadStage(plugins).run({ source: new MemoryDataSource(disabled), profileId: 'p' })).rejects.toMatchObject({ code: 'E_PROFILE' });
  });
});

describe('filter stage', () => {
  it('builds candidates with distances, usable stock, shipments with tagged distance costs, and tagged removals', async () => {
    const problem = await problemOf(twoLocations);
    const arcs = problem.arcs.objects().map((a) => [problem.lines[a.line]!.line.id, problem.locations[a.location]!.location.id]);
    expect(arcs).toEqual([
      ['O1-1', 'A'],
      ['O1-1', 'B'],
      ['O1-2', 'B'],
      ['O2-1', 'A'],
      ['O2-1', 'B'],
    ]);
    expect(problem.arcs.at(0).distance).toBeCloseTo(10, 9);
    // A holds 3 with 1 reserved: 2 usable.
    expect(problem.stock.find((s) => s.variantId === 'V1' && problem.locations[s.location]!.location.id === 'A')).toMatchObject({ available: 2, usable: 2 });
    // O1 ships from A and from B: two shipments; O1's lines at B share one.
    const o1Shipments = problem.shipments.objects().filter((s) => s.order === 0);
    expect(o1Shipments.map((s) => [problem.locations[s.location]!.location.id, s.arcs.length])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
    expect(o1Shipments[1]!.costs).toEqual([{ factorId: 'distance', amount: expect.closeTo(100, 9) }]);
    expect(problem.removals.map((r) => [problem.lines[r.line]!.line.id, r.locationId, r.reason.ruleId])).toEqual([
      ['O1-1', 'OFF', 'off'],
      ['O2-1', 'OFF', 'off'],
    ]);
  });

  it('subtracts what earlier batches or iterations took', async () => {
    const ledger = new RunLedger();
    ledger.take('V1', 'A', 'OTHER', 2);
    const problem = await problemOf(twoLocations, ledger);
    const lineIds = problem.arcs.objects().map((a) => `${problem.lines[a.line]!.line.id}@${problem.locations[a.location]!.location.id}`);
    expect(lineIds).not.toContain('O1-1@A');
    expect(problem.removals.find((r) => r.locationId === 'A')!.reason.messageId).toBe('stockUsed');
  });
});

describe('build-model stage', () => {
  it('merges a single-line shipment into its arc, links multi-line shipments arc by arc, and writes inventory rows only where needed', async () => {
    const problem = await problemOf(twoLocations);
    const model = buildLinearModel(problem, { names: true });
    // Without names asked for (a solver needs none), the same model has none.
    const unnamed = buildLinearModel(problem);
    expect([unnamed.colNames, unnamed.rows.names]).toEqual([[], []]);
    expect({ ...unnamed, colNames: model.colNames, rows: { ...unnamed.rows, names: model.rows.names } }).toEqual(model);
    // Arcs: 5 binaries. Shipments: O1@A (1 arc, merged), O1@B (2 arcs: z), O2@A, O2@B (merged).
    expect(model.colNames.filter((n) => n.startsWith('y_'))).toHaveLength(5);
    expect(model.colNames.filter((n) => n.startsWith('z_'))).toHaveLength(1);
    expect(model.rows.names.filter((n) => n.startsWith('link_'))).toHaveLength(2);
    // V1 at A: 2 usable, O1-1 (2) + O2-1 (1) could take 3: a row. V1 at B: 9 usable: no row. V2 at B: 4 ≥ 1: no row.
    expect(model.rows.names.filter((n) => n.startsWith('stock_'))).toHaveLength(1);
    // Two lines with two candidates each need "at most once" rows; O1-2 has one candidate and needs none.
    expect(model.rows.names.filter((n) => n.startsWith('line_'))).toHaveLength(2);
    const [fulfilment, priority, cost] = model.levels;
    expect(priority!.weight).toBeGreaterThan(0);
    // One more unit fulfilled outweighs any cost the batch can reach.
    const costBound = [...cost!.coefficients].reduce((s, c) => s + c, 0);
    expect(fulfilment!.weight).toBeGreaterThan(costBound);
  });

  it('a run reports the size of each batch model as built, and names its columns and rows only for --export-lp (onModel)', async () => {
    const models: Array<{ cols: number; rows: number; names: number }> = [];
    const exported = await runScenario(twoLocations, { solver: 'dom/highs', onModel: (m) => models.push({ cols: m.numCols, rows: m.rows.lower.length, names: m.colNames.length + m.rows.names.length }) });
    const plain = await runScenario(twoLocations, { solver: 'dom/highs' });
    expect(models).toHaveLength(1);
    expect(models[0]!.names).toBe(models[0]!.cols + models[0]!.rows);
    for (const plan of [exported, plain]) expect(plan.batches[0]!.iterations[0]!.model).toMatchObject({ columns: models[0]!.cols, rows: models[0]!.rows });
    expect(models[0]!.rows).toBeGreaterThan(0);
  });
});

describe('solve stage', () => {
  it('turns a failing solver into an error outcome with the reason, and falls back to the greedy plan', async () => {
    const problem = await problemOf(twoLocations);
    const failing: SolverInstance = {
      solve: () => Promise.reject(new Error('boom')),
    };
    const meta = { ...greedySolver.meta, id: 'test/failing' };
    const { outcome, fallback } = await new SolveStage().run({ solver: failing, meta, problem, model: null, timeLimitSeconds: 1, relativeGap: 0 });
    expect(outcome).toMatchObject({ status: 'error', notes: ['solver failed: boom'] });
    expect(fallback).toEqual({ reason: 'the solver ended with status error (solver failed: boom)', used: 'greedy' });
    // Arcs O1-1@A, O1-1@B, O1-2@B, O2-1@A, O2-1@B: O1 whole from B, O2 from A.
    expect(outcome.arcQuantities).toEqual([0, 2, 1, 1, 0]);
  });
});

describe('whole pipeline', () => {
  it('times every stage and reports the objective levels', async () => {
    const plan = await runScenario(twoLocations);
    for (const stage of ['load', 'filter', 'build-model', 'solve', 'post-process'] as const) expect(plan.timings[stage]).toBeGreaterThan(0);
    expect(plan.timings.total).toBeGreaterThanOrEqual(plan.timings.solve);
    // O1 ships both lines from B (100) rather than V1 from A and V2 from B (10 + 100); O2 from A (10).
    expect(rounded(plan.totals)).toMatchObject({ unitsFulfilled: 4, shipments: 2, cost: 110 });
    expect(rounded(plan.batches[0]!.iterations[0]!.levels)).toEqual({ fulfilment: 0, priority: 0, cost: 110 });
  });
});
