/** JSON Schema of `opendom.config.json` (docs/configuration.md). */

const pluginChoice = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, description: 'plugin id, e.g. dom/us-zip' },
    options: { type: 'object', description: "the plugin's options (checked against its schema)" },
  },
} as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    plugins: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'plugin packages to load: npm package names (resolved from this file), or paths starting with ./, ../ or /',
    },
    store: {
      type: 'object',
      additionalProperties: false,
      description: 'the store: an embedded one by directory (relative to this file), or a PostgreSQL server',
      properties: {
        directory: { type: 'string', minLength: 1 },
        database: { type: 'string', minLength: 1 },
        schema: { type: 'string', minLength: 1 },
        applyGroup: { type: 'integer', minimum: 1, description: 'orders applied per transaction' },
      },
    },
    distance: { ...pluginChoice, description: 'the distance provider (default dom/aerial)' },
    geocoder: { ...pluginChoice, description: 'the geocoder for addresses without coordinates (default dom/coordinates)' },
    locationSet: { ...pluginChoice, description: "which locations a profile's run ships from (default dom/profile-locations)" },
    inventory: { ...pluginChoice, description: "where a run's available inventory comes from (default dom/dataset-inventory)" },
    applyHooks: { type: 'array', items: pluginChoice, description: 'hooks called before and after a plan is applied, in this order (default none)' },
    hookTimeoutSeconds: { type: 'number', exclusiveMinimum: 0, description: 'time limit of each call of a location set, inventory provider or apply hook (default 30)' },
    run: {
      type: 'object',
      additionalProperties: false,
      description: "defaults of every run (opendom run, the service's runs and schedules); a run's own options win",
      properties: {
        solver: { type: 'string', minLength: 1 },
        timeLimitSeconds: { type: 'number', exclusiveMinimum: 0 },
        relativeGap: { type: 'number', minimum: 0 },
      },
    },
    serve: {
      type: 'object',
      additionalProperties: false,
      description: "opendom serve's settings; its options win",
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] },
        bodyLimitMiB: { type: 'integer', minimum: 1 },
        authFailuresPerMinute: { type: 'integer', minimum: 1 },
        runNice: { type: 'integer', minimum: 0, maximum: 19 },
        keepSnapshots: { type: 'boolean', description: 'keep the snapshot of each run in the store (serve --keep-snapshots)' },
      },
    },
  },
} as const;
