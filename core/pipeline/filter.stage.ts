import { inject, injectable } from 'tsyringe';
import { isWithinDates } from '../domain/dates.js';
import type { Catalog } from '../domain/catalog.js';
import type { Coordinates, Dataset, Id, Location, Profile, RuleRecord, SalesLine, SalesOrder } from '../domain/types.js';
import { DISTANCE_PROVIDER, PLUGIN_REGISTRY } from '../di/tokens.js';
import type { RunLedger } from '../engine/ledger.js';
import type { LaterBatches } from '../engine/pool-guide.js';
import {
  ArcTable,
  DEFAULT_ORDER_STRUCTURE,
  type CostTerm,
  type FulfillmentProblem,
  type ProblemLine,
  type ProblemLocation,
  type ProblemOrder,
  type Removal,
  type RuleVerdict,
  ShipmentTable,
  type StockEntry,
} from '../model/problem.js';
import type { ActiveRule, Candidate, CostHandlers, DistanceProvider, ShipmentInfo } from '../plugin-api/contracts.js';
import { renderMessage, toVerdict } from '../plugin-api/messages.js';
import { CandidateRules, type RuleSet } from './candidate-rules.js';
import { DEFAULT_REMOVALS_LISTED, LineRemovals } from '../model/removals.js';
import { allocatedUnits, availableUnits } from '../lifecycle/allocations.js';
import type { PluginRegistry } from '../plugin-api/registry.js';
import type { SelectedOrder } from './select-lines.js';
import type { Stage } from './stage.js';

/** What the filter stage needs for one batch and iteration. */
export interface FilterInput {
  dataset: Dataset;
  catalog: Catalog;
  profile: Profile;
  /** The locations the run ships from (the engine's location set); the same array for every batch of a run. */
  locations: Location[];
  orders: SelectedOrder[];
  iteration: 1 | 2;
  asOf: Date;
  ledger: RunLedger;
  /** What the run's later batches keep (the pool guide, docs/spec.md §3.2): not usable here. */
  laterBatches?: LaterBatches;
  /** Distances from each order's address to each of `locations`, in their order, filled lazily and kept across the batch's iterations. */
  distanceCache: Map<Id, ArrayLike<number>>;
  /** Removed candidates listed one by one per line, the nearest (default `DEFAULT_REMOVALS_LISTED`; every one is counted). */
  removalsListed?: number;
}

/** Messages of the candidates the engine itself removes (not a rule). */
export const ENGINE_MESSAGES = {
  stockUsed: 'all {available} available units of {variant} at {location} are taken by earlier assignments of this run',
  keptForLater: '{kept} of the {available} available units of {variant} at {location} are kept for orders of later batches, which the plan of the whole pool ships from there',
  insufficientStock: 'only {usable} units of {variant} usable at {location}; the line needs {quantity} and may not be split',
  rejectedRecently: '{location} rejected the line on {at}; it is not a candidate again before {until} (rejection period {days} days)',
} as const;

const DAY_MS = 86_400_000;

/**
 * Builds the fulfillment problem of one batch and iteration: candidate
 * locations that hold the variant, the rules' filters, inventory
 * adjustments, capacities, order structure and priorities, distances and
 * tagged costs.
 */
@injectable()
export class FilterStage implements Stage<FilterInput, FulfillmentProblem> {
  readonly name = 'filter' as const;

  constructor(
    @inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry,
    @inject(DISTANCE_PROVIDER) private readonly distance: DistanceProvider,
  ) {}

  async run(input: FilterInput): Promise<FulfillmentProblem> {
    const { dataset, iteration, ledger, laterBatches } = input;
    const parameters = dataset.parameters;
    const unit = parameters.distanceUnit;
    const rules = this.activeRuleSets(input);
    const candidateRules = new CandidateRules(rules, input.locations);
    const costs = this.activeCostHandlers(input);
    const locations = input.locations;
    const stocked = stockedLocations(dataset, locations);
    const removalsListed = input.removalsListed ?? DEFAULT_REMOVALS_LISTED;

    const arcs = new ArcTable();
    const problem: FulfillmentProblem = {
      iteration,
      distanceUnit: unit,
      orders: [],
      lines: [],
      locations: [],
      stock: [],
      shipments: new ShipmentTable(arcs),
      arcs,
      removals: [],
      removalsListed,
      customRows: [],
      held: [],
      hasPriorities: false,
    };
    // Problem locations by the location's position in `locations`.
    const locationAt: Array<ProblemLocation | undefined> = [];
    // Stock entries by variant, then by the location's slot in the variant's `StockedLocations`.
    const stockIndex = new Map<Id, Array<StockEntry | undefined>>();
    const stockEntriesOf = (variantId: Id, stockedAt: StockedLocations): Array<StockEntry | undefined> => {
      let entries = stockIndex.get(variantId);
      if (!entries) stockIndex.set(variantId, (entries = new Array<StockEntry | undefined>(stockedAt.positions.length).fill(undefined)));
      return entries;
    };

    const problemLocation = (position: number): ProblemLocation => {
      let entry = locationAt[position];
      if (!entry) {
        const location = locations[position]!;
        entry = { index: problem.locations.length, location, ...capacityOf(location, rules, ledger, laterBatches) };
        locationAt[position] = entry;
        problem.locations.push(entry);
      }
      return entry;
    };
    const stockEntry = (entries: Array<StockEntry | undefined>, slot: number, variantId: Id, position: number, onHand: number): StockEntry => {
      let entry = entries[slot];
      if (!entry) {
        const location = locations[position]!;
        let adjustments: readonly RuleVerdict[] = NO_ADJUSTMENTS;
        let usable = onHand;
        for (const { plugin, handlers } of rules) {
          const report = handlers.adjustAvailable?.(variantId, location, usable);
          if (report) {
            usable = report.usable;
            adjustments = [...adjustments, toVerdict(plugin.meta.id, plugin.meta.messages, report.ruleId, report)];
          }
        }
        usable = Math.max(0, Math.min(usable, onHand) - ledger.usedUnits(variantId, location.id));
        const keptForLater = Math.min(usable, laterBatches?.units(variantId, location.id) ?? 0);
        usable -= keptForLater;
        entry = { index: problem.stock.length, variantId, location: problemLocation(position).index, available: onHand, usable, keptForLater, adjustments };
        entries[slot] = entry;
        problem.stock.push(entry);
      }
      return entry;
    };

    for (const { order, lines: eligible, runLines } of input.orders) {
      const lines = eligible.filter((line) => !this.holdLine(line, order, rules, problem));
      if (lines.length === 0) continue;
      const distances = await this.distancesFor(order, locations, input.distanceCache, unit);
      const orderCosts = costs.filter((c) => c.company === order.legalEntity);
      // Locations an earlier iteration already ships the order from: nothing more to pay there.
      const shipsFrom = ledger.locationsOfOrder(order.id);
      const problemOrder = orderStructure(order, runLines, problem.orders.length, rules, shipsFrom.size);
      problem.orders.push(problemOrder);
      // What the order has at each problem location: its priority tier there, and its shipments (one per mode of delivery).
      const placesAt = new Map<number, { tier: number | null; shipments: number[] }>();

      for (const line of lines) {
        const lineIndex = problem.lines.length;
        const atVariant = stocked.get(line.variantId) ?? NO_STOCK;
        const stockEntries = stockEntriesOf(line.variantId, atVariant);
        const problemLine: ProblemLine = { index: lineIndex, order: problemOrder.index, line, arcs: [], locationsWithoutStock: locations.length - atVariant.positions.length, removedByRule: [] };
        problem.lines.push(problemLine);
        problemOrder.lines.push(lineIndex);
        const removed = new LineRemovals(removalsListed);
        // Made only for what needs it: a per-candidate rule or hook, cost factors.
        const candidateAt = (position: number, distance: number): Candidate => ({
          order,
          line,
          location: locations[position]!,
          distance,
          costDistance: regionDistance(distance, parameters.localStoreRegionRadius),
          unit,
        });

        for (let s = 0; s < atVariant.positions.length; s++) {
          const position = atVariant.positions[s]!;
          const location = locations[position]!;
          const distance = distances[position]!;
          const rejection = line.rejections.length > 0 ? recentRejection(line, location.id, parameters.rejectionPeriodDays, input.asOf) : undefined;
          if (rejection) {
            removed.count(null, null, rejection.messageId);
            if (removed.wants(distance)) removed.list(location.id, distance, rejection);
            continue;
          }
          const ruleRemoval = candidateRules.removal(position, line.variantId, distance, candidateAt);
          if (ruleRemoval) {
            const { plugin, ruleId } = ruleRemoval;
            removed.count(ruleId, plugin.meta.id, ruleRemoval.messageId);
            if (removed.wants(distance)) removed.list(location.id, distance, ruleRemoval.verdictLater());
            continue;
          }
          const stock = stockEntry(stockEntries, s, line.variantId, position, atVariant.available[s]!);
          if (stock.usable === 0) {
            const adjustment = stock.adjustments.at(-1);
            if (stock.keptForLater > 0) {
              removed.count(null, null, 'keptForLater');
              const data = { kept: stock.keptForLater, available: stock.available, variant: line.variantId, location: location.id };
              if (removed.wants(distance)) removed.list(location.id, distance, () => engineReason('keptForLater', data));
            } else if (adjustment) {
              removed.count(adjustment.ruleId, adjustment.pluginId, adjustment.messageId);
              if (removed.wants(distance)) removed.list(location.id, distance, adjustment);
            } else if (stock.available > 0) {
              removed.count(null, null, 'stockUsed');
              const data = { available: stock.available, variant: line.variantId, location: location.id };
              if (removed.wants(distance)) removed.list(location.id, distance, () => engineReason('stockUsed', data));
            }
            continue;
          }
          if (!problemOrder.structure.partialLines && stock.usable < line.quantity) {
            removed.count(null, null, 'insufficientStock');
            if (removed.wants(distance)) {
              const data = { usable: stock.usable, variant: line.variantId, location: location.id, quantity: line.quantity };
              removed.list(location.id, distance, () => engineReason('insufficientStock', data));
            }
            continue;
          }
          const costDistance = regionDistance(distance, parameters.localStoreRegionRadius);
          const at = problemLocation(position).index;
          let place = placesAt.get(at);
          if (!place) placesAt.set(at, (place = { tier: priorityTierOf(rules, location, order), shipments: [] }));
          const shipment = this.shipmentFor(problemOrder, at, line.modeOfDelivery, distance, costDistance, shipsFrom, orderCosts.length === 0 ? null : orderCosts, place.shipments, problem);
          const costs = orderCosts.length === 0 ? NO_ARC_COSTS : arcCosts(orderCosts, candidateAt(position, distance));
          const arc = problem.arcs.add(lineIndex, at, shipment, stock.index, distance, costDistance, place.tier, costs.assignment, costs.unit);
          if (place.tier !== null) problem.hasPriorities = true;
          problemLine.arcs.push(arc);
        }
        problemLine.removedByRule = removed.finish(lineIndex, problem.removals);
      }
    }
    for (const { handlers } of rules) problem.customRows.push(...(handlers.customRows?.(problem) ?? []));
    return problem;
  }

  /** Rule plugins with their instances active in this iteration (iteration 2 keeps hard rules only). */
  private activeRuleSets(input: FilterInput): RuleSet[] {
    const { dataset, catalog, profile, iteration, asOf } = input;
    const records = profile.ruleIds
      .map((id) => dataset.rules.find((r) => r.id === id)!)
      .filter((r) => !r.disabled && isWithinDates(r.startDate, r.endDate, asOf));
    const byType = new Map<string, RuleRecord[]>();
    for (const record of records) byType.set(record.type, [...(byType.get(record.type) ?? []), record]);
    const sets: RuleSet[] = [];
    for (const [type, typeRecords] of byType) {
      const plugin = this.registry.get('rule', type, `rules[${typeRecords[0]!.id}].type`);
      const kept = iteration === 1 || plugin.meta.alwaysHard ? typeRecords : typeRecords.filter((r) => r.hardConstraint);
      if (kept.length === 0) continue;
      const active = kept.map((record) => activeRule(record, catalog));
      sets.push({ plugin, handlers: plugin.create({ rules: active, iteration, asOf, parameters: dataset.parameters, profile, catalog, dataset }) });
    }
    return sets;
  }

  /** Handlers of the profile's active cost factors, by factor id; an order takes those of its company. */
  private activeCostHandlers(input: FilterInput): Array<{ factorId: Id; company: Id; handlers: CostHandlers }> {
    const { dataset, catalog, profile, asOf } = input;
    return profile.costFactorIds
      .map((id) => dataset.costFactors.find((f) => f.id === id)!)
      .filter((f) => f.active && isWithinDates(f.startDate, f.endDate, asOf))
      .map((factor) => {
        const plugin = this.registry.get('cost-factor', factor.type, `costFactors[${factor.id}].type`);
        return { factorId: factor.id, company: factor.company, handlers: plugin.create({ factor, options: factor.options, parameters: dataset.parameters, catalog }) };
      });
  }

  private holdLine(line: SalesLine, order: SalesOrder, rules: RuleSet[], problem: FulfillmentProblem): boolean {
    for (const { plugin, handlers } of rules) {
      const report = handlers.holdLine?.(line, order);
      if (report) {
        problem.held.push({ order, line, verdict: toVerdict(plugin.meta.id, plugin.meta.messages, report.ruleId, report), exceptionType: report.exceptionType });
        return true;
      }
    }
    return false;
  }

  private async distancesFor(order: SalesOrder, locations: Location[], cache: Map<Id, ArrayLike<number>>, unit: 'mi' | 'km'): Promise<ArrayLike<number>> {
    let distances = cache.get(order.id);
    if (!distances) {
      let destinations = coordinatesOf.get(locations);
      if (!destinations) coordinatesOf.set(locations, (destinations = locations.map((l) => l.address.coordinates!)));
      distances = await this.distance.distances(order.deliveryAddress.coordinates!, destinations, unit);
      cache.set(order.id, distances);
    }
    return distances;
  }

  private shipmentFor(
    order: ProblemOrder,
    location: number,
    modeOfDelivery: Id,
    distance: number,
    costDistance: number,
    /** Locations an earlier iteration already ships the order from. */
    shipsFrom: ReadonlySet<Id>,
    /** Cost factors that apply to the order; null when none is active for its company (distance is the cost). */
    costs: Array<{ factorId: Id; handlers: CostHandlers }> | null,
    /** The order's shipments at the location. */
    here: number[],
    problem: FulfillmentProblem,
  ): number {
    const { shipments } = problem;
    for (const s of here) if (shipments.modeOfDelivery[s] === modeOfDelivery) return s;
    const place = problem.locations[location]!.location;
    const existing = shipsFrom.has(place.id);
    let terms: readonly CostTerm[] = NO_TERMS;
    if (!existing && costs === null) terms = distanceTerms(costDistance);
    if (!existing && costs !== null) {
      const info: ShipmentInfo = { order: order.order, location: place, modeOfDelivery, distance, costDistance, unit: problem.distanceUnit };
      terms = termsOf(costs, (h) => h.shipmentCost?.(info));
    }
    const shipment = shipments.add(order.index, location, modeOfDelivery, costDistance, terms, existing);
    here.push(shipment);
    return shipment;
  }
}

/** The coordinates of a run's locations, in their order: the same for every order of the run. */
const coordinatesOf = new WeakMap<Location[], Coordinates[]>();

/** The run's locations holding a stock record of a variant: their positions in the run's locations, with the units available there. */
interface StockedLocations {
  positions: number[];
  available: number[];
}

const NO_STOCK: StockedLocations = { positions: [], available: [] };
/** The adjustments of a stock entry no rule adjusts: shared, as most entries of a large pool have none. */
const NO_ADJUSTMENTS: readonly RuleVerdict[] = [];

/**
 * Available per variant at each of the run's locations that holds a record
 * of it (status `available`): on hand − the source's reserved − OpenDOM's
 * allocations the snapshot does not reflect (`availableUnits`). The
 * filter visits only these locations: on large pools a variant is stocked at
 * a fraction of them.
 */
function stockedLocations(dataset: Dataset, locations: Location[]): Map<Id, StockedLocations> {
  // Read-only once built, and the same for every batch and iteration of a run: built once per dataset and set of locations.
  let byLocations = stockedByDataset.get(dataset);
  if (!byLocations) stockedByDataset.set(dataset, (byLocations = new WeakMap()));
  let stocked = byLocations.get(locations);
  if (stocked) return stocked;
  const position = new Map(locations.map((l, i) => [l.id, i]));
  const allocated = allocatedUnits(dataset);
  const units = new Map<Id, Map<number, number>>();
  for (const record of dataset.inventory) {
    const at = position.get(record.locationId);
    if (record.status !== 'available' || at === undefined) continue;
    let byPosition = units.get(record.variantId);
    if (!byPosition) units.set(record.variantId, (byPosition = new Map()));
    byPosition.set(at, availableUnits(record, allocated.get(record.variantId)?.get(record.locationId) ?? 0));
  }
  stocked = new Map();
  for (const [variantId, byPosition] of units) {
    const positions = [...byPosition.keys()].sort((a, b) => a - b);
    stocked.set(variantId, { positions, available: positions.map((p) => byPosition.get(p)!) });
  }
  byLocations.set(locations, stocked);
  return stocked;
}

const stockedByDataset = new WeakMap<Dataset, WeakMap<Location[], Map<Id, StockedLocations>>>();

/** docs/spec.md §5: with radius R > 0 every location within R counts as equally near: R × ceil(d / R). */
export function regionDistance(distance: number, radius: number): number {
  return radius > 0 ? radius * Math.max(1, Math.ceil(distance / radius - 1e-9)) : distance;
}

function activeRule(record: RuleRecord, catalog: Catalog): ActiveRule<Record<string, unknown>> {
  const locations = catalog.scopeLocationIds(record.scope);
  return {
    record,
    options: record.options,
    coversLocation: (id) => (locations.size === 0 || locations.has(id)) && catalog.locationAttributesMatch(record.scope.locationAttributes, id),
    coversVariant: (id) => catalog.productScopeCovers(record.scope, id),
  };
}

function engineReason(messageId: keyof typeof ENGINE_MESSAGES, data: Record<string, string | number>): Removal['reason'] {
  return { ruleId: null, pluginId: null, messageId, message: renderMessage(ENGINE_MESSAGES[messageId], data), data };
}

/**
 * docs/spec.md §4.5 and §6: a location that rejected the line is not a candidate
 * for it until `rejectionPeriodDays` have passed since the latest rejection.
 */
function recentRejection(line: SalesLine, locationId: Id, days: number, asOf: Date): Removal['reason'] | undefined {
  let latest: string | undefined;
  for (const r of line.rejections) if (r.locationId === locationId && (latest === undefined || r.at > latest)) latest = r.at;
  if (latest === undefined || Date.parse(latest) + days * DAY_MS <= asOf.getTime()) return undefined;
  const until = new Date(Date.parse(latest) + days * DAY_MS).toISOString();
  return engineReason('rejectedRecently', { location: locationId, at: latest, until, days });
}

function capacityOf(location: Location, rules: RuleSet[], ledger: RunLedger, laterBatches: LaterBatches | undefined): Pick<ProblemLocation, 'orderCapacity' | 'orderLimit' | 'capacityReasons'> {
  let capacity: number | null = null;
  let limit: number | null = null;
  const capacityReasons: RuleVerdict[] = [];
  for (const { plugin, handlers } of rules) {
    const report = handlers.locationCapacity?.(location);
    if (!report) continue;
    capacity = capacity === null ? report.capacity : Math.min(capacity, report.capacity);
    if (report.limit !== undefined) limit = limit === null ? report.limit : Math.min(limit, report.limit);
    capacityReasons.push(toVerdict(plugin.meta.id, plugin.meta.messages, report.ruleId, report));
  }
  // Slots the pool guide gives later batches' orders are kept for them, as far as the limit leaves any.
  const kept = capacity === null ? 0 : (laterBatches?.orders(location.id) ?? 0);
  return { orderCapacity: capacity === null ? null : Math.max(0, capacity - ledger.ordersTaken(location.id) - kept), orderLimit: limit, capacityReasons };
}

function orderStructure(order: SalesOrder, runLines: SalesLine[], index: number, rules: RuleSet[], usedLocations: number): ProblemOrder {
  let structure = { ...DEFAULT_ORDER_STRUCTURE };
  const structureReasons: RuleVerdict[] = [];
  for (const { plugin, handlers } of rules) {
    const report = handlers.orderStructure?.(order, runLines);
    if (!report) continue;
    structure = { ...structure, ...report.structure };
    structureReasons.push(toVerdict(plugin.meta.id, plugin.meta.messages, report.ruleId, report));
  }
  return { index, order, destination: order.deliveryAddress.coordinates!, lines: [], runLines, usedLocations, structure, structureReasons };
}

function priorityTierOf(rules: RuleSet[], location: Location, order: SalesOrder): number | null {
  let tier: number | null = null;
  for (const { handlers } of rules) {
    const t = handlers.priorityTier?.(location, order);
    if (t !== undefined) tier = tier === null ? t : Math.min(tier, t);
  }
  return tier;
}

/** Shared by every arc without terms of a kind (most arcs): never mutated. */
const NO_TERMS: CostTerm[] = [];
const NO_ARC_COSTS = { assignment: NO_TERMS, unit: NO_TERMS };

/** A shipment's one term when no cost factor applies: its distance. One list, refilled for each shipment: the shipment table copies the terms it is given. */
const distanceTerm: CostTerm = { factorId: 'distance', amount: 0 };
const DISTANCE_TERMS: readonly CostTerm[] = [distanceTerm];
function distanceTerms(costDistance: number): readonly CostTerm[] {
  distanceTerm.amount = costDistance;
  return DISTANCE_TERMS;
}

/** The cost factors' per-assignment and per-unit terms of a candidate. */
function arcCosts(costs: Array<{ factorId: Id; handlers: CostHandlers }>, candidate: Candidate): { assignment: CostTerm[]; unit: CostTerm[] } {
  return { assignment: termsOf(costs, (h) => h.assignmentCost?.(candidate)), unit: termsOf(costs, (h) => h.unitCost?.(candidate)) };
}

function termsOf<H>(handlers: Array<{ factorId: Id; handlers: H }>, amountOf: (h: H) => number | undefined): CostTerm[] {
  if (handlers.length === 0) return NO_TERMS;
  const terms: CostTerm[] = [];
  for (const { factorId, handlers: h } of handlers) {
    const amount = amountOf(h);
    if (amount !== undefined && amount !== 0) terms.push({ factorId, amount });
  }
  return terms;
}
