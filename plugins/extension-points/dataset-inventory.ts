import type { InventoryProviderPlugin } from '../../core/index.js';

/** The default inventory provider: the dataset's (or store's) `available` inventory records of the pairs asked. */
export const datasetInventory: InventoryProviderPlugin<Record<string, never>> = {
  meta: {
    id: 'dom/dataset-inventory',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Available inventory as the dataset or the store holds it (imported snapshots).',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  create: () => ({
    inventory: ({ dataset, variantIds, locationIds }) => {
      const variants = new Set(variantIds);
      const locations = new Set(locationIds);
      return dataset.inventory
        .filter((r) => r.status === 'available' && variants.has(r.variantId) && locations.has(r.locationId))
        .map(({ variantId, locationId, onHand, reserved, asOf }) => ({ variantId, locationId, onHand, reserved, asOf }));
    },
  }),
};
