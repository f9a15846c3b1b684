type TypedArray = Int32Array | Float64Array | Uint8Array;

/** A copy of a typed array in a larger one (the rest zero). */
export function grown<T extends TypedArray>(array: T, size: number): T {
  const copy = new (array.constructor as new (n: number) => T)(size);
  copy.set(array);
  return copy;
}

/** A copy of a typed array with `more` after its entries. */
export function appended<T extends TypedArray>(array: T, more: readonly number[]): T {
  const copy = grown(array, array.length + more.length);
  copy.set(more, array.length);
  return copy;
}

/** A plain array with the entries of a typed array, copied by a loop (`Array.from` goes through the iteration protocol). */
export function numbersOf(array: ArrayLike<number>): number[] {
  const numbers: number[] = [];
  for (let i = 0; i < array.length; i++) numbers.push(array[i]!);
  return numbers;
}

/**
 * A typed array of `length` entries, entry i being `valueAt(i)`. A loop:
 * `TypedArray.from` with a map function goes through the iteration protocol
 * and is many times slower on the problem's million-entry tables.
 */
export function typedArrayOf<T extends TypedArray>(make: new (length: number) => T, length: number, valueAt: (i: number) => number): T {
  const array = new make(length);
  for (let i = 0; i < length; i++) array[i] = valueAt(i);
  return array;
}
