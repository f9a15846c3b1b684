import type { Attributes, Category, Dataset, FulfillmentGroup, Id, Location, Product, RuleScope, Variant } from './types.js';

/** What a product scope names: variants, products, categories, and attribute values (none: every variant). */
export type ProductScope = Pick<RuleScope, 'variantIds' | 'productIds' | 'categoryIds' | 'supplementalCategoryIds'> & { productAttributes?: Attributes };

/** Whether `held` has every value of `wanted` (an empty `wanted` matches anything). */
function attributesMatch(wanted: Attributes, held: Attributes): boolean {
  return Object.entries(wanted).every(([name, value]) => held[name] === value);
}

/** Read-only lookups over the reference data of a dataset. */
export class Catalog {
  readonly locations = new Map<Id, Location>();
  readonly groups = new Map<Id, FulfillmentGroup>();
  readonly categories = new Map<Id, Category>();
  readonly products = new Map<Id, Product>();
  readonly variants = new Map<Id, Variant>();

  constructor(dataset: Pick<Dataset, 'locations' | 'groups' | 'categories' | 'products' | 'variants'>) {
    for (const location of dataset.locations) this.locations.set(location.id, location);
    for (const group of dataset.groups) this.groups.set(group.id, group);
    for (const category of dataset.categories) this.categories.set(category.id, category);
    for (const product of dataset.products) this.products.set(product.id, product);
    for (const variant of dataset.variants) this.variants.set(variant.id, variant);
  }

  /** Whether a location's attributes have every value a scope asks for. */
  locationAttributesMatch(wanted: Attributes, locationId: Id): boolean {
    return attributesMatch(wanted, this.locations.get(locationId)?.attributes ?? {});
  }

  /** The ids of the locations a scope names directly or through its groups. */
  scopeLocationIds(scope: Pick<RuleScope, 'locationIds' | 'groupIds'>): Set<Id> {
    const ids = new Set<Id>(scope.locationIds);
    for (const groupId of scope.groupIds) for (const id of this.groups.get(groupId)?.locationIds ?? []) ids.add(id);
    return ids;
  }

  /** A category and all its ancestors, nearest first. */
  categoryWithAncestors(categoryId: Id): Id[] {
    const chain: Id[] = [];
    let current: Id | null = categoryId;
    while (current !== null && !chain.includes(current)) {
      chain.push(current);
      current = this.categories.get(current)?.parentId ?? null;
    }
    return chain;
  }

  /** Whether a product scope (variants, products, categories with descendants) covers a variant; an empty scope covers all. */
  productScopeCovers(scope: ProductScope, variantId: Id): boolean {
    const { variantIds, productIds, categoryIds, supplementalCategoryIds, productAttributes = {} } = scope;
    const variant = this.variants.get(variantId);
    const product = this.products.get(variant?.productId ?? '');
    // A variant's own attribute wins over its product's of the same name.
    if (!attributesMatch(productAttributes, { ...product?.attributes, ...variant?.attributes })) return false;
    if (variantIds.length + productIds.length + categoryIds.length + supplementalCategoryIds.length === 0) return true;
    if (variantIds.includes(variantId)) return true;
    if (!product) return false;
    if (productIds.includes(product.id)) return true;
    const inTree = (own: Id[], wanted: Id[]) =>
      wanted.length > 0 && own.some((c) => this.categoryWithAncestors(c).some((a) => wanted.includes(a)));
    return inTree(product.categoryIds, categoryIds) || inTree(product.supplementalCategoryIds, supplementalCategoryIds);
  }
}
