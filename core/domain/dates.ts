/**
 * Whether `asOf` falls inside a [start, end] window. A date-only end
 * (YYYY-MM-DD) includes that whole day; null bounds are open.
 */
export function isWithinDates(startDate: string | null, endDate: string | null, asOf: Date): boolean {
  const t = asOf.getTime();
  if (startDate !== null && t < Date.parse(startDate)) return false;
  if (endDate !== null) {
    const end = Date.parse(endDate) + (isDateOnly(endDate) ? 86_400_000 : 1);
    if (t >= end) return false;
  }
  return true;
}

function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}
