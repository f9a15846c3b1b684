import { describe, expect, it } from 'vitest';
import { createEngine, type MemoryRecords, type Plan } from '../../index.js';
import { MemoryDataSource } from '../../adapters/memory/memory.adapter.js';
import { generateDataset, type GeneratedDataset } from '../../bench/generate-dataset.js';

/**
 * A profile that uses all seven rules at once, on the example's shape and on
 * a generated instance of about 5,000 lines. An independent checker — its
 * own distance formula, its own reading of the records — confirms that no
 * plan breaks a hard rule or an inventory limit, and that soft rules hold
 * for every line placed in iteration 1.
 */

const AS_OF = new Date('2026-11-20T12:00:00Z');
const STORE_MAX_ORDERS = 15;
const MIN_AMOUNT_TO_SPLIT = 40;

/** The dataset with the seven rule types added to `standard-ship`, and some lines with rejections. */
function withAllRules(dataset: GeneratedDataset): MemoryRecords {
  const rules = [
    ...dataset.rules,
    { id: 'r-min', type: 'dom/min-inventory', hardConstraint: true, scope: { groupIds: ['all-stores'], categoryIds: ['cat-footwear'] }, options: { minimum: 1 } },
    { id: 'r-prio-east', type: 'dom/location-priority', scope: { groupIds: ['region-east'] }, options: { priority: 1 } },
    { id: 'r-prio-dcs', type: 'dom/location-priority', scope: { groupIds: ['dcs'] }, options: { priority: 2 } },
    {
      id: 'r-partial',
      type: 'dom/partial-orders',
      hardConstraint: true,
      options: { fulfillPartialLines: true, minimumAmountToSplit: MIN_AMOUNT_TO_SPLIT, noSplitCategoryIds: ['cat-electronics'] },
    },
    { id: 'r-rejects', type: 'dom/max-rejects', hardConstraint: true, options: { maxRejections: 2 } },
    { id: 'r-max-orders', type: 'dom/max-orders', hardConstraint: true, scope: { groupIds: ['all-stores'] }, options: { maxOrders: STORE_MAX_ORDERS } },
  ];
  const ruleIds = ['rule-offline-stores', 'rule-max-distance-stores', 'rule-max-distance-dcs', ...rules.slice(dataset.rules.length).map((r) => r.id)];
  const stores = dataset.locations.filter((l) => l.type === 'store').map((l) => l.id);
  // Every 40th line was rejected yesterday by a store; every 97th has reached the threshold.
  let n = 0;
  const orders = dataset.orders.map((order) => ({
    ...order,
    lines: order.lines.map((line) => {
      n++;
      if (n % 97 === 0) return { ...line, rejections: [stores[0]!, stores[1]!].map((locationId) => ({ locationId, at: '2026-11-01T00:00:00Z' })) };
      if (n % 40 === 0) return { ...line, rejections: [{ locationId: stores[n % stores.length]!, at: '2026-11-19T00:00:00Z' }] };
      return line;
    }),
  }));
  const profiles = dataset.profiles.map((p) => (p.id === 'standard-ship' ? { ...p, ruleIds } : p));
  return { ...dataset, rules, profiles, orders } as unknown as MemoryRecords;
}

async function plan(records: MemoryRecords): Promise<Plan> {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    // The checker judges feasibility, not optimality: a loose gap and a time limit keep the test quick.
    return await engine.run({ profileId: 'standard-ship', asOf: AS_OF, relativeGap: 1e-3, timeLimitSeconds: 10 });
  } finally {
    await engine.close();
  }
}

/** Great-circle miles, written here independently of the engine's provider. */
function miles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const toRad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(toRad(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(toRad(a.latitude)) * Math.cos(toRad(b.latitude)) * Math.sin(toRad(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 3958.7613 * Math.asin(Math.sqrt(h));
}

/** Every violation of a hard rule, an inventory limit, or (for iteration-1 lines) a soft rule. */
function violations(dataset: GeneratedDataset, p: Plan): string[] {
  const found: string[] = [];
  const location = new Map(dataset.locations.map((l) => [l.id, l]));
  const order = new Map(dataset.orders.map((o) => [o.id, o]));
  const group = (id: string) => new Set(dataset.groups.find((g) => g.id === id)!.locationIds);
  const stores = group('all-stores');
  const dcs = group('dcs');
  const offline = new Set(dataset.rules.find((r) => r.id === 'rule-offline-stores')!.scope.locationIds);
  const productOf = new Map(dataset.variants.map((v) => [v.id, dataset.products.find((pr) => pr.id === v.productId)!]));
  const inCategory = (variantId: string, root: string) =>
    productOf.get(variantId)!.categoryIds.some((c) => c === root || c.startsWith(`${root}-`));

  const used = new Map<string, number>();
  const ordersAt = new Map<string, Set<string>>();
  for (const line of p.lines) {
    const o = order.get(line.orderId)!;
    const source = o.lines.find((l) => l.id === line.lineId)!;
    const units = line.assignments.reduce((sum, a) => sum + a.quantity, 0);
    if (units > source.quantity) found.push(`${line.lineId}: ${units} units for a quantity of ${source.quantity}`);
    if ((source as { rejections?: unknown[] }).rejections?.length === 2) found.push(`${line.lineId}: brokered despite 2 rejections`);
    for (const a of line.assignments) {
      const at = location.get(a.locationId)!;
      const distance = miles(at.address.coordinates!, o.deliveryAddress.coordinates!);
      const key = `${line.variantId}@${a.locationId}`;
      used.set(key, (used.get(key) ?? 0) + a.quantity);
      if (!ordersAt.has(a.locationId)) ordersAt.set(a.locationId, new Set());
      ordersAt.get(a.locationId)!.add(line.orderId);
      if (offline.has(a.locationId)) found.push(`${line.lineId}: ships from offline ${a.locationId}`);
      if (dcs.has(a.locationId) && distance > 2500) found.push(`${line.lineId}: ${a.locationId} is ${distance.toFixed(1)} mi away (hard limit 2500)`);
      if (line.iteration === 1 && stores.has(a.locationId) && distance > 600) found.push(`${line.lineId}: store ${a.locationId} at ${distance.toFixed(1)} mi in iteration 1`);
      const recent = ((source as { rejections?: Array<{ locationId: string; at: string }> }).rejections ?? []).some(
        (r) => r.locationId === a.locationId && Date.parse(r.at) > AS_OF.getTime() - 7 * 86_400_000,
      );
      if (recent) found.push(`${line.lineId}: ships from ${a.locationId}, which rejected it within the rejection period`);
    }
  }
  for (const [key, units] of used) {
    const [variantId, locationId] = key.split('@') as [string, string];
    const record = dataset.inventory.find((r) => r.variantId === variantId && r.locationId === locationId && (r.status ?? 'available') === 'available');
    const available = record ? record.onHand - (record.reserved ?? 0) : 0;
    const kept = stores.has(locationId) && inCategory(variantId, 'cat-footwear') ? 1 : 0;
    if (units > available - kept) found.push(`${key}: ${units} assigned, ${available} available, ${kept} kept`);
  }
  for (const [locationId, set] of ordersAt) {
    if (stores.has(locationId) && set.size > STORE_MAX_ORDERS) found.push(`${locationId}: ${set.size} orders (limit ${STORE_MAX_ORDERS})`);
  }
  const locationsOf = new Map<string, Set<string>>();
  for (const line of p.lines) for (const a of line.assignments) {
    if (!locationsOf.has(line.orderId)) locationsOf.set(line.orderId, new Set());
    locationsOf.get(line.orderId)!.add(a.locationId);
  }
  for (const [orderId, set] of locationsOf) {
    const lines = p.lines.filter((l) => l.orderId === orderId);
    const amount = lines.reduce((sum, l) => sum + l.quantity * order.get(orderId)!.lines.find((s) => s.id === l.lineId)!.unitPrice, 0);
    const noSplit = amount < MIN_AMOUNT_TO_SPLIT || lines.some((l) => inCategory(l.variantId, 'cat-electronics'));
    if (noSplit && set.size > 1) found.push(`${orderId}: may not split but ships from ${[...set].join(', ')}`);
  }
  return found;
}

describe('all seven rules in one profile', () => {
  it('on the example dataset: no hard rule or inventory limit is broken', async () => {
    const dataset = generateDataset();
    const p = await plan(withAllRules(dataset));
    expect(violations(dataset, p)).toEqual([]);
    expect(p.totals.fillRate).toBeGreaterThan(0.9);
    expect(p.exceptions.filter((e) => e.exceptionType === 'maximum-rejections').length).toBeGreaterThan(0);
    expect(p.lines.some((l) => l.explanation.removed.some((r) => r.messageId === 'rejectedRecently'))).toBe(true);
  });

  it('on a generated instance of about 5,000 lines: no hard rule or inventory limit is broken', async () => {
    const dataset = generateDataset({ orders: 2500, locations: 80, seed: 11 });
    const lines = dataset.orders.reduce((sum, o) => sum + o.lines.length, 0);
    expect(lines).toBeGreaterThan(4500);
    const p = await plan(withAllRules(dataset));
    expect(violations(dataset, p)).toEqual([]);
    expect(p.batches.length).toBeGreaterThan(1);
  }, 180_000);
});
