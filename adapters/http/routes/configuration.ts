import type { FastifyInstance } from 'fastify';
import { checkRecord, createEngine, OpenDomError, profileSchema, type CollectionName, type Profile, type RawDataset } from '../../../index.js';
import type { ServiceParts } from '../app.js';
import { HttpProblem } from '../problems.js';
import { CONFIGURATION_COLLECTIONS, configurationBodySchema, idParams, inline, issuesSchema, withProblems } from '../schemas.js';

const storedProfileSchema = {
  ...inline(profileSchema),
  additionalProperties: true,
  properties: { ...inline(profileSchema).properties, nextDue: { type: ['string', 'null'], format: 'date-time', description: 'when its schedule next starts a run (null: not scheduled)' } },
} as const;

type ConfigurationChange = Partial<Record<CollectionName, unknown[]>> & { parameters?: unknown };

/** The profiles with their rules and cost factors (read), and a configuration change checked without saving it. */
export function configurationRoutes(app: FastifyInstance, { store, engineOptions, scheduler }: ServiceParts): void {
  const nextDue = (profileId: string) => scheduler.schedules().find((s) => s.kind === 'run' && s.profileId === profileId)?.nextDue ?? null;

  app.get('/api/profiles', {
    config: { role: 'read' },
    schema: {
      tags: ['configuration'],
      summary: 'The fulfillment profiles, with the defaults filled in and when each next runs on its schedule',
      response: withProblems({ 200: { type: 'object', properties: { profiles: { type: 'array', items: storedProfileSchema } } } }),
    },
  }, async () => {
    const profiles = (await store.readCollection('profiles')).map((raw) => checkRecord<Profile>('profile', raw).value ?? (raw as Profile));
    return { profiles: profiles.map((p) => ({ ...p, nextDue: nextDue(p.id) })) };
  });

  app.get<{ Params: { profileId: string } }>('/api/profiles/:profileId', {
    config: { role: 'read' },
    schema: {
      tags: ['configuration'],
      summary: 'A profile with its rules and cost factors',
      params: idParams('profileId'),
      response: withProblems({
        200: {
          type: 'object',
          properties: { profile: storedProfileSchema, rules: { type: 'array', items: { type: 'object', additionalProperties: true } }, costFactors: { type: 'array', items: { type: 'object', additionalProperties: true } } },
        },
      }),
    },
  }, async (request) => {
    const raw = await store.getRecord('profiles', request.params.profileId);
    if (raw === null || raw === undefined) throw new HttpProblem('E_NOT_FOUND', `no profile "${request.params.profileId}"; list them with GET /api/profiles`);
    const profile = checkRecord<Profile>('profile', raw).value ?? (raw as Profile);
    const records = async (collection: 'rules' | 'costFactors', ids: unknown) =>
      Array.isArray(ids) ? store.getRecords(collection, ids) : [];
    return { profile: { ...profile, nextDue: nextDue(profile.id) }, rules: await records('rules', profile.ruleIds), costFactors: await records('costFactors', profile.costFactorIds) };
  });

  app.post<{ Body: ConfigurationChange }>('/api/configuration/validate', {
    config: { role: 'admin' },
    schema: {
      tags: ['configuration'],
      summary: 'Check a configuration change against the stored data, without saving it',
      description: 'Each record given replaces the stored record of its id (or is added); the whole configuration is then checked as a run would check it, plugins\' options included. Nothing is written.',
      body: configurationBodySchema,
      response: withProblems({ 200: { type: 'object', required: ['valid', 'issues'], properties: { valid: { type: 'boolean' }, issues: issuesSchema } } }),
    },
  }, async (request) => {
    const proposed = withChange(await store.read(), request.body);
    const checking = await createEngine({ ...engineOptions, data: { read: async () => proposed } });
    try {
      await checking.validate();
      return { valid: true, issues: [] };
    } catch (error) {
      if (error instanceof OpenDomError && error.code === 'E_CONFIG') return { valid: false, issues: error.issues };
      throw error;
    } finally {
      await checking.close();
    }
  });
}

/** The stored dataset with the change's records in place of the stored ones of the same id; each named by where it was in the request. */
function withChange(stored: RawDataset, change: ConfigurationChange): RawDataset {
  const proposed = { ...stored };
  if (change.parameters !== undefined) proposed.parameters = { value: change.parameters, source: { file: 'request.parameters', recordNumber: 1 } };
  for (const name of CONFIGURATION_COLLECTIONS) {
    const records = change[name];
    if (!records) continue;
    const byId = new Map(stored[name].map((r) => [idOf(r.value), r]));
    records.forEach((value, i) => byId.set(idOf(value) ?? `(new ${i})`, { value, source: { file: `request.${name}`, recordNumber: i + 1 } }));
    proposed[name] = [...byId.values()];
  }
  return proposed;
}

function idOf(value: unknown): string | undefined {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}
