import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../core/plan/checker.js';
import { greedyPlan } from '../../core/solve/greedy.js';
import { arcQuantitiesOf, contested, fixtureProblem, randomFixture, SOLVER_FIXTURES } from 'opendom/testing';

describe('greedy planner', () => {
  it("honours each order's structure when asked, and plans the default structure otherwise", () => {
    const problems = [...SOLVER_FIXTURES.filter((f) => f.optimum !== 'infeasible').map(fixtureProblem), ...[1, 2, 3].map((seed) => fixtureProblem(randomFixture(seed, 20, 6)))];
    for (const problem of problems) {
      for (const structure of ['order', 'default'] as const) {
        const check = checkPlan(problem, greedyPlan(problem, { structure }).arcQuantities, { structure, customRows: false });
        expect(check.violations).toEqual([]);
      }
    }
  });

  it('ships an all-or-nothing order whole or not at all only when honouring structure', () => {
    const fixture = SOLVER_FIXTURES.find((f) => f.name.startsWith('all-or-nothing: an order that cannot'))!;
    const problem = fixtureProblem(fixture);
    expect(greedyPlan(problem, { structure: 'order' }).arcQuantities).toEqual(arcQuantitiesOf(problem, { 'O2-1': { A: 1 } }));
    // Ignoring the rule, the more valuable O1-1 takes the unit.
    expect(greedyPlan(problem, { structure: 'default' }).arcQuantities).toEqual(arcQuantitiesOf(problem, { 'O1-1': { A: 1 } }));
  });

  it('improves a construction by moving two orders that compete for the same stock', () => {
    const construction = greedyPlan(contested, { structure: 'order', sequence: 'arrival', improvementRounds: 0 });
    expect(construction.arcQuantities).toEqual(arcQuantitiesOf(contested, { 'O1-1': { A: 1 }, 'O2-1': { C: 1 } }));
    const improved = greedyPlan(contested, { structure: 'order', sequence: 'arrival' });
    expect(improved.moves).toBe(1);
    expect(improved.arcQuantities).toEqual(arcQuantitiesOf(contested, { 'O1-1': { B: 1 }, 'O2-1': { A: 1 } }));
  });

  it('says optimal only when every order got the plan it would get alone', () => {
    const alone = fixtureProblem(SOLVER_FIXTURES.find((f) => f.name === 'one line goes to the cheaper location')!);
    expect(greedyPlan(alone, { structure: 'order' }).optimal).toBe(true);
    expect(greedyPlan(contested, { structure: 'order' }).optimal).toBe(false);
  });

  it('is deterministic', () => {
    const problem = fixtureProblem(randomFixture(9, 40, 8));
    expect(greedyPlan(problem, { structure: 'default' })).toEqual(greedyPlan(problem, { structure: 'default' }));
  });
});
