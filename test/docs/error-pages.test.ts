import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES_WITH_PAGES, OpenDomError } from '../../index.js';

const PAGES = resolve(import.meta.dirname, '../../docs/errors');

describe('docs/errors', () => {
  it('has a page for each code an error links, and no other', () => {
    expect(readdirSync(PAGES).sort()).toEqual([...CODES_WITH_PAGES].map((code) => `${code}.md`).sort());
  });

  it("an error links the pages of its own code and its issues' codes", () => {
    const error = new OpenDomError('E_CONFIG', 'invalid configuration: 2 problems', [
      { code: 'E_PLUGIN_OPTIONS', field: 'options.x', message: 'is not a known field' },
      { code: 'E_DATASET', field: 'id', message: 'is required' },
    ]);
    expect(error.helpPages).toEqual(['docs/errors/E_CONFIG.md', 'docs/errors/E_PLUGIN_OPTIONS.md']);
    expect(OpenDomError.of({ code: 'E_USAGE', message: 'no' }).helpPages).toEqual([]);
    for (const page of error.helpPages) expect(readdirSync(PAGES)).toContain(page.split('/').pop());
  });
});
