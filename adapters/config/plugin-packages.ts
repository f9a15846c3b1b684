import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';
import { isPluginPackage, shareOpenDom, type OpenDomPlugin } from '../../core/index.js';
import { configError, type OpenDomConfig } from './config-file.js';

/**
 * Loads the configuration's plugin packages, in order: each module's
 * default export when it is a plugin package, else every named export that
 * is one; a package's `import 'opendom'` loads this OpenDOM (`shareOpenDom`).
 * Each keeps the URL it was loaded from (`moduleUrl`), so that worker
 * threads load the same package. A package that cannot be found, fails to
 * load, or exports no plugin package is refused with E_CONFIG naming it and
 * the configuration file.
 */
export async function loadPluginPackages(config: OpenDomConfig): Promise<OpenDomPlugin[]> {
  const loaded: OpenDomPlugin[] = [];
  for (const [index, spec] of config.plugins.entries()) {
    const field = `plugins[${index}]`;
    const file = config.path!;
    let url: string;
    try {
      url = isAbsolute(spec) ? pathToFileURL(spec).href : resolveModule(spec, pathToFileURL(file).href);
    } catch (error) {
      throw configError(file, field, `cannot find the plugin package "${spec}" from ${file}: install it (npm install ${spec}) or correct the name (${(error as Error).message.split('\n')[0]})`);
    }
    let module: Record<string, unknown>;
    try {
      shareOpenDom();
      module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      throw configError(file, field, `the plugin package "${spec}" failed to load: ${(error as Error).message.split('\n')[0]}`);
    }
    const packages = isPluginPackage(module.default) ? [module.default] : Object.values(module).filter(isPluginPackage);
    if (packages.length === 0) {
      throw configError(file, field, `"${spec}" exports no plugin package: export an object with a name and a register(api) function, as its default export or a named one`);
    }
    // A package object is kept as it is (its register may be a method); one without its module URL is wrapped with it.
    for (const pkg of packages) loaded.push(pkg.moduleUrl ? pkg : { name: pkg.name, moduleUrl: url, register: (api) => pkg.register(api) });
  }
  return loaded;
}
