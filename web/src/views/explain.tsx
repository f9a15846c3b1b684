import { useState } from 'preact/hooks';
import { candidateComparison, removalsByRule } from '../../../core/plan/explain-view.js';
import type { Plan, PlanLine } from '../../../core/plan/plan.js';
import { get, may, post } from '../api.js';
import { num, when } from '../format.js';
import type { Who } from '../main.js';
import { Loading, Problem, Section, useLoad } from '../ui.js';

interface StoredLine { orderId: string; line: { id: string; domStatus: string; exceptionType: string | null; assignedLocationId: string | null; rejections: Array<{ locationId: string; at: string }> } }

/** Why a line went where it went, as `opendom explain` prints it; and rejecting its assignment (operate). */
export function ExplainView({ planId, lineId, who }: { planId: string; lineId: string; who: Who }) {
  const plan = useLoad(() => get<Plan>(`/api/plans/${encodeURIComponent(planId)}/lines/${encodeURIComponent(lineId)}`), [planId, lineId]);
  const stored = useLoad(() => get<StoredLine>(`/api/lines/${encodeURIComponent(lineId)}`), [lineId]);
  if (plan.error) return <Problem error={plan.error} />;
  if (!plan.value) return <Loading what={`line ${lineId}`} />;
  const line = plan.value.lines[0];
  const back = <p><a href={`#/plans/${encodeURIComponent(planId)}`}>← plan {planId}</a></p>;
  if (!line) {
    const held = plan.value.exceptions[0]!;
    return (
      <>
        <h1>Line {lineId}</h1>
        {back}
        <Section title="Not brokered"><p>{held.exceptionType}: {held.reason}</p></Section>
      </>
    );
  }
  return (
    <>
      <h1>Line {lineId}</h1>
      {back}
      <LineExplanation line={line} unit={plan.value.distanceUnit} />
      <WhyNotPanel planId={planId} line={line} />
      <Section title="In the store now">
        <Problem error={stored.error} />
        {stored.value ? <StoreState stored={stored.value} canReject={may(who.role, 'operate')} onChanged={stored.reload} /> : stored.error ? null : <Loading what="the stored line" />}
      </Section>
    </>
  );
}

export function LineExplanation({ line, unit }: { line: PlanLine; unit: string }) {
  const e = line.explanation;
  const { factors, rows } = candidateComparison(e);
  const removals = removalsByRule(e);
  return (
    <>
      <Section title="Decision">
        <p>
          {line.quantity} × {line.variantId} of order {line.orderId}: <strong>{line.fulfillmentType === 'none' ? `not fulfilled (${line.exceptionType ?? 'no assignment'})` : `fulfilled ${line.fulfillmentType === 'full' ? 'in full' : 'in part'} from ${line.assignments.map((a) => a.locationId).join(', ')}`}</strong>
        </p>
        <p data-testid="decision">{e.decision}</p>
        {line.assignments.length > 0 ? (
          <ul>
            {line.assignments.map((a) => (
              <li key={a.locationId}>
                {a.locationId}: {a.quantity} units, {num(a.distance)} {unit}, cost {num(a.cost)}
                {a.costBreakdown.length > 0 ? ` = ${a.costBreakdown.map((t) => `${t.factorId} ${num(t.amount)}`).join(' + ')}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      {rows.length > 0 ? (
        <Section title="Chosen against the runners-up (cost of the whole line alone at each location)">
          <table data-testid="candidates">
            <thead>
              <tr>
                <th scope="col">Location</th><th scope="col" class="n">{unit}</th><th scope="col" class="n">Priority</th><th scope="col" class="n">Cost</th>
                {factors.map((f) => <th key={f} scope="col" class="n">{f}</th>)}
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.locationId} class={r.outcome === 'chosen' ? 'selected' : ''}>
                  <th scope="row">{r.locationId}</th><td class="n">{num(r.distance)}</td><td class="n">{r.priorityTier ?? '—'}</td><td class="n">{num(r.cost)}</td>
                  {r.byFactor.map((c, i) => <td key={i} class="n">{c === null ? '—' : num(c)}</td>)}
                  <td>{r.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      {removals.total > 0 ? (
        <Section title={`Removed candidates (${removals.total}${e.removed.length < removals.total ? `, the ${e.removed.length} nearest listed` : ''})`}>
          {removals.groups.map((g) => (
            <div key={g.remover} class="removal-group" data-testid="removal-group">
              <h3>{g.remover}: {g.count} removed <span class="muted">({g.messages.join(', ')})</span></h3>
              {g.listed.length > 0 ? <ul>{g.listed.map((r) => <li key={r.locationId}><strong>{r.locationId}</strong>: {r.reason}</li>)}</ul> : null}
            </div>
          ))}
        </Section>
      ) : null}
      {e.locationsWithoutStock > 0 ? <p class="muted">{e.locationsWithoutStock} location(s) of the profile hold no stock of {line.variantId}.</p> : null}
    </>
  );
}

interface WhyNotAnswer { kind: string; summary: string; byFactor?: Record<string, number>; moves?: Array<{ lineId: string; from: string[]; to: string[] }>; takenBy?: Array<{ lineId: string; quantity: number }> }

/** Why not another location: asked of the service, on the snapshot kept of the plan's run. */
function WhyNotPanel({ planId, line }: { planId: string; line: PlanLine }) {
  const [answer, setAnswer] = useState<WhyNotAnswer | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [asking, setAsking] = useState(false);
  const candidates = [...new Set([...line.explanation.alternatives.map((a) => a.locationId), ...line.explanation.removed.map((r) => r.locationId)])];
  const ask = async (event: Event) => {
    event.preventDefault();
    const locationId = String(new FormData(event.target as HTMLFormElement).get('location')).trim();
    setError(null);
    setAnswer(null);
    setAsking(true);
    try {
      setAnswer(await get<WhyNotAnswer>(`/api/plans/${encodeURIComponent(planId)}/lines/${encodeURIComponent(line.lineId)}/why-not/${encodeURIComponent(locationId)}`));
    } catch (e) {
      setError(e as Error);
    } finally {
      setAsking(false);
    }
  };
  return (
    <Section title="Why not another location?">
      <form class="inline" onSubmit={ask}>
        <label>
          Location
          <input name="location" list="why-not-candidates" required placeholder="location id" />
          <datalist id="why-not-candidates">{candidates.map((c) => <option key={c} value={c} />)}</datalist>
        </label>
        <button type="submit" disabled={asking}>Why not?</button>
      </form>
      <Problem error={error} />
      {asking ? <p role="status">Solving the line's part of its batch again with the line forced there…</p> : null}
      {answer ? (
        <div data-testid="why-not" data-kind={answer.kind} aria-live="polite">
          <p><strong>{answer.kind}</strong>: {answer.summary}</p>
          {answer.byFactor && Object.keys(answer.byFactor).length > 0 ? <ul>{Object.entries(answer.byFactor).map(([f, d]) => <li key={f}>{f}: {d > 0 ? '+' : ''}{num(d)}</li>)}</ul> : null}
          {answer.moves && answer.moves.length > 0 ? <><h3>Lines that would move</h3><ul>{answer.moves.map((m) => <li key={m.lineId}>{m.lineId}: {m.from.join(', ') || '—'} → {m.to.join(', ') || '—'}</li>)}</ul></> : null}
          {answer.takenBy && answer.takenBy.length > 0 ? <><h3>Taken by</h3><ul>{answer.takenBy.map((t) => <li key={t.lineId}>{t.lineId}: {t.quantity}</li>)}</ul></> : null}
        </div>
      ) : null}
    </Section>
  );
}

function StoreState({ stored, canReject, onChanged }: { stored: StoredLine; canReject: boolean; onChanged: () => void }) {
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const l = stored.line;
  const reject = async (locationId: string) => {
    setError(null);
    try {
      const change = await post<{ after: { domStatus: string; exceptionType: string | null } }>(`/api/lines/${encodeURIComponent(l.id)}/reject`, { locationId });
      setDone(`Rejected at ${locationId}: the line is now ${change.after.domStatus}${change.after.exceptionType ? ` (${change.after.exceptionType})` : ''}; the next run brokers it elsewhere.`);
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      <p data-testid="store-state">
        {l.domStatus}{l.exceptionType ? ` (${l.exceptionType})` : ''}{l.assignedLocationId ? ` at ${l.assignedLocationId}` : ''}
      </p>
      {canReject && l.domStatus === 'complete' && l.assignedLocationId ? (
        <button type="button" onClick={() => reject(l.assignedLocationId!)}>Reject at {l.assignedLocationId}</button>
      ) : null}
      {done ? <p role="status">{done}</p> : null}
      <Problem error={error} />
      {l.rejections.length > 0 ? (
        <>
          <h3>Rejections</h3>
          <ul>{l.rejections.map((r, i) => <li key={i}>{r.locationId} at {when(r.at)}</li>)}</ul>
        </>
      ) : null}
    </>
  );
}
