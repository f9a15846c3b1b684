/**
 * Domain records of OpenDOM (docs/spec.md §1–2). Every record read by a data
 * adapter has this shape after JSON Schema validation (defaults applied).
 * Each type is derived from its record's schema (`core/schemas/records.schema.ts`,
 * where each field is described), so that a schema and its type never disagree.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type {
  addressSchema,
  attributesSchema,
  categorySchema,
  coordinatesSchema,
  costFactorSchema,
  EXCEPTION_TYPES,
  groupSchema,
  inventorySchema,
  locationSchema,
  parametersSchema,
  productSchema,
  profileSchema,
  ruleSchema,
  salesLineSchema,
  salesOrderSchema,
  variantSchema,
} from '../schemas/records.schema.js';

export type Id = string;

/** Latitude and longitude in decimal degrees (WGS 84). */
export type Coordinates = FromSchema<typeof coordinatesSchema>;

/** A postal address; `coordinates` may be absent when a geocoder supplies them. */
export type Address = FromSchema<typeof addressSchema>;

/** A partner's own data on a record (docs/data-format.md, "Custom attributes"): names to strings, numbers or booleans. */
export type Attributes = FromSchema<typeof attributesSchema>;

/** Global parameters (docs/spec.md §2). */
export type Parameters = FromSchema<typeof parametersSchema>;

export type DistanceUnit = Parameters['distanceUnit'];
export type WeightUnit = Parameters['weightUnit'];

/** The kinds of record that carry attributes, as `parameters.attributes` names them. */
export type AttributeHolder = keyof Parameters['attributes'];

export type Location = FromSchema<typeof locationSchema>;
export type LocationType = Location['type'];

export type FulfillmentGroup = FromSchema<typeof groupSchema>;

/** A node of a category hierarchy; supplemental categories form hierarchies of their own. */
export type Category = FromSchema<typeof categorySchema>;

export type Product = FromSchema<typeof productSchema>;

/** What inventory is counted in. */
export type Variant = FromSchema<typeof variantSchema>;

/**
 * The source system's supply of a variant at a location (docs/store.md):
 * what it has on hand and what it reserves itself. OpenDOM's own
 * allocations are kept apart, in the lines it assigned; what a run may use is
 * `onHand − reserved −` the allocations the snapshot does not yet reflect.
 */
export type InventoryRecord = FromSchema<typeof inventorySchema>;

export type SalesLine = FromSchema<typeof salesLineSchema>;
export type SalesOrder = FromSchema<typeof salesOrderSchema>;

export type DomStatus = SalesLine['domStatus'];
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];
export type DeliveryType = SalesLine['deliveryType'];
export type Rejection = SalesLine['rejections'][number];

/** Exceptions that keep a line out of every run until an operator resets it. */
export const PERMANENT_EXCEPTIONS: readonly ExceptionType[] = ['maximum-rejections', 'maximum-attempts'];

/** A rule record with its options typed `O` (its plugin's options, validated against the plugin's schema). */
export type RuleRecord<O = Record<string, unknown>> = Omit<FromSchema<typeof ruleSchema>, 'options'> & { options: O };

/** Scope of a rule: locations and/or groups, and for product rules a product scope. */
export type RuleScope = RuleRecord['scope'];

/** A cost factor record with its options typed `O`. */
export type CostFactorRecord<O = Record<string, unknown>> = Omit<FromSchema<typeof costFactorSchema>, 'options'> & { options: O };

export type Profile = FromSchema<typeof profileSchema>;

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
