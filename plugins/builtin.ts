import type { OpenDomPlugin } from '../core/index.js';
import { fileAdapter } from '../adapters/file/file.adapter.js';
import { memoryAdapter } from '../adapters/memory/memory.adapter.js';
import { aerialDistance } from './distance/aerial/aerial.distance.js';
import { maxDistanceRule } from './rules/max-distance/max-distance.rule.js';
import { offlineLocationRule } from './rules/offline-location/offline-location.rule.js';
import { highsSolver } from './solvers/highs/highs.solver.js';

/** The plugins that ship with OpenDOM, registered through the same API a partner package uses. */
export const builtinPlugins: OpenDomPlugin = {
  name: 'opendom-builtin',
  register(api) {
    api.addRule(offlineLocationRule);
    api.addRule(maxDistanceRule);
    api.addSolver(highsSolver);
    api.addDistanceProvider(aerialDistance);
    api.addDataAdapter(fileAdapter);
    api.addDataAdapter(memoryAdapter);
  },
};
