import { describe, expect, it } from 'vitest';
import { humanNumber } from '../../index.js';
import { renderMessage } from '../../core/plugin-api/messages.js';

describe('numbers in messages, rounded for people', () => {
  it('keep whole numbers, show two decimals, and three significant digits below 1', () => {
    expect([humanNumber(59.38746551), humanNumber(1200), humanNumber(0.000541), humanNumber(-3.14159), humanNumber(45.999999999)]).toEqual(['59.39', '1200', '0.000541', '-3.14', '46']);
  });

  it('fill message templates rounded, while the data keeps every digit', () => {
    expect(renderMessage('distance {distance} {unit} exceeds the limit of {limit} {unit}', { distance: 123.456789, unit: 'mi', limit: 100 })).toBe('distance 123.46 mi exceeds the limit of 100 mi');
  });
});
