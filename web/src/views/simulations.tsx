import { useEffect, useState } from 'preact/hooks';
import { locationsChangingMost } from '../../../core/plan/plan-metrics.js';
import { get, may, post, type Profile, type Run } from '../api.js';
import { num, pct, when } from '../format.js';
import type { Who } from '../main.js';
import { Loading, Problem, Section, useLoad } from '../ui.js';

interface SimulatedRun {
  name: string; planId: string; seconds: number; fillRate: number; units: number; unitsFulfilled: number; cost: number; costByFactor: Record<string, number>;
  costPerUnit: number; shipmentsPerOrder: number; splitOrders: number; distance: { mean: number; p95: number; unit: string };
  byLocation: Record<string, { orders: number; units: number }>; exceptionsByType: Record<string, number>; solver: { id: string; status: string };
}
interface Simulation { id: string; status: 'running' | 'done' | 'failed'; profileId: string; runId: string | null; asOf: string; startedAt: string; runs: SimulatedRun[] | null; error: { code: string; message: string } | null }

const EXAMPLE = JSON.stringify([{ name: 'reno-offline', offline: ['DC-RENO'] }, { name: 'dc-stock-plus-20', stock: [{ locationType: 'distribution-center', factor: 1.2 }] }], null, 2);

/** What-if simulations (docs/simulation.md): start one (operate), follow it, and compare its runs side by side. */
export function Simulations({ who }: { who: Who }) {
  const list = useLoad(() => get<{ simulations: Simulation[] }>('/api/simulations'), []);
  const [shown, setShown] = useState<string | null>(null);
  const current = shown ?? list.value?.simulations[0]?.id ?? null;
  return (
    <>
      <h1>Simulations</h1>
      {may(who.role, 'operate') ? <StartSimulation onStarted={(id) => { setShown(id); list.reload(); }} /> : null}
      <Section title="Simulations of this service">
        <Problem error={list.error} />
        {list.value ? (
          list.value.simulations.length === 0 ? <p class="muted">None yet.</p> : (
            <table>
              <thead><tr><th scope="col">Started</th><th scope="col">Profile</th><th scope="col">Snapshot</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Show</span></th></tr></thead>
              <tbody>
                {list.value.simulations.map((s) => (
                  <tr key={s.id} class={s.id === current ? 'selected' : ''}>
                    <td>{when(s.startedAt)}</td><td>{s.profileId}</td><td>{s.runId ? `run ${s.runId}` : `the store as of ${when(s.asOf)}`}</td><td>{s.status}</td>
                    <td><button type="button" class="quiet" onClick={() => setShown(s.id)}>Compare</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        ) : <Loading what="simulations" />}
      </Section>
      {current ? <Comparison id={current} onDone={list.reload} /> : null}
    </>
  );
}

function StartSimulation({ onStarted }: { onStarted: (id: string) => void }) {
  const profiles = useLoad(() => get<{ profiles: Profile[] }>('/api/profiles'), []);
  const runs = useLoad(() => get<{ runs: Run[] }>('/api/runs?limit=20'), []);
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const source = String(form.get('source'));
    setError(null);
    let variants: unknown;
    try {
      variants = JSON.parse(String(form.get('variants')));
    } catch (e) {
      return setError(new Error(`the variants are not JSON: ${(e as Error).message}`));
    }
    try {
      const started = await post<Simulation>('/api/simulations', { ...(source.startsWith('run:') ? { runId: source.slice(4) } : { profileId: source.slice(8) }), variants });
      onStarted(started.id);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <Section title="Simulate a change">
      <form class="grid-form" onSubmit={submit}>
        <label>
          Snapshot
          <select name="source">
            {(profiles.value?.profiles ?? []).map((p) => <option key={p.id} value={`profile:${p.id}`}>{p.id}: the store now</option>)}
            {(runs.value?.runs ?? []).filter((r) => r.planId).map((r) => <option key={r.id} value={`run:${r.id}`}>{r.profileId}: run of {when(r.startedAt)} (if its snapshot was kept)</option>)}
          </select>
        </label>
        <label class="wide">
          Variants (JSON: docs/simulation.md)
          <textarea name="variants" rows={8} spellcheck={false} defaultValue={EXAMPLE} />
        </label>
        <button type="submit">Simulate</button>
      </form>
      <Problem error={error} />
    </Section>
  );
}

/** The runs of a simulation side by side, as opendom simulate prints them. */
function Comparison({ id, onDone }: { id: string; onDone: () => void }) {
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = () => get<Simulation>(`/api/simulations/${encodeURIComponent(id)}`).then((s) => {
      if (!live) return;
      setSimulation(s);
      if (s.status === 'running') timer = setTimeout(poll, 500);
      else onDone();
    }, setError);
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id]);
  if (error) return <Problem error={error} />;
  if (!simulation) return <Loading what="the simulation" />;
  if (simulation.status === 'running') return <Section title="Comparison"><p role="status" data-testid="simulation-status">Simulating… (the base and each variant run in turn)</p></Section>;
  if (simulation.status === 'failed') return <Section title="Comparison"><p class="problem" role="alert">{simulation.error?.message}</p></Section>;
  const runs = simulation.runs!;
  const factors = [...new Set(runs.flatMap((r) => Object.keys(r.costByFactor)))];
  const exceptions = [...new Set(runs.flatMap((r) => Object.keys(r.exceptionsByType)))].sort();
  const unit = runs[0]!.distance.unit;
  const rows: Array<[string, (r: SimulatedRun) => string]> = [
    ['Fill rate', (r) => pct(r.fillRate)],
    ['Units fulfilled', (r) => `${num(r.unitsFulfilled, 0)} of ${num(r.units, 0)}`],
    ['Cost', (r) => num(r.cost)],
    ...factors.map((f): [string, (r: SimulatedRun) => string] => [`  ${f}`, (r) => num(r.costByFactor[f] ?? 0)]),
    ['Cost per unit', (r) => num(r.costPerUnit)],
    ['Shipments per order', (r) => num(r.shipmentsPerOrder, 3)],
    ['Split orders', (r) => num(r.splitOrders, 0)],
    [`Distance, mean (${unit})`, (r) => num(r.distance.mean, 1)],
    [`Distance, 95th percentile (${unit})`, (r) => num(r.distance.p95, 1)],
    ...exceptions.map((t): [string, (r: SimulatedRun) => string] => [`Exceptions: ${t}`, (r) => num(r.exceptionsByType[t] ?? 0, 0)]),
    ['Solver', (r) => `${r.solver.id} ${r.solver.status}`],
    ['Time (s)', (r) => num(r.seconds, 1)],
  ];
  const locations = locationsChangingMost(runs.map((r) => r.byLocation));
  return (
    <Section title={`Comparison: ${simulation.profileId} as of ${when(simulation.asOf)}`}>
      <table data-testid="comparison">
        <thead><tr><th scope="col">Figure</th>{runs.map((r) => <th key={r.name} scope="col" class="n">{r.name}</th>)}</tr></thead>
        <tbody>{rows.map(([label, value]) => <tr key={label}><th scope="row">{label}</th>{runs.map((r) => <td key={r.name} class="n">{value(r)}</td>)}</tr>)}</tbody>
      </table>
      <h3>Orders / units of the locations whose load changes most</h3>
      {locations.length === 0 ? <p class="muted">No location's load changes.</p> : (
        <table aria-label="Load changes">
          <thead><tr><th scope="col">Location</th>{runs.map((r) => <th key={r.name} scope="col" class="n">{r.name}</th>)}</tr></thead>
          <tbody>{locations.map((l) => <tr key={l}><th scope="row">{l}</th>{runs.map((r) => <td key={r.name} class="n">{num(r.byLocation[l]?.orders ?? 0, 0)} / {num(r.byLocation[l]?.units ?? 0, 0)}</td>)}</tr>)}</tbody>
        </table>
      )}
    </Section>
  );
}
