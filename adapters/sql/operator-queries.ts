import type { Id, Rejection } from '../../core/index.js';
import type { SqlExecutor } from './sql-client.js';

/** What an operator compares between runs: one stored plan's key figures. */
export interface PlanKpis {
  planId: string;
  runId: string | null;
  profileId: Id;
  createdAt: Date;
  solverId: string;
  solverStatus: string;
  /** The cost's relative gap to the solver's bound (null: not proven). */
  gap: number | null;
  /** The run's time from load to plan, in seconds. */
  seconds: number;
  orders: number;
  lines: number;
  units: number;
  unitsFulfilled: number;
  fillRate: number;
  cost: number;
  /** Cost per unit fulfilled (0 when none was). */
  costPerUnit: number;
  shipmentsPerOrder: number;
  splitOrders: number;
  /** Split orders ÷ orders. */
  splitRate: number;
  /** Lines the plan leaves in exception: not fulfilled at all, or held back before the run. */
  exceptions: number;
  costByFactor: Record<string, number>;
}

/** The key figures of the newest stored plans (of a profile), newest first. */
export async function planKpis(client: SqlExecutor, options: { profileId?: Id; limit?: number } = {}): Promise<PlanKpis[]> {
  const rows = await client.query<{
    id: string;
    run_id: string | null;
    profile_id: string;
    created_at: Date;
    solver: { id: string; status: string; cost: { gap: number | null } };
    totals: { orders: number; lines: number; linesFulfilled: number; linesPartial: number; units: number; unitsFulfilled: number; fillRate: number; cost: number; shipmentsPerOrder: number; splitOrders: number; costByFactor: Record<string, number> };
    ms: number;
    held: number;
  }>(
    `select id, run_id, profile_id, created_at, header -> 'solver' as solver, header -> 'totals' as totals,
            (header -> 'timings' ->> 'total')::float8 as ms, jsonb_array_length(header -> 'exceptions') as held
     from plans
     where ($1::text is null or profile_id = $1)
     order by created_at desc, id
     limit $2`,
    [options.profileId ?? null, options.limit ?? 20],
  );
  return rows.map((r) => {
    const t = r.totals;
    return {
      planId: r.id,
      runId: r.run_id,
      profileId: r.profile_id,
      createdAt: r.created_at,
      solverId: r.solver.id,
      solverStatus: r.solver.status,
      gap: r.solver.cost.gap,
      seconds: r.ms / 1000,
      orders: t.orders,
      lines: t.lines,
      units: t.units,
      unitsFulfilled: t.unitsFulfilled,
      fillRate: t.fillRate,
      cost: t.cost,
      costPerUnit: t.unitsFulfilled > 0 ? t.cost / t.unitsFulfilled : 0,
      shipmentsPerOrder: t.shipmentsPerOrder,
      splitOrders: t.splitOrders,
      splitRate: t.orders > 0 ? t.splitOrders / t.orders : 0,
      exceptions: r.held + (t.lines - t.linesFulfilled - t.linesPartial),
      costByFactor: t.costByFactor,
    };
  });
}

/** A location on a plan's map, with the load the plan gives it. */
export interface MapLocation {
  locationId: Id;
  name: string;
  type: string;
  latitude: number;
  longitude: number;
  /** Orders and units the plan ships from it. */
  orders: number;
  units: number;
}

/** An order of the plan at its delivery point, and where its units ship from. */
export interface MapOrder {
  orderId: Id;
  latitude: number;
  longitude: number;
  units: number;
  shipments: Array<{ locationId: Id; units: number }>;
}

export interface PlanMap {
  planId: string;
  locations: MapLocation[];
  orders: MapOrder[];
  /** Orders of the plan whose stored record gives no coordinates (placed by a geocoder at run time, or gone since). */
  unplaced: number;
}

/**
 * Where a plan ships from and to: every location with coordinates and its
 * load, and every planned order at its delivery point with its shipments;
 * null when the plan is unknown.
 */
export async function planMap(client: SqlExecutor, planId: string): Promise<PlanMap | null> {
  const [plan] = await client.query<{ id: string }>('select id from plans where id = $1', [planId]);
  if (!plan) return null;
  // One pass over the plan's lines, each record read once (they are large: explanations).
  const lines = await client.query<{ order_id: string; quantity: number; ships: Array<[string, number]> }>(
    `select l.order_id, x.quantity,
            (select coalesce(jsonb_agg(jsonb_build_array(a ->> 'locationId', (a ->> 'quantity')::int)), '[]') from jsonb_array_elements(x.assignments) as a) as ships
     from plan_lines l, jsonb_to_record(l.record) as x(quantity int, assignments jsonb)
     where l.plan_id = $1
     order by l.position`,
    [planId],
  );
  const points = await client.query<{ order_id: string; latitude: number | null; longitude: number | null }>(
    `select p.order_id,
            (o.record #>> '{deliveryAddress,coordinates,latitude}')::float8 as latitude,
            (o.record #>> '{deliveryAddress,coordinates,longitude}')::float8 as longitude
     from plan_orders p left join sales_orders o on o.id = p.order_id
     where p.plan_id = $1`,
    [planId],
  );
  const locations = await client.query<{ record: { id: string; name?: string; type: string; address?: { coordinates?: { latitude: number; longitude: number } } } }>(
    'select record from locations order by position',
  );
  const orders = new Map<string, { units: number; shipments: Map<string, number> }>();
  const load = new Map<string, { orders: Set<string>; units: number }>();
  for (const line of lines) {
    const order = orders.get(line.order_id) ?? orders.set(line.order_id, { units: 0, shipments: new Map() }).get(line.order_id)!;
    order.units += line.quantity;
    for (const [locationId, units] of line.ships) {
      order.shipments.set(locationId, (order.shipments.get(locationId) ?? 0) + units);
      const at = load.get(locationId) ?? load.set(locationId, { orders: new Set(), units: 0 }).get(locationId)!;
      at.orders.add(line.order_id);
      at.units += units;
    }
  }
  const where = new Map(points.map((p) => [p.order_id, p]));
  const placed = [...orders].flatMap(([orderId, o]) => {
    const p = where.get(orderId);
    return p && p.latitude !== null && p.longitude !== null
      ? [{ orderId, latitude: p.latitude, longitude: p.longitude, units: o.units, shipments: [...o.shipments].map(([locationId, units]) => ({ locationId, units })) }]
      : [];
  });
  return {
    planId,
    locations: locations.flatMap(({ record: r }) => {
      const c = r.address?.coordinates;
      if (!c) return [];
      const l = load.get(r.id);
      return [{ locationId: r.id, name: r.name ?? r.id, type: r.type, latitude: c.latitude, longitude: c.longitude, orders: l?.orders.size ?? 0, units: l?.units ?? 0 }];
    }),
    orders: placed,
    unplaced: orders.size - placed.length,
  };
}

/** A sales line in exception, as operators work through them. */
export interface ExceptionLine {
  orderId: Id;
  lineId: Id;
  variantId: Id;
  quantity: number;
  exceptionType: string;
  attempts: number;
  rejections: Rejection[];
  rejectionsResetAt: string | null;
}

/** The store's lines in exception (of one type), a page at a time in order and line order, with the count of each type. */
export async function exceptionLines(client: SqlExecutor, options: { exceptionType?: string; offset: number; limit: number }): Promise<{ lines: ExceptionLine[]; total: number; byType: Record<string, number> }> {
  const counts = await client.query<{ exception_type: string; count: number }>(
    `select exception_type, count(*)::int as count from sales_lines where dom_status = 'exception' group by 1 order by 1`,
  );
  const rows = await client.query<{ order_id: string; record: { id: string; variantId: string; quantity: number; attempts?: number; rejections?: Rejection[]; rejectionsResetAt?: string | null } ; exception_type: string }>(
    `select order_id, record, exception_type from sales_lines
     where dom_status = 'exception' and ($1::text is null or exception_type = $1)
     order by order_id, line_number
     offset $2 limit $3`,
    [options.exceptionType ?? null, options.offset, options.limit],
  );
  const byType = Object.fromEntries(counts.map((c) => [c.exception_type, c.count]));
  const total = options.exceptionType === undefined ? counts.reduce((sum, c) => sum + c.count, 0) : (byType[options.exceptionType] ?? 0);
  return {
    lines: rows.map((r) => ({
      orderId: r.order_id,
      lineId: r.record.id,
      variantId: r.record.variantId,
      quantity: r.record.quantity,
      exceptionType: r.exception_type,
      attempts: r.record.attempts ?? 0,
      rejections: r.record.rejections ?? [],
      rejectionsResetAt: r.record.rejectionsResetAt ?? null,
    })),
    total,
    byType,
  };
}
