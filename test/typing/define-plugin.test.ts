import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `defineRule` and `defineCostFactor` derive a plugin's option type from its
 * options schema and its reports from its messages. Partner code that
 * disagrees with either does not compile: each snippet below is compiled
 * by the project's TypeScript compiler (`tsc`, as a process) against the
 * project's public entry, and the errors it gives are the ones expected.
 */

const ROOT = resolve(import.meta.dirname, '../..');

const RULE = `
import { defineRule, type OptionsOf } from '../../../index.js';
export const tooFar = defineRule({
  meta: {
    id: 'acme/too-far', version: '1.0.0', compatibility: '^1.0.0', description: 'd',
    optionsSchema: { type: 'object', additionalProperties: false, required: ['maxKm'], properties: { maxKm: { type: 'number' }, strict: { type: 'boolean', default: false } } },
    messages: { far: '{location} is {km} km away' },
    productScope: false, simplifiedSolver: 'honoured',
  },
  create: ({ rules }) => ({
    filterCandidate: (c) => {
      const rule = rules[0];
      if (!rule || c.distance <= rule.options.maxKm) return undefined;
      return { ruleId: rule.record.id, messageId: 'far', data: { location: c.location.id, km: REPORT_KM } };
    },
  }),
});
export const options: OptionsOf<typeof tooFar> = OPTIONS;
`;

const COST = `
import { defineCostFactor } from '../../../index.js';
export const co2 = defineCostFactor({
  meta: {
    id: 'acme/co2', version: '1.0.0', compatibility: '^1.0.0', description: 'd',
    optionsSchema: { type: 'object', additionalProperties: false, required: ['costPerKg'], properties: { costPerKg: { type: 'number' } } },
  },
  create: ({ options }) => ({ shipmentCost: (s) => s.distance * COST_EXPRESSION }),
});
`;

const cases: Record<string, string> = {
  good: RULE.replace('REPORT_KM', 'c.distance').replace('OPTIONS', '{ maxKm: 5, strict: true }') + COST.replace('COST_EXPRESSION', 'options.costPerKg'),
  unknownMessage: RULE.replace("messageId: 'far'", "messageId: 'near'").replace('REPORT_KM', 'c.distance').replace('OPTIONS', '{ maxKm: 5, strict: true }'),
  missingPlaceholder: RULE.replace(', km: REPORT_KM', '').replace('OPTIONS', '{ maxKm: 5, strict: true }'),
  unknownOption: RULE.replace('rule.options.maxKm', 'rule.options.maxMiles').replace('REPORT_KM', 'c.distance').replace('OPTIONS', '{ maxKm: 5, strict: true }'),
  defaultedOptionRequired: RULE.replace('REPORT_KM', 'c.distance').replace('OPTIONS', '{ maxKm: 5 }'),
  costOptionType: COST.replace('COST_EXPRESSION', 'options.costPerKg.length'),
};

let dir: string;
let errors: Record<string, string[]>;

beforeAll(async () => {
  dir = mkdtempSync(join(ROOT, 'test/typing/.compile-'));
  for (const [name, source] of Object.entries(cases)) writeFileSync(join(dir, `${name}.ts`), source);
  // The project's own configuration and files (its declarations of untyped modules among them), and the snippets.
  const project = ['index.ts', 'core', 'plugins', 'adapters', 'testing'].map((path) => `../../../${path}`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '../../..' }, include: ['*.ts', ...project], exclude: ['../../../**/*.test.ts'] }));
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const output = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, maxBuffer: 1 << 24 }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? '',
  );
  // Lines such as `test/typing/.compile-X/name.ts(12,7): error TS2322: …`, then indented continuation lines.
  errors = Object.fromEntries(Object.keys(cases).map((name) => [name, [] as string[]]));
  const elsewhere: string[] = [];
  let name = '';
  for (const line of output.split('\n')) {
    const match = /^(\S+)\(\d+,\d+\): error (.*)$/.exec(line);
    if (match) name = /\.compile-\w+\/(\w+)\.ts$/.exec(match[1]!)?.[1] ?? match[1]!;
    (errors[name] ?? elsewhere).push(match ? `${match[1]}: ${match[2]}` : line.trim());
  }
  // The project itself compiles: an error outside the snippets is the test's set-up at fault.
  expect(elsewhere.filter(Boolean)).toEqual([]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defineRule and defineCostFactor', () => {
  it('compile a plugin whose code agrees with its schema and messages', () => {
    expect(errors.good).toEqual([]);
  });

  it.each([
    ['a report of a message the rule does not have', 'unknownMessage', '"near"'],
    ["a report without one of its message's placeholders", 'missingPlaceholder', "'km'"],
    ['an option the schema does not declare', 'unknownOption', "'maxMiles'"],
    ['options without a field the schema defaults (validation fills it)', 'defaultedOptionRequired', "'strict'"],
    ["a cost factor's option used as another type", 'costOptionType', "'length'"],
  ])('refuse %s', (_what, name, mentioned) => {
    expect(errors[name]!.length, errors[name]!.join('\n')).toBeGreaterThan(0);
    expect(errors[name]!.join('\n')).toContain(mentioned);
  });
});
