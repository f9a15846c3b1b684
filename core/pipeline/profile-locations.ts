import type { Catalog } from '../domain/catalog.js';
import type { Dataset, Location, Profile } from '../domain/types.js';

/** The locations a profile names: its group's shipping locations, else every shipping location of its legal entities. */
export function profileLocations(dataset: Pick<Dataset, 'locations'>, catalog: Catalog, profile: Profile): Location[] {
  const inGroup = profile.fulfillmentGroupId === null ? null : catalog.scopeLocationIds({ locationIds: [], groupIds: [profile.fulfillmentGroupId] });
  return dataset.locations.filter((l) => l.shipping && (inGroup ? inGroup.has(l.id) : profile.legalEntities.includes(l.legalEntity)));
}
