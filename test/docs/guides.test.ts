import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The guides show the example partner package's code as it is: each included block equals its file. */
const ROOT = resolve(import.meta.dirname, '../..');
const GUIDES = join(ROOT, 'docs/guides');
const INCLUDED = /<!-- included from (\S+); test\/docs\/guides\.test\.ts keeps it so -->\n```ts\n([\s\S]*?)```\n/g;

describe('docs/guides', () => {
  for (const guide of readdirSync(GUIDES).filter((f) => f.endsWith('.md'))) {
    it(`${guide} shows the example package's files as they are`, () => {
      const text = readFileSync(join(GUIDES, guide), 'utf8');
      const blocks = [...text.matchAll(INCLUDED)];
      expect(blocks.length).toBeGreaterThan(0);
      for (const [, path, code] of blocks) expect(code, path).toBe(readFileSync(join(ROOT, path!), 'utf8'));
    });
  }
});
