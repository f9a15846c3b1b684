import type { OpenDomPlugin } from '../core/index.js';
import { fileAdapter } from '../adapters/file/file.adapter.js';
import { memoryAdapter } from '../adapters/memory/memory.adapter.js';
import { pgliteAdapter, postgresAdapter } from '../adapters/sql/sql.adapter.js';
import { carrierRateCardCostFactor } from './cost-factors/carrier-rate-card/carrier-rate-card.cost-factor.js';
import { otherLocationCostFactor } from './cost-factors/other-location/other-location.cost-factor.js';
import { otherSalesLineCostFactor } from './cost-factors/other-sales-line/other-sales-line.cost-factor.js';
import { otherSalesOrderCostFactor } from './cost-factors/other-sales-order/other-sales-order.cost-factor.js';
import { perUnitCostFactor } from './cost-factors/per-unit/per-unit.cost-factor.js';
import { shippingSimpleCostFactor } from './cost-factors/shipping-simple/shipping-simple.cost-factor.js';
import { shippingTieredCostFactor } from './cost-factors/shipping-tiered/shipping-tiered.cost-factor.js';
import { datasetInventory } from './extension-points/dataset-inventory.js';
import { profileLocationSet } from './extension-points/profile-locations.js';
import { aerialDistance } from './distance/aerial/aerial.distance.js';
import { coordinatesGeocoder } from './geocoders/coordinates/coordinates.geocoder.js';
import { usZipGeocoder } from './geocoders/us-zip/us-zip.geocoder.js';
import { locationPriorityRule } from './rules/location-priority/location-priority.rule.js';
import { maxDistanceRule } from './rules/max-distance/max-distance.rule.js';
import { maxOrdersRule } from './rules/max-orders/max-orders.rule.js';
import { maxRejectsRule } from './rules/max-rejects/max-rejects.rule.js';
import { minInventoryRule } from './rules/min-inventory/min-inventory.rule.js';
import { offlineLocationRule } from './rules/offline-location/offline-location.rule.js';
import { partialOrdersRule } from './rules/partial-orders/partial-orders.rule.js';
import { glpkSolver } from './solvers/glpk/glpk.solver.js';
import { greedySolver } from './solvers/greedy/greedy.solver.js';
import { highsSolver } from './solvers/highs/highs.solver.js';

/** The plugins that ship with OpenDOM, registered through the same API a partner package uses. */
export const builtinPlugins: OpenDomPlugin = {
  name: 'opendom-builtin',
  moduleUrl: import.meta.url,
  register(api) {
    api.addRule(minInventoryRule);
    api.addRule(locationPriorityRule);
    api.addRule(partialOrdersRule);
    api.addRule(offlineLocationRule);
    api.addRule(maxRejectsRule);
    api.addRule(maxDistanceRule);
    api.addRule(maxOrdersRule);
    api.addSolver(highsSolver);
    api.addSolver(glpkSolver);
    api.addSolver(greedySolver);
    api.addCostFactor(shippingSimpleCostFactor);
    api.addCostFactor(shippingTieredCostFactor);
    api.addCostFactor(otherSalesOrderCostFactor);
    api.addCostFactor(otherSalesLineCostFactor);
    api.addCostFactor(otherLocationCostFactor);
    api.addCostFactor(carrierRateCardCostFactor);
    api.addCostFactor(perUnitCostFactor);
    api.addDistanceProvider(aerialDistance);
    api.addGeocoder(coordinatesGeocoder);
    api.addGeocoder(usZipGeocoder);
    api.addDataAdapter(fileAdapter);
    api.addDataAdapter(memoryAdapter);
    api.addDataAdapter(pgliteAdapter);
    api.addDataAdapter(postgresAdapter);
    api.addLocationSet(profileLocationSet);
    api.addInventoryProvider(datasetInventory);
  },
};
