import { useEffect, useState } from 'preact/hooks';
import type { Plan, PlanLine } from '../../../core/plan/plan.js';
import { get, may, post, query } from '../api.js';
import { num, pct, seconds, when } from '../format.js';
import type { Who } from '../main.js';
import { Loading, Problem, Section, Stat, useLoad } from '../ui.js';

type Header = Omit<Plan, 'lines' | 'selection' | 'log'>;
interface Page { plan: Header; lines: PlanLine[]; page: { offset: number; limit: number; total: number } }
interface Filter { fulfillmentType?: string; split?: string; locationId?: string; exceptionType?: string; orderId?: string }
interface ApplyStatus { planId: string; state: string; settled: { orders: number; outcomes: Record<string, number>; notApplied: Array<{ orderId: string; outcome: string; detail: string }> }; error: { code: string; message: string } | null }

export const EXCEPTION_TYPES = ['no-quantity-available', 'rejected', 'maximum-rejections', 'maximum-attempts', 'data-modification-conflict', 'invalid-input', 'batch-failed'];
const planPath = (planId: string) => `/api/plans/${encodeURIComponent(planId)}`;

/** The stored plans, newest first. */
export function PlanList() {
  const plans = useLoad(() => get<{ plans: Array<{ planId: string; profileId: string; createdAt: string; solverStatus: string; lines: number; fillRate: number; orders: number; ordersSettled: number }> }>('/api/plans?limit=100'), []);
  if (plans.error) return <Problem error={plans.error} />;
  if (!plans.value) return <Loading what="plans" />;
  return (
    <>
      <h1>Plans</h1>
      <Section title="Stored plans, newest first">
        <table>
          <thead><tr><th scope="col">Plan</th><th scope="col">Profile</th><th scope="col">Created</th><th scope="col">Solver status</th><th scope="col" class="n">Lines</th><th scope="col" class="n">Fill rate</th><th scope="col" class="n">Orders settled</th></tr></thead>
          <tbody>
            {plans.value.plans.map((p) => (
              <tr key={p.planId}>
                <th scope="row"><a href={`#/plans/${encodeURIComponent(p.planId)}`}>{p.planId}</a></th>
                <td>{p.profileId}</td><td>{when(p.createdAt)}</td><td>{p.solverStatus}</td>
                <td class="n">{num(p.lines, 0)}</td><td class="n">{pct(p.fillRate)}</td><td class="n">{p.ordersSettled} / {p.orders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}

/** A stored plan: totals, cost by factor, its lines filtered and paged, and applying it (operate). */
export function PlanView({ planId, who }: { planId: string; who: Who }) {
  const [filter, setFilter] = useState<Filter>({});
  const [paging, setPaging] = useState({ offset: 0, limit: 100 });
  const page = useLoad(() => get<Page>(`${planPath(planId)}${query({ ...filter, ...paging })}`), [planId, JSON.stringify(filter), paging.offset, paging.limit]);
  const [header, setHeader] = useState<Header | null>(null);
  useEffect(() => void (page.value && setHeader(page.value.plan)), [page.value]);

  if (!header) return page.error ? <Problem error={page.error} /> : <Loading what={`plan ${planId}`} />;
  const t = header.totals;
  return (
    <>
      <h1>Plan {planId}</h1>
      <p class="muted">
        Profile {header.profileId} · created {when(header.createdAt)} · <a href={`#/plans/${encodeURIComponent(planId)}/map`}>Map</a>
      </p>
      <Section title="Totals">
        <div class="stats">
          <Stat label="Orders" value={num(t.orders, 0)} />
          <Stat label="Lines" value={`${num(t.lines, 0)} (${num(t.linesFulfilled, 0)} full, ${num(t.linesPartial, 0)} partial)`} />
          <Stat label="Units" value={`${num(t.unitsFulfilled, 0)} of ${num(t.units, 0)}`} />
          <Stat label="Fill rate" value={pct(t.fillRate)} />
          <Stat label="Cost" value={num(t.cost)} />
          <Stat label="Shipments per order" value={num(t.shipmentsPerOrder, 3)} />
          <Stat label="Split orders" value={num(t.splitOrders, 0)} />
          <Stat label="Solver" value={`${header.solver.id} · ${header.solver.status}${header.solver.cost.gap === null ? '' : ` · gap ${pct(header.solver.cost.gap)}`}`} />
          <Stat label="Run time" value={seconds(header.timings.total / 1000)} />
        </div>
        <table class="narrow" aria-label="Cost by factor">
          <thead><tr><th scope="col">Cost factor</th><th scope="col" class="n">Cost</th><th scope="col" class="n">Share</th></tr></thead>
          <tbody>
            {Object.entries(t.costByFactor).map(([factor, cost]) => (
              <tr key={factor}><th scope="row">{factor}</th><td class="n">{num(cost)}</td><td class="n">{t.cost > 0 ? pct(cost / t.cost) : '—'}</td></tr>
            ))}
          </tbody>
        </table>
      </Section>
      {may(who.role, 'operate') ? <ApplyPlan planId={planId} /> : null}
      <Section title="Lines">
        <LineFilters
          onFilter={(f) => {
            setFilter(f);
            setPaging((p) => ({ ...p, offset: 0 }));
          }}
        />
        <Problem error={page.error} />
        {page.value ? <LinesTable planId={planId} page={page.value} onPage={(offset, limit) => setPaging({ offset, limit })} /> : <Loading what="lines" />}
      </Section>
      {header.exceptions.length > 0 ? (
        <Section title={`Held back or invalid (${header.exceptions.length})`}>
          <table>
            <thead><tr><th scope="col">Order</th><th scope="col">Line</th><th scope="col">Exception</th><th scope="col">Reason</th></tr></thead>
            <tbody>{header.exceptions.slice(0, 200).map((e, i) => <tr key={i}><td>{e.orderId ?? '—'}</td><td>{e.lineId ?? '—'}</td><td>{e.exceptionType}</td><td>{e.reason}</td></tr>)}</tbody>
          </table>
        </Section>
      ) : null}
    </>
  );
}

function LineFilters({ onFilter }: { onFilter: (f: Filter) => void }) {
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    onFilter(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== '')));
  };
  return (
    <form class="inline filters" onSubmit={submit} aria-label="Filter lines">
      <label>
        Fulfilment
        <select name="fulfillmentType">
          <option value="">any</option><option value="full">full</option><option value="partial">partial</option><option value="none">none</option>
        </select>
      </label>
      <label>
        Split
        <select name="split"><option value="">any</option><option value="true">split</option><option value="false">not split</option></select>
      </label>
      <label>
        Location
        <input name="locationId" size={18} placeholder="location id" />
      </label>
      <label>
        Exception
        <select name="exceptionType"><option value="">any</option>{EXCEPTION_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}</select>
      </label>
      <label>
        Order
        <input name="orderId" size={14} placeholder="order id" />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}

/** A page of lines, with paging through however many there are. */
export function LinesTable({ planId, page, onPage }: { planId: string; page: Page; onPage?: (offset: number, limit: number) => void }) {
  const { offset, limit, total } = page.page;
  const pages = Math.max(1, Math.ceil(total / limit));
  const current = Math.floor(offset / limit) + 1;
  return (
    <>
      {onPage ? (
        <nav class="pager" aria-label="Pages of lines">
          <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit), limit)}>Previous</button>
          <span data-testid="page-info">Lines {total === 0 ? 0 : offset + 1}–{Math.min(offset + limit, total)} of {num(total, 0)} · page {current} of {num(pages, 0)}</span>
          <button type="button" disabled={offset + limit >= total} onClick={() => onPage(offset + limit, limit)}>Next</button>
          <label>
            Go to page
            <input type="number" min={1} max={pages} value={current} size={6} onChange={(e) => onPage((Math.min(pages, Math.max(1, Number((e.target as HTMLInputElement).value) || 1)) - 1) * limit, limit)} />
          </label>
          <label>
            Per page
            <select value={limit} onChange={(e) => onPage(0, Number((e.target as HTMLSelectElement).value))}>
              {[50, 100, 500, 1000].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
        </nav>
      ) : null}
      <table data-testid="plan-lines">
        <thead>
          <tr><th scope="col">Order</th><th scope="col">Line</th><th scope="col">Variant</th><th scope="col" class="n">Qty</th><th scope="col">Fulfilment</th><th scope="col">Ships from</th><th scope="col">Exception</th><th scope="col" class="n">Cost</th><th scope="col"><span class="sr-only">Explain</span></th></tr>
        </thead>
        <tbody>
          {page.lines.map((l) => (
            <tr key={l.lineId}>
              <td>{l.orderId}</td>
              <th scope="row">{l.lineId}</th>
              <td>{l.variantId}</td>
              <td class="n">{l.quantity}</td>
              <td>{l.fulfillmentType}{l.split ? <span class="badge">split</span> : null}</td>
              <td>{l.assignments.map((a) => `${a.locationId} ×${a.quantity}`).join(', ') || '—'}</td>
              <td>{l.exceptionType ?? ''}</td>
              <td class="n">{num(l.assignments.reduce((sum, a) => sum + a.cost, 0))}</td>
              <td><a href={`#/plans/${encodeURIComponent(planId)}/lines/${encodeURIComponent(l.lineId)}`} aria-label={`Explain line ${l.lineId}`}>Explain</a></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Applies the stored plan in the service's background and shows each order's outcome. */
function ApplyPlan({ planId }: { planId: string }) {
  const [status, setStatus] = useState<ApplyStatus | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (status?.state !== 'applying') return;
    const timer = setTimeout(() => get<ApplyStatus>(`${planPath(planId)}/apply`).then(setStatus, setError), 400);
    return () => clearTimeout(timer);
  }, [status]);
  const apply = async () => {
    setError(null);
    try {
      setStatus(await post<ApplyStatus>(`${planPath(planId)}/apply`));
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Section title="Apply" actions={<button type="button" onClick={apply} disabled={status?.state === 'applying'}>Apply plan</button>}>
      <Problem error={error} />
      {status ? (
        <div role="status" aria-live="polite" data-testid="apply-status" data-state={status.state}>
          <p>State: <strong>{status.state}</strong>{status.error ? ` — ${status.error.code}: ${status.error.message}` : ''}</p>
          <p>{Object.entries(status.settled.outcomes).filter(([, n]) => n > 0).map(([o, n]) => `${o} ${n}`).join(' · ') || 'no order settled yet'} (of {status.settled.orders} orders)</p>
          {status.settled.notApplied.length > 0 ? (
            <table>
              <thead><tr><th scope="col">Order</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
              <tbody>{status.settled.notApplied.slice(0, 200).map((o) => <tr key={o.orderId}><td>{o.orderId}</td><td>{o.outcome}</td><td>{o.detail}</td></tr>)}</tbody>
            </table>
          ) : null}
        </div>
      ) : (
        <p class="muted">Applies the plan to the store: each order whole or not at all; orders already settled are skipped.</p>
      )}
    </Section>
  );
}
