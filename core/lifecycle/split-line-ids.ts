import type { Id } from '../domain/types.js';

/**
 * Ids of the lines a split line becomes (docs/spec.md §3.7): the first part keeps
 * the line's id, each further part is `<lineId>.<n>` with n counting from 1
 * and skipping ids already `taken` (a line split before, or any line of the
 * dataset), so ids stay unique however often a line is split.
 *
 * @example splitLineIds('SO-1-1', 3, new Set(['SO-1-1.1'])) // ['SO-1-1', 'SO-1-1.2', 'SO-1-1.3']
 */
export function splitLineIds(lineId: Id, parts: number, taken: ReadonlySet<Id>): Id[] {
  const ids = [lineId];
  for (let n = 1; ids.length < parts; n++) {
    const id = `${lineId}.${n}`;
    if (!taken.has(id)) ids.push(id);
  }
  return ids;
}
