import type { Engine, SqlStore, Suggester, SuggestRequest, SuggestResult } from '../../index.js';

/**
 * Suggest for the service: the data a suggestion needs, held in memory and
 * brought up to date before every suggestion. Each suggestion first reads
 * the store's change log past the revision held (one small indexed query),
 * so it never answers on data older than the last change committed before
 * it arrived, whichever process or thread committed it. On the embedded
 * store, whose every writer is counted in memory, the query is made only
 * when the count of committed changes moved (so a run's long queries in the
 * store's thread never hold suggestions up). What changed is
 * read again: orders and inventory record by record; anything else
 * (configuration) in full. Concurrent suggestions share a refresh, but a
 * suggestion never joins one that began before it arrived.
 */
export class SuggestCache {
  private suggester: Suggester | undefined;
  private revision = 0;
  /** The store's count of committed changes when the data held was read (embedded store only). */
  private committed: number | undefined;
  /** Suggestions arrived, and how many of them the data held is new enough for. */
  private arrived = 0;
  private servedUpTo = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly store: SqlStore,
  ) {}

  async suggest(request: SuggestRequest): Promise<SuggestResult> {
    return (await this.current()).suggest(request);
  }

  /** The data as of now: waits for a refresh that began after this call. */
  async current(): Promise<Suggester> {
    const ticket = ++this.arrived;
    while (this.servedUpTo < ticket) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.suggester!;
  }

  close(): void {
    this.suggester = undefined;
  }

  private async refresh(): Promise<void> {
    const upTo = this.arrived;
    const committed = await this.store.committedChanges();
    if (this.suggester && committed !== undefined && committed === this.committed) {
      this.servedUpTo = upTo;
      return;
    }
    if (!this.suggester) {
      const revision = await this.store.latestRevision();
      this.suggester = await this.engine.suggester();
      this.revision = revision;
    } else {
      const { revision, changes } = await this.store.changesSince(this.revision);
      if (changes.some((c) => c.keys === null || !['orders', 'inventory', 'keys'].includes(c.collection))) {
        this.suggester = await this.engine.suggester();
      } else if (changes.length > 0) {
        const keysOf = (collection: string) => unique(changes.filter((c) => c.collection === collection).flatMap((c) => c.keys!));
        const [orders, inventory] = await Promise.all([this.store.getRecords('orders', keysOf('orders')), this.store.getRecords('inventory', keysOf('inventory'))]);
        this.suggester = this.suggester.updated({ orders, inventory });
      }
      this.revision = revision;
    }
    this.committed = committed;
    this.servedUpTo = upTo;
  }
}

function unique(keys: unknown[]): unknown[] {
  return [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()];
}
