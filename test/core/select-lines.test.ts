import { describe, expect, it } from 'vitest';
import { salesLineSchema, validateAgainst, type Parameters, type Profile, type SalesLine, type SalesOrder } from '../../index.js';
import { isLineEligible, selectLines, type SelectedOrder } from '../../core/pipeline/select-lines.js';
import { partitionIntoBatches } from '../../core/engine/batches.js';
import { assignmentsOf, location, order, runScenario, scenario, stock } from 'opendom/testing';

/** docs/spec.md §3.1 (line selection) and §3.2 (batches). */

const parameters: Parameters = {
  solver: 'dom/highs',
  maxAutoFulfillmentAttempts: 3,
  localStoreRegionRadius: 0,
  distanceUnit: 'mi',
  weightUnit: 'lb',
  roadDistance: false,
  planRetentionDays: 30,
  logRetentionDays: 30,
  rejectionPeriodDays: 7,
  threadUtilization: 0,
  poolGuideWindowLines: 20_000,
  skipAcceptedStoreOrders: false,
  attributes: {},
};

function profile(extra: Partial<Profile> = {}): Profile {
  return {
    id: 'p',
    name: '',
    enabled: true,
    legalEntities: ['le'],
    modesOfDelivery: ['std'],
    salesOrigins: ['web'],
    processEmptyOrigin: false,
    fulfillmentGroupId: null,
    autoApply: false,
    maxLinesPerOptimization: 0,
    ruleIds: [],
    costFactorIds: [],
    ...extra,
  };
}

/** A line with the schema's defaults (new, not shipped, no attempts), then `extra`. */
function line(id: string, extra: Partial<SalesLine> = {}): SalesLine {
  const value = { id, variantId: 'V1', quantity: 1, unitPrice: 10, modeOfDelivery: 'std' };
  expect(validateAgainst(salesLineSchema, value)).toEqual([]);
  return { ...(value as SalesLine), ...extra };
}

let minute = 0;
function salesOrder(id: string, lines: SalesLine[] | number = 1, extra: Partial<SalesOrder> = {}): SalesOrder {
  minute++;
  return {
    id,
    legalEntity: 'le',
    salesOrigin: 'web',
    deliveryAddress: { coordinates: { latitude: 40, longitude: -75 } },
    onHold: false,
    createdAt: new Date(Date.UTC(2026, 10, 19, 0, minute)).toISOString(),
    version: 0,
    attributes: {},
    lines: typeof lines === 'number' ? Array.from({ length: lines }, (_, i) => line(`${id}-${i + 1}`)) : lines,
    ...extra,
  };
}

const eligible = (l: Partial<SalesLine>, p: Partial<Profile> = {}, params: Partial<Parameters> = {}) =>
  isLineEligible(line('L', l), profile(p), { ...parameters, ...params });

const selectedIds = (orders: SalesOrder[], p: Partial<Profile> = {}, params: Partial<Parameters> = {}) =>
  selectLines(orders, profile(p), { ...parameters, ...params }).map((s) => [s.order.id, s.lines.map((l) => l.id)]);

describe('isLineEligible (docs/spec.md §3.1)', () => {
  it('takes a plain shipping line of the profile', () => {
    expect(eligible({})).toBe(true);
  });

  it('requires the line mode of delivery to be one of the profile', () => {
    expect(eligible({ modeOfDelivery: 'express' })).toBe(false);
    expect(eligible({ modeOfDelivery: 'express' }, { modesOfDelivery: ['std', 'express'] })).toBe(true);
  });

  it('skips excluded lines, lines marked for delivery, pick-up and electronic lines', () => {
    expect(eligible({ excluded: true })).toBe(false);
    expect(eligible({ markedForDelivery: true })).toBe(false);
    expect(eligible({ deliveryType: 'pickup' })).toBe(false);
    expect(eligible({ deliveryType: 'electronic' })).toBe(false);
  });

  it('takes status none, never complete', () => {
    expect(eligible({ domStatus: 'none' })).toBe(true);
    expect(eligible({ domStatus: 'complete', assignedLocationId: 'A' })).toBe(false);
  });

  it('takes an exception only while attempts < maxAutoFulfillmentAttempts', () => {
    for (const exceptionType of ['no-quantity-available', 'rejected', 'data-modification-conflict'] as const) {
      expect(eligible({ domStatus: 'exception', exceptionType, attempts: 0 })).toBe(true);
      expect(eligible({ domStatus: 'exception', exceptionType, attempts: 2 })).toBe(true);
      expect(eligible({ domStatus: 'exception', exceptionType, attempts: 3 })).toBe(false);
      expect(eligible({ domStatus: 'exception', exceptionType, attempts: 7 })).toBe(false);
    }
    expect(eligible({ domStatus: 'exception', exceptionType: 'no-quantity-available', attempts: 4 }, {}, { maxAutoFulfillmentAttempts: 5 })).toBe(true);
    expect(eligible({ domStatus: 'exception', exceptionType: 'no-quantity-available', attempts: 1 }, {}, { maxAutoFulfillmentAttempts: 1 })).toBe(false);
  });

  it('never takes a permanent exception (maximum rejections, maximum attempts), whatever the attempts', () => {
    expect(eligible({ domStatus: 'exception', exceptionType: 'maximum-rejections', attempts: 0 })).toBe(false);
    expect(eligible({ domStatus: 'exception', exceptionType: 'maximum-attempts', attempts: 0 })).toBe(false);
  });

  it('with skipAcceptedStoreOrders, skips a line a store accepted', () => {
    const accepted = { assignedLocationId: 'S1', acceptedByStore: true };
    expect(eligible(accepted, {}, { skipAcceptedStoreOrders: true })).toBe(false);
    expect(eligible(accepted, {}, { skipAcceptedStoreOrders: false })).toBe(true);
    expect(eligible({ assignedLocationId: 'S1', acceptedByStore: false }, {}, { skipAcceptedStoreOrders: true })).toBe(true);
    const acceptedException = { ...accepted, domStatus: 'exception' as const, exceptionType: 'rejected' as const, attempts: 1 };
    expect(eligible(acceptedException, {}, { skipAcceptedStoreOrders: true })).toBe(false);
    expect(eligible(acceptedException, {}, { skipAcceptedStoreOrders: false })).toBe(true);
  });
});

describe('selectLines (docs/spec.md §3.1)', () => {
  it('requires the order legal entity to be one of the profile', () => {
    const orders = [salesOrder('O1'), salesOrder('O2', 1, { legalEntity: 'other' })];
    expect(selectedIds(orders)).toEqual([['O1', ['O1-1']]]);
    expect(selectedIds(orders, { legalEntities: ['le', 'other'] })).toEqual([['O1', ['O1-1']], ['O2', ['O2-1']]]);
  });

  it('requires the sales origin to be one of the profile', () => {
    const orders = [salesOrder('O1'), salesOrder('O2', 1, { salesOrigin: 'marketplace' })];
    expect(selectedIds(orders)).toEqual([['O1', ['O1-1']]]);
    expect(selectedIds(orders, { salesOrigins: ['marketplace'] })).toEqual([['O2', ['O2-1']]]);
  });

  it('takes orders without origin only when the profile processes empty origins', () => {
    const orders = [salesOrder('O1'), salesOrder('O2', 1, { salesOrigin: null }), salesOrder('O3', 1, { salesOrigin: '' as unknown as null })];
    expect(selectedIds(orders)).toEqual([['O1', ['O1-1']]]);
    expect(selectedIds(orders, { processEmptyOrigin: true })).toEqual([['O1', ['O1-1']], ['O2', ['O2-1']], ['O3', ['O3-1']]]);
    // Processing empty origins does not take other origins.
    expect(selectedIds([salesOrder('O4', 1, { salesOrigin: 'marketplace' })], { processEmptyOrigin: true })).toEqual([]);
    // A profile of empty origins only.
    expect(selectedIds(orders, { salesOrigins: [], processEmptyOrigin: true })).toEqual([['O2', ['O2-1']], ['O3', ['O3-1']]]);
  });

  it('skips orders on hold', () => {
    expect(selectedIds([salesOrder('O1', 2, { onHold: true }), salesOrder('O2')])).toEqual([['O2', ['O2-1']]]);
  });

  it('keeps only the eligible lines of an order, and drops orders left without any', () => {
    const o1 = salesOrder('O1', [
      line('a'),
      line('b', { modeOfDelivery: 'express' }),
      line('c', { excluded: true }),
      line('d', { markedForDelivery: true }),
      line('e', { deliveryType: 'pickup' }),
      line('f', { deliveryType: 'electronic' }),
      line('g', { domStatus: 'complete', assignedLocationId: 'A' }),
      line('h', { domStatus: 'exception', exceptionType: 'no-quantity-available', attempts: 1 }),
      line('i', { domStatus: 'exception', exceptionType: 'no-quantity-available', attempts: 3 }),
      line('j', { domStatus: 'exception', exceptionType: 'maximum-rejections', attempts: 0 }),
      line('k', { domStatus: 'exception', exceptionType: 'maximum-attempts', attempts: 0 }),
      line('l', { domStatus: 'exception', exceptionType: 'rejected', attempts: 2 }),
    ]);
    const o2 = salesOrder('O2', [line('m', { excluded: true }), line('n', { domStatus: 'complete' })]);
    expect(selectedIds([o1, o2])).toEqual([['O1', ['a', 'h', 'l']]]);
  });

  it('returns orders by creation time, then id, whatever the input order', () => {
    const late = salesOrder('A-late', 1, { createdAt: '2026-11-19T10:00:00.000Z' });
    const early = salesOrder('Z-early', 1, { createdAt: '2026-11-19T08:00:00.000Z' });
    const tieB = salesOrder('B', 1, { createdAt: '2026-11-19T09:00:00.000Z' });
    const tieA = salesOrder('A', 1, { createdAt: '2026-11-19T09:00:00.000Z' });
    expect(selectLines([late, tieB, early, tieA], profile(), parameters).map((s) => s.order.id)).toEqual(['Z-early', 'A', 'B', 'A-late']);
  });

  it('does not change the orders it is given', () => {
    const orders = [salesOrder('O1', [line('a'), line('b', { excluded: true })])];
    const before = structuredClone(orders);
    selectLines(orders, profile(), parameters);
    expect(orders).toEqual(before);
  });
});

describe('partitionIntoBatches (docs/spec.md §3.2)', () => {
  const orders = (...sizes: number[]): SelectedOrder[] =>
    sizes.map((n, i) => {
      const o = salesOrder(`O${i + 1}`, n);
      return { order: o, lines: o.lines, runLines: o.lines };
    });
  const shape = (batches: SelectedOrder[][]) => batches.map((b) => b.map((o) => o.order.id));

  it('fills batches of at most N lines, keeping orders whole and in order', () => {
    const input = orders(1, 2, 1, 3, 1, 1, 2);
    const batches = partitionIntoBatches(input, 3);
    expect(shape(batches)).toEqual([['O1', 'O2'], ['O3'], ['O4'], ['O5', 'O6'], ['O7']]);
    for (const b of batches) expect(b.reduce((s, o) => s + o.lines.length, 0)).toBeLessThanOrEqual(3);
    expect(batches.flat()).toEqual(input);
  });

  it('gives an order larger than N a batch of its own, wherever it is', () => {
    expect(shape(partitionIntoBatches(orders(5, 1, 1), 2))).toEqual([['O1'], ['O2', 'O3']]);
    expect(shape(partitionIntoBatches(orders(1, 5, 1), 2))).toEqual([['O1'], ['O2'], ['O3']]);
    expect(shape(partitionIntoBatches(orders(1, 1, 5), 2))).toEqual([['O1', 'O2'], ['O3']]);
  });

  it('puts everything in one batch when it fits, and nothing in none', () => {
    expect(shape(partitionIntoBatches(orders(1, 2, 3), 1500))).toEqual([['O1', 'O2', 'O3']]);
    expect(partitionIntoBatches([], 10)).toEqual([]);
  });

  it('keeps every order whole, each in exactly one batch, for many sizes and limits', () => {
    const sizes = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    for (const limit of [1, 2, 3, 5, 8, 13, 100]) {
      const input = orders(...sizes);
      const batches = partitionIntoBatches(input, limit);
      expect(batches.flat()).toEqual(input);
      for (const b of batches) {
        const lines = b.reduce((s, o) => s + o.lines.length, 0);
        if (b.length > 1) expect(lines).toBeLessThanOrEqual(limit);
        else expect(b).toHaveLength(1);
        for (const o of b) expect(o.lines).toHaveLength(o.order.lines.length);
      }
    }
  });
});

describe('batches through the engine (docs/spec.md §3.2)', () => {
  it('uses the profile max lines per optimization and keeps orders whole', async () => {
    // Lines per order: 2 | 1 1 | 2 | 1  → 4 batches of at most 2 lines.
    const plan = await runScenario(
      scenario({
        profile: { maxLinesPerOptimization: 2 },
        locations: [location('A', 10), location('B', 50)],
        inventory: [stock('V1', 'A', 20), stock('V2', 'A', 20), stock('V1', 'B', 20), stock('V2', 'B', 20)],
        orders: [order('O1', [['V1', 1], ['V2', 1]]), order('O2', [['V1', 1]]), order('O3', [['V2', 1]]), order('O4', [['V1', 2], ['V2', 2]]), order('O5', [['V1', 1]])],
      }),
    );
    expect(plan.batches.map((b) => [b.orders, b.lines])).toEqual([[1, 2], [2, 2], [1, 2], [1, 1]]);
    const batchOf = Object.fromEntries(plan.lines.map((l) => [l.lineId, l.batch]));
    expect(batchOf).toEqual({ 'O1-1': 0, 'O1-2': 0, 'O2-1': 1, 'O3-1': 1, 'O4-1': 2, 'O4-2': 2, 'O5-1': 3 });
    expect(plan.log[0]!.message).toContain('4 batches of at most 2 lines');
    expect(plan.totals.fillRate).toBe(1);
  });

  it('uses the solver default (1500 for HiGHS) when the profile says 0', async () => {
    const plan = await runScenario(
      scenario({
        locations: [location('A', 10)],
        inventory: [stock('V1', 'A', 20)],
        orders: [order('O1', [['V1', 1]]), order('O2', [['V1', 1]]), order('O3', [['V1', 1]])],
      }),
    );
    expect(plan.batches).toHaveLength(1);
    expect(plan.log[0]!.message).toContain('1 batch of at most 1500 lines');
  });

  it('two orders in different batches competing for 1 unit: exactly one gets it', async () => {
    const plan = await runScenario(
      scenario({
        profile: { maxLinesPerOptimization: 2 },
        locations: [location('A', 10)],
        inventory: [stock('V1', 'A', 1), stock('V2', 'A', 5), stock('V3', 'A', 5)],
        orders: [order('O1', [['V1', 1], ['V2', 1]]), order('O2', [['V1', 1], ['V3', 1]])],
      }),
    );
    expect(plan.batches).toHaveLength(2);
    const v1 = plan.lines.filter((l) => l.variantId === 'V1');
    expect(v1.reduce((s, l) => s + l.assignments.reduce((t, a) => t + a.quantity, 0), 0)).toBe(1);
    // The first batch takes it; the second sees it used up and says so.
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 1 });
    expect(assignmentsOf(plan, 'O2-1')).toEqual({});
    const loser = plan.lines.find((l) => l.lineId === 'O2-1')!;
    expect(loser).toMatchObject({ fulfillmentType: 'none', exceptionType: 'no-quantity-available', batch: 1 });
    expect(loser.explanation.removed).toEqual([expect.objectContaining({ locationId: 'A', messageId: 'stockUsed', ruleId: null })]);
    // Partial orders are on by default: the other line of O2 still ships.
    expect(assignmentsOf(plan, 'O2-2')).toEqual({ A: 1 });
  });

  it('never assigns more of a variant at a location than is available, across many batches', async () => {
    // 12 one- or two-line orders for scarce stock, in batches of 2 lines.
    const available: Record<string, number> = { 'V1@A': 3, 'V1@B': 2, 'V2@A': 1, 'V2@B': 4, 'V3@B': 1 };
    const inventory = Object.entries(available).map(([key, n]) => {
      const [variant, loc] = key.split('@') as [string, string];
      return stock(variant, loc, n + 2, 2); // available = onHand − reserved
    });
    const orders = Array.from({ length: 12 }, (_, i) =>
      order(`O${i + 1}`, i % 3 === 0 ? [['V1', 1], ['V2', 1]] : i % 3 === 1 ? [['V1', 2]] : [['V3', 1], ['V2', 1]]),
    );
    const plan = await runScenario(
      scenario({ profile: { maxLinesPerOptimization: 2 }, locations: [location('A', 10), location('B', 40)], inventory, orders }),
    );
    expect(plan.batches.length).toBeGreaterThanOrEqual(6);
    const used: Record<string, number> = {};
    for (const l of plan.lines) {
      const units = l.assignments.reduce((s, a) => s + a.quantity, 0);
      expect(units).toBeLessThanOrEqual(l.quantity);
      for (const a of l.assignments) used[`${l.variantId}@${a.locationId}`] = (used[`${l.variantId}@${a.locationId}`] ?? 0) + a.quantity;
    }
    for (const [key, n] of Object.entries(used)) expect(n, key).toBeLessThanOrEqual(available[key] ?? 0);
    // Demand exceeds supply for every variant, so every available unit is used.
    expect(used).toEqual(available);
  });
});
