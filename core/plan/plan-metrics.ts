import type { Plan } from './plan.js';

/** What a simulation compares between plans of the same orders (docs/simulation.md). */
export interface PlanMetrics {
  fillRate: number;
  units: number;
  unitsFulfilled: number;
  cost: number;
  costByFactor: Record<string, number>;
  /** Cost per unit fulfilled (0 when none is). */
  costPerUnit: number;
  shipmentsPerOrder: number;
  splitOrders: number;
  /** Distance of the assignments (line × location), mean and 95th percentile, in the plan's unit. */
  distance: { mean: number; p95: number; unit: string };
  /** Orders and units each location ships. */
  byLocation: Record<string, { orders: number; units: number }>;
  /** Lines left in exception, by type: unfulfilled lines and those held back or invalid. */
  exceptionsByType: Record<string, number>;
  solver: { id: string; status: string };
}

export function planMetrics(plan: Plan): PlanMetrics {
  const t = plan.totals;
  const distances = plan.lines.flatMap((l) => l.assignments.map((a) => a.distance)).sort((x, y) => x - y);
  const byLocation: PlanMetrics['byLocation'] = {};
  const ordersAt = new Map<string, Set<string>>();
  for (const l of plan.lines) {
    for (const a of l.assignments) {
      const at = (byLocation[a.locationId] ??= { orders: 0, units: 0 });
      at.units += a.quantity;
      const orders = ordersAt.get(a.locationId) ?? ordersAt.set(a.locationId, new Set()).get(a.locationId)!;
      orders.add(l.orderId);
      at.orders = orders.size;
    }
  }
  const exceptionsByType: Record<string, number> = {};
  for (const type of [...plan.lines.map((l) => l.exceptionType), ...plan.exceptions.map((e) => e.exceptionType)]) {
    if (type) exceptionsByType[type] = (exceptionsByType[type] ?? 0) + 1;
  }
  return {
    fillRate: t.fillRate,
    units: t.units,
    unitsFulfilled: t.unitsFulfilled,
    cost: t.cost,
    costByFactor: t.costByFactor,
    costPerUnit: t.unitsFulfilled > 0 ? t.cost / t.unitsFulfilled : 0,
    shipmentsPerOrder: t.shipmentsPerOrder,
    splitOrders: t.splitOrders,
    distance: { mean: distances.length > 0 ? distances.reduce((s, d) => s + d, 0) / distances.length : 0, p95: percentile(distances, 0.95), unit: plan.distanceUnit },
    byLocation,
    exceptionsByType,
    solver: { id: plan.solver.id, status: plan.solver.status },
  };
}

/**
 * The locations whose units shipped change most from the first load (the
 * base) to any other, most first, at most `limit`: what a simulation shows of
 * its runs' loads (the CLI and the dashboard).
 */
export function locationsChangingMost(loads: Array<PlanMetrics['byLocation']>, limit = 10): string[] {
  const [base = {}, ...others] = loads;
  const change = (id: string) => Math.max(0, ...others.map((load) => Math.abs((load[id]?.units ?? 0) - (base[id]?.units ?? 0))));
  return [...new Set(loads.flatMap((load) => Object.keys(load)))].filter((id) => change(id) > 0).sort((a, b) => change(b) - change(a) || a.localeCompare(b)).slice(0, limit);
}

/** The value below which a share `q` of the sorted values lie (nearest rank); 0 for none. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
