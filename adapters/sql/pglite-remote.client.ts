import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { OpenDomError, workerUrl } from '../../core/index.js';
import type { PgliteReply, PgliteRequest } from './pglite-protocol.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/** Distributes the PgliteRequest union over its members, without the id. */
type Request = PgliteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * An embedded store owned by a thread of its own (`pglite-thread.ts`), for a
 * long-lived process: the returned client talks to it; `connect()` makes a
 * port for another thread of the process (a run's worker), which makes its
 * own client with {@link remotePgliteClient}.
 */
export async function openPgliteThread(directory: string): Promise<{ client: SqlClient; connect(): Promise<MessagePort> }> {
  const committedChanges = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerUrl(import.meta.url, 'pglite-thread'), { workerData: { directory, committedChanges } });
  const started = await new Promise<PgliteReply>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if ('ok' in started && !started.ok) throw storeError(started.error);
  const remote = remotePgliteClient(worker, async () => {
    await remote.request({ op: 'close' });
    await new Promise((resolve) => worker.once('exit', resolve));
  });
  const client: SqlClient = { ...remote, committedChanges: () => Atomics.load(committedChanges, 0) };
  return {
    client,
    connect: async () => {
      const { port1, port2 } = new MessageChannel();
      await remote.request({ op: 'connect', port: port2 }, [port2]);
      return port1;
    },
  };
}

/** A SqlClient over a port to the thread that owns an embedded store; `close` defaults to closing the port. */
export function remotePgliteClient(port: MessagePort | Worker, close?: () => Promise<void>): SqlClient & { request(message: Request, transfer?: MessagePort[]): Promise<unknown> } {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const changeListeners = new Set<() => void>();
  let nextId = 1;
  port.on('message', (reply: PgliteReply) => {
    if ('op' in reply) return void changeListeners.forEach((listener) => listener());
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiting?.resolve(reply.result);
    else waiting?.reject(storeError(reply.error));
  });
  const request = (message: Request, transfer: MessagePort[] = []) => new Promise<unknown>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    port.postMessage({ ...message, id }, transfer);
  });
  const executor = (tx?: number): SqlExecutor => ({
    query: async <R>(text: string, params?: unknown[]) => (await request({ op: 'query', text, ...(params ? { params } : {}), ...(tx === undefined ? {} : { tx }) })) as R[],
    exec: async (text: string) => void (await request({ op: 'exec', text, ...(tx === undefined ? {} : { tx }) })),
  });
  return {
    driver: 'pglite',
    ...executor(),
    request,
    transaction: async (body) => {
      const tx = (await request({ op: 'begin' })) as number;
      let result;
      try {
        result = await body(executor(tx));
      } catch (error) {
        await request({ op: 'rollback', tx });
        throw error;
      }
      await request({ op: 'commit', tx });
      return result;
    },
    tryLock: async (name) => ((await request({ op: 'tryLock', name })) ? async () => void (await request({ op: 'unlock', name })) : null),
    tryLockInTransaction: async (_tx, name) => (await request({ op: 'lockFree', name })) as boolean,
    announceChange: () => void request({ op: 'announce' }),
    onAnnouncedChange: (listener) => void changeListeners.add(listener),
    close: close ?? (async () => void (port as MessagePort).close()),
  };
}

/** An error of the store thread as the caller's: coded errors keep their code (e.g. E_STORE_LOCKED). */
function storeError(error: { message: string; code?: string }): Error {
  if (error.code?.startsWith('E_')) return new OpenDomError(error.code as OpenDomError['code'], error.message);
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}
