import type { Migration } from './migration.js';

/**
 * Inventory as supply plus allocations (docs/store.md): the units OpenDOM
 * allocated, one row per assigned line, written with the order in the same
 * transaction (`adapters/sql/orders.ts`) so that no inventory import can wipe
 * them. Filled from the lines already assigned. The source's `reserved` is
 * left as it is: a store whose `reserved` still holds units OpenDOM applied
 * counts them twice (never too few) until the next inventory import states
 * the source's own reservations.
 *
 * Also: the `capacity-changed` apply outcome (a location's order limit was
 * reached since the run), and the `sales_lines` view with each line's state.
 */
export const allocations: Migration = {
  version: 2,
  name: 'allocations apart from the source inventory; capacity-changed outcome; line state',
  sql: `
create table allocations (
  order_id text not null,
  line_id text not null,
  variant_id text not null,
  location_id text not null,
  quantity integer not null check (quantity > 0),
  -- Null while the line has not shipped; the shipment's instant once it has.
  shipped_at timestamptz,
  primary key (order_id, line_id)
);
create index allocations_stock on allocations (variant_id, location_id);
create index allocations_open_location on allocations (location_id) where shipped_at is null;

insert into allocations (order_id, line_id, variant_id, location_id, quantity)
select o.id, l.value ->> 'id', l.value ->> 'variantId', l.value ->> 'assignedLocationId', (l.value ->> 'quantity')::integer
from sales_orders o
cross join lateral jsonb_array_elements(case jsonb_typeof(o.record -> 'lines') when 'array' then o.record -> 'lines' else '[]'::jsonb end) as l(value)
where l.value ->> 'domStatus' = 'complete'
  and jsonb_typeof(l.value -> 'assignedLocationId') = 'string'
  and jsonb_typeof(l.value -> 'quantity') = 'number'
  and (l.value ->> 'quantity')::numeric > 0
  and coalesce(l.value -> 'shipped', 'false'::jsonb) <> 'true'::jsonb
on conflict do nothing;

alter table plan_orders drop constraint plan_orders_outcome_check;
alter table plan_orders add constraint plan_orders_outcome_check
  check (outcome in ('applied', 'conflict', 'stock-changed', 'capacity-changed', 'invalid-input'));

drop view sales_lines;
create view sales_lines as
select o.id as order_id,
       l.n as line_number,
       l.value ->> 'id' as line_id,
       case
         when l.value -> 'cancelled' = 'true'::jsonb then 'cancelled'
         when l.value -> 'shipped' = 'true'::jsonb then 'shipped'
         else coalesce(l.value ->> 'domStatus', 'none')
       end as state,
       coalesce(l.value ->> 'domStatus', 'none') as dom_status,
       l.value ->> 'exceptionType' as exception_type,
       l.value ->> 'assignedLocationId' as assigned_location_id,
       l.value as record
from sales_orders o
cross join lateral jsonb_array_elements(
  case jsonb_typeof(o.record -> 'lines') when 'array' then o.record -> 'lines' else '[]'::jsonb end
) with ordinality as l(value, n);
`,
};
