import { inject, injectable } from 'tsyringe';
import { Catalog } from '../domain/catalog.js';
import type { Dataset, Profile } from '../domain/types.js';
import { OpenDomError } from '../errors/errors.js';
import { PLUGIN_REGISTRY } from '../di/tokens.js';
import type { DataSource } from '../plugins/contracts.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { validateDataset, type InvalidOrder } from '../validation/dataset-validator.js';
import { validatePluginConfig } from '../validation/plugin-config-validator.js';
import { selectLines, type SelectedOrder } from './select-lines.js';
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
}

/**
 * Reads the dataset, validates every record and every rule and cost factor
 * against its plugin, and selects the profile's eligible lines. Invalid
 * configuration stops the run with every issue listed.
 */
@injectable()
export class LoadStage implements Stage<LoadInput, LoadedRun> {
  readonly name = 'load' as const;

  constructor(@inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry) {}

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
    return { dataset, catalog, profile, selected: selectLines(dataset.orders, profile, dataset.parameters), invalidOrders };
  }

  /** Validates a data source completely; throws E_CONFIG listing every configuration issue. */
  async validate(source: DataSource): Promise<{ dataset: Dataset; catalog: Catalog; invalidOrders: InvalidOrder[] }> {
    const { dataset, configIssues, invalidOrders, sources } = validateDataset(await source.read());
    const catalog = new Catalog(dataset);
    const issues = [...configIssues, ...validatePluginConfig(dataset, this.registry, catalog, sources)];
    if (issues.length > 0) {
      throw new OpenDomError('E_CONFIG', `invalid configuration: ${issues.length} problem${issues.length === 1 ? '' : 's'}; the run did not start`, issues);
    }
    return { dataset, catalog, invalidOrders };
  }
}
