import type { Address, Dataset, Location, SalesOrder } from '../domain/types.js';
import { OpenDomError, type Issue } from '../errors/errors.js';
import type { GeocodeFailure, Geocoder } from '../plugin-api/contracts.js';
import type { InvalidOrder, RecordSources } from '../validation/dataset-validator.js';

/** The geocoder an engine uses, with its plugin's id. */
export interface ChosenGeocoder {
  pluginId: string;
  geocoder: Geocoder;
}

export interface GeocodeOutcome {
  /** Locations that could not be placed: configuration issues, the run does not start. */
  locationIssues: Issue[];
  /** Orders that could not be placed, taken out of `dataset.orders`: set aside as invalid input. */
  invalidOrders: InvalidOrder[];
}

/**
 * The geocoding step of the load stage (docs/spec.md §6): every location and
 * delivery address without coordinates goes to the geocoder, in one call;
 * coordinates in the data always win. The coordinates found are written into
 * the dataset (a validated copy). A location that cannot be placed is a
 * configuration issue; an order that cannot be placed becomes invalid input
 * with the geocoder's reason, and the other orders run.
 */
export async function geocodeDataset(dataset: Dataset, sources: RecordSources, chosen: ChosenGeocoder): Promise<GeocodeOutcome> {
  const locations = dataset.locations.filter((l) => !l.address.coordinates);
  const orders = dataset.orders.filter((o) => !o.deliveryAddress.coordinates);
  const outcome: GeocodeOutcome = { locationIssues: [], invalidOrders: [] };
  if (locations.length + orders.length === 0) return outcome;

  const addresses = [...locations.map((l) => l.address), ...orders.map((o) => o.deliveryAddress)];
  const results = await geocodeAll(chosen, addresses);
  const failed = new Set<SalesOrder>();
  results.forEach((result, i) => {
    if ('coordinates' in result) {
      addresses[i]!.coordinates = result.coordinates;
    } else if (i < locations.length) {
      outcome.locationIssues.push(issueOf(chosen.pluginId, locations[i]!, sources, result.failure));
    } else {
      const order = orders[i - locations.length]!;
      failed.add(order);
      outcome.invalidOrders.push({ orderId: order.id, lineIds: order.lines.map((l) => l.id), issues: [issueOf(chosen.pluginId, order, sources, result.failure)] });
    }
  });
  if (failed.size > 0) dataset.orders = dataset.orders.filter((o) => !failed.has(o));
  return outcome;
}

async function geocodeAll(chosen: ChosenGeocoder, addresses: Address[]) {
  let results;
  try {
    results = await chosen.geocoder.geocode(addresses);
  } catch (error) {
    throw OpenDomError.of({ code: 'E_GEOCODE', pluginId: chosen.pluginId, stage: 'load', message: `the geocoder failed: ${(error as Error).message}` });
  }
  if (results.length !== addresses.length) {
    throw OpenDomError.of({
      code: 'E_PLUGIN_INVALID',
      pluginId: chosen.pluginId,
      stage: 'load',
      message: `the geocoder returned ${results.length} results for ${addresses.length} addresses; it must return one per address`,
    });
  }
  return results;
}

function issueOf(pluginId: string, record: Location | SalesOrder, sources: RecordSources, failure: GeocodeFailure): Issue {
  const isOrder = 'lines' in record;
  const source = (isOrder ? sources.orders : sources.locations).get(record.id);
  return {
    code: 'E_GEOCODE',
    pluginId,
    ...(source ? { file: source.file, recordNumber: source.recordNumber } : {}),
    recordId: record.id,
    field: `${isOrder ? 'deliveryAddress' : 'address'}.${failure.field}`,
    message: failure.message,
  };
}
