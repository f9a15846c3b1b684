import { register } from 'node:module';

/** A module resolve hook, as a data URL: the specifiers it knows resolve to the URLs it was given. */
const HOOK = `data:text/javascript,${encodeURIComponent(`
let entries = {};
export function initialize(data) { entries = data; }
export function resolve(specifier, context, next) {
  const url = entries[specifier];
  return url ? { url, shortCircuit: true } : next(specifier, context);
}`)}`;

let shared = false;

/**
 * Makes `import 'opendom'` and `import 'opendom/testing'` in plugin packages
 * loaded by this thread load this OpenDOM: a package that declares OpenDOM
 * as a peer dependency works with the OpenDOM that loads it, wherever it is
 * installed (or not: a package beside its configuration file), and host
 * and package share one instance of it. Called before the first plugin
 * package is imported; once per thread.
 */
export function shareOpenDom(): void {
  if (shared) return;
  shared = true;
  // This file is core/plugin-api/share-opendom.{js,ts}: the entries are the package's index and testing/index, built or not.
  const extension = import.meta.url.slice(import.meta.url.lastIndexOf('.'));
  register(HOOK, {
    data: {
      opendom: new URL(`../../index${extension}`, import.meta.url).href,
      'opendom/testing': new URL(`../../testing/index${extension}`, import.meta.url).href,
    },
  });
}
