import { inject, injectable } from 'tsyringe';
import { Catalog } from '../domain/catalog.js';
import type { Dataset, Location, Parameters, Profile } from '../domain/types.js';
import { OpenDomError, type Issue } from '../errors/errors.js';
import { DISTANCE_PROVIDER_META, GEOCODER, PLUGIN_REGISTRY } from '../di/tokens.js';
import type { DataSource, DistanceProviderMeta } from '../plugin-api/contracts.js';
import type { PluginRegistry } from '../plugin-api/registry.js';
import { validateDataset, type InvalidOrder } from '../validation/dataset-validator.js';
import { validatePluginConfig } from '../validation/plugin-config-validator.js';
import { geocodeDataset, type ChosenGeocoder } from './geocode.js';
import { selectLines, type SelectedOrder } from './select-lines.js';
import { profileLocations } from './profile-locations.js';
import type { Stage } from './stage.js';

export interface LoadInput {
  source: DataSource;
  profileId: string;
}

/** A validated dataset with the profile to run and the lines it selects. */
export interface LoadedRun {
  dataset: Dataset;
  catalog: Catalog;
  profile: Profile;
  selected: SelectedOrder[];
  invalidOrders: InvalidOrder[];
  /** The locations the run ships from (the engine's location set; until it has asked, the profile's own). */
  locations: Location[];
}

/**
 * Reads the dataset, validates every record, geocodes the addresses without
 * coordinates, validates every rule and cost factor against its plugin, and
 * selects the profile's eligible lines. Invalid configuration stops the run
 * with every issue listed.
 */
@injectable()
export class LoadStage implements Stage<LoadInput, LoadedRun> {
  readonly name = 'load' as const;

  constructor(
    @inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry,
    @inject(GEOCODER) private readonly geocoder: ChosenGeocoder,
    @inject(DISTANCE_PROVIDER_META) private readonly distance: DistanceProviderMeta,
  ) {}

  async run(input: LoadInput): Promise<LoadedRun> {
    const { dataset, catalog, invalidOrders } = await this.validate(input.source);
    const profile = dataset.profiles.find((p) => p.id === input.profileId);
    if (!profile) {
      const known = dataset.profiles.map((p) => p.id).join(', ') || 'none';
      throw OpenDomError.of({ code: 'E_PROFILE', file: 'profiles', recordId: input.profileId, message: `no such profile (profiles: ${known})` });
    }
    if (!profile.enabled) {
      throw OpenDomError.of({ code: 'E_PROFILE', file: 'profiles', recordId: profile.id, field: 'enabled', message: 'profile is disabled' });
    }
    return { dataset, catalog, profile, selected: selectLines(dataset.orders, profile, dataset.parameters), invalidOrders, locations: profileLocations(dataset, catalog, profile) };
  }

  /** Validates a data source completely; throws E_CONFIG listing every configuration issue. */
  async validate(source: DataSource): Promise<{ dataset: Dataset; catalog: Catalog; invalidOrders: InvalidOrder[] }> {
    const { dataset, configIssues, invalidOrders, sources } = validateDataset(await source.read());
    const geocoded = await geocodeDataset(dataset, sources, this.geocoder);
    const catalog = new Catalog(dataset);
    const issues = [
      ...configIssues,
      ...geocoded.locationIssues,
      ...distanceKindIssues(dataset.parameters, this.distance),
      ...validatePluginConfig(dataset, this.registry, catalog, sources),
    ];
    if (issues.length > 0) {
      throw new OpenDomError('E_CONFIG', `invalid configuration: ${issues.length} problem${issues.length === 1 ? '' : 's'}; the run did not start`, issues);
    }
    return { dataset, catalog, invalidOrders: [...invalidOrders, ...geocoded.invalidOrders] };
  }
}

/** `parameters.roadDistance` says which distance the dataset's limits and prices mean; the engine's provider must measure it. */
function distanceKindIssues(parameters: Parameters, distance: DistanceProviderMeta): Issue[] {
  if (distance.distanceKind === (parameters.roadDistance ? 'road' : 'aerial')) return [];
  const todo = parameters.roadDistance
    ? 'create the engine with a road distance provider (createEngine({ distance: { id } })) or set roadDistance to false'
    : 'set roadDistance to true';
  return [{
    code: 'E_DATASET',
    file: 'parameters',
    field: 'roadDistance',
    pluginId: distance.id,
    message: `is ${parameters.roadDistance} but the distance provider "${distance.id}" measures ${distance.distanceKind} distance; ${todo}`,
  }];
}
