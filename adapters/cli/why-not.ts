import { createEngine, type Engine, type WhyNot } from '../../index.js';
import { readSnapshot, snapshotDataset } from '../snapshot/snapshot.js';
import { engineChoices } from './cli-config.js';
import { readPlan } from './explain-line.js';
import { openStore, usage, type StoreCliOptions } from './store-options.js';
import { storedPlan } from './store-commands.js';

export interface WhyNotCliOptions extends StoreCliOptions {
  plan?: string;
  planId?: string;
  line: string;
  whyNot: string;
  snapshot?: string;
  data?: string;
}

/**
 * `opendom explain --why-not LOC`: the plan (a file or a stored one) and the
 * data it was made from — its run's snapshot, a dataset directory, or else
 * the store as it is now — and the engine's answer.
 */
export async function whyNotFromCli(options: WhyNotCliOptions): Promise<WhyNot> {
  if (options.snapshot && options.data) throw usage('give the data the plan was made from once: --snapshot FILE or --data DIR');
  const plan = options.plan ? readPlan(options.plan) : await storedPlan({ ...options, planId: options.planId! });
  const engine = await engineOn(options);
  try {
    return await engine.whyNot(plan, options.line, options.whyNot);
  } finally {
    await engine.close();
  }
}

function engineOn(options: WhyNotCliOptions): Promise<Engine> {
  if (options.snapshot) {
    const snapshot = readSnapshot(options.snapshot);
    return createEngine({ data: { read: async () => snapshotDataset(snapshot) }, ...engineChoices(), ...snapshot.engine });
  }
  if (options.data) return createEngine({ data: { id: 'dom/file', options: { directory: options.data } }, ...engineChoices() });
  return createEngine({ data: openStore(options), ...engineChoices() });
}

export function formatWhyNot(answer: WhyNot): string {
  const out = [`Why not ${answer.locationId} for line ${answer.lineId} (plan ${answer.planId}): ${answer.kind}`, `  ${answer.summary}`];
  if (answer.kind === 'dearer') {
    for (const [factor, delta] of Object.entries(answer.byFactor)) out.push(`  ${factor}: ${delta > 0 ? '+' : ''}${delta}`);
    for (const m of answer.moves) out.push(`  moves: ${m.lineId} ${m.from.join(', ') || '—'} → ${m.to.join(', ') || '—'}`);
  }
  if (answer.kind === 'no-stock') for (const t of answer.takenBy) out.push(`  taken by ${t.lineId} (order ${t.orderId}): ${t.quantity}`);
  if (answer.kind === 'capacity' && answer.usedBy.length > 0) out.push(`  slots taken by orders ${answer.usedBy.join(', ')}`);
  return `${out.join('\n')}\n`;
}
