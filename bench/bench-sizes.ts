import { generateDataset, type GeneratedDataset, type StockLevel } from './generate-dataset.js';

/** The benchmark's instance sizes: lines of the standard-ship profile and locations. */
export interface BenchSize {
  name: 'S' | 'M' | 'L' | 'XL';
  lines: number;
  locations: number;
  variants: number;
}

export const BENCH_SIZES: readonly BenchSize[] = [
  { name: 'S', lines: 200, locations: 20, variants: 360 },
  { name: 'M', lines: 1_500, locations: 200, variants: 360 },
  { name: 'L', lines: 10_000, locations: 500, variants: 1_000 },
  { name: 'XL', lines: 100_000, locations: 1_000, variants: 2_000 },
];

export const BENCH_PROFILE = 'standard-ship';
const SEED = 42;
/** Lines per order of the generator (≈ 2) and the share of orders that are standard (≈ 85 %), with a margin. */
const ORDERS_PER_LINE = 1.2 / (2 * 0.85);

/**
 * The seeded dataset of a size: generated with a few orders too many, then
 * the newest standard orders dropped until the profile selects at most
 * `lines` lines (the stock stays fitted to the generated demand).
 */
export function benchDataset(size: BenchSize, stock: StockLevel): GeneratedDataset {
  const dataset = generateDataset({ orders: Math.ceil(size.lines * ORDERS_PER_LINE), locations: size.locations, variants: size.variants, seed: SEED, stock });
  const standard = (o: GeneratedDataset['orders'][number]) => o.lines[0]?.modeOfDelivery === 'standard' && o.salesOrigin !== 'app';
  let lines = 0;
  dataset.orders = dataset.orders.filter((order) => {
    if (!standard(order)) return true;
    const eligible = order.lines.filter((l) => (l.domStatus ?? 'none') === 'none' || l.domStatus === 'exception').length;
    if (lines + eligible > size.lines) return false;
    lines += eligible;
    return true;
  });
  return dataset;
}
