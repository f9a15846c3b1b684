import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every document the project names is in the project: a path such as
 * `docs/spec.md` in code, tests and docs exists, and so does every relative
 * Markdown link.
 */

const ROOT = resolve(import.meta.dirname, '..');
const files = execFileSync('git', ['ls-files', '*.ts', '*.md'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('references to documents', () => {
  it('every named Markdown file exists: docs/… paths anywhere, and documents named in capitals', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/\b((?:docs|examples|plugins|adapters|core|test|bench)\/[\w./-]+\.md)\b/g)) {
        if (!existsSync(join(ROOT, match[1]!))) missing.push(`${file}: ${match[1]}`);
      }
      for (const match of text.matchAll(/(?<![\w/.-])([A-Z][A-Z_-]+\.md)\b/g)) {
        if (!existsSync(join(ROOT, match[1]!)) && !existsSync(join(ROOT, dirname(file), match[1]!))) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every relative link of a Markdown file points to a file of the project', () => {
    const broken: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.md'))) {
      for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(/\]\(([^)\s#]+)(#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(ROOT, dirname(file), target))) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
