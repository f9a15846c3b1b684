import type { LocationSetPlugin } from '../../core/index.js';

/** The default location set: the locations the profile names (its fulfillment group, else its legal entities' shipping locations). */
export const profileLocationSet: LocationSetPlugin<Record<string, never>> = {
  meta: {
    id: 'dom/profile-locations',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: "Ships from the locations the profile names: its fulfillment group, else its legal entities' shipping locations.",
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  create: () => ({ locations: ({ profileLocations }) => profileLocations.map((l) => l.id) }),
};
