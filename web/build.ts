import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds the dashboard into dist/dashboard: the page, and one script and one
 * style sheet bundling every library it uses (no CDN, nothing fetched at
 * run time but the API).
 */
export async function buildDashboard(): Promise<string> {
  const out = fileURLToPath(new URL('../dist/dashboard/', import.meta.url));
  mkdirSync(`${out}assets`, { recursive: true });
  await build({
    entryPoints: { app: fileURLToPath(new URL('src/main.tsx', import.meta.url)) },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: `${out}assets`,
    logLevel: 'warning',
    legalComments: 'linked',
  });
  copyFileSync(fileURLToPath(new URL('index.html', import.meta.url)), `${out}index.html`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDashboard();
