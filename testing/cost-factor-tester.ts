import { ok } from 'node:assert/strict';
import { createEngine } from '../core/engine/engine.js';
import { Catalog } from '../core/domain/catalog.js';
import type { Dataset } from '../core/domain/types.js';
import type { Candidate, CostFactorPlugin, CostHandlers, OpenDomPlugin, ShipmentInfo } from '../core/plugin-api/contracts.js';
import { regionDistance } from '../core/pipeline/filter.stage.js';
import { MemoryDataSource } from '../adapters/memory/memory.adapter.js';
import { rounded } from './plan-lines.js';
import { checkPluginMeta, expectConfigError, testFunctions, watchHooks, withPluginUnderTest, type TestFunction } from './plugin-checks.js';
import { location, order, scenario, stock, type ScenarioRecords } from './scenario.js';

/** A shipment, assignment or unit to price, on the case's data, and the cost the factor must give it. */
export interface PricedAt {
  /** An order of the data (shipments), or a line (assignments and units). */
  orderId?: string;
  lineId?: string;
  locationId: string;
  /** Exact distance from the location to the order's address, in the data's unit; the region-grouped one is made from it as the engine does. */
  distance: number;
  /** Shipments: the mode of delivery (default: the order's first line's). */
  modeOfDelivery?: string;
  /** The cost expected, compared to six decimals; 0 when the factor does not price it. */
  cost: number;
}

/** A cost factor record with its options, the data around it, and the costs it must give. */
export interface CostFactorCase {
  name: string;
  /** The factor's options (checked against its schema; defaults filled in). */
  options: Record<string, unknown>;
  /** More fields of the factor record (company, dates, description). */
  record?: Record<string, unknown>;
  /**
   * The data (default: store A 10 mi and distribution centre D 100 mi from
   * the customer, order O1 with line O1-1 of 2 × V1 at 10, in mode `std`,
   * legal entity `le`); the factor under test is added to it.
   */
  records?: ScenarioRecords;
  /** Costs per shipment (`shipmentCost`), per line assigned to a location (`assignmentCost`) and per unit (`unitCost`). */
  expect?: { shipments?: PricedAt[]; assignments?: PricedAt[]; units?: PricedAt[] };
  /** Instead: the record must be refused with an issue like this (options against the schema, or the factor's own check). */
  error?: { code: string; field?: string };
}

export interface CostFactorTesterOptions {
  /** More plugin packages the cases need (the built-in ones are always there). */
  plugins?: OpenDomPlugin[];
  describe?: TestFunction;
  it?: TestFunction;
}

/** The id the factor under test has in each case's data. */
const FACTOR_ID = 'factor-under-test';

/**
 * Tests a cost factor plugin on hand-built shipments: the cost per
 * shipment, per assignment and per unit it gives for a location at a given
 * distance, on data loaded and checked as a run loads it (so options get
 * their defaults, and the factor's own `check` runs). Also checks its
 * metadata as RuleTester does, and that its hooks never change their
 * arguments.
 *
 * @example
 * ```ts
 * new CostFactorTester({ describe, it }).run(co2PerKm, [
 *   { name: 'per km of the exact distance', options: { gramsPerKm: { std: 120 }, costPerKg: 0.1 },
 *     expect: { shipments: [{ orderId: 'O1', locationId: 'A', distance: 100, cost: 1.2 }] } },
 * ]);
 * ```
 */
export class CostFactorTester {
  private readonly describe: TestFunction;
  private readonly it: TestFunction;

  constructor(private readonly options: CostFactorTesterOptions = {}) {
    ({ describe: this.describe, it: this.it } = testFunctions(options, 'CostFactorTester'));
  }

  run<O>(factor: CostFactorPlugin<O>, cases: CostFactorCase[]): void {
    const plugin = factor as CostFactorPlugin<unknown>;
    this.describe(plugin.meta.id, () => {
      this.it('has valid metadata', () => checkPluginMeta(plugin.meta));
      for (const c of cases) this.it(c.name, () => this.runCase(plugin, c));
    });
  }

  private async runCase(plugin: CostFactorPlugin<unknown>, c: CostFactorCase): Promise<void> {
    const mutations: string[] = [];
    const base = c.records ?? scenario({ locations: [location('A', 10), location('D', 100, { type: 'distribution-center' })], inventory: [stock('V1', 'A', 5), stock('V1', 'D', 5)], orders: [order('O1', [['V1', 2, 10]])] });
    const record = { id: FACTOR_ID, type: plugin.meta.id, company: 'le', ...c.record, options: c.options };
    // In every profile, so that the plugin's checkProfile runs too.
    const profiles = (base.profiles as Array<{ costFactorIds?: string[] }> | undefined)?.map((p) => ({ ...p, costFactorIds: [...(p.costFactorIds ?? []), FACTOR_ID] }));
    const records: ScenarioRecords = { ...base, ...(profiles ? { profiles } : {}), costFactors: [...(base.costFactors ?? []), record] };
    const engine = await createEngine({ data: new MemoryDataSource(records), plugins: [withPluginUnderTest('cost-factor', plugin, mutations), ...(this.options.plugins ?? [])] });
    try {
      const loading = engine.validate();
      if (c.error) return await expectConfigError(loading, { ...c.error, recordId: FACTOR_ID });
      const { dataset } = await loading;
      const factor = dataset.costFactors.find((f) => f.id === FACTOR_ID)!;
      const handlers = watchHooks(plugin.meta.id, plugin.create({ factor, options: factor.options, parameters: dataset.parameters, catalog: new Catalog(dataset) }), mutations);
      const wrong = [
        ...priced(c.expect?.shipments, 'shipmentCost', (at) => handlers.shipmentCost?.(shipmentAt(dataset, at))),
        ...priced(c.expect?.assignments, 'assignmentCost', (at) => handlers.assignmentCost?.(candidateAt(dataset, at))),
        ...priced(c.expect?.units, 'unitCost', (at) => handlers.unitCost?.(candidateAt(dataset, at))),
      ];
      ok(wrong.length === 0, `${plugin.meta.id}: ${wrong.join('; ')}`);
      ok(mutations.length === 0, `cost factor ${plugin.meta.id} mutated its inputs:\n${mutations.join('\n')}`);
    } finally {
      await engine.close();
    }
  }
}

/** The costs a hook gives that differ from those expected, each said in words. */
function priced(expected: PricedAt[] | undefined, hook: keyof CostHandlers, costOf: (at: PricedAt) => number | undefined): string[] {
  return (expected ?? []).flatMap((at) => {
    const cost = rounded(costOf(at) ?? 0);
    const where = `${hook} of ${at.orderId ?? at.lineId} from ${at.locationId} at ${at.distance}`;
    return cost === rounded(at.cost) ? [] : [`${where}: expected ${at.cost}, got ${cost}`];
  });
}

function shipmentAt(dataset: Dataset, at: PricedAt): ShipmentInfo {
  const order = dataset.orders.find((o) => o.id === at.orderId);
  ok(order, `no order "${at.orderId}" in the case's data (give orderId for shipments)`);
  return { order, location: locationOf(dataset, at.locationId), modeOfDelivery: at.modeOfDelivery ?? order.lines[0]!.modeOfDelivery, ...distances(dataset, at.distance) };
}

function candidateAt(dataset: Dataset, at: PricedAt): Candidate {
  const order = dataset.orders.find((o) => o.lines.some((l) => l.id === at.lineId));
  ok(order, `no line "${at.lineId}" in the case's data (give lineId for assignments and units)`);
  return { order, line: order.lines.find((l) => l.id === at.lineId)!, location: locationOf(dataset, at.locationId), ...distances(dataset, at.distance) };
}

function locationOf(dataset: Dataset, id: string) {
  const found = dataset.locations.find((l) => l.id === id);
  ok(found, `no location "${id}" in the case's data`);
  return found;
}

/** The exact distance, and the region-grouped one the engine makes of it (docs/spec.md §5). */
function distances(dataset: Dataset, distance: number) {
  return { distance, costDistance: regionDistance(distance, dataset.parameters.localStoreRegionRadius), unit: dataset.parameters.distanceUnit };
}
