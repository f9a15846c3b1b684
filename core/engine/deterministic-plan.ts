import { createHash } from 'node:crypto';
import type { Plan } from '../plan/plan.js';

/**
 * A plan as a deterministic run gives it: timings zero, created at the run's
 * instant, and an id that is a hash of the rest, so that the same data and
 * options give the same bytes on any machine.
 */
export function deterministicPlan(plan: Plan): Plan {
  const timings = Object.fromEntries(Object.keys(plan.timings).map((stage) => [stage, 0])) as Plan['timings'];
  const fixed: Plan = { ...plan, planId: '', createdAt: plan.asOf, timings };
  return { ...fixed, planId: `plan-${createHash('sha256').update(JSON.stringify(fixed)).digest('hex').slice(0, 32)}` };
}
