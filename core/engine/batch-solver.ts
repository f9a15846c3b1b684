import { availableParallelism } from 'node:os';
import type { LogEntry } from '../plan/plan.js';
import type { OpenDomPlugin, SolverInstance, SolverPlugin } from '../plugin-api/contracts.js';
import { SolverPool } from './solver-pool.js';

/**
 * Batches that may solve at once (docs/spec.md §2): `threadUtilization` percent
 * of the machine's cores, at most one per batch. Only production solvers
 * run in worker threads; 1 means one batch at a time.
 */
export function batchConcurrency(threadUtilization: number, batches: number, solver: SolverPlugin): number {
  if (solver.meta.kind !== 'production') return 1;
  const threads = Math.min(batches, Math.floor((availableParallelism() * threadUtilization) / 100));
  return threads >= 2 ? threads : 1;
}

/**
 * The solver the batches use: the plugin's own instance, or for parallel
 * batches a pool of worker threads each with its own instance. When the
 * workers cannot load every plugin package, batches run one at a time and
 * the run's log says why.
 */
export async function openBatchSolver(
  plugin: SolverPlugin,
  options: Record<string, unknown>,
  concurrency: number,
  packages: readonly OpenDomPlugin[],
  log: LogEntry[],
): Promise<{ solver: SolverInstance; concurrency: number }> {
  const alone = async () => ({ solver: await plugin.create(options), concurrency: 1 });
  if (concurrency < 2) return alone();
  const unloadable = packages.filter((p) => !p.moduleUrl).map((p) => p.name);
  if (unloadable.length > 0) {
    log.push({ level: 'warn', message: `threadUtilization: batches run one at a time: plugin package(s) ${unloadable.join(', ')} give no moduleUrl, so worker threads cannot load them` });
    return alone();
  }
  try {
    const pool = await SolverPool.start(concurrency, {
      packages: packages.map((p) => ({ name: p.name, moduleUrl: p.moduleUrl! })),
      solver: { id: plugin.meta.id, options },
    });
    log.push({ level: 'info', message: `${concurrency} batches solve at once, each in a worker thread (threadUtilization)` });
    return { solver: pool, concurrency };
  } catch (error) {
    log.push({ level: 'warn', message: `threadUtilization: batches run one at a time: the solver's worker threads did not start (${(error as Error).message})` });
    return alone();
  }
}
