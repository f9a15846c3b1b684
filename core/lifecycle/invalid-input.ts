/**
 * Marks the lines of an order set aside as invalid (docs/spec.md §7) as
 * `invalid-input` exceptions, in the stored record as it is (it may not pass
 * its schema, so only line objects are touched and versions are left alone).
 * Returns null when there is nothing to change.
 */
export function markInvalidInput(raw: unknown): unknown {
  const lines = (raw as { lines?: unknown } | null)?.lines;
  if (!Array.isArray(lines)) return null;
  let changed = false;
  const marked = lines.map((line) => {
    if (line === null || typeof line !== 'object' || Array.isArray(line)) return line;
    const record = line as Record<string, unknown>;
    if (record.domStatus === 'exception' && record.exceptionType === 'invalid-input') return line;
    changed = true;
    return { ...record, domStatus: 'exception', exceptionType: 'invalid-input' };
  });
  return changed ? { ...(raw as object), lines: marked } : null;
}
