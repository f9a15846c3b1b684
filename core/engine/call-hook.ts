import { OpenDomError } from '../errors/errors.js';

/**
 * Calls one hook of a plugin with a time limit: a hook that throws fails
 * with E_HOOK, one that has not answered in time with E_HOOK_TIMEOUT (its
 * signal is aborted so that it can stop calling out); both name the plugin
 * and the hook.
 */
export async function callHook<T>(pluginId: string, hook: string, timeoutSeconds: number, body: (signal: AbortSignal) => T | Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(OpenDomError.of({ code: 'E_HOOK_TIMEOUT', pluginId, field: hook, message: `did not answer within ${timeoutSeconds} s (hookTimeoutSeconds)` }));
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => body(controller.signal)), late]);
  } catch (error) {
    if (error instanceof OpenDomError && (error.code === 'E_HOOK_TIMEOUT' || error.code === 'E_HOOK')) throw error;
    throw OpenDomError.of({ code: 'E_HOOK', pluginId, field: hook, message: `failed: ${(error as Error)?.message ?? String(error)}` });
  } finally {
    clearTimeout(timer);
  }
}
