import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { container } from 'tsyringe';
import type { FulfillmentProblem } from '../model/problem.js';
import { importPluginPackage } from '../plugin-api/import-package.js';
import { PluginRegistry } from '../plugin-api/registry.js';
import { PROBLEMS_KEPT, type SolverWorkerReply, type SolverWorkerRequest, type SolverWorkerSetup } from './solver-pool.js';

/**
 * A worker thread of a SolverPool: imports the plugin packages, creates the
 * run's solver, and answers solve requests one at a time. It keeps the last
 * few problems it was sent (the pool sends each once) — in the same order
 * the pool tracks them.
 */
const port = parentPort!;
const setup = workerData as SolverWorkerSetup;
const reply = (message: SolverWorkerReply) => port.postMessage(message);

try {
  const registry = new PluginRegistry(container.createChildContainer());
  for (const { name, moduleUrl } of setup.packages) registry.registerPackage(await importPluginPackage(name, moduleUrl));
  const plugin = registry.get('solver', setup.solver.id, 'solver');
  const solver = await plugin.create(registry.validateOptions(plugin, { ...(setup.solver.options ?? {}) }, 'solver.options'));
  const problems: Array<[number, FulfillmentProblem]> = [];
  port.on('message', async ({ id, problemKey, problem, ...input }: SolverWorkerRequest) => {
    if (problem) {
      problems.push([problemKey, problem]);
      if (problems.length > PROBLEMS_KEPT) problems.shift();
    }
    try {
      const held = problems.find(([key]) => key === problemKey)?.[1];
      if (!held) throw new Error(`solver worker does not hold problem ${problemKey}`);
      reply({ type: 'solved', id, outcome: await solver.solve({ ...input, problem: held }) });
    } catch (error) {
      reply({ type: 'error', id, message: (error as Error).message });
    }
  });
  reply({ type: 'ready' });
} catch (error) {
  reply({ type: 'failed', message: (error as Error).message });
}
