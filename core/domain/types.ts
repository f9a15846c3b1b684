/**
 * Domain records of OpenDOM (docs/spec.md §1–2). Every record read by a data
 * adapter has this shape after JSON Schema validation (defaults applied).
 */
import type { Schedule } from '../schedule/schedule.js';

export type Id = string;

/** Latitude and longitude in decimal degrees (WGS 84). */
export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** A postal address; `coordinates` may be absent when a geocoder supplies them. */
export interface Address {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  coordinates?: Coordinates;
}

export type DistanceUnit = 'mi' | 'km';

/** A partner's own data on a record (docs/data-format.md, "Custom attributes"): names to strings, numbers or booleans. */
export type Attributes = Record<string, string | number | boolean>;

/** The kinds of record that carry attributes, as `parameters.attributes` names them. */
export type AttributeHolder = 'locations' | 'products' | 'variants' | 'orders' | 'lines';

export type WeightUnit = 'lb' | 'kg';

/** Global parameters (docs/spec.md §2). */
export interface Parameters {
  /** Solver plugin id used when the run does not name one. */
  solver: string;
  maxAutoFulfillmentAttempts: number;
  /** Locations within this radius of the customer count as equally near (0 = exact distance). */
  localStoreRegionRadius: number;
  distanceUnit: DistanceUnit;
  /** Unit of variant weights and of every weight in cost factor options. */
  weightUnit: WeightUnit;
  /** Distances are road distances (the engine's distance provider must measure road distance). */
  roadDistance: boolean;
  planRetentionDays: number;
  logRetentionDays: number;
  rejectionPeriodDays: number;
  /** 0–100: share of the machine parallel batches may use; 0 = one batch at a time. */
  threadUtilization: number;
  skipAcceptedStoreOrders: boolean;
  /** When `opendom serve` cleans up (docs/service.md); none: only on request. */
  cleanupSchedule?: Schedule;
  /** The declared type of custom attributes, per kind of record. */
  attributes: Partial<Record<AttributeHolder, Record<string, 'string' | 'number' | 'boolean'>>>;
}

export type LocationType = 'store' | 'warehouse' | 'distribution-center';

export interface Location {
  id: Id;
  name: string;
  type: LocationType;
  legalEntity: Id;
  address: Address;
  shipping: boolean;
  pickup: boolean;
  attributes: Attributes;
}

export interface FulfillmentGroup {
  id: Id;
  name: string;
  locationIds: Id[];
}

/** A node of a category hierarchy; supplemental categories form hierarchies of their own. */
export interface Category {
  id: Id;
  name: string;
  parentId: Id | null;
  supplemental: boolean;
}

export interface Product {
  id: Id;
  name: string;
  categoryIds: Id[];
  supplementalCategoryIds: Id[];
  attributes: Attributes;
}

/** What inventory is counted in. */
export interface Variant {
  id: Id;
  productId: Id;
  color?: string;
  size?: string;
  style?: string;
  configuration?: string;
  /** Weight of one unit, in the dataset's `weightUnit` (used by weight-based cost factors). */
  weight?: number;
  attributes: Attributes;
}

/**
 * The source system's supply of a variant at a location (docs/store.md):
 * what it has on hand and what it reserves itself. OpenDOM's own
 * allocations are kept apart, in the lines it assigned; what a run may use is
 * `onHand − reserved −` the allocations the snapshot does not yet reflect.
 */
export interface InventoryRecord {
  variantId: Id;
  locationId: Id;
  /** Inventory status (e.g. "available"); only `available` counts towards what DOM may use. */
  status: string;
  onHand: number;
  /** Units the source system reserves for its own purposes (not OpenDOM's allocations). */
  reserved: number;
  /**
   * The instant the source took this snapshot: a line shipped at or before it
   * is already out of `onHand`. Null: it reflects every shipment OpenDOM knows
   * of (the store stamps a record that comes without one with its arrival).
   */
  asOf: string | null;
}

export type DomStatus = 'none' | 'complete' | 'exception';

export type ExceptionType =
  | 'no-quantity-available'
  | 'rejected'
  | 'maximum-rejections'
  | 'maximum-attempts'
  | 'data-modification-conflict'
  | 'invalid-input';

/** Exceptions that keep a line out of every run until an operator resets it. */
export const PERMANENT_EXCEPTIONS: readonly ExceptionType[] = ['maximum-rejections', 'maximum-attempts'];

export type DeliveryType = 'ship' | 'pickup' | 'electronic';

export interface Rejection {
  locationId: Id;
  /** ISO date-time of the rejection. */
  at: string;
}

export interface SalesLine {
  id: Id;
  variantId: Id;
  quantity: number;
  unitPrice: number;
  /** Tax of the whole line. */
  tax: number;
  modeOfDelivery: Id;
  deliveryType: DeliveryType;
  excluded: boolean;
  markedForDelivery: boolean;
  domStatus: DomStatus;
  exceptionType: ExceptionType | null;
  attempts: number;
  rejections: Rejection[];
  /** Location the line is assigned to, when it is. */
  assignedLocationId: Id | null;
  /** Whether the assigned store accepted the line. */
  acceptedByStore: boolean;
  /** Whether the line has shipped (assigned lines that have not count towards maximum orders). */
  shipped: boolean;
  /** When it shipped (ISO date-time), as the shipping system says; null when unknown or not shipped. */
  shippedAt: string | null;
  /** Cancelled by the source system: never brokered again, its allocation released. */
  cancelled: boolean;
  /** The line this one was split from by applying a plan, or null. */
  splitFrom: Id | null;
  /** When an operator last reset the line: the maximum rejects rule counts only rejections after it. */
  rejectionsResetAt: string | null;
  version: number;
  attributes: Attributes;
}

export interface SalesOrder {
  id: Id;
  legalEntity: Id;
  salesOrigin: Id | null;
  deliveryAddress: Address;
  onHold: boolean;
  createdAt: string;
  version: number;
  attributes: Attributes;
  lines: SalesLine[];
}

/** Scope of a rule: locations and/or groups, and for product rules a product scope. */
export interface RuleScope {
  locationIds: Id[];
  groupIds: Id[];
  variantIds: Id[];
  productIds: Id[];
  categoryIds: Id[];
  supplementalCategoryIds: Id[];
  /** Locations whose attributes have all these values (empty: any). */
  locationAttributes: Attributes;
  /** Variants whose attributes — or their product's, where the variant has none of that name — have all these values (empty: any). */
  productAttributes: Attributes;
}

export interface RuleRecord<O = Record<string, unknown>> {
  id: Id;
  /** Rule plugin id, e.g. `dom/max-distance`. */
  type: string;
  description?: string;
  startDate: string | null;
  endDate: string | null;
  disabled: boolean;
  hardConstraint: boolean;
  scope: RuleScope;
  options: O;
}

export interface CostFactorRecord<O = Record<string, unknown>> {
  id: Id;
  /** Cost factor plugin id, e.g. `dom/shipping-simple`. */
  type: string;
  description?: string;
  startDate: string | null;
  endDate: string | null;
  active: boolean;
  /** Legal entity the factor belongs to. */
  company: Id;
  options: O;
}

export interface Profile {
  id: Id;
  name: string;
  enabled: boolean;
  legalEntities: Id[];
  modesOfDelivery: Id[];
  salesOrigins: Id[];
  processEmptyOrigin: boolean;
  /** Limits candidate locations to this group when set. */
  fulfillmentGroupId: Id | null;
  autoApply: boolean;
  /** 0 = the solver's default batch size. */
  maxLinesPerOptimization: number;
  ruleIds: Id[];
  costFactorIds: Id[];
  /** When `opendom serve` runs the profile (docs/spec.md §6.9); none: only on request. */
  schedule?: Schedule;
}

/** Everything a run reads. */
export interface Dataset {
  parameters: Parameters;
  locations: Location[];
  groups: FulfillmentGroup[];
  categories: Category[];
  products: Product[];
  variants: Variant[];
  inventory: InventoryRecord[];
  profiles: Profile[];
  rules: RuleRecord[];
  costFactors: CostFactorRecord[];
  orders: SalesOrder[];
}
