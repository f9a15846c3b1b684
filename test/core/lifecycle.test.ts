import { describe, expect, it } from 'vitest';
import {
  allocatedUnits,
  applyPlannedOrder,
  cancelLine,
  lineAllocation,
  markInvalidInput,
  mergeOrderVersion,
  rejectLine,
  resetLine,
  shipLine,
  splitLineIds,
  storedOrder,
  takesFromSnapshot,
  type Dataset,
  type PlannedOrder,
  type SalesLine,
  type SalesOrder,
} from '../../index.js';

/** A stored order with defaults filled: lines [id, variant, quantity, version?]. */
function order(lines: Array<[string, string, number, number?]>, version = 0): SalesOrder {
  return storedOrder({
    id: 'O',
    legalEntity: 'le',
    deliveryAddress: { coordinates: { latitude: 40, longitude: -75 } },
    createdAt: '2026-11-19T00:00:00Z',
    version,
    lines: lines.map(([id, variantId, quantity, v]) => ({ id, variantId, quantity, unitPrice: 10, tax: quantity, modeOfDelivery: 'std', version: v ?? 0 })),
  })!;
}

const context = { maxAttempts: 3 };

describe('applyPlannedOrder', () => {
  it('assigns, splits with the plan’s ids and prorated tax, and marks unassigned and held lines; the order version is untouched', () => {
    const current = order([['L1', 'V1', 2], ['L2', 'V2', 3], ['L3', 'V1', 1], ['L4', 'V1', 1], ['L5', 'V1', 1]], 7);
    const planned: PlannedOrder = {
      orderId: 'O',
      version: 7,
      lines: [
        { lineId: 'L1', version: 0, decision: { kind: 'assigned', locationId: 'A' } },
        { lineId: 'L2', version: 0, decision: { kind: 'split', parts: [
          { lineId: 'L2', locationId: 'A', quantity: 1, amount: 10, tax: 1 },
          { lineId: 'L2.1', locationId: 'B', quantity: 1, amount: 10, tax: 1 },
          { lineId: 'L2.2', locationId: null, quantity: 1, amount: 10, tax: 1 },
        ] } },
        { lineId: 'L3', version: 0, decision: { kind: 'unassigned' } },
        { lineId: 'L4', version: 0, decision: { kind: 'held', exceptionType: 'maximum-rejections' } },
      ],
    };
    const result = applyPlannedOrder(current, planned, context);
    expect(result.outcome).toBe('applied');
    if (result.outcome !== 'applied') return;
    expect(result.order.version).toBe(7);
    const summary = result.order.lines.map((l) => [l.id, l.quantity, l.tax, l.domStatus, l.exceptionType, l.assignedLocationId, l.attempts, l.version]);
    expect(summary).toEqual([
      ['L1', 2, 2, 'complete', null, 'A', 1, 1],
      ['L2', 1, 1, 'complete', null, 'A', 1, 1],
      ['L2.1', 1, 1, 'complete', null, 'B', 1, 0],
      ['L2.2', 1, 1, 'none', null, null, 1, 0],
      ['L3', 1, 1, 'exception', 'no-quantity-available', null, 1, 1],
      ['L4', 1, 1, 'exception', 'maximum-rejections', null, 0, 1],
      ['L5', 1, 1, 'none', null, null, 0, 0],
    ]);
    expect(result.reservations).toEqual([
      { variantId: 'V1', locationId: 'A', quantity: 2 },
      { variantId: 'V2', locationId: 'A', quantity: 1 },
      { variantId: 'V2', locationId: 'B', quantity: 1 },
    ]);
  });

  it('an unassigned line whose attempts reach maxAutoFulfillmentAttempts becomes maximum-attempts', () => {
    const current = order([['L1', 'V1', 1]]);
    current.lines[0] = { ...current.lines[0]!, domStatus: 'exception', exceptionType: 'no-quantity-available', attempts: 2 };
    const result = applyPlannedOrder(current, { orderId: 'O', version: 0, lines: [{ lineId: 'L1', version: 0, decision: { kind: 'unassigned' } }] }, context);
    expect(result.outcome === 'applied' && [result.order.lines[0]!.exceptionType, result.order.lines[0]!.attempts]).toEqual(['maximum-attempts', 3]);
  });

  it('a line changed since selection makes the whole order a conflict: waiting lines are marked, a line completed elsewhere is left alone', () => {
    const current = order([['L1', 'V1', 1, 1], ['L2', 'V1', 1, 1], ['L3', 'V1', 1]]);
    current.lines[1] = { ...current.lines[1]!, domStatus: 'complete', assignedLocationId: 'Z' };
    const planned: PlannedOrder = {
      orderId: 'O',
      version: 0,
      lines: ['L1', 'L2', 'L3'].map((lineId) => ({ lineId, version: 0, decision: { kind: 'assigned' as const, locationId: 'A' } })),
    };
    const result = applyPlannedOrder(current, planned, context);
    expect(result.outcome).toBe('conflict');
    if (result.outcome !== 'conflict') return;
    expect(result.conflictingLineIds).toEqual(['L1', 'L2']);
    expect(result.detail).toBe('lines L1 (version 0 → 1), L2 (version 0 → 1) changed since the run read them');
    expect(result.order!.lines.map((l) => [l.id, l.domStatus, l.exceptionType, l.assignedLocationId, l.version])).toEqual([
      ['L1', 'exception', 'data-modification-conflict', null, 2],
      ['L2', 'complete', null, 'Z', 1],
      ['L3', 'none', null, null, 0],
    ]);
  });

  it('a changed order version, a removed line or a split id now taken is a conflict', () => {
    const assigned = (lineId: string) => ({ lineId, version: 0, decision: { kind: 'assigned' as const, locationId: 'A' } });
    const changed = applyPlannedOrder(order([['L1', 'V1', 1]], 1), { orderId: 'O', version: 0, lines: [assigned('L1')] }, context);
    expect(changed.outcome === 'conflict' && changed.detail).toBe('order O changed (version 0 → 1) since the run read it');
    const removed = applyPlannedOrder(order([['L1', 'V1', 1]]), { orderId: 'O', version: 0, lines: [assigned('L1'), assigned('L9')] }, context);
    expect(removed.outcome === 'conflict' && [removed.detail, removed.order]).toEqual(['line L9 (removed) changed since the run read it', null]);
    const split = { kind: 'split' as const, parts: [{ lineId: 'L1', locationId: 'A', quantity: 1, amount: 10, tax: 1 }, { lineId: 'L1.1', locationId: 'B', quantity: 1, amount: 10, tax: 1 }] };
    const taken = applyPlannedOrder(order([['L1', 'V1', 2], ['L1.1', 'V1', 1]]), { orderId: 'O', version: 0, lines: [{ lineId: 'L1', version: 0, decision: split }] }, context);
    expect(taken.outcome === 'conflict' && taken.detail).toBe('line id L1.1 for split parts already exists');
  });
});

describe('splitLineIds', () => {
  it('keeps the first id and numbers the others, skipping ids already taken', () => {
    expect(splitLineIds('L', 1, new Set())).toEqual(['L']);
    expect(splitLineIds('L', 3, new Set(['L', 'L.1', 'L.3']))).toEqual(['L', 'L.2', 'L.4']);
  });
});

describe('operators’ actions', () => {
  const assignedLine = () => ({ ...order([['L1', 'V1', 2]]).lines[0]!, domStatus: 'complete' as const, assignedLocationId: 'A', attempts: 1, version: 1 });
  const at = new Date('2026-11-21T00:00:00Z');

  it('a rejection records the location and time, and the line holds no allocation any more', () => {
    const line = rejectLine(assignedLine(), 'A', at);
    expect([line.domStatus, line.exceptionType, line.assignedLocationId, line.rejections, line.version]).toEqual(['exception', 'rejected', null, [{ locationId: 'A', at: at.toISOString() }], 2]);
    expect(lineAllocation({ id: 'O' }, assignedLine())).toMatchObject({ variantId: 'V1', locationId: 'A', quantity: 2, shippedAt: null });
    expect(lineAllocation({ id: 'O' }, line)).toBeNull();
  });

  it('refuses to reject a line that is not assigned there, has shipped or is cancelled, saying what to do', () => {
    expect(() => rejectLine(assignedLine(), 'B', at)).toThrow('E_LIFECYCLE: record "L1": line is assigned to A, not B; reject it with --location A');
    expect(() => rejectLine({ ...assignedLine(), shipped: true }, 'A', at)).toThrow('has shipped');
    expect(() => rejectLine({ ...assignedLine(), cancelled: true }, 'A', at)).toThrow('is cancelled');
    expect(() => rejectLine({ ...assignedLine(), domStatus: 'none', assignedLocationId: null }, 'A', at)).toThrow('only an assigned line can be rejected');
  });

  it('a reset clears status and attempts, restarts the rejection count and keeps the rejections; it refuses other lines', () => {
    const rejections = [{ locationId: 'A', at: '2026-11-20T00:00:00Z' }];
    const permanent = { ...assignedLine(), domStatus: 'exception' as const, exceptionType: 'maximum-rejections' as const, assignedLocationId: null, rejections };
    expect(resetLine(permanent, at)).toMatchObject({ domStatus: 'none', exceptionType: null, attempts: 0, rejections, rejectionsResetAt: at.toISOString(), version: 2 });
    expect(() => resetLine(assignedLine(), at)).toThrow('line is not an exception (status complete); reject it at A to have it brokered again');
  });

  it('a shipment keeps the line complete at its location with the instant it left; a re-sent one changes nothing', () => {
    const shipped = shipLine(assignedLine(), at)!;
    expect([shipped.domStatus, shipped.assignedLocationId, shipped.shipped, shipped.shippedAt, shipped.version]).toEqual(['complete', 'A', true, at.toISOString(), 2]);
    expect(shipLine(shipped, at)).toBeNull();
    expect(() => shipLine(shipped, new Date('2026-11-22T00:00:00Z'))).toThrow('line has already shipped at 2026-11-21T00:00:00.000Z; a line ships once');
    expect(() => shipLine(assignedLine(), at, 'B')).toThrow('line is assigned to A, not B; it cannot ship from B');
    expect(() => shipLine({ ...assignedLine(), domStatus: 'none', assignedLocationId: null }, at)).toThrow('only a line assigned to a location can ship');
  });

  it('a cancellation releases the allocation and is final; a shipped line cannot be cancelled', () => {
    const cancelled = cancelLine(assignedLine())!;
    expect([cancelled.cancelled, cancelled.version, lineAllocation({ id: 'O' }, cancelled)]).toEqual([true, 2, null]);
    expect(cancelLine(cancelled)).toBeNull();
    expect(() => cancelLine(shipLine(assignedLine(), at)!)).toThrow('line has shipped at 2026-11-21T00:00:00.000Z; a shipped line cannot be cancelled');
    expect(() => resetLine({ ...cancelled, domStatus: 'exception', exceptionType: 'rejected' }, at)).toThrow('is cancelled');
  });
});

describe('allocations and snapshots', () => {
  const shippedAt = '2026-11-21T10:00:00Z';
  const line = (extra: Partial<SalesLine>): SalesLine => ({ ...order([['L', 'V1', 3]]).lines[0]!, domStatus: 'complete', assignedLocationId: 'A', ...extra });

  it('a shipped line takes units from every snapshot taken before it shipped, none from a later one', () => {
    const allocation = lineAllocation({ id: 'O' }, line({ shipped: true, shippedAt }))!;
    expect(takesFromSnapshot(allocation, '2026-11-21T09:59:59Z')).toBe(true);
    expect(takesFromSnapshot(allocation, shippedAt)).toBe(false);
    expect(takesFromSnapshot(allocation, '2026-11-21T11:00:00+01:00')).toBe(false);
    expect(takesFromSnapshot(allocation, null)).toBe(false);
    expect(takesFromSnapshot({ shippedAt: null }, '2099-01-01T00:00:00Z')).toBe(true);
    expect(lineAllocation({ id: 'O' }, line({ shipped: true, shippedAt: null }))).toBeNull();
  });

  it('adds up what each snapshot does not reflect, per variant and location', () => {
    const orders = [
      { ...order([]), id: 'O1', lines: [line({ id: 'a' }), line({ id: 'b', shipped: true, shippedAt }), line({ id: 'c', assignedLocationId: 'B', shipped: true, shippedAt })] },
      { ...order([]), id: 'O2', lines: [line({ id: 'd', quantity: 2, cancelled: true }), line({ id: 'e', quantity: 5, domStatus: 'none', assignedLocationId: null })] },
    ];
    const inventory = [
      { variantId: 'V1', locationId: 'A', status: 'available', onHand: 20, reserved: 0, asOf: '2026-11-21T09:00:00Z' },
      { variantId: 'V1', locationId: 'B', status: 'available', onHand: 20, reserved: 0, asOf: '2026-11-21T12:00:00Z' },
    ];
    const units = allocatedUnits({ orders, inventory } as unknown as Dataset);
    expect(Object.fromEntries(units.get('V1')!)).toEqual({ A: 6 });
  });
});

describe('mergeOrderVersion', () => {
  const stored = (): SalesOrder => {
    const o = order([['L1', 'V1', 2], ['L2', 'V2', 3], ['L3', 'V1', 1]], 1);
    const [l1, l2, l3] = o.lines as [SalesLine, SalesLine, SalesLine];
    return { ...o, lines: [
      { ...l1, domStatus: 'complete', assignedLocationId: 'A', attempts: 1, version: 1 },
      { ...l2, quantity: 2, domStatus: 'complete', assignedLocationId: 'A', attempts: 1, version: 1 },
      { ...l2, id: 'L2.1', quantity: 1, domStatus: 'complete', assignedLocationId: 'B', attempts: 1, version: 0, splitFrom: 'L2' },
      { ...l3, domStatus: 'exception', exceptionType: 'no-quantity-available', attempts: 1, version: 1 },
    ] };
  };

  it('keeps the lifecycle of lines whose variant and quantity did not change, split families whole; a changed line starts again', () => {
    const incoming = order([['L1', 'V1', 2], ['L2', 'V2', 3], ['L3', 'V1', 4]], 2);
    const merged = mergeOrderVersion(stored(), { ...incoming, lines: incoming.lines.map((l) => (l.id === 'L1' ? { ...l, unitPrice: 12 } : l)) });
    expect('order' in merged).toBe(true);
    const lines = 'order' in merged ? merged.order.lines : [];
    expect(lines.map((l) => [l.id, l.quantity, l.domStatus, l.assignedLocationId, l.unitPrice, l.version])).toEqual([
      ['L1', 2, 'complete', 'A', 12, 2],
      ['L2', 2, 'complete', 'A', 10, 1],
      ['L2.1', 1, 'complete', 'B', 10, 0],
      ['L3', 4, 'none', null, 10, 2],
    ]);
    expect('order' in merged && merged.order.version).toBe(2);
  });

  it('drops a line left out; refuses to change or drop a shipped line', () => {
    const base = stored();
    const shipped = { ...base, lines: base.lines.map((l) => (l.id === 'L2.1' ? { ...l, shipped: true, shippedAt: '2026-11-21T00:00:00Z' } : l)) };
    const withoutL3 = order([['L1', 'V1', 2], ['L2', 'V2', 3]], 2);
    expect(mergeOrderVersion(base, withoutL3)).toMatchObject({ order: { lines: [{ id: 'L1' }, { id: 'L2' }, { id: 'L2.1' }] } });
    expect(mergeOrderVersion(shipped, order([['L1', 'V1', 2], ['L2', 'V2', 5], ['L3', 'V1', 1]], 2))).toEqual({ error: { field: 'lines[1].quantity', message: 'line L2.1 has shipped; the variant and quantity of line L2 can no longer change' } });
    expect(mergeOrderVersion(shipped, order([['L1', 'V1', 2]], 2))).toEqual({ error: { field: 'lines', message: 'line L2.1 has shipped; it cannot be left out of a new version of order O' } });
  });
});

describe('markInvalidInput', () => {
  it('marks each line object of a stored record, whatever else is wrong with it, once', () => {
    const raw = { id: 'X', lines: [{ id: 'X-1', quantity: -1 }, 'garbage'] };
    const marked = markInvalidInput(raw) as { lines: unknown[] };
    expect(marked.lines).toEqual([{ id: 'X-1', quantity: -1, domStatus: 'exception', exceptionType: 'invalid-input' }, 'garbage']);
    expect(markInvalidInput(marked)).toBeNull();
    expect(markInvalidInput({ id: 'X', lines: 'none' })).toBeNull();
  });
});
