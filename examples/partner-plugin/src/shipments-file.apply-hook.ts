import { appendFile } from 'node:fs/promises';
import type { ApplyHookPlugin } from 'opendom';

export interface ShipmentsFileOptions {
  /** The NDJSON file each applied assignment is appended to (created when missing). */
  path: string;
}

/**
 * `acme/shipments-file`: after a plan is applied, appends one line per
 * assignment of each applied order to an NDJSON file, for a warehouse
 * system to pick up. Lines a before-apply hook held back are left out. A
 * failure (a full disk) is reported by OpenDOM and un-applies nothing.
 */
export const shipmentsFile: ApplyHookPlugin<ShipmentsFileOptions> = {
  meta: {
    id: 'acme/shipments-file',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Appends each applied assignment to an NDJSON file for the warehouse system.',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: { path: { type: 'string', minLength: 1 } },
    },
  },
  create: ({ path }) => ({
    afterApply: async ({ plan, appliedOrderIds, heldLineIds }) => {
      const applied = new Set(appliedOrderIds);
      const held = new Set(heldLineIds);
      const shipments = plan.lines
        .filter((line) => applied.has(line.orderId) && !held.has(line.lineId))
        .flatMap((line) => line.assignments.map((a) => ({ planId: plan.planId, orderId: line.orderId, lineId: line.lineId, variantId: line.variantId, locationId: a.locationId, quantity: a.quantity })));
      if (shipments.length > 0) await appendFile(path, shipments.map((s) => `${JSON.stringify(s)}\n`).join(''));
    },
  }),
};
