/**
 * Packing of a carrier rate card: the units of one line shipped from one
 * location are packed together, whole units only, each package as full as
 * the heaviest weight band allows; the last package takes the rest.
 */

/** Tolerance for weights that are sums of decimals (0.1 + 0.2 …). */
const EPSILON = 1e-9;

/** The weight of each package for `units` units of `unitWeight` each, packages at most `maxWeight`. */
export function pack(units: number, unitWeight: number, maxWeight: number): number[] {
  const perPackage = unitWeight > 0 ? Math.max(1, Math.floor(maxWeight / unitWeight + EPSILON)) : units;
  const full = Math.floor(units / perPackage);
  const rest = units - full * perPackage;
  const weights = new Array<number>(full).fill(perPackage * unitWeight);
  if (rest > 0) weights.push(rest * unitWeight);
  return weights;
}

/**
 * Price of packages in one zone: each package pays the price of the first
 * weight band (an upper bound, inclusive) that holds its weight, plus the
 * per-package charge.
 */
export function priceOfPackages(weights: number[], weightBands: readonly number[], zonePrices: readonly number[], perPackage: number): number {
  let total = 0;
  for (const weight of weights) {
    const band = weightBands.findIndex((upTo) => weight <= upTo + EPSILON);
    total += zonePrices[band]! + perPackage;
  }
  return total;
}
