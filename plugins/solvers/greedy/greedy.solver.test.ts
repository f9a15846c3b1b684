import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../../core/index.js';
import { arcQuantitiesOf, contested } from 'opendom/testing';
import { greedySolver } from './greedy.solver.js';

const solve = async (options: Record<string, unknown>) => (await greedySolver.create(options)).solve({ problem: contested, model: null, timeLimitSeconds: 1, relativeGap: 0 });

describe('dom/greedy', () => {
  it('declares a simplified solver of 1,500-line batches with an options schema whose defaults fill in', () => {
    expect(greedySolver.meta).toMatchObject({ id: 'dom/greedy', kind: 'simplified', defaultBatchSize: 1500 });
    const options = {};
    expect(validateAgainst(greedySolver.meta.optionsSchema, options)).toEqual([]);
    expect(options).toEqual({ improvementRounds: 3 });
    expect(validateAgainst(greedySolver.meta.optionsSchema, { improvementRounds: -1 })).not.toEqual([]);
    expect(validateAgainst(greedySolver.meta.optionsSchema, { threads: 2 })).not.toEqual([]);
  });

  it('improves its construction unless told not to; no linear model, so no objective', async () => {
    const improved = await solve({ improvementRounds: 3 });
    expect(improved).toMatchObject({ status: 'feasible', objective: null, bound: null, gap: null, notes: [] });
    expect(improved.arcQuantities).toEqual(arcQuantitiesOf(contested, { 'O1-1': { B: 1 }, 'O2-1': { A: 1 } }));
    expect((await solve({ improvementRounds: 0 })).arcQuantities).toEqual(arcQuantitiesOf(contested, { 'O1-1': { A: 1 }, 'O2-1': { C: 1 } }));
  });

  it('stops improving at the time limit and says so: an exhausted budget leaves the construction', async () => {
    const solver = await greedySolver.create({ improvementRounds: 3 });
    const outOfTime = await solver.solve({ problem: contested, model: null, timeLimitSeconds: 1e-9, relativeGap: 0 });
    expect(outOfTime.arcQuantities).toEqual(arcQuantitiesOf(contested, { 'O1-1': { A: 1 }, 'O2-1': { C: 1 } }));
    expect(outOfTime.notes).toEqual(['the time limit (1e-9 s) stopped the improving moves before 3 rounds']);
  });
});
