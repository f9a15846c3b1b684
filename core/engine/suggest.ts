import type { Catalog } from '../domain/catalog.js';
import type { Address, Attributes, Dataset, Id, InventoryRecord, Location, Profile, SalesOrder } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';
import type { Arc, FulfillmentProblem, Removal } from '../model/problem.js';
import type { FilterStage } from '../pipeline/filter.stage.js';
import type { ChosenGeocoder } from '../pipeline/geocode.js';
import { selectLines } from '../pipeline/select-lines.js';
import { standaloneCost } from '../plan/explain.js';
import type { CostTerm } from '../model/problem.js';
import { validateAgainst } from '../validation/ajv.js';
import { checkRecord } from '../validation/check-record.js';
import { addressSchema, attributesSchema } from '../schemas/records.schema.js';
import { attributeTypeProblems } from '../validation/dataset-validator.js';
import { RunLedger } from './ledger.js';

/** One order line being entered, as order capture knows it (docs/spec.md §6.8). */
export interface SuggestRequest {
  variantId: Id;
  quantity: number;
  /** Coordinates, or an address the engine's geocoder can place. */
  deliveryAddress: Address;
  modeOfDelivery: Id;
  /** Null or absent: an order without a sales origin. */
  salesOrigin?: Id | null;
  legalEntity: Id;
  /** Price of one unit (rules such as partial orders weigh order amounts); default 0. */
  unitPrice?: number;
  /** The order's custom attributes, as a stored order would carry them (rules and cost factors may read them). */
  orderAttributes?: Attributes;
  /** The line's custom attributes. */
  lineAttributes?: Attributes;
  /** The instant to judge rule dates and rejection periods at (default: now). */
  asOf?: Date;
}

/** A soft rule a location breaks: it would serve only if the rule were relaxed, as iteration 2 does. */
export interface BrokenRule {
  ruleId: Id;
  pluginId: string;
  messageId: string;
  message: string;
}

/** A location that can fulfil the whole quantity. */
export interface SuggestedLocation {
  locationId: Id;
  name: string;
  type: string;
  /** Exact distance from the delivery address, in `distanceUnit`. */
  distance: number;
  /** Units of the variant DOM may use there now (after rules and allocations). */
  available: number;
  priorityTier: number | null;
  /** What the line would cost shipped alone from there, exactly, and by cost factor. */
  cost: number;
  costBreakdown: CostTerm[];
  /** Soft rules of the profile the location breaks; empty when it satisfies every rule. */
  breaks: BrokenRule[];
}

export interface SuggestResult {
  /** The enabled profile that matches the line, or null (then `locations` is empty and `reason` says why). */
  profileId: Id | null;
  distanceUnit: 'mi' | 'km';
  /** Nearest first. */
  locations: SuggestedLocation[];
  reason?: string;
}

const SUGGEST_ORDER_ID = '(suggest)';

/** JSON Schema of a {@link SuggestRequest} (`asOf`, a Date, is checked apart). */
export const suggestRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['variantId', 'quantity', 'deliveryAddress', 'modeOfDelivery', 'legalEntity'],
  properties: {
    variantId: { type: 'string', minLength: 1, maxLength: 200 },
    quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    deliveryAddress: addressSchema,
    modeOfDelivery: { type: 'string', minLength: 1, maxLength: 200 },
    salesOrigin: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] },
    legalEntity: { type: 'string', minLength: 1, maxLength: 200 },
    unitPrice: { type: 'number', minimum: 0, maximum: 1_000_000_000 },
    orderAttributes: attributesSchema,
    lineAttributes: attributesSchema,
    asOf: {},
  },
} as const;

/**
 * Interactive suggest on one validated dataset (docs/spec.md §6.8): for one
 * line being entered, the enabled profile that would broker it, and the
 * locations that can fulfil its whole quantity under that profile's rules —
 * found by the same filter stage, rules, cost factors and allocations as a
 * run, for a one-line order — nearest first, each with its cost by factor
 * and its available units. A location that only a soft rule keeps out is
 * listed with the rules it breaks. Writes nothing; build one per dataset and
 * call it as often as needed.
 */
export class Suggester {
  constructor(
    private readonly dataset: Dataset,
    private readonly catalog: Catalog,
    private readonly filter: FilterStage,
    private readonly geocoder: ChosenGeocoder,
    /** The locations a profile ships from (the engine's location set), asked once per profile. */
    private readonly locationsOf: (profile: Profile) => Promise<Location[]>,
    private readonly locationCache = new Map<Id, Promise<Location[]>>(),
  ) {}

  /**
   * A suggester on this one's data with some orders and inventory records
   * replaced (as the store now holds them, unvalidated): the configuration is
   * the same, so only those records are checked again. A record that fails
   * its checks is left out, as a run would set it aside.
   */
  updated(changes: { orders?: unknown[]; inventory?: unknown[] }): Suggester {
    const orders = new Map(this.dataset.orders.map((o) => [o.id, o]));
    for (const raw of changes.orders ?? []) {
      const id = (raw as { id?: unknown } | null)?.id;
      const order = checkRecord<SalesOrder>('order', raw).value;
      if (order) orders.set(order.id, order);
      else if (typeof id === 'string') orders.delete(id);
    }
    const stockKey = (r: { variantId?: unknown; locationId?: unknown; status?: unknown }) => `${String(r.variantId)}\u0000${String(r.locationId)}\u0000${String(r.status ?? 'available')}`;
    const inventory = new Map(this.dataset.inventory.map((r) => [stockKey(r), r]));
    for (const raw of changes.inventory ?? []) {
      const record = checkRecord<InventoryRecord>('inventory', raw).value;
      if (record) inventory.set(stockKey(record), record);
      else inventory.delete(stockKey(raw as InventoryRecord));
    }
    // Locations come from the configuration, which is the same: their cache is kept.
    return new Suggester({ ...this.dataset, orders: [...orders.values()], inventory: [...inventory.values()] }, this.catalog, this.filter, this.geocoder, this.locationsOf, this.locationCache);
  }

  async suggest(request: SuggestRequest): Promise<SuggestResult> {
    const { asOf: requestedAsOf, ...fields } = request;
    const errors = validateAgainst(suggestRequestSchema, structuredClone(fields));
    if (errors.length > 0) {
      throw new OpenDomError('E_USAGE', 'invalid suggest request', errors.map((e) => ({ code: 'E_USAGE', field: e.field, message: e.message })));
    }
    if (!this.catalog.variants.has(request.variantId)) {
      throw OpenDomError.of({ code: 'E_USAGE', field: 'variantId', message: `unknown variant "${request.variantId}"` });
    }
    const asOf = requestedAsOf ?? new Date();
    const distanceUnit = this.dataset.parameters.distanceUnit;
    const order = await this.orderOf(request, asOf);
    const match = this.dataset.profiles
      .filter((p) => p.enabled)
      .map((profile) => ({ profile, selected: selectLines([order], profile, this.dataset.parameters) }))
      .find((m) => m.selected.length > 0);
    if (!match) return { profileId: null, distanceUnit, locations: [], reason: 'no enabled profile brokers this line (legal entity, sales origin and mode of delivery)' };

    let profileLocations = this.locationCache.get(match.profile.id);
    if (!profileLocations) {
      this.locationCache.set(match.profile.id, (profileLocations = this.locationsOf(match.profile)));
      profileLocations.catch(() => this.locationCache.delete(match.profile.id));
    }
    const runLocations = await profileLocations;
    const run = (iteration: 1 | 2) => this.filter.run({
      dataset: this.dataset,
      catalog: this.catalog,
      profile: match.profile,
      locations: runLocations,
      orders: match.selected,
      iteration,
      asOf,
      ledger: new RunLedger(),
      distanceCache: new Map(),
      removalsListed: Infinity,
    });
    const strict = await run(1);
    if (strict.held.length > 0) {
      return { profileId: match.profile.id, distanceUnit, locations: [], reason: strict.held[0]!.verdict.message };
    }
    const relaxed = await run(2);
    const fulfilling = (problem: FulfillmentProblem) => problem.arcs.objects().filter((arc) => problem.stock[arc.stock]!.usable >= request.quantity);
    const strictArcs = fulfilling(strict);
    const kept = new Set(strictArcs.map((arc) => strict.locations[arc.location]!.location.id));
    const locations = [
      ...strictArcs.map((arc) => located(strict, arc, [])),
      ...fulfilling(relaxed)
        .filter((arc) => !kept.has(relaxed.locations[arc.location]!.location.id))
        .map((arc) => located(relaxed, arc, brokenRules(strict, relaxed.locations[arc.location]!.location.id))),
    ];
    return { profileId: match.profile.id, distanceUnit, locations: locations.sort((a, b) => a.distance - b.distance || a.locationId.localeCompare(b.locationId)) };
  }

  /** The line as a one-line order, its address placed by the engine's geocoder when it has no coordinates. */
  private async orderOf(request: SuggestRequest, asOf: Date): Promise<SalesOrder> {
    const deliveryAddress = structuredClone(request.deliveryAddress);
    if (!deliveryAddress.coordinates) {
      const [result] = await this.geocoder.geocoder.geocode([deliveryAddress]);
      if (!result || !('coordinates' in result)) {
        throw OpenDomError.of({ code: 'E_GEOCODE', pluginId: this.geocoder.pluginId, field: `deliveryAddress.${result?.failure.field ?? 'coordinates'}`, message: result?.failure.message ?? 'the address could not be placed' });
      }
      deliveryAddress.coordinates = result.coordinates;
    }
    // Every field the request does not give takes its schema default, as a stored order's would.
    const order = checkRecord<SalesOrder>('order', {
      id: SUGGEST_ORDER_ID,
      legalEntity: request.legalEntity,
      salesOrigin: request.salesOrigin ?? null,
      deliveryAddress,
      createdAt: asOf.toISOString(),
      attributes: request.orderAttributes ?? {},
      lines: [{ id: `${SUGGEST_ORDER_ID}-1`, variantId: request.variantId, quantity: request.quantity, unitPrice: request.unitPrice ?? 0, modeOfDelivery: request.modeOfDelivery, attributes: request.lineAttributes ?? {} }],
    });
    if (order.value === null) {
      throw new OpenDomError('E_USAGE', 'the line is not a valid order line', order.errors.map((e) => ({ code: 'E_USAGE' as const, field: e.field.replace(/^lines\[0\]\./, ''), message: e.message })));
    }
    const declared = this.dataset.parameters.attributes;
    const mistyped = [
      ...attributeTypeProblems(declared, 'orders', order.value.attributes, 'orderAttributes'),
      ...attributeTypeProblems(declared, 'lines', order.value.lines[0]!.attributes, 'lineAttributes'),
    ];
    if (mistyped.length > 0) throw new OpenDomError('E_USAGE', 'invalid suggest request', mistyped.map((p) => ({ code: 'E_USAGE' as const, ...p })));
    return order.value;
  }
}

function located(problem: FulfillmentProblem, arc: Arc, breaks: BrokenRule[]): SuggestedLocation {
  const location = problem.locations[arc.location]!.location;
  const { cost, breakdown } = standaloneCost(problem, arc);
  return {
    locationId: location.id,
    name: location.name,
    type: location.type,
    distance: arc.distance,
    available: problem.stock[arc.stock]!.usable,
    priorityTier: arc.priorityTier,
    cost,
    costBreakdown: breakdown,
    breaks,
  };
}

/**
 * The rules that kept a location out in the strict pass — the ones that
 * removed it, and the ones that held back its stock (minimum inventory) —
 * every one of them soft, since the relaxed pass lets the location serve.
 */
function brokenRules(strict: FulfillmentProblem, locationId: Id): BrokenRule[] {
  const verdicts: Array<Removal['reason']> = strict.removals.filter((r) => r.locationId === locationId).map((r) => r.reason);
  for (const entry of strict.stock) if (strict.locations[entry.location]!.location.id === locationId) verdicts.push(...entry.adjustments);
  return verdicts.flatMap((v) => (v.ruleId === null ? [] : [{ ruleId: v.ruleId, pluginId: v.pluginId!, messageId: v.messageId, message: v.message }]));
}
