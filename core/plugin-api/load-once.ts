/**
 * Wraps an expensive asynchronous load (e.g. compiling a WebAssembly solver)
 * so that it runs once per process and every caller shares the result; a
 * failed load is forgotten, so the next call tries again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
