import { describe, expect, it } from 'vitest';
import { createEngine, MemoryDataSource, OpenDomError, type Issue, type MemoryRecords } from '../../index.js';
import { validateDataset, type ValidatedDataset } from '../../core/validation/dataset-validator.js';
import { validateAgainst } from '../../core/validation/ajv.js';
import { AS_OF, assignmentsOf, location, order, rule, scenario, stock } from 'opendom/testing';

/**
 * docs/spec.md §1 (profile conflicts) and §7 (bad input): every record is
 * validated; invalid configuration stops the run with every problem listed
 * (file, record id, field); invalid orders are set aside as `invalid-input`
 * and the rest is planned; a failed run changes nothing.
 */

/** A valid dataset with one record of every kind (cost factors only where a test asks, no plugin provides one). */
function goodRecords(): MemoryRecords {
  return scenario({
    locations: [location('A', 10), location('B', 100)],
    groups: [{ id: 'G', locationIds: ['A', 'B'] }],
    inventory: [stock('V1', 'A', 5), stock('V1', 'B', 5, 1)],
    rules: [rule('r-dist', 'dom/max-distance', { maxDistance: 500 }, { scope: { groupIds: ['G'] } })],
    orders: [order('O1', [['V1', 2]]), order('O2', [['V1', 1]])],
  });
}

async function validateRaw(records: MemoryRecords): Promise<ValidatedDataset> {
  return validateDataset(await new MemoryDataSource(records).read());
}

/** Runs `engine.run` and returns the OpenDomError it rejects with (fails the test when it resolves). */
async function runError(records: MemoryRecords, profileId = 'p'): Promise<OpenDomError> {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    await engine.run({ profileId, asOf: AS_OF });
  } catch (error) {
    expect(error).toBeInstanceOf(OpenDomError);
    return error as OpenDomError;
  } finally {
    await engine.close();
  }
  throw new Error('engine.run resolved; expected it to reject');
}

async function validateError(records: MemoryRecords): Promise<OpenDomError> {
  const engine = await createEngine({ data: new MemoryDataSource(records) });
  try {
    await engine.validate();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenDomError);
    return error as OpenDomError;
  }
  throw new Error('engine.validate resolved; expected it to reject');
}

/** Mutates one record of a fresh good dataset. */
function withRecords(change: (records: MemoryRecords & Record<string, unknown[]>) => void): MemoryRecords {
  const records = goodRecords() as MemoryRecords & Record<string, unknown[]>;
  change(records);
  return records;
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('good records', () => {
  it('pass validateDataset with no issue and no invalid order', async () => {
    const records = goodRecords();
    (records as Record<string, unknown>).costFactors = [{ id: 'cf', type: 'acme/any', company: 'le', options: {} }];
    const result = await validateRaw(records);
    expect(result.configIssues).toEqual([]);
    expect(result.invalidOrders).toEqual([]);
    const d = result.dataset;
    expect([d.locations.length, d.groups.length, d.categories.length, d.products.length, d.variants.length]).toEqual([2, 1, 1, 1, 5]);
    expect([d.inventory.length, d.profiles.length, d.rules.length, d.costFactors.length, d.orders.length]).toEqual([2, 1, 1, 1, 2]);
  });

  it('get every default filled in', async () => {
    const records = goodRecords();
    (records as Record<string, unknown>).costFactors = [{ id: 'cf', type: 'acme/any', company: 'le' }];
    (records as Record<string, unknown>).parameters = {};
    const { dataset: d } = await validateRaw(records);
    expect(d.parameters).toEqual({
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
    });
    expect(d.locations[0]).toMatchObject({ id: 'A', shipping: true, pickup: false, type: 'store', attributes: {} });
    expect(d.groups[0]).toMatchObject({ id: 'G', name: '' });
    expect(d.categories[0]).toMatchObject({ parentId: null, supplemental: false });
    expect(d.products[0]).toMatchObject({ supplementalCategoryIds: [], attributes: {} });
    expect(d.inventory[0]).toEqual({ variantId: 'V1', locationId: 'A', status: 'available', onHand: 5, reserved: 0, asOf: null });
    expect(d.profiles[0]).toMatchObject({ enabled: true, processEmptyOrigin: false, fulfillmentGroupId: null, autoApply: false, maxLinesPerOptimization: 0, name: '' });
    expect(d.rules[0]).toMatchObject({
      startDate: null,
      endDate: null,
      disabled: false,
      hardConstraint: false,
      scope: { locationIds: [], groupIds: ['G'], variantIds: [], productIds: [], categoryIds: [], supplementalCategoryIds: [] },
    });
    expect(d.costFactors[0]).toMatchObject({ active: true, startDate: null, endDate: null, options: {} });
    expect(d.orders[0]).toMatchObject({ onHold: false, version: 0 });
    expect(d.orders[0]!.lines[0]).toEqual({
      id: 'O1-1',
      variantId: 'V1',
      quantity: 2,
      unitPrice: 10,
      tax: 0,
      modeOfDelivery: 'std',
      deliveryType: 'ship',
      excluded: false,
      markedForDelivery: false,
      domStatus: 'none',
      exceptionType: null,
      attempts: 0,
      rejections: [],
      assignedLocationId: null,
      acceptedByStore: false,
      shipped: false,
      shippedAt: null,
      cancelled: false,
      splitFrom: null,
      rejectionsResetAt: null,
      version: 0,
      attributes: {},
    });
  });

  it('pass engine.validate and engine.run, which plans every order', async () => {
    const records = goodRecords();
    const engine = await createEngine({ data: new MemoryDataSource(records) });
    const report = await engine.validate();
    expect(report.invalidOrders).toEqual([]);
    expect(report.dataset.orders.map((o) => o.id)).toEqual(['O1', 'O2']);
    const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(plan.exceptions).toEqual([]);
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
    expect(assignmentsOf(plan, 'O2-1')).toEqual({ A: 1 });
  });
});

describe('bad configuration records (validateDataset)', () => {
  const cases: Array<{ name: string; change: (r: MemoryRecords & Record<string, unknown[]>) => void; expected: Partial<Issue> }> = [
    {
      name: 'a location without id',
      change: (r) => r.locations!.push({ name: 'x', legalEntity: 'le', address: { coordinates: { latitude: 1, longitude: 1 } } }),
      expected: { code: 'E_DATASET', file: 'locations', recordNumber: 3, field: 'id', message: 'is required' },
    },
    {
      name: 'a location at latitude 95',
      change: (r) => r.locations!.push(location('C', 1, { address: { coordinates: { latitude: 95, longitude: 0 } } })),
      expected: { code: 'E_DATASET', file: 'locations', recordNumber: 3, recordId: 'C', field: 'address.coordinates.latitude' },
    },
    {
      name: 'a duplicate location id',
      change: (r) => r.locations!.push(location('A', 20)),
      expected: { code: 'E_DATASET', file: 'locations', recordNumber: 3, recordId: 'A', field: 'id' },
    },
    {
      name: 'an unknown field in a location',
      change: (r) => r.locations!.push(location('C', 1, { colour: 'red' })),
      expected: { code: 'E_DATASET', file: 'locations', recordId: 'C', field: 'colour', message: 'is not a known field' },
    },
    {
      name: 'a negative onHand',
      change: (r) => r.inventory!.push(stock('V2', 'A', -1)),
      expected: { code: 'E_DATASET', file: 'inventory', recordNumber: 3, field: 'onHand' },
    },
    {
      name: 'a non-integer onHand',
      change: (r) => r.inventory!.push(stock('V2', 'A', 2.5)),
      expected: { code: 'E_DATASET', file: 'inventory', recordNumber: 3, field: 'onHand' },
    },
    {
      name: 'a profile naming an unknown rule',
      change: (r) => Object.assign(r.profiles![0] as object, { ruleIds: ['r-dist', 'NOPE'] }),
      expected: { code: 'E_DATASET', file: 'profiles', recordNumber: 1, recordId: 'p', field: 'ruleIds[1]' },
    },
    {
      name: 'a group naming an unknown location',
      change: (r) => r.groups!.push({ id: 'G2', locationIds: ['A', 'NOPE'] }),
      expected: { code: 'E_DATASET', file: 'groups', recordNumber: 2, recordId: 'G2', field: 'locationIds[1]' },
    },
    {
      name: 'a negative reserved quantity',
      change: (r) => r.inventory!.push(stock('V2', 'A', 2, -1)),
      expected: { code: 'E_DATASET', file: 'inventory', recordNumber: 3, field: 'reserved' },
    },
    {
      name: 'a profile with a negative maxLinesPerOptimization',
      change: (r) => Object.assign(r.profiles![0] as object, { maxLinesPerOptimization: -1 }),
      expected: { code: 'E_DATASET', file: 'profiles', recordId: 'p', field: 'maxLinesPerOptimization' },
    },
    {
      name: 'parameters with an unknown distance unit',
      change: (r) => Object.assign(r.parameters as object, { distanceUnit: 'furlong' }),
      expected: { code: 'E_DATASET', file: 'parameters', field: 'distanceUnit' },
    },
    {
      name: 'reserved above onHand',
      change: (r) => r.inventory!.push(stock('V2', 'A', 2, 3)),
      expected: { code: 'E_DATASET', file: 'inventory', recordNumber: 3, field: 'reserved' },
    },
    {
      name: 'an impossible date in an inventory record\'s asOf',
      change: (r) => r.inventory!.push({ ...stock('V2', 'A', 2), asOf: '2026-02-30T10:00:00Z' }),
      expected: { code: 'E_DATASET', file: 'inventory', recordNumber: 3, field: 'asOf' },
    },
    {
      name: 'an unknown group in a rule scope',
      change: (r) => r.rules!.push(rule('r-bad', 'dom/offline-location', {}, { scope: { groupIds: ['NOPE'] } })),
      expected: { code: 'E_DATASET', file: 'rules', recordNumber: 2, recordId: 'r-bad', field: 'scope.groupIds[0]' },
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, async () => {
      const { configIssues } = await validateRaw(withRecords(c.change));
      expect(configIssues).toContainEqual(expect.objectContaining(c.expected));
      expect(configIssues.every((i) => i.file && i.field !== undefined && i.message)).toBe(true);
    });
  }

  it('reports unknown references with the record id and field (list fields with their index)', async () => {
    const { configIssues } = await validateRaw(
      withRecords((r) => {
        r.inventory!.push(stock('V2', 'NOWHERE', 3));
        r.inventory!.push(stock('NOPE', 'A', 3));
        r.variants!.push({ id: 'V9', productId: 'NOPE' });
        r.categories!.push({ id: 'sub', name: 'Sub', parentId: 'NOPE' });
        Object.assign(r.profiles![0] as object, { fulfillmentGroupId: 'NOPE' });
      }),
    );
    expect(configIssues).toHaveLength(5);
    expect(configIssues.map((i) => [i.file, i.recordNumber, i.recordId, i.message])).toEqual(
      expect.arrayContaining([
        ['inventory', 3, 'V2@NOWHERE', 'unknown location "NOWHERE"'],
        ['inventory', 4, 'NOPE@A', 'unknown variant "NOPE"'],
        ['variants', 6, 'V9', 'unknown product "NOPE"'],
        ['categories', 2, 'sub', 'unknown category "NOPE"'],
        ['profiles', 1, 'p', 'unknown group "NOPE"'],
      ]),
    );
  });

  // docs/spec.md §7 / IssueLocation.field: "JSON path of the failing field inside the record".
  // These fields hold one id, not a list, so the path has no index.
  it('names a single-id reference field by its own path (locationId, not locationId[0])', async () => {
    const { configIssues } = await validateRaw(
      withRecords((r) => {
        r.inventory!.push(stock('V2', 'NOWHERE', 3));
        r.inventory!.push(stock('NOPE', 'A', 3));
        r.variants!.push({ id: 'V9', productId: 'NOPE' });
        r.categories!.push({ id: 'sub', name: 'Sub', parentId: 'NOPE' });
        Object.assign(r.profiles![0] as object, { fulfillmentGroupId: 'NOPE' });
      }),
    );
    expect(Object.fromEntries(configIssues.map((i) => [i.recordId, i.field]))).toEqual({
      'V2@NOWHERE': 'locationId',
      'NOPE@A': 'variantId',
      V9: 'productId',
      sub: 'parentId',
      p: 'fulfillmentGroupId',
    });
  });

  it('keeps the first of two records with the same id and reports the second', async () => {
    const { dataset, configIssues } = await validateRaw(withRecords((r) => r.locations!.push(location('A', 20, { name: 'second' }))));
    expect(dataset.locations.filter((l) => l.id === 'A').map((l) => l.name)).toEqual(['A']);
    expect(only(configIssues).message).toContain('locations#1');
  });
});

describe('invalid configuration stops engine.run with E_CONFIG', () => {
  it('lists every problem at once, each with file, record id and field, and names them in the message', async () => {
    const records = withRecords((r) => {
      r.locations!.push({ name: 'no id', legalEntity: 'le', address: { coordinates: { latitude: 1, longitude: 1 } } });
      r.locations!.push(location('C', 1, { address: { coordinates: { latitude: 95, longitude: 0 } } }));
      r.locations!.push(location('A', 30));
      r.inventory!.push(stock('V2', 'A', 2, 3));
      r.inventory!.push(stock('V3', 'NOWHERE', 1));
      r.rules!.push(rule('r-neg', 'dom/max-distance', { maxDistance: -5 }));
      r.rules!.push(rule('r-str', 'dom/max-distance', { maxDistance: 'far' }));
      r.rules!.push(rule('r-type', 'acme/unknown-rule', {}));
      r.rules!.push(rule('r-group', 'dom/offline-location', {}, { scope: { groupIds: ['NOPE'] } }));
    });
    const error = await runError(records);
    expect(error.code).toBe('E_CONFIG');
    const expected: Array<Partial<Issue>> = [
      { file: 'locations', recordNumber: 3, field: 'id' },
      { file: 'locations', recordId: 'C', field: 'address.coordinates.latitude' },
      { file: 'locations', recordId: 'A', recordNumber: 5, field: 'id' },
      { file: 'inventory', recordNumber: 3, field: 'reserved' },
      // field: exactly `locationId` is asserted in its own test above
      { file: 'inventory', recordNumber: 4, recordId: 'V3@NOWHERE', field: expect.stringMatching(/^locationId/) as unknown as string },
      { code: 'E_PLUGIN_OPTIONS', file: 'rules', recordId: 'r-neg', field: 'options.maxDistance' },
      { code: 'E_PLUGIN_OPTIONS', file: 'rules', recordId: 'r-str', field: 'options.maxDistance' },
      { code: 'E_PLUGIN_UNKNOWN', file: 'rules', recordId: 'r-type', field: 'type' },
      { file: 'rules', recordId: 'r-group', field: 'scope.groupIds[0]' },
    ];
    for (const issue of expected) expect(error.issues).toContainEqual(expect.objectContaining(issue));
    expect(error.issues).toHaveLength(expected.length);
    for (const id of ['"C"', '"A"', '"r-neg"', '"r-str"', '"r-type"', '"r-group"']) expect(error.message).toContain(id);
    for (const field of ['address.coordinates.latitude', 'reserved', 'options.maxDistance', 'scope.groupIds[0]', 'at type']) expect(error.message).toContain(field);
    expect(error.message).toContain('acme/unknown-rule');
  });

  it.each([
    ['maxDistance: -5', -5],
    ['maxDistance: a string', 'far'],
    ['maxDistance: 0', 0],
  ])('refuses dom/max-distance with %s, naming options.maxDistance', async (_name, value) => {
    const records = withRecords((r) => r.rules!.splice(0, 1, rule('r-dist', 'dom/max-distance', { maxDistance: value }, { scope: { groupIds: ['G'] } })));
    const error = await runError(records);
    expect(error.code).toBe('E_CONFIG');
    const issue = only(error.issues);
    expect(issue).toMatchObject({ code: 'E_PLUGIN_OPTIONS', file: 'rules', recordId: 'r-dist', field: 'options.maxDistance', pluginId: 'dom/max-distance' });
    expect(error.message).toContain('options.maxDistance');
  });

  it('refuses dom/max-distance without maxDistance and with an unknown option', async () => {
    const records = withRecords((r) => {
      r.rules!.push(rule('r-missing', 'dom/max-distance', {}));
      r.rules!.push(rule('r-extra', 'dom/max-distance', { maxDistance: 5, unit: 'km' }));
    });
    const error = await runError(records);
    expect(error.issues).toContainEqual(expect.objectContaining({ recordId: 'r-missing', field: 'options.maxDistance', message: 'is required' }));
    expect(error.issues).toContainEqual(expect.objectContaining({ recordId: 'r-extra', field: 'options.unit', message: 'is not a known field' }));
  });

  it('refuses a rule of unknown type with E_PLUGIN_UNKNOWN naming the registered rule plugins', async () => {
    const error = await runError(withRecords((r) => r.rules!.push(rule('r-x', 'acme/nope', {}))));
    const issue = only(error.issues);
    expect(issue).toMatchObject({ code: 'E_PLUGIN_UNKNOWN', file: 'rules', recordId: 'r-x', field: 'type' });
    expect(issue.message).toContain('acme/nope');
    expect(issue.message).toContain('dom/max-distance');
    expect(issue.message).toContain('dom/offline-location');
  });

  it('refuses an unknown field in a rule record', async () => {
    const error = await runError(withRecords((r) => r.rules!.push(rule('r-f', 'dom/max-distance', { maxDistance: 5 }, { hard: true }))));
    expect(only(error.issues)).toMatchObject({ code: 'E_DATASET', file: 'rules', recordId: 'r-f', field: 'hard', message: 'is not a known field' });
  });

  it('engine.validate throws the same E_CONFIG error', async () => {
    const error = await validateError(withRecords((r) => r.inventory!.push(stock('V2', 'A', 2, 3))));
    expect(error.code).toBe('E_CONFIG');
    expect(only(error.issues)).toMatchObject({ file: 'inventory', field: 'reserved' });
  });

  it('a failed run changes nothing in the records given to the data source', async () => {
    const records = withRecords((r) => {
      r.rules!.push(rule('r-neg', 'dom/max-distance', { maxDistance: -5 }));
      r.orders!.push(order('O3', [['V1', 0]]));
    });
    const before = structuredClone(records);
    await runError(records);
    expect(records).toEqual(before);
    // Defaults are filled into copies, never into the caller's records.
    expect((records.orders![0] as { lines: Array<Record<string, unknown>> }).lines[0]).not.toHaveProperty('attempts');
  });

  it('a successful run does not change the records either', async () => {
    const records = goodRecords();
    const before = structuredClone(records);
    const engine = await createEngine({ data: new MemoryDataSource(records) });
    await engine.run({ profileId: 'p', asOf: AS_OF });
    expect(records).toEqual(before);
  });
});

describe('invalid orders are set aside as invalid-input, the rest is planned', () => {
  const cases: Array<{ name: string; bad: Record<string, unknown>; field: string }> = [
    { name: 'a negative quantity', bad: order('BAD', [['V1', -1]]), field: 'lines[0].quantity' },
    { name: 'a zero quantity', bad: order('BAD', [['V1', 0]]), field: 'lines[0].quantity' },
    { name: 'a non-integer quantity', bad: order('BAD', [['V1', 1.5]]), field: 'lines[0].quantity' },
    { name: 'an unknown variant', bad: order('BAD', [['V1', 1], ['NOPE', 1]]), field: 'lines[1].variantId' },
    { name: 'a delivery latitude of 95', bad: order('BAD', [['V1', 1]], { deliveryAddress: { coordinates: { latitude: 95, longitude: 0 } } }), field: 'deliveryAddress.coordinates.latitude' },
    { name: 'an unknown field', bad: order('BAD', [['V1', 1]], { priority: 'high' }), field: 'priority' },
    { name: 'a line id used by another order', bad: { ...order('BAD', [['V1', 1]]), lines: [{ id: 'O1-1', variantId: 'V1', quantity: 1, unitPrice: 5, modeOfDelivery: 'std' }] }, field: 'lines[0].id' },
  ];

  for (const c of cases) {
    it(`sets aside an order with ${c.name}`, async () => {
      const records = withRecords((r) => r.orders!.push(c.bad));
      const { invalidOrders, dataset } = await validateRaw(records);
      const invalid = only(invalidOrders);
      expect(invalid.orderId).toBe('BAD');
      expect(invalid.issues).toContainEqual(expect.objectContaining({ code: 'E_DATASET', file: 'orders', recordNumber: 3, recordId: 'BAD', field: c.field }));
      expect(dataset.orders.map((o) => o.id)).toEqual(['O1', 'O2']);

      const engine = await createEngine({ data: new MemoryDataSource(records) });
      const plan = await engine.run({ profileId: 'p', asOf: AS_OF });
      const lineIds = (c.bad.lines as Array<{ id: string }>).map((l) => l.id);
      const exceptions = plan.exceptions.filter((e) => e.orderId === 'BAD');
      expect(exceptions.map((e) => e.lineId)).toEqual(lineIds);
      for (const e of exceptions) {
        expect(e.exceptionType).toBe('invalid-input');
        expect(e.reason).toContain(c.field);
      }
      expect(plan.exceptions).toHaveLength(lineIds.length);
      expect(plan.lines.map((l) => l.orderId)).not.toContain('BAD');
      expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
      expect(assignmentsOf(plan, 'O2-1')).toEqual({ A: 1 });
    });
  }

  // docs/spec.md §7: a duplicate id is invalid input, and nothing is ever silently dropped.
  it('sets aside an order whose two lines share one id (not just ids shared across orders)', async () => {
    const bad = order('BAD', [['V1', 1], ['V2', 1]]) as { lines: Array<{ id: string }> };
    bad.lines[1]!.id = 'BAD-1';
    const records = withRecords((r) => {
      r.inventory!.push(stock('V2', 'A', 5));
      r.orders!.push(bad);
    });
    const { invalidOrders } = await validateRaw(records);
    expect(invalidOrders.map((o) => o.orderId)).toEqual(['BAD']);
    expect(invalidOrders[0]!.issues).toContainEqual(expect.objectContaining({ file: 'orders', recordId: 'BAD', field: 'lines[1].id' }));

    const plan = await (await createEngine({ data: new MemoryDataSource(records) })).run({ profileId: 'p', asOf: AS_OF });
    expect(plan.lines.map((l) => l.orderId)).not.toContain('BAD');
    expect(plan.exceptions.length).toBeGreaterThan(0);
    for (const e of plan.exceptions) expect(e).toMatchObject({ orderId: 'BAD', exceptionType: 'invalid-input', reason: expect.stringContaining('lines[1].id') });
  });

  it('sets aside an order without id with orderId null and a reason naming "id"', async () => {
    const bad = order('X', [['V1', 1]]) as Record<string, unknown>;
    delete bad.id;
    const records = withRecords((r) => r.orders!.push(bad));
    const plan = await (await createEngine({ data: new MemoryDataSource(records) })).run({ profileId: 'p', asOf: AS_OF });
    const e = only(plan.exceptions);
    expect(e).toMatchObject({ orderId: null, lineId: 'X-1', exceptionType: 'invalid-input' });
    expect(e.reason).toMatch(/\bid: is required/);
    expect(plan.lines.map((l) => l.lineId).sort()).toEqual(['O1-1', 'O2-1']);
  });

  it('sets aside a second order with an already used order id, keeping the first', async () => {
    const records = withRecords((r) => r.orders!.push(order('O1', [['V1', 1]])));
    const plan = await (await createEngine({ data: new MemoryDataSource(records) })).run({ profileId: 'p', asOf: AS_OF });
    const e = only(plan.exceptions);
    expect(e).toMatchObject({ orderId: 'O1', exceptionType: 'invalid-input' });
    expect(e.reason).toContain('id');
    expect(plan.lines.map((l) => l.lineId).sort()).toEqual(['O1-1', 'O2-1']);
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
  });

  it('engine.validate reports the set-aside orders without throwing', async () => {
    const records = withRecords((r) => r.orders!.push(order('BAD', [['V1', -1]])));
    const report = await (await createEngine({ data: new MemoryDataSource(records) })).validate();
    expect(only(report.invalidOrders)).toMatchObject({ orderId: 'BAD', lineIds: ['BAD-1'] });
    expect(report.dataset.orders.map((o) => o.id)).toEqual(['O1', 'O2']);
  });

  it('an invalid order alone does not stop the run (configuration is valid)', async () => {
    const records = withRecords((r) => {
      r.orders = [order('BAD', [['V1', 1.5]])];
    });
    const plan = await (await createEngine({ data: new MemoryDataSource(records) })).run({ profileId: 'p', asOf: AS_OF });
    expect(plan.lines).toEqual([]);
    expect(only(plan.exceptions)).toMatchObject({ orderId: 'BAD', lineId: 'BAD-1', exceptionType: 'invalid-input' });
  });
});

describe('docs/spec.md §1: a mode of delivery or sales origin belongs to one enabled profile per legal entity', () => {
  const second = (extra: Record<string, unknown>) => ({ id: 'q', legalEntities: ['le'], modesOfDelivery: ['exp'], salesOrigins: ['store'], ...extra });

  it('refuses two enabled profiles sharing a mode of delivery, naming both', async () => {
    const records = withRecords((r) => r.profiles!.push(second({ modesOfDelivery: ['std'] })));
    const error = await runError(records);
    expect(error.code).toBe('E_CONFIG');
    const issue = only(error.issues);
    expect(issue).toMatchObject({ code: 'E_PROFILE', file: 'profiles', field: 'modesOfDelivery' });
    const text = `${issue.recordId ?? ''} ${issue.message}`;
    expect(text).toContain('"p"');
    expect(text).toContain('q');
    expect(issue.message).toContain('std');
    expect(error.message).toContain('"p"');
    expect(error.message).toContain('"q"');
  });

  it('refuses two enabled profiles sharing a sales origin, naming both', async () => {
    const records = withRecords((r) => r.profiles!.push(second({ salesOrigins: ['web'] })));
    const error = await validateError(records);
    const issue = only(error.issues);
    expect(issue).toMatchObject({ code: 'E_PROFILE', field: 'salesOrigins' });
    expect(error.message).toContain('"p"');
    expect(error.message).toContain('"q"');
    expect(issue.message).toContain('web');
  });

  it('refuses the conflict even when running the other profile', async () => {
    const records = withRecords((r) => r.profiles!.push(second({ modesOfDelivery: ['std'] })));
    expect((await runError(records, 'q')).code).toBe('E_CONFIG');
  });

  it('accepts the same profiles when one of them is disabled', async () => {
    for (const disabled of ['p', 'q']) {
      const records = withRecords((r) => {
        r.profiles!.push(second({ modesOfDelivery: ['std'], salesOrigins: ['web'] }));
        (r.profiles as Array<Record<string, unknown>>).find((p) => p.id === disabled)!.enabled = false;
      });
      const engine = await createEngine({ data: new MemoryDataSource(records) });
      await expect(engine.validate()).resolves.toBeDefined();
    }
    const records = withRecords((r) => r.profiles!.push(second({ modesOfDelivery: ['std'], enabled: false })));
    const plan = await (await createEngine({ data: new MemoryDataSource(records) })).run({ profileId: 'p', asOf: AS_OF });
    expect(assignmentsOf(plan, 'O1-1')).toEqual({ A: 2 });
  });

  it('accepts a shared mode of delivery and origin in different legal entities', async () => {
    const records = withRecords((r) => r.profiles!.push(second({ legalEntities: ['other'], modesOfDelivery: ['std'], salesOrigins: ['web'] })));
    const engine = await createEngine({ data: new MemoryDataSource(records) });
    await expect(engine.validate()).resolves.toBeDefined();
  });

  it('running a disabled profile is refused with E_PROFILE', async () => {
    const records = withRecords((r) => r.profiles!.push(second({ enabled: false })));
    const error = await runError(records, 'q');
    expect(error.code).toBe('E_PROFILE');
    expect(error.message).toContain('disabled');
  });
});

describe('date-time fields', () => {
  const schema = { type: 'string', format: 'date-time' };
  const valid = (text: string) => validateAgainst(schema, text).length === 0;

  it('accept RFC 3339 times and refuse impossible or partial ones, however often each is checked', () => {
    // More distinct texts than the check remembers at once, then the same texts again.
    const times = Array.from({ length: 5_000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString());
    const bad = ['2026-02-30T10:00:00Z', '2026-02-29T10:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20 10:00', '2026-11-20T10:00:00', 'tomorrow'];
    const good = ['2028-02-29T10:00:00Z', '2026-11-20T10:00:00.5+01:00', '2026-11-20t10:00:00z'];
    for (let round = 0; round < 3; round++) {
      for (const text of bad) expect(valid(text), text).toBe(false);
      for (const text of good) expect(valid(text), text).toBe(true);
      if (round === 1) expect(times.every(valid)).toBe(true);
    }
  });
});
