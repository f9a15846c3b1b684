import { describe, expect, it } from 'vitest';
import { coordinatesGeocoder } from './coordinates.geocoder.js';

describe('dom/coordinates', () => {
  it('places no address: only coordinates in the data count, and it says what to do', async () => {
    const geocoder = await coordinatesGeocoder.create({});
    const [result] = await geocoder.geocode([{ postalCode: '02108', country: 'US' }]);
    expect(result).toEqual({ failure: { field: 'coordinates', message: expect.stringContaining('add coordinates, or run with a geocoder such as "dom/us-zip"') } });
  });
});
