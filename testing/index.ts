/**
 * `opendom/testing`: what a partner needs to test plugins against OpenDOM —
 * the same entry the built-in plugins' own tests use.
 *
 * - RuleTester and CostFactorTester: a plugin's metadata checks and
 *   scenarios with known answers;
 * - AdapterConformance and describeSolverConformance: the suites every data
 *   adapter and solver must pass;
 * - scenario builders: small datasets whose distances (and so default
 *   costs) are known exactly, and readers of the plans they give.
 */
export { RuleTester, type RuleScenario, type RuleTesterOptions } from './rule-tester.js';
export { CostFactorTester, type CostFactorCase, type CostFactorTesterOptions } from './cost-factor-tester.js';
export { AdapterConformance, type AdapterConformanceOptions, type AdapterUnderTest, type ConformanceCase, type StoreUnderTest } from './adapter-conformance.js';
export { CONFORMANCE_AS_OF, SNAPSHOT_AS_OF, conformanceOrder, conformanceRecords } from './conformance-dataset.js';
export { describeSolverConformance, type SolverConformanceOptions } from './solver-conformance.js';
export { SOLVER_FIXTURES, arcQuantitiesOf, contested, fixtureProblem, randomFixture, type FixtureOrder, type FixtureSpec, type ProblemSpec } from './solver-fixtures.js';
export { AS_OF, CUSTOMER, MILES_PER_DEGREE, costFactor, location, north, order, rule, runAndRemember, runScenario, scenario, stock } from './scenario.js';
export type { CostFactorRecord, InventoryRecord, LocationRecord, OrderLineRecord, OrderRecord, RuleRecord, ScenarioRecords } from './scenario.js';
export { assignmentCosts, assignmentsOf, minimisedCost, planLine, rounded, whyNotInPlan } from './plan-lines.js';
export { Random, at } from './random.js';
