import type { Migration } from './migration.js';

/** The `vetoed` apply outcome: a before-apply hook kept the order from being applied (docs/spec.md §6.10). */
export const vetoedOutcome: Migration = {
  version: 4,
  name: 'vetoed apply outcome',
  sql: `
alter table plan_orders drop constraint plan_orders_outcome_check;
alter table plan_orders add constraint plan_orders_outcome_check
  check (outcome in ('applied', 'conflict', 'stock-changed', 'capacity-changed', 'invalid-input', 'vetoed'));
`,
};
