/**
 * A number as people read it in a message: whole numbers as they are, others
 * to two decimals, or to three significant digits below 1 (so that a rate
 * of 0.000541 stays readable). Data keeps every digit; only text is rounded.
 *
 * @example humanNumber(59.38746551) // '59.39'
 */
export function humanNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Math.abs(value) >= 1 ? Math.round(value * 100) / 100 : Number(value.toPrecision(3)));
}
