/**
 * The URL to start a worker thread with the module `file` next to `moduleUrl`
 * (the caller's `import.meta.url`): the compiled `.js` file, or, when running
 * from TypeScript sources, a bootstrap that registers tsx first.
 */
export function workerUrl(moduleUrl: string, file: string): URL {
  if (!moduleUrl.endsWith('.ts')) return new URL(`./${file}.js`, moduleUrl);
  const worker = new URL(`./${file}.ts`, moduleUrl).href;
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(worker)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
