import { costFactor, location, north, order, rule, runScenario, scenario, stock } from '../test/fixtures/scenario.js';
import type { Plan } from '../index.js';

function show(title: string, plan: Plan) {
  console.log(`\n=== ${title}`);
  for (const l of plan.lines) {
    const { candidates, locationsWithoutStock, removed, ...e } = l.explanation;
    console.log(JSON.stringify({ lineId: l.lineId, fulfillmentType: l.fulfillmentType, split: l.split, assignments: l.assignments, explanation: e }));
  }
  console.log(JSON.stringify({ shipments: plan.totals.shipments, cost: plan.totals.cost, costByFactor: plan.totals.costByFactor }));
}

const f = process.argv[2];
if (f === 'simple') {
  show('simple', await runScenario(scenario({
    locations: [location('STORE-A', 30), location('DC-1', 120, { type: 'distribution-center' })],
    inventory: [stock('V1', 'STORE-A', 5), stock('V1', 'DC-1', 50), stock('V2', 'DC-1', 50)],
    costFactors: [costFactor('std-per-mile', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 0.05 }), costFactor('std-label', 'dom/shipping-simple', { modesOfDelivery: ['std'], cost: 2 })],
    orders: [order('SO-1', [['V1', 1], ['V2', 3]])],
  })));
}
if (f === 'tiered') {
  show('tiered', await runScenario(scenario({
    locations: [location('STORE-A', 45), location('STORE-B', 60), location('DC-1', 240, { type: 'distribution-center' })],
    inventory: [stock('V1', 'STORE-A', 5), stock('V1', 'STORE-B', 5), stock('V1', 'DC-1', 50)],
    costFactors: [costFactor('std-tiers', 'dom/shipping-tiered', { modesOfDelivery: ['std'], tiers: [{ from: 0, to: 50, basis: 'distance', cost: 0.3 }, { from: 50, to: 200, cost: 12 }], defaultCost: 30 })],
    orders: [order('SO-1', [['V1', 1]])],
  })));
}
if (f === 'order') {
  show('order', await runScenario(scenario({
    locations: [location('STORE-A', 30), location('DC-1', 120, { type: 'distribution-center' })],
    inventory: [stock('V1', 'STORE-A', 5), stock('V2', 'DC-1', 50), stock('V3', 'DC-1', 50)],
    costFactors: [costFactor('handling', 'dom/other-sales-order', { cost: 4 })],
    orders: [order('SO-1', [['V1', 1], ['V2', 1], ['V3', 2]])],
  })));
}
if (f === 'line') {
  show('line', await runScenario(scenario({
    locations: [location('STORE-A', 30), location('STORE-B', 80)],
    inventory: [stock('V1', 'STORE-A', 2), stock('V1', 'STORE-B', 2)],
    rules: [rule('partial-lines', 'dom/partial-orders', { fulfillPartialLines: true })],
    costFactors: [costFactor('pick', 'dom/other-sales-line', { cost: 1.5 }), costFactor('handling', 'dom/other-sales-order', { cost: 4 })],
    orders: [order('SO-1', [['V1', 4]])],
  })));
}
if (f === 'location') {
  show('location', await runScenario(scenario({
    locations: [location('STORE-A', 30), location('STORE-B', 60), location('DC-1', 150, { type: 'distribution-center' })],
    groups: [{ id: 'stores', locationIds: ['STORE-A', 'STORE-B'] }],
    inventory: [stock('V1', 'STORE-A', 5), stock('V1', 'STORE-B', 5), stock('V1', 'DC-1', 50)],
    costFactors: [
      costFactor('std-per-mile', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 0.05 }),
      costFactor('store-picking', 'dom/other-location', { groupId: 'stores', cost: 8 }),
      costFactor('dc-picking', 'dom/other-location', { locationId: 'DC-1', cost: 1.5 }),
    ],
    orders: [order('SO-1', [['V1', 2]])],
  })));
}
if (f === 'card') {
  show('card', await runScenario(scenario({
    variants: [{ id: 'V1', productId: 'P', weight: 2.5 }, { id: 'V2', productId: 'P', weight: 18 }],
    locations: [location('STORE-A', 40), location('DC-1', 260, { type: 'distribution-center' })],
    inventory: [stock('V1', 'STORE-A', 20), stock('V1', 'DC-1', 200), stock('V2', 'DC-1', 50)],
    costFactors: [costFactor('ground', 'dom/carrier-rate-card', {
      modesOfDelivery: ['std'],
      weightBands: [1, 5, 10, 20, 50],
      distanceZones: [
        { id: 'zone-2', from: 0, to: 150, prices: [6.2, 7.1, 9.4, 13.8, 24.5] },
        { id: 'zone-5', from: 150, to: null, prices: [8.9, 10.6, 14.2, 21.7, 39.9] },
      ],
      perPackage: 1.25,
    })],
    orders: [order('SO-1', [['V1', 3], ['V2', 4]])],
  })));
}
if (f === 'location-explain') {
  const { formatLineExplanation, findLine } = await import('../adapters/cli/explain-line.js');
  const plan = await runScenario(scenario({
    locations: [location('STORE-A', 30), location('STORE-B', 60), location('STORE-C', 20), location('DC-1', 150, { type: 'distribution-center' })],
    groups: [{ id: 'stores', locationIds: ['STORE-A', 'STORE-B', 'STORE-C'] }],
    inventory: [stock('V1', 'STORE-A', 5), stock('V1', 'STORE-B', 5), stock('V1', 'DC-1', 50)],
    rules: [rule('store-b-offline', 'dom/offline-location', {}, { hardConstraint: true, scope: { locationIds: ['STORE-B'] } })],
    costFactors: [
      costFactor('std-per-mile', 'dom/shipping-simple', { modesOfDelivery: ['std'], basis: 'distance', cost: 0.05 }),
      costFactor('store-picking', 'dom/other-location', { groupId: 'stores', cost: 8 }),
      costFactor('dc-picking', 'dom/other-location', { locationId: 'DC-1', cost: 1.5 }),
    ],
    orders: [order('SO-1', [['V1', 2]])],
  }));
  show('location-explain', plan);
  console.log(formatLineExplanation(plan, findLine(plan, 'SO-1-1')));
}
