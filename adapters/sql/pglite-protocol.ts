import type { MessagePort } from 'node:worker_threads';

/** Messages between a SqlClient and the thread that owns an embedded store (`pglite-thread.ts`). */

export type PgliteRequest =
  | { id: number; op: 'query'; text: string; params?: unknown[]; tx?: number }
  | { id: number; op: 'exec'; text: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'tryLock' | 'unlock' | 'lockFree'; name: string }
  /** A client wrote something: the thread tells every other client. */
  | { id: number; op: 'announce' }
  /** A new client: its port. */
  | { id: number; op: 'connect'; port: MessagePort }
  /** The owner closes the store (the other clients should have closed first). */
  | { id: number; op: 'close' };

export type PgliteReply =
  | { id: number; ok: true; result?: unknown }
  | { id: number; ok: false; error: { message: string; code?: string } }
  /** Pushed to the clients that did not write: a change was committed. */
  | { op: 'changed' };
