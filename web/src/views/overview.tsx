import { useEffect, useState } from 'preact/hooks';
import { get, may, post, query, type Kpis, type Profile, type Run } from '../api.js';
import { TrendChart } from '../chart.js';
import { num, pct, seconds, when } from '../format.js';
import type { Who } from '../main.js';
import { Loading, Problem, Section, Stat, useLoad } from '../ui.js';

const FINISHED = new Set(['planned', 'applied', 'failed', 'interrupted']);

/** Profiles with their schedules and last runs, the last run's KPIs and their trend, and starting a run (operate) followed live. */
export function Overview({ who }: { who: Who }) {
  const profiles = useLoad(() => get<{ profiles: Profile[] }>('/api/profiles'), []);
  const runs = useLoad(() => get<{ runs: Run[] }>('/api/runs?limit=200'), []);
  const [profileId, setProfileId] = useState<string | null>(null);
  const chosen = profileId ?? profiles.value?.profiles[0]?.id ?? null;
  const kpis = useLoad(() => (chosen ? get<{ plans: Kpis[] }>(`/api/kpis${query({ profileId: chosen, limit: 30 })}`) : Promise.resolve({ plans: [] })), [chosen]);
  const refresh = () => {
    runs.reload();
    kpis.reload();
  };

  if (profiles.error) return <Problem error={profiles.error} />;
  if (!profiles.value) return <Loading what="profiles" />;
  const lastRun = (id: string) => runs.value?.runs.find((r) => r.profileId === id);
  const latest = kpis.value?.plans[0];
  const history = [...(kpis.value?.plans ?? [])].reverse();
  const times = history.map((k) => new Date(k.createdAt).getTime() / 1000);
  return (
    <>
      <h1>Overview</h1>
      <Section title="Profiles">
        <table>
          <thead>
            <tr><th scope="col">Profile</th><th scope="col">Schedule</th><th scope="col">Last run</th><th scope="col">Next due</th><th scope="col"><span class="sr-only">Show</span></th></tr>
          </thead>
          <tbody>
            {profiles.value.profiles.map((p) => {
              const run = lastRun(p.id);
              return (
                <tr key={p.id} class={p.id === chosen ? 'selected' : ''}>
                  <th scope="row">{p.id}{p.name ? <span class="muted"> · {p.name}</span> : null}{p.enabled === false ? <span class="badge">disabled</span> : null}</th>
                  <td>{p.schedule ? <code>{p.schedule.cron} ({p.schedule.timeZone})</code> : '—'}</td>
                  <td>{run ? <><span class={`status status-${run.status}`}>{run.status}</span> {when(run.startedAt)}{run.planId ? <> · <a href={`#/plans/${encodeURIComponent(run.planId)}`}>plan</a></> : null}</> : 'never'}</td>
                  <td>{when(p.nextDue)}</td>
                  <td><button type="button" class="quiet" aria-pressed={p.id === chosen} onClick={() => setProfileId(p.id)}>Show KPIs</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Section>
      {may(who.role, 'operate') && chosen ? <StartRun profiles={profiles.value.profiles} profileId={chosen} onChosen={setProfileId} onFinished={refresh} /> : null}
      <Section title={`Last run of ${chosen ?? '—'}`}>
        <Problem error={kpis.error} />
        {latest ? (
          <>
            <div class="stats" data-testid="kpis">
              <Stat label="Fill rate" value={pct(latest.fillRate)} />
              <Stat label="Units" value={`${num(latest.unitsFulfilled, 0)} of ${num(latest.units, 0)}`} />
              <Stat label="Cost" value={num(latest.cost)} />
              <Stat label="Cost per unit" value={num(latest.costPerUnit)} />
              <Stat label="Shipments per order" value={num(latest.shipmentsPerOrder, 3)} />
              <Stat label="Split orders" value={`${num(latest.splitOrders, 0)} (${pct(latest.splitRate)})`} />
              <Stat label="Exceptions" value={num(latest.exceptions, 0)} />
              <Stat label="Solver" value={`${latest.solverId} · ${latest.solverStatus}${latest.gap === null ? '' : ` · gap ${pct(latest.gap)}`}`} />
              <Stat label="Run time" value={seconds(latest.seconds)} />
            </div>
            <p>
              <a href={`#/plans/${encodeURIComponent(latest.planId)}`}>Open plan {latest.planId}</a> · <a href={`#/plans/${encodeURIComponent(latest.planId)}/map`}>Map</a>
            </p>
            <div class="charts">
              <TrendChart title="Cost per unit" times={times} values={history.map((k) => k.costPerUnit)} format={(v) => num(v)} />
              <TrendChart title="Fill rate" times={times} values={history.map((k) => k.fillRate)} format={pct} max={1} />
              <TrendChart title="Split rate" times={times} values={history.map((k) => k.splitRate)} format={pct} />
            </div>
          </>
        ) : kpis.value ? (
          <p class="muted">No stored plan of this profile yet.</p>
        ) : (
          <Loading what="KPIs" />
        )}
      </Section>
    </>
  );
}

/** Starts a run of a profile and follows it until it ends: its stage, batches solved, orders applied. */
function StartRun({ profiles, profileId, onChosen, onFinished }: { profiles: Profile[]; profileId: string; onChosen: (id: string) => void; onFinished: () => void }) {
  const [apply, setApply] = useState(false);
  const [solver, setSolver] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (!run || FINISHED.has(run.status)) return;
    const timer = setTimeout(() => get<Run>(`/api/runs/${encodeURIComponent(run.id)}`).then((r) => {
      setRun(r);
      if (FINISHED.has(r.status)) onFinished();
    }, setError), 400);
    return () => clearTimeout(timer);
  }, [run]);
  const start = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      setRun(await post<Run>('/api/runs', { profileId, apply, ...(solver ? { solver } : {}) }));
    } catch (e) {
      setError(e as Error);
    }
  };
  const running = run !== null && !FINISHED.has(run.status);
  return (
    <Section title="Start a run">
      <form class="inline" onSubmit={start}>
        <label>
          Profile
          <select value={profileId} onChange={(e) => onChosen((e.target as HTMLSelectElement).value)}>
            {profiles.map((p) => <option key={p.id} value={p.id}>{p.id}</option>)}
          </select>
        </label>
        <label>
          Solver
          <input list="solvers" value={solver} placeholder="the parameters' solver" onInput={(e) => setSolver((e.target as HTMLInputElement).value.trim())} />
          <datalist id="solvers">
            {['dom/highs', 'dom/glpk', 'dom/greedy'].map((id) => <option key={id} value={id} />)}
          </datalist>
        </label>
        <label class="check">
          <input type="checkbox" checked={apply} onChange={(e) => setApply((e.target as HTMLInputElement).checked)} /> Apply the plan
        </label>
        <button type="submit" disabled={running}>Start run</button>
      </form>
      <Problem error={error} />
      {run ? <RunProgress run={run} /> : null}
    </Section>
  );
}

function RunProgress({ run }: { run: Run }) {
  const stage = run.status === 'running' ? 'planning' : run.status;
  const [done, total] = run.status === 'applying' ? [run.ordersApplied, run.ordersTotal] : [run.batchesDone, run.batchesTotal];
  return (
    <div class="progress" role="status" aria-live="polite" data-testid="run-progress" data-status={run.status}>
      <p>
        Run <code>{run.id}</code>: <strong class={`status status-${run.status}`}>{stage}</strong>
        {run.status === 'running' ? ` · batch ${run.batchesDone} of ${run.batchesTotal ?? '…'}` : ''}
        {run.status === 'applying' ? ` · ${run.ordersApplied} of ${run.ordersTotal ?? '…'} orders applied` : ''}
        {run.planId && FINISHED.has(run.status) ? <> · <a href={`#/plans/${encodeURIComponent(run.planId)}`}>open its plan</a></> : null}
      </p>
      {!FINISHED.has(run.status) ? <progress max={total ?? 1} value={total ? done : undefined} aria-label="Run progress" /> : null}
      {run.error ? <p class="problem" role="alert">{run.error}</p> : null}
    </div>
  );
}
