import { describe, expect, it } from 'vitest';
import { pack, priceOfPackages } from './packages.js';

describe('carrier rate card packing', () => {
  it('fills packages with whole units up to the heaviest band, the last one taking the rest', () => {
    expect(pack(3, 2, 50)).toEqual([6]);
    expect(pack(30, 2, 50)).toEqual([50, 10]);
    expect(pack(50, 2, 50)).toEqual([50, 50]);
    expect(pack(4, 30, 50)).toEqual([30, 30, 30, 30]);
    expect(pack(7, 0.3, 1).map((w) => Math.round(w * 10) / 10)).toEqual([0.9, 0.9, 0.3]);
    // 10 × 0.1 fits in 1 despite floating point; weightless units share one package.
    expect(pack(10, 0.1, 1)).toHaveLength(1);
    expect(pack(5, 0, 50)).toEqual([0]);
  });

  it('prices each package in the first band that holds it (bounds inclusive), plus the per-package charge', () => {
    const bands = [1, 5, 20, 50];
    const prices = [5, 7, 12, 25];
    expect(priceOfPackages([1], bands, prices, 0)).toBe(5);
    expect(priceOfPackages([1.0000000000000002], bands, prices, 0)).toBe(5);
    expect(priceOfPackages([1.01], bands, prices, 0)).toBe(7);
    expect(priceOfPackages([50, 10], bands, prices, 1.5)).toBe(25 + 12 + 3);
    expect(priceOfPackages([], bands, prices, 1.5)).toBe(0);
  });
});
