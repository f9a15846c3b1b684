import { resolve } from 'node:path';
import { FileDataSource, type Role } from '../../index.js';
import { importDataset } from '../../adapters/import/import-dataset.js';
import { startService, type Service, type ServiceOptions } from '../../adapters/http/service.js';
import { pgliteHarness, postgresHarness, TEST_DATABASE_URL } from '../adapters/store-harness.js';

export const EXAMPLE = resolve(import.meta.dirname, '../../examples/retail');

/** A running service on a store with a dataset imported, a key of each role, its log lines, and helpers to call it. */
export interface ServiceUnderTest {
  service: Service;
  url: string;
  keys: Record<Role, string>;
  logs: Array<Record<string, unknown>>;
  call(method: string, path: string, options?: { key?: string | null; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  close(): Promise<void>;
}

export type StoreKind = 'pglite' | 'postgres';

/** A store ready for a service: where it is, and a key of each role. */
export interface Prepared {
  store: ServiceOptions['store'];
  keys: Record<Role, string>;
}

/**
 * Services for tests: each on a fresh store (an embedded directory, or a
 * schema on the PostgreSQL server) with `dataset` imported and a key of
 * each role created before it starts, listening on an ephemeral loopback
 * port. `setUp`/`tearDown` prepare and remove the stores.
 */
export function serviceHarness(kind: StoreKind) {
  const pglite = kind === 'pglite' ? pgliteHarness() : null;
  const postgres = kind === 'postgres' ? postgresHarness() : null;
  const started: ServiceUnderTest[] = [];
  return {
    setUp: () => (pglite ?? postgres)!.setUp(),
    async tearDown() {
      for (const s of started) await s.close();
      pglite?.tearDown();
      await postgres?.tearDown();
    },
    /** A store of the kind, prepared (dataset imported, a key of each role) and closed: what a service is started on. */
    async prepare(dataset = EXAMPLE): Promise<Prepared> {
      const store = pglite ? await pglite.newStore() : await postgres!.newStore();
      try {
        await importDataset(new FileDataSource(dataset), store);
        const keys = {} as Record<Role, string>;
        for (const role of ['read', 'operate', 'admin'] as const) keys[role] = (await store.createKey(role, `test ${role}`)).key;
        return { store: 'directory' in store ? { directory: store.directory as string } : { url: TEST_DATABASE_URL, schema: (store as { schema: string }).schema }, keys };
      } finally {
        await store.close();
      }
    },
    /** Starts a service on a prepared store. */
    async start(prepared: Prepared, options: Partial<ServiceOptions> = {}): Promise<ServiceUnderTest> {
      const logs: Array<Record<string, unknown>> = [];
      const service = await startService({
        port: 0,
        logStream: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
        shutdownGraceMs: 30_000,
        ...options,
        store: prepared.store,
      });
      const under: ServiceUnderTest = {
        service,
        url: service.url,
        keys: prepared.keys,
        logs,
        call: (method, path, o = {}) => call(service.url, method, path, o),
        close: () => service.close(),
      };
      started.push(under);
      return under;
    },
  };
}

/** One HTTP request to the service; the body parsed when it is JSON. */
export async function call(
  url: string,
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(new URL(path, url), { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Polls a run until it has ended. */
export async function runEnded(s: ServiceUnderTest, runId: string, timeoutMs = 120_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await s.call('GET', `/api/runs/${runId}`, { key: s.keys.read });
    if (body.status !== 'running' && body.status !== 'applying') return body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
