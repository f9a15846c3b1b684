import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { num } from '../format.js';
import { Problem, Section } from '../ui.js';

interface SuggestAnswer {
  profileId: string | null;
  distanceUnit: string;
  reason?: string;
  locations: Array<{ locationId: string; name: string; type: string; distance: number; available: number; priorityTier: number | null; cost: number; costBreakdown: Array<{ factorId: string; amount: number }>; breaks: Array<{ ruleId: string; message: string }> }>;
}

const FIELDS: Array<{ name: string; label: string; required?: boolean; type?: 'text' | 'number'; step?: string; hint?: string }> = [
  { name: 'variantId', label: 'Variant', required: true },
  { name: 'quantity', label: 'Quantity', required: true, type: 'number' },
  { name: 'latitude', label: 'Latitude', type: 'number', step: 'any', hint: 'or a postal code' },
  { name: 'longitude', label: 'Longitude', type: 'number', step: 'any' },
  { name: 'postalCode', label: 'Postal code', hint: 'placed by the service’s geocoder (serve --geocoder dom/us-zip)' },
  { name: 'country', label: 'Country' },
  { name: 'modeOfDelivery', label: 'Mode of delivery', required: true },
  { name: 'legalEntity', label: 'Legal entity', required: true },
  { name: 'salesOrigin', label: 'Sales origin' },
  { name: 'unitPrice', label: 'Unit price', type: 'number', step: 'any' },
];

/** One order line as order capture would send it to POST /api/suggest, and the answer it would get. */
export function SuggestTester() {
  const [answer, setAnswer] = useState<SuggestAnswer | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const f = Object.fromEntries([...new FormData(event.target as HTMLFormElement).entries()].map(([k, v]) => [k, String(v).trim()]));
    const at = (k: string) => (f[k] ? f[k] : undefined);
    const request = {
      variantId: f.variantId,
      quantity: Number(f.quantity),
      deliveryAddress: at('latitude') && at('longitude') ? { coordinates: { latitude: Number(f.latitude), longitude: Number(f.longitude) } } : { postalCode: f.postalCode, country: at('country') ?? 'US' },
      modeOfDelivery: f.modeOfDelivery,
      legalEntity: f.legalEntity,
      ...(at('salesOrigin') ? { salesOrigin: f.salesOrigin } : {}),
      ...(at('unitPrice') ? { unitPrice: Number(f.unitPrice) } : {}),
    };
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await post<SuggestAnswer>('/api/suggest', request));
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      <h1>Suggest tester</h1>
      <Section title="An order line being entered">
        <form class="grid-form" onSubmit={submit}>
          {FIELDS.map((field) => (
            <label key={field.name}>
              {field.label}
              {field.type === 'number' ? (
                <input name={field.name} type="number" step={field.step} required={field.required} min={field.name === 'quantity' ? 1 : undefined} />
              ) : (
                <input name={field.name} type="text" required={field.required} />
              )}
              {field.hint ? <span class="muted">{field.hint}</span> : null}
            </label>
          ))}
          <button type="submit">Suggest</button>
        </form>
        <Problem error={error} />
      </Section>
      {answer ? (
        <Section title={answer.profileId ? `Profile ${answer.profileId}: ${answer.locations.length} location(s), nearest first` : 'No profile matches'}>
          {answer.reason ? <p>{answer.reason}</p> : null}
          <table data-testid="suggestions">
            <thead><tr><th scope="col">Location</th><th scope="col">Type</th><th scope="col" class="n">{answer.distanceUnit}</th><th scope="col" class="n">Available</th><th scope="col" class="n">Cost</th><th scope="col">Breaks</th></tr></thead>
            <tbody>
              {answer.locations.map((l) => (
                <tr key={l.locationId}>
                  <th scope="row">{l.locationId}<span class="muted"> · {l.name}</span></th><td>{l.type}</td><td class="n">{num(l.distance)}</td><td class="n">{num(l.available, 0)}</td>
                  <td class="n" title={l.costBreakdown.map((t) => `${t.factorId} ${num(t.amount)}`).join(' + ')}>{num(l.cost)}</td>
                  <td>{l.breaks.map((b) => b.ruleId).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>The answer as order capture gets it (JSON)</summary>
            <pre>{JSON.stringify(answer, null, 2)}</pre>
          </details>
        </Section>
      ) : null}
    </>
  );
}
