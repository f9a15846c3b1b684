import { useState } from 'preact/hooks';
import { get, may, post, query } from '../api.js';
import { num, when } from '../format.js';
import type { Who } from '../main.js';
import { Loading, Problem, Section, useLoad } from '../ui.js';
import { EXCEPTION_TYPES } from './plan.js';

interface ExceptionLine { orderId: string; lineId: string; variantId: string; quantity: number; exceptionType: string; attempts: number; rejections: Array<{ locationId: string; at: string }>; rejectionsResetAt: string | null }
interface ExceptionPage { lines: ExceptionLine[]; byType: Record<string, number>; page: { offset: number; limit: number; total: number } }

/** The store's lines in exception by type, with their rejection history; reset (operate) sends a line back to be brokered. */
export function Exceptions({ who }: { who: Who }) {
  const [type, setType] = useState('');
  const [offset, setOffset] = useState(0);
  const limit = 100;
  const found = useLoad(() => get<ExceptionPage>(`/api/exceptions${query({ exceptionType: type, offset, limit })}`), [type, offset]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const reset = async (lineId: string) => {
    setError(null);
    try {
      await post(`/api/lines/${encodeURIComponent(lineId)}/reset`);
      setMessage(`Line ${lineId} was reset: the next run brokers it again.`);
      found.reload();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      <h1>Exceptions</h1>
      <Section title="Lines in exception">
        <form class="inline" onSubmit={(e) => e.preventDefault()}>
          <label>
            Type
            <select value={type} onChange={(e) => { setType((e.target as HTMLSelectElement).value); setOffset(0); }}>
              <option value="">every type</option>
              {EXCEPTION_TYPES.map((t) => <option key={t} value={t}>{t} ({found.value?.byType[t] ?? 0})</option>)}
            </select>
          </label>
        </form>
        {message ? <p role="status">{message}</p> : null}
        <Problem error={error ?? found.error} />
        {found.value ? (
          <>
            <p class="muted">{Object.entries(found.value.byType).map(([t, n]) => `${t}: ${n}`).join(' · ') || 'No line is in exception.'}</p>
            <nav class="pager" aria-label="Pages of exceptions">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>Previous</button>
              <span>{found.value.page.total === 0 ? 0 : offset + 1}–{Math.min(offset + limit, found.value.page.total)} of {num(found.value.page.total, 0)}</span>
              <button type="button" disabled={offset + limit >= found.value.page.total} onClick={() => setOffset(offset + limit)}>Next</button>
            </nav>
            <table data-testid="exception-lines">
              <thead><tr><th scope="col">Order</th><th scope="col">Line</th><th scope="col">Variant</th><th scope="col" class="n">Qty</th><th scope="col">Exception</th><th scope="col" class="n">Attempts</th><th scope="col">Rejections</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
              <tbody>
                {found.value.lines.map((l) => (
                  <tr key={l.lineId}>
                    <td>{l.orderId}</td><th scope="row">{l.lineId}</th><td>{l.variantId}</td><td class="n">{l.quantity}</td><td>{l.exceptionType}</td><td class="n">{l.attempts}</td>
                    <td>{l.rejections.length === 0 ? '—' : <ul class="plain">{l.rejections.map((r, i) => <li key={i}>{r.locationId} · {when(r.at)}</li>)}</ul>}{l.rejectionsResetAt ? <span class="muted">reset {when(l.rejectionsResetAt)}</span> : null}</td>
                    <td>{may(who.role, 'operate') ? <button type="button" onClick={() => reset(l.lineId)} aria-label={`Reset line ${l.lineId}`}>Reset</button> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <Loading what="exceptions" />
        )}
      </Section>
    </>
  );
}
