/** Numbers, money, shares and instants as the dashboard shows them. */
export const num = (v: number, digits = 2) => v.toLocaleString('en-US', { maximumFractionDigits: digits });
export const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const seconds = (s: number) => (s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`);
