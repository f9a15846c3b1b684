import type { Migration } from './migration.js';

/**
 * What before-apply hooks decide (docs/spec.md §6.10): the `vetoed` outcome
 * (an order not applied), and the lines of an applied order they held back
 * (left as they were), so that what applying did can be told from the tables.
 */
export const vetoedOutcome: Migration = {
  version: 4,
  name: 'vetoed apply outcome; lines held back by apply hooks',
  sql: `
alter table plan_orders drop constraint plan_orders_outcome_check;
alter table plan_orders add constraint plan_orders_outcome_check
  check (outcome in ('applied', 'conflict', 'stock-changed', 'capacity-changed', 'invalid-input', 'vetoed'));
alter table plan_orders add column held_lines jsonb;
`,
};
