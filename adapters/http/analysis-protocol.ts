import type { Plan, WhyNot } from '../../index.js';
import type { PlanMetrics } from '../../core/plan/plan-metrics.js';
import type { Variant } from '../snapshot/variant.js';
import type { RunWorkerData } from './run-protocol.js';

/** What the analysis thread answers: why-not questions and simulations, each on a snapshot. */
export type AnalysisTask =
  | { kind: 'why-not'; plan: Plan; snapshot: Uint8Array; lineId: string; locationId: string }
  | { kind: 'simulate'; snapshot: Uint8Array; variants: Variant[] };

export interface SimulatedRunSummary extends PlanMetrics {
  name: string;
  planId: string;
  seconds: number;
}

export type AnalysisResult = WhyNot | { runs: SimulatedRunSummary[] };

export interface AnalysisWorkerData {
  engine: NonNullable<RunWorkerData['engine']>;
  nice: number;
}

export type AnalysisMessage = { id: number; ok: true; result: AnalysisResult } | { id: number; ok: false; error: { code: string; message: string } };
