import { describe, expect, it } from 'vitest';
import { checkAssignments, checkPlan, type PlanCheckOptions } from '../../core/plan/checker.js';
import { arcQuantitiesOf, fixtureProblem, type ProblemSpec } from 'opendom/testing';

const ORDER: PlanCheckOptions = { structure: 'order', customRows: true };
const DEFAULT: PlanCheckOptions = { structure: 'default', customRows: false };

/** Two orders over A (capacity 1) and B; O1 is all-or-nothing from one location, O2 may split its line. */
const spec: ProblemSpec = {
  name: 'checker',
  locations: { A: { capacity: 1 }, B: {} },
  stock: { 'V1@A': 2, 'V2@A': 1, 'V1@B': 5, 'V2@B': 5 },
  orders: [
    { id: 'O1', structure: { allOrNothing: true, maxLocations: 1 }, lines: [['V1', 2], ['V2', 1]], ship: { A: 10, B: 30 } },
    { id: 'O2', structure: { partialLines: true }, lines: [['V1', 3]], ship: { A: 5, B: 7 } },
  ],
  customRows: [{ name: 'B-for-O2-at-most-2', terms: [{ line: 'O2-1', location: 'B', coefficient: 1 }], lower: 0, upper: 2 }],
};
const problem = fixtureProblem(spec);
const check = (plan: Record<string, Record<string, number>>, options = ORDER) => checkPlan(problem, arcQuantitiesOf(problem, plan), options);
const kinds = (plan: Record<string, Record<string, number>>, options = ORDER) => check(plan, options).violations.map((v) => v.kind);

describe('plan checker', () => {
  it('accepts a feasible plan and recomputes its cost, units and shipments', () => {
    // O1 whole from A (10); O2 takes 2 of its 3 units at B (7), all the custom row allows there.
    const result = check({ 'O1-1': { A: 2 }, 'O1-2': { A: 1 }, 'O2-1': { B: 2 } });
    expect(result).toMatchObject({ ok: true, violations: [], cost: 17, units: 6, unitsFulfilled: 5, shipments: 2 });
  });

  it('refuses more units than a stock entry has, and more orders than a location may take', () => {
    // O1 at A takes both V1 units; O2 takes one more V1 at A: 3 > 2, and A ships two orders.
    expect(kinds({ 'O1-1': { A: 2 }, 'O1-2': { A: 1 }, 'O2-1': { A: 1 } })).toEqual(expect.arrayContaining(['inventory', 'capacity']));
  });

  it("refuses a plan that breaks an order's structure: all-or-nothing, most locations, whole lines", () => {
    expect(kinds({ 'O1-1': { A: 2 } })).toEqual(['all-or-nothing']);
    expect(kinds({ 'O1-1': { A: 2 }, 'O1-2': { B: 1 } })).toEqual(['max-locations']);
    // O1-1 takes 1 of its 2 units: lines of O1 must ship whole (and the order is then not complete).
    expect(kinds({ 'O1-1': { B: 1 }, 'O1-2': { B: 1 } })).toEqual(['line', 'all-or-nothing']);
  });

  it('lets a partial-lines order split a line, but never beyond its quantity', () => {
    expect(check({ 'O2-1': { A: 1, B: 2 } }).ok).toBe(true);
    expect(kinds({ 'O2-1': { A: 2, B: 2 } })).toEqual(['line']);
  });

  it("checks the rules' custom rows for production solvers only", () => {
    expect(kinds({ 'O2-1': { B: 3 } })).toEqual(['custom-row']);
    expect(kinds({ 'O2-1': { B: 3 } }, { ...ORDER, customRows: false })).toEqual([]);
  });

  it('checks the default structure for a simplified solver: whole lines, any locations, partial orders', () => {
    // O1 partly shipped and from two locations is fine by default; O2 splitting its line is not.
    expect(kinds({ 'O1-1': { A: 2 } }, DEFAULT)).toEqual([]);
    expect(kinds({ 'O1-1': { A: 2 }, 'O1-2': { B: 1 } }, DEFAULT)).toEqual([]);
    expect(kinds({ 'O2-1': { A: 1, B: 2 } }, DEFAULT)).toEqual(['line']);
  });

  it('refuses negative, fractional and misplaced quantities', () => {
    const quantities = new Array<number>(problem.arcs.length).fill(0);
    quantities[0] = -1;
    quantities[1] = 0.5;
    expect(checkPlan(problem, quantities, ORDER).violations.map((v) => v.kind)).toEqual(['quantity', 'quantity']);
    expect(checkPlan(problem, [1], ORDER).violations[0]!.message).toMatch(/1 arc quantities for \d+ arcs/);
  });

  it('names why a pair in a plan given as assignments is not a candidate', () => {
    problem.removals.push({ line: 0, locationId: 'C', reason: { ruleId: null, pluginId: null, messageId: 'x', message: 'C is offline', data: {} } });
    const result = checkAssignments(
      problem,
      [
        { lineId: 'O1-1', locationId: 'C', quantity: 2 },
        { lineId: 'O2-1', locationId: 'Z', quantity: 1 },
      ],
      ORDER,
    );
    expect(result.violations.filter((v) => v.kind === 'candidate').map((v) => v.message)).toEqual([
      'line O1-1 at C is not a candidate (removed: C is offline)',
      "line O2-1 at Z is not a candidate (no stock of the variant there, or a removal counted in the line's removedByRule)",
    ]);
    expect(checkAssignments(problem, [{ lineId: 'O2-1', locationId: 'B', quantity: 2 }], ORDER).ok).toBe(true);
  });
});
