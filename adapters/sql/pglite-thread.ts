import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Transaction } from '@electric-sql/pglite';
import { openPgliteDatabase } from './pglite.client.js';
import type { PgliteReply, PgliteRequest } from './pglite-protocol.js';
import { RECORD_CHANGE } from './changes.js';

/**
 * The thread that owns an embedded store for a long-lived process (the
 * service): PGlite runs here, so that its work never holds up the main
 * thread, and every thread of the process — the main one, each run's worker
 * — reaches the one store through a port (`pglite-remote.client.ts`). Locks
 * live here, so they exclude every thread. A client's announced change is
 * pushed to the others. When a client's port closes (its thread ended, even
 * killed), its open transaction is rolled back and its locks are released,
 * as PostgreSQL does for a lost session.
 */
const { directory, committedChanges } = workerData as { directory: string; committedChanges: Int32Array };
const owner = parentPort!;
const { db, release } = await openPgliteDatabase(directory).catch((error: { message?: string; code?: string }) => {
  // The owner learns why (e.g. E_STORE_LOCKED: another process holds the store), then the thread ends.
  owner.postMessage({ id: 0, ok: false, error: { message: error.message ?? String(error), ...(error.code ? { code: error.code } : {}) } } satisfies PgliteReply);
  return process.exit(0);
});
type Client = MessagePort | typeof owner;
/** Each held lock, and the client holding it. */
const locks = new Map<string, Client>();
const clients = new Set<Client>();
/** Open transactions: their client, the handle, whether they appended to the change log, the client's decision, and the end (the COMMIT's error, if any). */
const transactions = new Map<number, { client: Client; tx: Transaction; changed: boolean; decide(commit: boolean): void; done: Promise<void> }>();
let nextTransaction = 1;

function serve(port: Client): void {
  clients.add(port);
  port.on('message', (request: PgliteRequest) => void handle(port, request));
  port.on('close', () => {
    clients.delete(port);
    for (const [id, open] of transactions) {
      if (open.client !== port) continue;
      transactions.delete(id);
      open.decide(false);
    }
    for (const [name, holder] of locks) if (holder === port) locks.delete(name);
  });
}

async function handle(port: Client, request: PgliteRequest): Promise<void> {
  const reply = (message: PgliteReply) => port.postMessage(message);
  try {
    reply({ id: request.id, ok: true, result: await perform(port, request) });
  } catch (error) {
    const e = error as { message?: string; code?: string };
    reply({ id: request.id, ok: false, error: { message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) } });
  }
}

async function perform(port: Client, request: PgliteRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const open = request.tx === undefined ? undefined : transactions.get(request.tx)!;
      const rows = (await (open?.tx ?? db).query(request.text, request.params)).rows;
      if (request.text === RECORD_CHANGE) {
        if (open) open.changed = true;
        else Atomics.add(committedChanges, 0, 1);
      }
      return rows;
    }
    case 'exec': {
      const on = request.tx === undefined ? db : transactions.get(request.tx)!.tx;
      await on.exec(request.text);
      return undefined;
    }
    case 'begin':
      return begin(port);
    case 'commit':
    case 'rollback': {
      const open = transactions.get(request.tx)!;
      transactions.delete(request.tx);
      open.decide(request.op === 'commit');
      await open.done;
      // Counted before the commit is acknowledged (see SqlClient.committedChanges).
      if (request.op === 'commit' && open.changed) Atomics.add(committedChanges, 0, 1);
      return undefined;
    }
    case 'tryLock':
      if (locks.has(request.name)) return false;
      locks.set(request.name, port);
      return true;
    case 'unlock':
      return void locks.delete(request.name);
    case 'lockFree':
      return !locks.has(request.name);
    case 'announce':
      for (const client of clients) if (client !== port) client.postMessage({ op: 'changed' } satisfies PgliteReply);
      return undefined;
    case 'connect':
      serve(request.port);
      return undefined;
    case 'close':
      await db.close();
      release();
      setImmediate(() => process.exit(0));
      return undefined;
  }
}

/** Opens a transaction that stays open until its client commits or rolls back; PGlite runs one at a time. */
function begin(client: Client): Promise<number> {
  const id = nextTransaction++;
  return new Promise((opened, failed) => {
    let decide!: (commit: boolean) => void;
    const decision = new Promise<boolean>((resolve) => (decide = resolve));
    let started = false;
    const done: Promise<void> = db
      .transaction(async (tx) => {
        started = true;
        // Its client went away while the transaction waited for its turn.
        if (!clients.has(client)) throw new RollBack();
        transactions.set(id, { client, tx, changed: false, decide, done });
        opened(id);
        if (!(await decision)) throw new RollBack();
      })
      .then(() => undefined, (error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    done.catch((error: unknown) => {
      if (!started) failed(error);
    });
  });
}

class RollBack extends Error {}

serve(owner);
owner.postMessage({ id: 0, ok: true } satisfies PgliteReply);
