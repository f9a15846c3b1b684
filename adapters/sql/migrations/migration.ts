/** One step of the store's schema; versions are applied in increasing order, each once. */
export interface Migration {
  version: number;
  name: string;
  /** Statements separated by semicolons, run in one transaction. */
  sql: string;
}
