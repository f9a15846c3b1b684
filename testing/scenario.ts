import { createEngine, MemoryDataSource, type Coordinates, type Engine, type MemoryRecords, type OpenDomPlugin, type Plan, type RunOptions } from '../index.js';
import { rememberRun } from './plan-lines.js';

/**
 * Small hand-made datasets for tests. The customer sits at 40°N 75°W;
 * locations are placed due north of it at a chosen distance in miles, so
 * every distance (and so every default cost) is known exactly.
 */
export const CUSTOMER: Coordinates = { latitude: 40, longitude: -75 };

/** Miles per degree of latitude on the sphere the aerial provider uses. */
export const MILES_PER_DEGREE = ((6371.0088 / 1.609344) * Math.PI) / 180;

export const AS_OF = new Date('2026-11-20T12:00:00Z');

/** More fields of a record, as docs/data-format.md describes them (e.g. `{ type: 'distribution-center' }`). */
type Extra = Record<string, unknown>;

export interface LocationRecord extends Extra {
  id: string;
  name: string;
  type: string;
  legalEntity: string;
  address: { coordinates: Coordinates };
}

export interface InventoryRecord extends Extra {
  variantId: string;
  locationId: string;
  onHand: number;
  reserved: number;
}

export interface OrderLineRecord extends Extra {
  id: string;
  variantId: string;
  quantity: number;
  unitPrice: number;
  modeOfDelivery: string;
}

export interface OrderRecord extends Extra {
  id: string;
  legalEntity: string;
  salesOrigin: string;
  deliveryAddress: { coordinates: Coordinates };
  createdAt: string;
  lines: OrderLineRecord[];
}

export interface RuleRecord extends Extra {
  id: string;
  type: string;
  options: Record<string, unknown>;
}

export interface CostFactorRecord extends Extra {
  id: string;
  type: string;
  company: string;
  options: Record<string, unknown>;
}

/** The records of a scenario, typed where the builders make them; any other collection as docs/data-format.md says. */
export interface ScenarioRecords extends MemoryRecords {
  locations?: LocationRecord[];
  inventory?: InventoryRecord[];
  orders?: OrderRecord[];
  rules?: RuleRecord[];
  costFactors?: CostFactorRecord[];
}

/** A point `miles` due north of the customer. */
export function north(miles: number): Coordinates {
  return { latitude: CUSTOMER.latitude + miles / MILES_PER_DEGREE, longitude: CUSTOMER.longitude };
}

/** A store of legal entity `le`, `miles` due north of the customer. */
export function location(id: string, miles: number, extra: Extra = {}): LocationRecord {
  return { id, name: id, type: 'store', legalEntity: 'le', address: { coordinates: north(miles) }, ...extra };
}

export function stock(variantId: string, locationId: string, onHand: number, reserved = 0): InventoryRecord {
  return { variantId, locationId, onHand, reserved };
}

let createdAt = 0;

/** An order at the customer's address, each made a second after the last; lines are [variant, quantity, unitPrice?], with mode of delivery `std`. */
export function order(id: string, lines: Array<[string, number, number?]>, extra: Extra = {}): OrderRecord {
  createdAt++;
  return {
    id,
    legalEntity: 'le',
    salesOrigin: 'web',
    deliveryAddress: { coordinates: CUSTOMER },
    createdAt: new Date(Date.UTC(2026, 10, 19, 0, 0, createdAt)).toISOString(),
    lines: lines.map(([variantId, quantity, unitPrice], i) => ({ id: `${id}-${i + 1}`, variantId, quantity, unitPrice: unitPrice ?? 10, modeOfDelivery: 'std' })),
    ...extra,
  };
}

export function rule(id: string, type: string, options: Record<string, unknown>, extra: Extra = {}): RuleRecord {
  return { id, type, options, ...extra };
}

/** A cost factor of company `le`, the legal entity of every scenario order. */
export function costFactor(id: string, type: string, options: Record<string, unknown>, extra: Extra = {}): CostFactorRecord {
  return { id, type, company: 'le', options, ...extra };
}

/**
 * A dataset with one category, product and variants V1–V5, and profile `p`
 * (legal entity `le`, mode of delivery `std`, origin `web`) that uses every
 * rule and cost factor given.
 */
export function scenario(parts: ScenarioRecords & { profile?: Extra }): ScenarioRecords {
  const { profile, ...rest } = parts;
  return {
    parameters: { distanceUnit: 'mi', localStoreRegionRadius: 0 },
    categories: [{ id: 'cat', name: 'Category' }],
    products: [{ id: 'P', name: 'Product', categoryIds: ['cat'] }],
    variants: ['V1', 'V2', 'V3', 'V4', 'V5'].map((id) => ({ id, productId: 'P' })),
    profiles: [
      {
        id: 'p',
        legalEntities: ['le'],
        modesOfDelivery: ['std'],
        salesOrigins: ['web'],
        ruleIds: (rest.rules ?? []).map((r) => r.id),
        costFactorIds: (rest.costFactors ?? []).map((f) => f.id),
        ...profile,
      },
    ],
    ...rest,
  };
}

/**
 * Runs a profile (default `p`) of a scenario at the fixed test instant,
 * with the built-in plugins and any given packages. The plan remembers its
 * data, so that the readers (`planLine`, `assignmentsOf`) can say why a
 * line is not in it.
 */
export async function runScenario(records: MemoryRecords, options: Partial<RunOptions> & { plugins?: OpenDomPlugin[] } = {}): Promise<Plan> {
  const { plugins = [], ...runOptions } = options;
  const engine = await createEngine({ data: new MemoryDataSource(records), plugins });
  try {
    return await runAndRemember(engine, records, { profileId: 'p', asOf: AS_OF, ...runOptions });
  } finally {
    await engine.close();
  }
}

/** Runs an engine on `records` and remembers them for the plan. */
export async function runAndRemember(engine: Engine, records: MemoryRecords, options: RunOptions): Promise<Plan> {
  const plan = await engine.run(options);
  rememberRun(plan, records);
  return plan;
}
