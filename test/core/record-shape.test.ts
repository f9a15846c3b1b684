import { describe, expect, it } from 'vitest';
import { RECORD_LIMITS, recordShapeError } from '../../core/validation/record-shape.js';

describe('record shape', () => {
  it('names a forbidden key by its path through objects and arrays', () => {
    expect(recordShapeError(JSON.parse('{"id":"O1","lines":[{"id":"L1"},{"attributes":{"__proto__":{"x":1}}}]}'))).toEqual({
      field: 'lines[1].attributes.__proto__',
      message: '"__proto__" is not allowed as a field name',
    });
    expect(recordShapeError(JSON.parse('[{"constructor":1}]'))).toMatchObject({ field: '[0].constructor' });
    expect(recordShapeError(JSON.parse('{"prototype":1}'))).toMatchObject({ field: 'prototype' });
  });

  it('names the first value nested too deep', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < RECORD_LIMITS.depth + 3; i++) deep = i % 2 === 0 ? { a: deep } : [deep];
    const error = recordShapeError({ id: 'O1', deep });
    expect(error?.message).toBe(`is nested deeper than ${RECORD_LIMITS.depth} levels`);
    // The path down to depth 32: "deep", then 31 steps alternating key and array index.
    expect(error?.field.startsWith('deep.a[0].a[0]')).toBe(true);
    expect(error?.field.match(/\[0\]|\.a/g)).toHaveLength(RECORD_LIMITS.depth - 1);
  });

  it('counts the text of keys and strings, and accepts a plain record', () => {
    expect(recordShapeError({ id: 'O1', lines: [{ id: 'L1', quantity: 2 }], note: null })).toBeNull();
    expect(recordShapeError({ text: 'x'.repeat(RECORD_LIMITS.characters) })?.message).toMatch(/^holds more than 1,000,000 characters/);
    expect(recordShapeError({ ['k'.repeat(RECORD_LIMITS.characters - 1)]: 'ab' })?.field).toBe('');
  });
});
